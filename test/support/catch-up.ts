import type { Pool } from 'pg';
import type { Projection, ProjectionRunner } from '../../libs/projections/src';

/**
 * Steps each projection by hand until every one has applied everything committed so far (other
 * test files share the server: their transactions may hold the horizon back a moment).
 */
export async function catchUp(pool: Pool, runner: ProjectionRunner, projections: readonly Projection[]): Promise<void> {
  const c = await pool.connect();
  try {
    for (let i = 0; i < 2000; i++) {
      for (const p of projections) while ((await runner.step(p, c)) > 0);
      if ((await runner.status()).every((s) => s.lagEvents === 0)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('projections did not catch up');
  } finally {
    c.release();
  }
}
