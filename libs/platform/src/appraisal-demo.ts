import type { Actor, Instant } from '@kinerja/kernel';
import { lastDayOf, type RatingInput } from '@kinerja/domain/appraisal';
import { supervisorOf } from '@kinerja/domain/organisation';
import { localDateOf } from '@kinerja/domain/shared';
import { appraisalService } from './appraisal';
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
 * The demo month's appraisals of an OPD, through the same use cases as everyone: each employee
 * rated by the supervisor on the period's last day, the OPD's organisational result recorded, and
 * the appraisals issued by the head, opening a real 14-day objection window from today. Does
 * nothing before the period has ended by the clock. Each command is keyed, and those already
 * rated are left as they are, so a load cut off half-way is completed by the next one.
 */
export async function loadAppraisalDemo(
  rt: Runtime,
  opdId: string,
  period: string,
  now: Instant = rt.clock.now().toISOString(),
): Promise<{ issued: number }> {
  const svc = appraisalService(rt);
  const lastDay = lastDayOf(period);
  if (localDateOf(now) <= lastDay) return { issued: 0 };
  const unit = await svc.unitAppraisals(opdId, period);
  if (unit.length === 0) return { issued: 0 };
  const history = await svc.planning.people.org.current();
  for (const [i, u] of unit.entries()) {
    if (u.state.status !== 'NONE') continue;
    const rater: Actor = { userId: 'system:demo', nip: supervisorOf(u.nip, lastDay, history)!.nip, roles: ['pegawai'] };
    await svc.rate({ nip: u.nip, period, by: rater, now, ...demoRating(i) }, { idempotencyKey: `demo-rating-${period}`, reason: 'demo' });
  }
  const admin: Actor = { userId: 'system:demo', roles: ['admin_kepegawaian'] };
  await svc.setOrganisationResult(opdId, period, { result: 'BAIK', reason: 'LKjIP (demo)' }, admin, now, {
    idempotencyKey: `demo-organisation-result-${period}`,
  });
  const head: Actor = { userId: 'system:demo', roles: [`kepala_opd:${opdId}`] };
  const r = await svc.issueUnit(opdId, period, head, now, { idempotencyKey: `demo-issue-${period}` });
  return { issued: r.issued };
}
