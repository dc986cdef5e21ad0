import type { Pool } from 'pg';
import { payrollProjection, waitForProjection, type Projection, type ProjectionRunner } from '../../libs/projections/src';
import type { Runtime } from '../../libs/platform/src';
import type { TestApp, TestUser } from './app';
import { until } from './people';

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
 * Waits until a running app's projection has applied everything recorded so far. A command's answer
 * or a run's status is read from a stream; a read model is a moment behind it: a test that reads one
 * right after waits here first (under CI load it was still behind then).
 */
export async function projected(rt: Pick<Runtime, 'db' | 'store'>, projection: Pick<Projection, 'name' | 'eventTypes'>): Promise<void> {
  if (!(await waitForProjection(rt.db.pool, rt.store, projection, { timeoutMs: 120_000 })))
    throw new Error(`${projection.name} did not catch up with the log within 120 s`);
}

/** `projected` for the pay ledger and the pay inputs (the payroll projection), read once a run says CALCULATED. */
export const payrollProjected = (rt: Pick<Runtime, 'db' | 'store'>): Promise<void> => projected(rt, payrollProjection);

/**
 * Waits until the payroll run at `runUrl` is CALCULATED with its calculation job completed, and the
 * pay ledger (a moment behind the run's stream) has applied it; the run as it was read.
 */
export async function runCalculated(app: TestApp, runUrl: string, as: TestUser): Promise<{ digest: string; [field: string]: unknown }> {
  const run = await until(async () => {
    const r = await app.call('GET', runUrl, undefined, {}, as);
    return r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed' && r.body;
  }, 'run calculated');
  await payrollProjected(app.rt);
  return run;
}
