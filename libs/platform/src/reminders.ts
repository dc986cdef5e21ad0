import { handleCommand } from '@kinerja/application';
import { dueReminders, DueReminder, reminderDecider, reminderKey, reminderStreamId } from '@kinerja/domain/reminder';
import { localDateOf, LocalDate } from '@kinerja/domain/shared';
import { reminderInputRows } from '@kinerja/projections';
import type { Instant } from '@kinerja/kernel';
import type { Worker } from 'bullmq';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';

/** The daily check runs at 07:00 Jakarta time, Monday to Friday. */
export const REMINDER_SCHEDULE = { id: 'reminders-daily', pattern: '0 7 * * 1-5', tz: 'Asia/Jakarta' } as const;
export const REMINDER_JOB = 'reminders.check';

const SYSTEM = { userId: 'system:reminders', roles: [] };

/**
 * The job: read the rows, work out who is due (pure), append one `ReminderSent` per (person, kind,
 * day) with an idempotency key derived from those, so a job killed halfway and retried appends
 * nothing twice.
 */
export async function runReminderCheck(
  rt: Pick<Runtime, 'store' | 'db' | 'clock'>,
  now: Instant = rt.clock.now().toISOString(),
): Promise<{ today: LocalDate; due: number; sent: number }> {
  const today = localDateOf(now);
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - 21 * 86_400_000).toISOString().slice(0, 10);
  const rows = await reminderInputRows(rt.db.pool, Number(today.slice(0, 4)), since);
  const due: DueReminder[] = dueReminders({ today, ...rows });
  let sent = 0;
  for (const d of due) {
    const r = await handleCommand(rt.store, reminderStreamId(d.nip), reminderDecider, { type: 'SendReminder', ...d, now }, {
      actor: SYSTEM,
      role: 'system',
      idempotencyKey: reminderKey(d),
    });
    if (!r.replayed) sent += r.events.length;
  }
  return { today, due: due.length, sent };
}

/**
 * The worker of the reminder queue, and its timer: a job scheduler with a fixed id, re-created
 * (idempotently) at every start-up, so a lost queue loses no reminder day.
 */
export async function startReminderWorker(rt: Runtime): Promise<Worker> {
  const worker = rt.queues.worker(QUEUES.reminders, async (job) => {
    if (job.name !== REMINDER_JOB) throw new Error(`unknown job ${job.name}`);
    return runReminderCheck(rt, (job.data as { now?: Instant })?.now);
  }, 1);
  try {
    await rt.queues.queue(QUEUES.reminders).upsertJobScheduler(REMINDER_SCHEDULE.id, { pattern: REMINDER_SCHEDULE.pattern, tz: REMINDER_SCHEDULE.tz }, { name: REMINDER_JOB, data: {} });
  } catch (e) {
    rt.log.warn({ err: e }, 'reminder schedule not created');
  }
  return worker;
}
