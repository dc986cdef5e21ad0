import type { Actor } from '@kinerja/kernel';
import { appraisalOfRecommendation, objectionDecidedAs, trainingRecommendationId } from './objection';
import { lastPeriodsOfYear } from './period';

const EMP = '198503122010011002';
const BOSS = '196801011990031001';
const person = (nip: string, ...roles: string[]): Actor => ({ userId: `u-${nip}`, nip, roles: ['pegawai', ...roles] });

describe('who decides an objection', () => {
  const decider = { nip: BOSS, positionId: 'POS-KADIS' };

  it('the atasan pejabat penilai recorded at the issue, and nobody else, BKPSDM included', () => {
    expect(objectionDecidedAs(decider, person(BOSS))).toBe('raterSupervisor');
    expect(objectionDecidedAs(decider, person(EMP))).toBeNull();
    expect(objectionDecidedAs(decider, person(EMP, 'admin_kepegawaian'))).toBeNull();
  });

  it('with nobody above the rater, BKPSDM records the decision on behalf of the official above', () => {
    expect(objectionDecidedAs(null, person(EMP, 'admin_kepegawaian'))).toBe('admin_kepegawaian');
    expect(objectionDecidedAs(null, person(BOSS))).toBeNull();
  });
});

describe('training recommendation ids', () => {
  it('name their appraisal, and read back to it; anything else names none', () => {
    expect(appraisalOfRecommendation(trainingRecommendationId(EMP, '2026-02'))).toEqual({ nip: EMP, period: '2026-02' });
    expect(appraisalOfRecommendation(trainingRecommendationId(EMP, '2026-Q4'))).toEqual({ nip: EMP, period: '2026-Q4' });
    for (const id of ['TR-OTHER', `TR-${EMP}-2026-13`, `TR-${EMP}`, `XX-${EMP}-2026-02`]) expect(appraisalOfRecommendation(id)).toBeNull();
  });
});

describe('the year’s last period', () => {
  it('is December or the fourth quarter, whichever length the year’s policy had', () => {
    expect(lastPeriodsOfYear(2025)).toEqual(['2025-12', '2025-Q4']);
  });
});
