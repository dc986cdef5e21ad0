import { createLogger, createRuntime, loadConfig, LogDestination, Runtime } from '../../libs/platform/src';
import { startApi } from '../../apps/api/src/main';
import { RunningWorker, startWorker } from '../../apps/worker/src/main';
import { createTestDatabase, TestDatabase } from './database';

export interface TestUser {
  sub: string;
  nip?: string;
  roles: string[];
}

export const INSPECTOR: TestUser = { sub: 'inspektur', roles: ['inspektorat'] };

export interface TestApp {
  url: string;
  rt: Runtime;
  db: TestDatabase;
  /** fetch against the app, JSON in and out. */
  /** Calls as the given user (default: an inspector, read-only everything); `as: null` sends no token. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    as?: TestUser | null,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** A development token for a user. */
  token(user: TestUser): Promise<string>;
  /** Stops the worker part (projections, queue processors, timers); the API keeps serving. */
  stopWorker(): Promise<void>;
  /** Starts the worker part again on the same database and queue, as a restarted worker process would. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app (API + worker in one process, as `npm start` runs it) on a fresh database of the
 * run's PostgreSQL, listening on a free port. The queue is on Redis when REDIS_URL is set.
 * `logTo` receives every log line (as written to stdout otherwise), for suites that read the logs.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { logTo?: LogDestination } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    KINERJA_DEMO_DATA: 'off',
    KINERJA_QUEUE_PREFIX: new URL(db.url).pathname.slice(1),
    KINERJA_AUTH_SECRET: 'test-secret-for-development-tokens-only-0123456789',
    // Two suites run at once on the machine's PostgreSQL (max_connections 100), each app with its
    // projections' own connections beside the pool, and some with CLI processes of their own: at
    // the default pool of 20 two busy apps took the server's last slots ("too many clients").
    KINERJA_DATABASE_POOL_MAX: '10',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });
  const rt = await createRuntime(config, createLogger(config, 'kinerja', options.logTo));
  let worker: RunningWorker | undefined = await startWorker(rt);
  const api = await startApi(rt);
  return {
    url: api.url,
    rt,
    db,
    token: (user) => rt.auth.sign(user),
    async stopWorker() {
      await worker?.close();
      worker = undefined;
    },
    async startWorker() {
      worker ??= await startWorker(rt);
    },
    async call(method, path, body, headers = {}, as = INSPECTOR) {
      if (as) headers = { authorization: `Bearer ${await rt.auth.sign(as)}`, ...headers };
      const res = await fetch(api.url + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await api.close();
      await worker?.close();
      await rt.close();
      await db.drop();
    },
  };
}
