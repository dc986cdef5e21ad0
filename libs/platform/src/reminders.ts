import { GetDueReminders, SendReminder } from '@kinerja/application';
import type { LocalDate } from '@kinerja/domain/shared';
import type { Instant } from '@kinerja/kernel';
import type { Worker } from 'bullmq';
import { applicationContext } from './application';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';

/** The daily check runs at 07:00 Jakarta time, Monday to Friday. */
export const REMINDER_SCHEDULE = { id: 'reminders-daily', pattern: '0 7 * * 1-5', tz: 'Asia/Jakarta' } as const;
export const REMINDER_JOB = 'reminders.check';

/**
 * The job: ask who is due on the day of `at` (the job's, else now by the Clock), then send one
 * `SendReminder` per (person, kind, day), each keyed by those, so a job killed halfway and retried
 * appends nothing twice.
 */
export async function runReminderCheck(rt: Runtime, at?: Instant): Promise<{ today: LocalDate; due: number; sent: number }> {
  const { commands, queries } = await applicationContext(rt);
  const check = await queries.execute(new GetDueReminders(at));
  let sent = 0;
  for (const d of check.due) {
    const r = await commands.execute(new SendReminder(d, check.at));
    if (!r.replayed) sent += r.events.length;
  }
  return { today: check.today, due: check.due.length, sent };
}

/**
 * The worker of the reminder queue, and its timer: a job scheduler with a fixed id, re-created
 * (idempotently) at every start-up, so a lost queue loses no reminder day.
 */
export async function startReminderWorker(rt: Runtime): Promise<Worker> {
  const worker = rt.queues.worker(
    QUEUES.reminders,
    async (job) => {
      if (job.name !== REMINDER_JOB) throw new Error(`unknown job ${job.name}`);
      return runReminderCheck(rt, (job.data as { now?: Instant })?.now);
    },
    1,
  );
  await scheduleReminders(rt);
  return worker;
}

/** The reminders' job scheduler, upserted (at start-up, and when the queue's Redis is back: it may have lost it). */
export async function scheduleReminders(rt: Runtime): Promise<void> {
  try {
    await rt.queues
      .queue(QUEUES.reminders)
      .upsertJobScheduler(
        REMINDER_SCHEDULE.id,
        { pattern: REMINDER_SCHEDULE.pattern, tz: REMINDER_SCHEDULE.tz },
        { name: REMINDER_JOB, data: {} },
      );
  } catch (e) {
    rt.log.warn({ err: e }, 'reminder schedule not created');
  }
}
