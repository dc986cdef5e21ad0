import { calculationJobId, type CalculationJobData, type PayrollQueue } from '@kinerja/application';
import { loadPolicyDocuments, type PolicyDocument } from '@kinerja/policies';
import { calculatePayrollRun, handleRunCommand, onAttemptFailed } from '@kinerja/workflows';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';
import { readUpToHead } from '@kinerja/event-store';
import type { PolicyVersionPublished } from '@kinerja/domain/policy';

let bundled: PolicyDocument[] | undefined;
/** The policy documents shipped with this installation (the sample Perkada by default). */
export function shippedPolicies(): PolicyDocument[] {
  return (bundled ??= loadPolicyDocuments(process.env.KINERJA_POLICY_DIR || undefined));
}

/** Shipped and published versions (PolicyVersionPublished events), read through the event store port when needed. */
export function payrollPolicies(rt: Pick<Runtime, 'store'>): () => Promise<PolicyDocument[]> {
  return async () => {
    // Up to the log's head: a version published just before this call governs it.
    const events = await readUpToHead(rt.store, { types: ['PolicyVersionPublished'] });
    const published = events.filter((e) => e.streamType === 'Policy').map((e) => (e.data as PolicyVersionPublished['data']).document);
    return [...shippedPolicies(), ...published];
  };
}

/** Attempts of a calculation job before its run is marked CALCULATION_FAILED. */
const CALCULATION_ATTEMPTS = 5;

/** Queues a run's calculation job. The job id is the calculation's: asking twice queues it once. */
export async function enqueuePayrollCalculation(rt: Runtime, data: CalculationJobData): Promise<string> {
  const jobId = calculationJobId(data.runId, data.calculation);
  await rt.queues.queue(QUEUES.payroll).add('payroll.calculate', data, {
    jobId,
    attempts: CALCULATION_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 86400 },
    removeOnFail: { age: 7 * 86400 },
  });
  return jobId;
}

/** The calculation queue of this runtime (BullMQ). */
export function payrollQueue(rt: Runtime): PayrollQueue {
  return {
    enqueue: (data) => enqueuePayrollCalculation(rt, data),
    async status(jobId: string) {
      const job = await rt.queues.queue(QUEUES.payroll).getJob(jobId);
      if (!job) return null;
      return { state: await job.getState(), progress: job.progress ?? null, failedReason: job.failedReason ?? null };
    },
  };
}

/**
 * A calculation that fails for good (a failure no retry gets past, or its last attempt) marks its
 * run CALCULATION_FAILED with the reason, so the run does not wait in CALCULATING for ever and can
 * be calculated again; the job then stops retrying.
 */
async function failedForGood(rt: Runtime, job: Job, error: unknown): Promise<unknown> {
  const data = job.data as CalculationJobData;
  const reaction = onAttemptFailed(data, error, { made: job.attemptsMade, allowed: job.opts.attempts ?? 1 }, rt.clock.now().toISOString());
  if (reaction.retry) return error;
  await handleRunCommand(rt.store, data, reaction);
  return new UnrecoverableError(error instanceof Error ? error.message : String(error));
}

/**
 * The payroll calculation processor. PAYROLL_BATCH_SIZE, PAYROLL_BATCH_DELAY_MS (tests only) and
 * PAYROLL_LOCK_MS (how soon a job whose worker died is taken over) tune it.
 */
export function startPayrollWorker(rt: Runtime): Worker {
  const env = process.env;
  const lockDuration = Number(env.PAYROLL_LOCK_MS) || 30_000;
  return rt.queues.worker(
    QUEUES.payroll,
    async (job) => {
      if (job.name !== 'payroll.calculate') throw new Error(`unknown job ${job.name}`);
      try {
        return await calculatePayrollRun(
          {
            store: rt.store,
            pool: rt.db.pool,
            policies: payrollPolicies(rt),
            clock: rt.clock,
            batchSize: Number(env.PAYROLL_BATCH_SIZE) || undefined,
            batchDelayMs: Number(env.PAYROLL_BATCH_DELAY_MS) || undefined,
          },
          job.data as CalculationJobData,
          (p) => job.updateProgress(p as unknown as object),
        );
      } catch (e) {
        throw await failedForGood(rt, job, e);
      }
    },
    1,
    { lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)) },
  );
}
