import type { Actor } from '@kinerja/kernel';
import { lastDayOf, type RatingInput } from '@kinerja/domain/appraisal';
import { supervisorOf } from '@kinerja/domain/organisation';
import { localDateOf } from '@kinerja/domain/shared';
import { IssueUnitAppraisals, RateEmployee, RecordOrganisationResult } from '@kinerja/application';
import { appraisalReads } from './appraisal';
import { applicationContext } from './application';
import type { Runtime } from './runtime';

const SESUAI = 'SESUAI_EKSPEKTASI';
/** A spread the default curve of an OPD rated BAIK allows: about 30% SANGAT_BAIK, 9% BUTUH_PERBAIKAN, the rest BAIK. */
const demoRating = (i: number): RatingInput =>
  i % 11 === 0
    ? {
        results: 'DI_BAWAH_EKSPEKTASI',
        behaviour: SESUAI,
        reasons: { results: 'Dua dari empat IKI di bawah target (demo)' },
        behaviourValues: { KOMPETEN: 'DI_BAWAH_EKSPEKTASI' },
      }
    : i % 3 === 0
      ? {
          results: 'DI_ATAS_EKSPEKTASI',
          behaviour: 'DI_ATAS_EKSPEKTASI',
          reasons: { results: 'Semua IKI melampaui target (demo)', behaviour: 'Teladan pelayanan (demo)' },
        }
      : { results: SESUAI, behaviour: SESUAI };

/**
 * The demo month's appraisals of an OPD, through the same commands as over HTTP (the application
 * layer's buses): each employee rated by the supervisor on the period's last day, the OPD's
 * organisational result recorded, and the appraisals issued by the head, opening a real 14-day
 * objection window from today. Does nothing before the period has ended by the clock. Each command is keyed, and those already
 * rated are left as they are, so a load cut off half-way is completed by the next one.
 */
export async function loadAppraisalDemo(rt: Runtime, opdId: string, period: string): Promise<{ issued: number }> {
  const svc = appraisalReads(rt);
  const lastDay = lastDayOf(period);
  // The handlers read the same clock for the commands' "now".
  if (localDateOf(rt.clock.now()) <= lastDay) return { issued: 0 };
  const unit = await svc.unitAppraisals(opdId, period);
  if (unit.length === 0) return { issued: 0 };
  const history = await svc.planning.people.org.current();
  const { commands } = await applicationContext(rt);
  for (const [i, u] of unit.entries()) {
    if (u.state.status !== 'NONE') continue;
    const rater: Actor = { userId: 'system:demo', nip: supervisorOf(u.nip, lastDay, history)!.nip, roles: ['pegawai'] };
    await commands.execute(
      new RateEmployee(u.nip, period, demoRating(i), rater, { idempotencyKey: `demo-rating-${period}`, reason: 'demo' }),
    );
  }
  const admin: Actor = { userId: 'system:demo', roles: ['admin_kepegawaian'] };
  await commands.execute(
    new RecordOrganisationResult(opdId, period, { result: 'BAIK', reason: 'LKjIP (demo)' }, admin, {
      idempotencyKey: `demo-organisation-result-${period}`,
    }),
  );
  const head: Actor = { userId: 'system:demo', roles: [`kepala_opd:${opdId}`] };
  const r = await commands.execute(new IssueUnitAppraisals(opdId, period, head, { idempotencyKey: `demo-issue-${period}` }));
  return { issued: r.issued };
}
