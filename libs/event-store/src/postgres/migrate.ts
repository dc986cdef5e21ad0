import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { KinerjaError } from '@kinerja/kernel';
import { repoPath } from '@kinerja/kernel/paths';

export const MIGRATIONS_DIR = repoPath('migrations');

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies the plain SQL files of `migrations/` in name order, each in its own transaction, and
 * records them in `schema_migrations`. An advisory lock makes two processes starting at once
 * take turns; a file changed after it was applied stops the program rather than drift silently.
 */
export async function migrate(pool: Pool, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const client = await pool.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('kinerja:migrate'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const file of files) {
      const sql = readFileSync(join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const prior = done.get(file);
      if (prior !== undefined) {
        if (prior !== checksum)
          throw new KinerjaError('MIGRATION_CHANGED', `migration ${file} was changed after it was applied`, 'CONFLICT', { file });
        result.skipped.push(file);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
      result.applied.push(file);
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('kinerja:migrate'))`).catch(() => undefined);
    client.release();
  }
  return result;
}
