import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { migrate } from '../../libs/event-store/src/postgres/migrate';
import { dropQueueKeys } from './queue-keys';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  return url;
}

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file, on the run's PostgreSQL server: test files run
 * in parallel and never see each other's events.
 */
export async function createTestDatabase(options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `kinerja_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 20 });
  // DROP ... WITH (FORCE) at the end ends any connection still open (a store's LISTEN client);
  // that is expected here, not a failure of the test.
  pool.on('error', () => undefined);
  if (options.migrate !== false) await migrate(pool);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      // The test apps' queues on Redis are named after their database (test/support/app.ts).
      if (process.env.REDIS_URL) await dropQueueKeys(process.env.REDIS_URL, name).catch(() => undefined);
    },
  };
}
