export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as any).__KINERJA_TEST_PG__;
  if (server) await server.stop();
}
