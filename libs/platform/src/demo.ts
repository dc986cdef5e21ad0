import {
  completedDemoSteps,
  DEMO_STEPS,
  DemoStep,
  demoPemdaState,
  GetDemoProgress,
  loadDemo,
  loadPlanDemo,
  runDemoStep,
} from '@kinerja/application';
import { applicationContext } from './application';
import { localDateOf } from '@kinerja/domain/shared';
import { loadPayrollDemo } from './payroll-demo';
import type { Runtime } from './runtime';

/**
 * Loads the demo Pemda, or completes a load an earlier start left half-way: the people, the
 * approved SKP of one supervisor chain for the clock's year, and (with a worker, `payroll`) the
 * demo payroll month. Each step runs unless it is marked done, so a second run appends nothing.
 */
export async function loadDemoData(rt: Runtime, options: { payroll?: boolean; onProgress?: (done: number, total: number) => void } = {}) {
  const app = await applicationContext(rt);
  const r = await loadDemo(app, { onProgress: options.onProgress });
  // Never into a real organisation.
  if ((await app.queries.execute(new GetDemoProgress())).pemda !== 'demo') return { ...r, workplans: false, payroll: { loaded: false } };
  // The year of the Pemda's calendar (Asia/Jakarta by default), as a draft made today would name.
  const year = Number(localDateOf(rt.clock.now().toISOString()).slice(0, 4));
  const workplans = await runDemoStep(app, 'workplans', () => loadPlanDemo(app, year));
  let payroll: Awaited<ReturnType<typeof loadPayrollDemo>> | { loaded: false } = { loaded: false };
  // The payroll month needs the worker's projections (`start`, or a running worker); without one
  // it waits a minute, loads no run, and the step stays missing for the next start.
  if (options.payroll !== false)
    await runDemoStep(app, 'payroll', async () => {
      const p = await loadPayrollDemo(rt);
      payroll = p;
      if (!p.done) throw new Error(`the demo payroll month is not loaded: ${p.reason}`);
    });
  return { ...r, workplans, payroll };
}

export interface DemoStatus {
  status: 'complete' | 'incomplete';
  /** The steps not marked done: the next start with KINERJA_DEMO_DATA=auto runs them. */
  missing: DemoStep[];
}

/** For /health: how far the demo Pemda is loaded; null when no demo is loaded here (turned off, or a real organisation). */
export async function demoStatus(rt: Runtime): Promise<DemoStatus | null> {
  if (!rt.config.demoData || (await demoPemdaState(rt.store)) === 'other') return null;
  const done = await completedDemoSteps(rt.store);
  const missing = DEMO_STEPS.filter((s) => !done.has(s));
  return { status: missing.length ? 'incomplete' : 'complete', missing };
}
