import { startTestPostgres } from './postgres-server';

/**
 * Runs once per jest run. With TEST_DATABASE_URL or DATABASE_URL set, tests use that server
 * (CI's second pass: the machine's PostgreSQL). Otherwise a throw-away embedded PostgreSQL is
 * started lazily: only when a test file asks for a database (see database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // The console's end-to-end tests and the api's `/` serve the built console: build it when stale.
  require('../../apps/console/build.js').ensureConsoleBuilt(() => undefined);
  // Tests run `kinerja` as users do (bin/kinerja.js, the compiled build): compile the sources as they
  // are now once here, rather than in the first test to spawn it (bin/kinerja.js would, too).
  require('../../scripts/build.js').ensureBuilt(() => undefined);
  if (!process.env.TEST_DATABASE_URL && process.env.DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
  if (!process.env.TEST_DATABASE_URL && process.env.KINERJA_TEST_NO_DB !== '1') {
    const server = await startTestPostgres();
    process.env.TEST_DATABASE_URL = server.url;
    (globalThis as any).__KINERJA_TEST_PG__ = server;
  }
}
