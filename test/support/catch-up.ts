import type { Pool } from 'pg';
import { payrollProjection, waitForProjection, type Projection, type ProjectionRunner } from '../../libs/projections/src';
import type { Runtime } from '../../libs/platform/src';

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

/**
 * Waits until a running app's pay ledger (the payroll projection) has applied everything recorded so
 * far. A run's status is read from its stream; its lines and the pay inputs from the ledger, a moment
 * behind: a test that reads them once the status says CALCULATED waits here first (under CI load the
 * ledger was still empty then).
 */
export async function payrollProjected(rt: Pick<Runtime, 'db' | 'store'>): Promise<void> {
  if (!(await waitForProjection(rt.db.pool, rt.store, payrollProjection, { timeoutMs: 120_000 })))
    throw new Error('the pay ledger did not catch up with the log within 120 s');
}
