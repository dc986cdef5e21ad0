import type { Actor, Nip } from '@kinerja/kernel';
import type { PlannedResult } from '@kinerja/domain/workplan';
import { DEMO_ACTOR, DEMO_USERS, type DemoBuses } from '../people/demo';
import { ApproveWorkPlan, DraftWorkPlan, SubmitWorkPlan } from './commands';

/**
 * The demo chain's SKP for a year, top down, each approved by the one above: the head of Dinas
 * Kesehatan (approved, as the regional head would, by the personnel administrator), the Kepala
 * Bidang, and the Kepala Seksi above the demo `pegawai`. A newcomer signed in as `pegawai` finds
 * results to cascade from at once.
 */
export const DEMO_PLANS: ReadonlyArray<{ username: string; results: PlannedResult[] }> = [
  {
    username: 'kepala.dinkes',
    results: [
      result('RHK-DINKES-1', 'Meningkatnya derajat kesehatan masyarakat', 'Cakupan pelayanan kesehatan dasar', 'persen', 95),
      result('RHK-DINKES-2', 'Meningkatnya mutu pelayanan kesehatan rujukan', 'Fasilitas kesehatan terakreditasi', 'fasilitas', 12),
    ],
  },
  {
    username: 'kabid.dinkes',
    results: [
      result(
        'RHK-KESMAS-1',
        'Terlaksananya program kesehatan keluarga dan gizi',
        'Puskesmas melaksanakan program gizi',
        'puskesmas',
        26,
        'RHK-DINKES-1',
      ),
    ],
  },
  {
    username: 'kasi.dinkes',
    results: [
      result(
        'RHK-KESGA-1',
        'Tersedianya data dan pembinaan kesehatan ibu dan anak',
        'Laporan pembinaan KIA',
        'laporan',
        12,
        'RHK-KESMAS-1',
      ),
      result('RHK-KESGA-2', 'Terlaksananya pemantauan status gizi balita', 'Desa dengan pemantauan gizi', 'desa', 40, 'RHK-KESMAS-1'),
    ],
  },
];

function result(resultId: string, text: string, indicator: string, unit: string, quantity: number, parentResultId?: string): PlannedResult {
  return {
    resultId,
    text,
    ...(parentResultId ? { parentResultId } : {}),
    indicators: [{ indicatorId: `${resultId}-IKI1`, text: indicator, unit, quantity, quality: 100, timeMonths: 12 }],
  };
}

/**
 * Drafts, submits and approves the demo chain's SKP for `year`, through the commands the API sends;
 * each command keyed, so a rerun completes and repeats nothing.
 */
export async function loadPlanDemo(app: Pick<DemoBuses, 'commands'>, year: number): Promise<void> {
  const nipOf = (username: string) => DEMO_USERS.find((u) => u.username === username)!.nip as Nip;
  let approver: Actor = DEMO_ACTOR;
  for (const p of DEMO_PLANS) {
    const nip = nipOf(p.username);
    const self: Actor = { userId: DEMO_ACTOR.userId, nip, roles: ['pegawai'] };
    const key = (step: string) => ({ idempotencyKey: `demo-skp-${year}-${step}`, reason: 'demo SKP' });
    await app.commands.execute(new DraftWorkPlan(nip, year, p.results, self, key('draft')));
    await app.commands.execute(new SubmitWorkPlan(nip, year, self, key('submit')));
    await app.commands.execute(new ApproveWorkPlan(nip, year, approver, key('approve')));
    approver = self;
  }
}
