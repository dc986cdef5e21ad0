/**
 * The process manager of a payroll run's calculation, as pure reactions: what the calculation job
 * does when it starts, when its lines are priced and written, and when it fails. The runner
 * (`calculatePayrollRun`, and the BullMQ processor in libs/platform) does the reading and writing.
 */
import { isKinerjaError, type Actor, type Instant } from '@kinerja/kernel';
import type { CommandContext, CalculationJobData } from '@kinerja/application';
import type { PayrollRunCommand, PayrollRunState, RunTotals } from '@kinerja/domain/payroll';

export const SYSTEM_ACTOR: Actor = { userId: 'system:payroll-calculation', roles: [] };
const BY = { userId: SYSTEM_ACTOR.userId, role: 'system' };

/** A command of the run's decider for the runner to handle, with the context it is recorded with. */
export interface RunCommand {
  command: Extract<PayrollRunCommand, { type: 'CompleteCalculation' | 'FailCalculation' }>;
  ctx: CommandContext;
}

/**
 * When the job starts: calculate under the run's policy version while the run still waits for this
 * calculation (a retry finds it CALCULATED when the completion was recorded but the job not ended);
 * otherwise a newer calculation, a return or a failure superseded it and there is nothing to do.
 */
export function onJobStarted(
  job: CalculationJobData,
  run: PayrollRunState,
): { calculate: true; policyVersion: string } | { calculate: false } {
  if ((run.status === 'CALCULATING' || run.status === 'CALCULATED') && run.calculation === job.calculation)
    return { calculate: true, policyVersion: run.policyVersion };
  return { calculate: false };
}

/** What the job found once every line is written: the run's totals and digest. */
export interface PricedRun extends RunTotals {
  batches: number;
  policyVersion: string;
}

/** When every line is written: the run's calculation is complete (once: keyed by the calculation). */
export function onLinesWritten(job: CalculationJobData, priced: PricedRun, at: Instant): RunCommand {
  const { policyVersion, skipped, ...totals } = priced;
  return {
    command: { type: 'CompleteCalculation', calculation: job.calculation, ...totals, skipped: skipped.slice(0, 1000), by: BY, at },
    ctx: { actor: SYSTEM_ACTOR, role: 'system', policyVersion, idempotencyKey: `calculation-${job.calculation}-complete` },
  };
}

/** Failures that the same job cannot get past by trying again: the run is marked failed at once. */
const PERMANENT = new Set(['CALCULATION_INPUTS_CHANGED', 'PRICING_FAILED', 'UNKNOWN_POLICY_VERSION']);
export const isPermanentCalculationFailure = (e: unknown): boolean => isKinerjaError(e) && PERMANENT.has(e.code);

/**
 * When an attempt fails: another attempt while one is left and the failure is one a retry may get
 * past; otherwise the run leaves CALCULATING for CALCULATION_FAILED with the reason (once: keyed by
 * the calculation), so it can be calculated again, and the job stops.
 */
export function onAttemptFailed(
  job: CalculationJobData,
  error: unknown,
  attempts: { made: number; allowed: number },
  at: Instant,
): { retry: true } | ({ retry: false } & RunCommand) {
  const last = attempts.made + 1 >= attempts.allowed;
  if (!last && !isPermanentCalculationFailure(error)) return { retry: true };
  return { retry: false, ...failure(job, error, at) };
}

/** The run's calculation cannot finish, and why. */
export function failure(job: CalculationJobData, error: unknown, at: Instant): RunCommand {
  const code = isKinerjaError(error) ? error.code : 'CALCULATION_ERROR';
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  return {
    command: { type: 'FailCalculation', calculation: job.calculation, code, reason, by: BY, at },
    ctx: { actor: SYSTEM_ACTOR, role: 'system', reason, idempotencyKey: `calculation-${job.calculation}-failed` },
  };
}
