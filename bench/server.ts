/**
 * The PostgreSQL a benchmark runs on: a fresh database on DATABASE_URL's server when it is set,
 * else a throw-away embedded PostgreSQL with durable settings (fsync and synchronous_commit on).
 */
import { Client } from 'pg';
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
