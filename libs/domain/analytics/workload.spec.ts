import type { PlannedResult } from '../workplan';
import { cascadeProgress, reportWorkload, ReportFact } from './workload';

const report = (nip: string, supervisorNip: string | null, filedAt: string, answeredAt: string | null, opdId = 'DINKES'): ReportFact => ({
  nip,
  opdId,
  supervisorNip,
  filedAt,
  lastFiledAt: filedAt,
  answeredAt,
});

describe('daily report workload', () => {
  const NOW = '2026-03-10T00:00:00.000Z';
  const history = [
    report('P1', 'S1', '2026-03-02T01:00:00.000Z', '2026-03-02T05:00:00.000Z'),
    report('P1', 'S1', '2026-03-03T01:00:00.000Z', '2026-03-04T01:00:00.000Z'),
    report('P2', 'S1', '2026-03-05T00:00:00.000Z', null),
    report('P3', 'S2', '2026-03-01T00:00:00.000Z', null),
    report('P3', 'S2', '2026-03-06T00:00:00.000Z', null),
    report('P4', 'S3', '2026-03-06T00:00:00.000Z', '2026-03-06T02:00:00.000Z', 'DISPAR'),
  ];
  const w = reportWorkload(history, NOW);

  it('counts the reports filed, answered and waiting per supervisor and per unit', () => {
    expect(w.total).toMatchObject({ filed: 6, answered: 3, waiting: 3, answeredShare: 0.5 });
    const s1 = w.perSupervisor.find((l) => l.key === 'S1')!;
    // Answered after 4 h and 24 h: the median is 14 h.
    expect(s1).toMatchObject({ filed: 3, answered: 2, waiting: 1, medianHoursToAnswer: 14, oldestWaitingDays: 5 });
    expect(w.perUnit.map((l) => [l.key, l.filed, l.waiting])).toEqual([
      ['DINKES', 5, 3],
      ['DISPAR', 1, 0],
    ]);
  });

  it('lists the supervisors whose queue is oldest first, and none whose queue is empty', () => {
    expect(w.oldestQueues.map((l) => [l.key, l.waiting, l.oldestWaitingDays])).toEqual([
      ['S2', 2, 9],
      ['S1', 1, 5],
    ]);
  });
});

describe('realisation against target up the cascade', () => {
  const ind = (indicatorId: string, quantity: number, quality = 80, timeMonths = 12) => ({
    indicatorId,
    text: indicatorId,
    quantity,
    unit: 'dokumen',
    quality,
    timeMonths,
  });
  const res = (resultId: string, indicators: PlannedResult['indicators'], parentResultId?: string): PlannedResult => ({
    resultId,
    text: `Hasil ${resultId}`,
    ...(parentResultId ? { parentResultId } : {}),
    indicators,
  });
  const plans = [
    { nip: 'HEAD', opdId: 'DINKES', supervisorNip: null, results: [res('H1', [ind('H1a', 12)])] },
    { nip: 'K1', opdId: 'DINKES', supervisorNip: 'HEAD', results: [res('K1', [ind('K1a', 24)], 'H1')] },
    { nip: 'K2', opdId: 'DINKES', supervisorNip: 'HEAD', results: [res('K2', [ind('K2a', 6, 90, 6)], 'H1')] },
  ];
  // Through March: 3/12 of a year-long target is due; K2's target is due within six months (3/6).
  const realisations = [
    { nip: 'HEAD', month: '2026-01', indicatorId: 'H1a', quantity: 1, quality: 85 },
    { nip: 'HEAD', month: '2026-03', indicatorId: 'H1a', quantity: 2, quality: 85 },
    { nip: 'K1', month: '2026-02', indicatorId: 'K1a', quantity: 7, quality: 90 },
    { nip: 'K2', month: '2026-02', indicatorId: 'K2a', quantity: 3, quality: 80 },
    // After the month asked: not counted.
    { nip: 'K1', month: '2026-04', indicatorId: 'K1a', quantity: 50, quality: 90 },
  ];
  const { results, perUnit } = cascadeProgress(plans, realisations, '2026-03');
  const of = (id: string) => results.find((r) => r.resultId === id)!;

  it('puts each indicator against the share of its target due by the month', () => {
    expect(of('H1').indicators[0]).toMatchObject({
      realisedQuantity: 3,
      expectedShare: 0.25,
      realisedShare: 0.25,
      quality: 85,
      onTrack: true,
    });
    // 7 of 24 is 0.292: ahead of 0.25.
    expect(of('K1')).toMatchObject({ onTrack: true });
    // Half the quantity is done, but the quality (80) is under its target (90).
    expect(of('K2').indicators[0]).toMatchObject({ realisedShare: 0.5, expectedShare: 0.5, onTrack: false });
    expect(of('K2').onTrack).toBe(false);
  });

  it('rolls the RHK up the cascade and gives the share of the OPD’s results on track', () => {
    expect(of('H1').cascade).toEqual({ results: 3, onTrack: 2, share: 0.667 });
    expect(of('K1').cascade).toEqual({ results: 1, onTrack: 1, share: 1 });
    expect(of('K1').parent).toEqual({ nip: 'HEAD', resultId: 'H1' });
    expect(perUnit).toEqual([{ opdId: 'DINKES', results: 3, onTrack: 2, share: 0.667 }]);
  });
});
