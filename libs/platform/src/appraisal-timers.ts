import { DelayedError, Job, Worker } from 'bullmq';
import { systemClock } from '@kinerja/kernel';
import { CommandBus } from '@nestjs/cqrs';
import { Deadline, EscalateOverdueObjection, FinaliseAppraisal, timerFiredEarly } from '@kinerja/application';
import { onDeadlineDue } from '@kinerja/workflows';
import { appraisalsProjection, pendingDeadlines, waitForProjection } from '@kinerja/projections';
import { DEADLINE_JOB, deadlineJobId, scheduleDeadline } from './appraisal';
import { applicationContext } from './application';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';

/** The periodic re-creation of deadlines: picks up one whose scheduling failed after its events were appended. */
export const DEADLINE_SWEEP = { id: 'appraisal-deadlines-sweep', every: 60_000, job: 'objection-deadlines.sweep' } as const;
/** How far ahead the periodic sweep looks: a deadline only needs its job before it is due. */
const SWEEP_HORIZON_MS = 10 * 60_000;

export interface AppraisalTimers {
  /** Resolves once the start-up re-creation has run (after the ledger caught up with the log as it stood at start-up). */
  recreated: Promise<SweepResult>;
  /** Stops the start-up wait and the queue's worker (running jobs finish first). */
  close(): Promise<void>;
}

export interface SweepResult {
  /** Deadlines found pending in the ledger (each scheduled; an existing job makes that a no-op). */
  pending: number;
  /** Overdue by the clock and waiting as delayed jobs: moved to run now. */
  promoted: number;
  /** Overdue and failed for good earlier: retried. */
  retried: number;
}

/**
 * The objection timers: a window's end finalises the appraisal, an objection's due date escalates
 * it to BKPSDM (never decides it). Both commands are idempotent, so a job run twice appends once.
 * The queue is not the memory of the deadlines: the log is. At start-up every pending deadline is
 * re-created from the appraisal ledger once the ledger has caught up with the log as it stood then,
 * and a job scheduler repeats that sweep every minute for deadlines due soon.
 */
export async function startAppraisalTimers(rt: Runtime, options: { sweepEveryMs?: number } = {}): Promise<AppraisalTimers> {
  // The jobs send the same commands as every edge, through the application layer's CommandBus.
  const { commands } = await applicationContext(rt);
  const worker: Worker = rt.queues.worker(QUEUES.appraisal, (job, token) => processDeadlineJob(rt, commands, job, token), 2);
  const schedule = async () => {
    try {
      await rt.queues
        .queue(QUEUES.appraisal)
        .upsertJobScheduler(
          DEADLINE_SWEEP.id,
          { every: options.sweepEveryMs ?? DEADLINE_SWEEP.every },
          { name: DEADLINE_SWEEP.job, data: {} },
        );
    } catch (e) {
      rt.log.warn({ err: e }, 'objection deadline sweep not scheduled');
    }
  };
  await schedule();
  // A Redis back from a restart may be empty: the sweep's scheduler and every pending deadline are put back.
  rt.queues.onReconnect(() => {
    void schedule()
      .then(() => recreateDeadlines(rt))
      .then(
        (r) => rt.log.info(r, 'objection deadlines re-created from the ledger: the queue is back'),
        (e) => rt.log.warn({ err: e }, 'objection deadlines not re-created; the periodic sweep tries again'),
      );
  });
  const ac = new AbortController();
  const recreated = (async () => {
    await waitForLedger(rt, ac.signal);
    if (ac.signal.aborted) return { pending: 0, promoted: 0, retried: 0 };
    const r = await recreateDeadlines(rt);
    rt.log.info(r, 'objection deadlines re-created from the ledger');
    return r;
  })();
  // A failure here is logged; the periodic sweep does the same work a minute later.
  recreated.catch((e) => rt.log.error({ err: e }, 'objection deadlines not re-created at start-up'));
  return {
    recreated,
    async close() {
      ac.abort();
      await recreated.catch(() => undefined);
      await worker.close();
    },
  };
}

async function processDeadlineJob(rt: Runtime, commands: CommandBus, job: Job, token?: string) {
  if (job.name === DEADLINE_SWEEP.job)
    return recreateDeadlines(rt, { dueBefore: new Date(rt.clock.now().getTime() + SWEEP_HORIZON_MS).toISOString() });
  const d = job.data as Deadline;
  if (job.name !== DEADLINE_JOB[d.kind]) throw new Error(`unknown job ${job.name}`);
  try {
    const due = onDeadlineDue(d);
    const r = await commands.execute(
      due.type === 'CloseObjectionWindow' ? new FinaliseAppraisal(due.nip, due.period) : new EscalateOverdueObjection(due.nip, due.period),
    );
    return { appended: r.replayed ? [] : r.events.map((e) => e.type), version: r.version };
  } catch (e) {
    if (!timerFiredEarly(e)) throw e;
    // Due by the queue's time, not yet by the clock the command reads (clocks differ between
    // machines, or a test holds one): back to delayed under the same id, for the time that remains.
    const remaining = Math.max(1000, Date.parse(d.dueAt) - rt.clock.now().getTime());
    // The queue's own time is the machine's (BullMQ compares against it), whatever clock the commands read.
    await job.moveToDelayed(systemClock.now().getTime() + remaining, token);
    throw new DelayedError();
  }
}

/**
 * Waits until the appraisal ledger has applied every appraisal event recorded before this call:
 * none of its types lies between the projection's checkpoint and the log's head as it was then.
 */
export async function waitForLedger(rt: Pick<Runtime, 'db' | 'store' | 'log'>, signal?: AbortSignal, pollMs = 250): Promise<void> {
  await waitForProjection(rt.db.pool, rt.store, appraisalsProjection, {
    signal,
    pollMs,
    onSlow: () => rt.log.warn({ projection: appraisalsProjection.name }, 'objection timers waiting for the appraisal ledger to catch up'),
  });
}

/**
 * Puts every pending deadline of the ledger (due before `dueBefore`, when given) on the queue.
 * Deterministic job ids make re-adding an existing job a no-op; a job overdue by the clock that
 * still waits as delayed runs now, and one that failed for good is retried.
 */
export async function recreateDeadlines(rt: Runtime, options: { dueBefore?: string } = {}): Promise<SweepResult> {
  const queue = rt.queues.queue(QUEUES.appraisal);
  const result: SweepResult = { pending: 0, promoted: 0, retried: 0 };
  const limit = 1000;
  let after: { dueAt: string; nip: string; period: string } | undefined;
  for (;;) {
    const page = await pendingDeadlines(rt.db.pool, {
      ...(options.dueBefore ? { dueBefore: options.dueBefore } : {}),
      ...(after ? { after } : {}),
      limit,
    });
    const now = rt.clock.now().getTime();
    for (const d of page) {
      result.pending++;
      await scheduleDeadline(rt, d);
      if (Date.parse(d.dueAt) > now) continue;
      const job = await queue.getJob(deadlineJobId(d));
      const state = job ? await job.getState() : undefined;
      if (state === 'delayed') {
        await job!.promote().catch(() => undefined); // it may have just started
        result.promoted++;
      } else if (state === 'failed') {
        await job!.retry('failed').catch(() => undefined);
        result.retried++;
      }
    }
    if (page.length < limit) return result;
    after = page[page.length - 1];
  }
}
