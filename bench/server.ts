/**
 * The PostgreSQL a benchmark runs on: a fresh database on DATABASE_URL's server when it is set,
 * else a throw-away embedded PostgreSQL with durable settings (fsync and synchronous_commit on).
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { POSTGRES_SERVER_ENV } from '../libs/platform/src/postgres-env';
import { startTestPostgres } from '../test/support/postgres-server';

export interface Server {
  url: string;
  label: string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `kinerja_bench_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      label: `DATABASE_URL server ${u.host}, fresh database ${name}`,
      async stop() {
        const c = new Client({ connectionString: base });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  const pg = await startTestPostgres({ durable: true });
  return { url: pg.url, label: `embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dir}, durable settings)`, stop: pg.stop };
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses):
 * state is [0], ppid [1], utime and stime (clock ticks) [11] and [12]. Throws where the process is
 * gone or on another machine.
 */
export function procStatFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * Whether the server runs with POSTGRES_SERVER_ENV (README "PostgreSQL server settings"), read from
 * one backend's environment where the server runs on this machine: the append figures depend on it.
 */
export async function serverEnvLine(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  let env: string[] | undefined;
  try {
    // The postmaster's, the backend's parent: a backend's own /proc environ is overwritten by its
    // process title. Read while the backend lives (it exits with the connection).
    const { pid } = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0];
    const ppid = procStatFields(pid)[1];
    env = readFileSync(`/proc/${ppid}/environ`, 'utf8').split('\0');
  } catch {
    env = undefined;
  } finally {
    await c.end();
  }
  if (!env) return 'server environment: not readable from here (another machine or user); see README "PostgreSQL server settings"';
  const parts = [...POSTGRES_SERVER_ENV].map(([name, value]) => {
    const set = env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
    return `${name}=${set ?? 'unset'}${set === value ? '' : ` (README "PostgreSQL server settings" advises ${value})`}`;
  });
  return `server environment: ${parts.join(', ')}`;
}
