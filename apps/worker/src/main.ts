import { setMaxListeners } from 'node:events';
import type { Worker } from 'bullmq';
import { EMPLOYEE_IMPORT_JOB, EmployeeImportJobData, RunEmployeeImportJob, VerifyEventLog } from '@kinerja/application';
import {
  applicationContext,
  QUEUES,
  recreatePayrollCalculations,
  runAuditSeal,
  Runtime,
  scheduleAuditSeals,
  scheduleReminders,
  SEAL_JOB,
  startAppraisalTimers,
  startPayrollWorker,
  startReminderWorker,
} from '@kinerja/platform';

export interface RunningWorker {
  /** Stops taking work, waits for running jobs and projection batches, then resolves. */
  close(): Promise<void>;
  /**
   * Settles once the calculations the log says are running have had their jobs put back at start-up
   * (after the payroll read model caught up): from then on, a calculation started elsewhere is not
   * one this worker will find and queue.
   */
  readonly calculationsPutBack: Promise<void>;
}

/** Projections (each owned by one worker process at a time) and the job processors. */
export async function startWorker(rt: Runtime): Promise<RunningWorker> {
  // The job queue's connections first: a server that refuses them fails the start here, with
  // nothing left running, and the caller may try again on new connections.
  try {
    for (const name of Object.values(QUEUES)) rt.queues.queue(name);
    await rt.queues.ready();
  } catch (e) {
    await rt.queues.close();
    throw e;
  }
  const workers: Worker[] = [];
  workers.push(
    rt.queues.worker(QUEUES.maintenance, async (job) => {
      if (job.name === 'audit.verify') {
        const { queries } = await applicationContext(rt);
        const result = await queries.execute(
          new VerifyEventLog((p) => void job.updateProgress({ percent: p.total ? Math.floor((100 * p.checked) / p.total) : 100, ...p })),
        );
        await job.updateProgress({ percent: 100, checked: result.eventsChecked, total: result.eventsChecked });
        return result;
      }
      if (job.name === SEAL_JOB) return runAuditSeal(rt, job.data);
      if (job.name === EMPLOYEE_IMPORT_JOB) {
        const { commands } = await applicationContext(rt);
        return commands.execute(new RunEmployeeImportJob(job.data as EmployeeImportJobData, (p) => void job.updateProgress(p)));
      }
      throw new Error(`unknown job ${job.name}`);
    }),
  );
  await scheduleAuditSeals(rt);
  workers.push(startPayrollWorker(rt));
  workers.push(await startReminderWorker(rt));
  const timers = await startAppraisalTimers(rt);
  try {
    await rt.queues.ready();
  } catch (e) {
    await timers.close();
    await rt.queues.close();
    throw e;
  }
  rt.queues.run();
  const ac = new AbortController();
  // Each projection's loop waits on this one signal (one listener at a time each), and so do the
  // calculations put back from the log: more than the ten Node takes for a leak, by design.
  setMaxListeners(rt.runner.projections.length + 4, ac.signal);
  const runs = rt.runner.projections.map((p) =>
    rt.runner.run(p, ac.signal).catch((e) => rt.log.error({ err: e, projection: p.name }, 'projection stopped')),
  );
  // The queue is not the memory of the calculations either: the log is. Runs it says are calculating
  // get their jobs back (at start-up, and whenever the queue's Redis returns, perhaps empty).
  let requeued: Promise<unknown> = Promise.resolve();
  const requeue = () =>
    (requeued = requeued
      .then(() => recreatePayrollCalculations(rt, ac.signal))
      .catch((e) => rt.log.warn({ err: e }, 'payroll calculations not queued from the log; tried again when the queue is back')));
  const calculationsPutBack = requeue().then(() => undefined);
  rt.queues.onReconnect(() => {
    rt.log.info('job queue back: its schedules and the jobs the log calls for are put back');
    void scheduleAuditSeals(rt);
    void scheduleReminders(rt);
    void requeue();
  });
  rt.log.info({ projections: rt.runner.projections.map((p) => p.name), queue: rt.queues.kind }, 'worker started');
  return {
    calculationsPutBack,
    async close() {
      ac.abort();
      await requeued;
      await timers.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(runs);
    },
  };
}
