import { calculationJobId, type CalculationJobData, type PayrollQueue } from '@kinerja/application';
import { loadPolicyDocuments, type PolicyDocument } from '@kinerja/policies';
import { calculatePayrollRun, handleRunCommand, onAttemptFailed } from '@kinerja/workflows';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { isQueueUnavailable, QUEUES } from './queue';
import { databaseProblem, isDatabaseUnavailable } from './database';
import type { Runtime } from './runtime';
import { readUpToHead } from '@kinerja/event-store';
import { calculatingRuns, payrollProjection, waitForProjection } from '@kinerja/projections';
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

/**
 * The calculation queue of this runtime (BullMQ). The calculation is recorded (PayrollCalculationStarted)
 * before its job is queued: when the queue is down then, the command still succeeds and the worker
 * queues the job from the log once the queue is back (`recreatePayrollCalculations`). While the
 * queue is down a run shows no job (`calculationJob: null`).
 */
export function payrollQueue(rt: Runtime): PayrollQueue {
  return {
    async enqueue(data) {
      try {
        return await enqueuePayrollCalculation(rt, data);
      } catch (e) {
        if (!isQueueUnavailable(e) && !isDatabaseUnavailable(e)) throw e;
        rt.log.warn(
          { runId: data.runId, calculation: data.calculation, problem: databaseProblem(e) },
          'payroll calculation recorded but not queued: the job queue is down; the worker queues it when the queue is back',
        );
        return calculationJobId(data.runId, data.calculation);
      }
    },
    async status(jobId: string) {
      try {
        const job = await rt.queues.queue(QUEUES.payroll).getJob(jobId);
        if (!job) return null;
        return { state: await job.getState(), progress: job.progress ?? null, failedReason: job.failedReason ?? null };
      } catch (e) {
        if (isQueueUnavailable(e)) return null; // the run is read from the log; its job's progress is for later
        throw e;
      }
    },
  };
}

/**
 * Queues the job of every run the log says is calculating (a deterministic job id: a job that is
 * there is not added twice, and a calculation run twice appends nothing twice). At worker start-up
 * once the payroll read model has caught up with the log, and whenever the queue's Redis is back:
 * a job whose queueing failed, or lost with a Redis restarted empty, is not lost.
 */
export async function recreatePayrollCalculations(rt: Runtime, signal?: AbortSignal): Promise<number> {
  await waitForProjection(rt.db.pool, rt.store, payrollProjection, { signal, pollMs: 250 });
  if (signal?.aborted) return 0;
  const runs = await calculatingRuns(rt.db.pool);
  for (const r of runs) await enqueuePayrollCalculation(rt, r);
  if (runs.length) rt.log.info({ runs: runs.map((r) => `${r.runId}.${r.calculation}`) }, 'payroll calculations queued from the log');
  return runs.length;
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
          // Progress is for the reader: a queue that is down does not hold up or fail the calculation.
          (p) => void job.updateProgress(p as unknown as object).catch(() => undefined),
        );
      } catch (e) {
        throw await failedForGood(rt, job, e);
      }
    },
    1,
    { lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)) },
  );
}
