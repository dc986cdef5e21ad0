import { SealAuditLog, SealMade, SealRequest } from '@kinerja/application';
import { localDateOf } from '@kinerja/domain/shared';
import { applicationContext } from './application';
import { QUEUES } from './queue';
import type { Runtime } from './runtime';
import { SEAL_JOB } from './seal-keys';

/** The daily seal: at 00:05 Jakarta time, sealing the day before (its job scheduler has a fixed id). */
export const SEAL_SCHEDULE = { id: 'audit-seal-daily', pattern: '5 0 * * *', tz: 'Asia/Jakarta' } as const;

/**
 * The seal job: a disbursement's (its request), or the daily one (keyed by the day in Jakarta, so a
 * retried or doubled run makes one seal a day).
 */
export async function runAuditSeal(rt: Runtime, data: Partial<SealRequest> | undefined): Promise<SealMade> {
  const { commands } = await applicationContext(rt);
  const r: SealRequest =
    data?.trigger && data.key ? { trigger: data.trigger, runId: data.runId ?? null, key: data.key } : dailySealRequest(rt.clock.now());
  return commands.execute(new SealAuditLog(r.trigger, r.runId, r.key));
}

export function dailySealRequest(now: Date): SealRequest {
  return { trigger: 'DAILY', runId: null, key: `daily:${localDateOf(now)}` };
}

/** The daily seal's job scheduler, re-created (idempotently) at every worker start. Not on KurrentDB. */
export async function scheduleAuditSeals(rt: Runtime): Promise<void> {
  if (rt.config.eventStore !== 'postgres') return;
  try {
    await rt.queues
      .queue(QUEUES.maintenance)
      .upsertJobScheduler(SEAL_SCHEDULE.id, { pattern: SEAL_SCHEDULE.pattern, tz: SEAL_SCHEDULE.tz }, { name: SEAL_JOB, data: {} });
  } catch (e) {
    rt.log.warn({ err: e }, 'daily audit seal schedule not created');
  }
}
