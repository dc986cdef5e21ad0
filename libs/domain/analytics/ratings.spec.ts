import type { Predikat } from '@kinerja/policies';
import { compareRater, curveOverTime, daysFromPeriodEnd, LENIENCY_RULE, raterAnalytics, RatingFact } from './ratings';

const fact = (raterNip: string, i: number, predikat: Predikat, over: Partial<RatingFact> = {}): RatingFact => ({
  nip: `${raterNip}-${i}`,
  period: '2026-03',
  opdId: 'DINKES',
  raterNip,
  predikat,
  firstRatedAt: '2026-04-03T01:00:00.000Z',
  objection: 'NONE',
  ...over,
});
const many = (raterNip: string, ps: Predikat[], over: Partial<RatingFact> = {}) => ps.map((p, i) => fact(raterNip, i, p, over));

describe('rater analytics', () => {
  // Raters of one unit: LENIENT gives ten SANGAT_BAIK, four ordinary raters give BAIK with one of
  // each side, and TWO rates two people, both SANGAT_BAIK.
  const ordinary: Predikat[] = ['BAIK', 'BAIK', 'BAIK', 'BAIK', 'BAIK', 'SANGAT_BAIK', 'BUTUH_PERBAIKAN', 'BAIK', 'BAIK', 'BAIK'];
  const facts = [
    ...many('LENIENT', Array<Predikat>(10).fill('SANGAT_BAIK')),
    ...many('A', ordinary),
    ...many('B', ordinary),
    ...many('C', ordinary),
    ...many('D', ordinary),
    ...many('TWO', ['SANGAT_BAIK', 'SANGAT_BAIK']),
  ];
  const byRater = new Map(raterAnalytics(facts).map((r) => [r.raterNip, r]));

  it('flags the lenient rater, against the unit and the Pemda, with the sample size and the standardised difference', () => {
    const r = byRater.get('LENIENT')!;
    expect(r).toMatchObject({ n: 10, mean: 5, sangatBaikShare: 1, flag: 'LENIENT' });
    expect(r.unit.flag).toBe('LENIENT');
    expect(r.unit.groupN).toBe(42);
    expect(r.unit.difference!).toBeGreaterThan(1);
    expect(r.unit.z!).toBeGreaterThan(LENIENCY_RULE.zThreshold);
    // The others' mean: (4·(8·4 + 5 + 3) + 2·5) / 42 = 170 / 42.
    expect(r.unit.groupMean).toBeCloseTo(170 / 42, 3);
  });

  it('does not flag a rater of two people, whatever they gave, and says why', () => {
    const r = byRater.get('TWO')!;
    expect(r).toMatchObject({ n: 2, mean: 5, flag: null });
    expect(r.unit).toMatchObject({ flag: null, note: 'FEW_RATINGS' });
    expect(r.unit.difference!).toBeGreaterThan(0.5);
  });

  it('does not flag the ordinary raters, and lists the flagged first', () => {
    for (const r of ['A', 'B', 'C', 'D']) expect(byRater.get(r)!.flag).toBeNull();
    expect(raterAnalytics(facts)[0].raterNip).toBe('LENIENT');
  });

  it('flags a severe rater and compares a rater alone in a unit with the Pemda only', () => {
    const severe = many('HARSH', Array<Predikat>(8).fill('KURANG'), { opdId: 'DISPAR' });
    const rows = raterAnalytics([...facts, ...severe]);
    const h = rows.find((r) => r.raterNip === 'HARSH')!;
    expect(h.unit).toMatchObject({ groupN: 0, flag: null, note: 'FEW_TO_COMPARE' });
    expect(h.pemda.flag).toBe('SEVERE');
    expect(h.flag).toBe('SEVERE');
  });

  it('scores the same ratings as no difference', () => {
    expect(compareRater([4, 4, 4, 4, 4, 4], [4, 4, 4, 4, 4])).toMatchObject({ difference: 0, z: 0, flag: null, note: 'WITHIN_CHANCE' });
  });

  it('needs more evidence from a smaller sample: the same lean is flagged at n = 20 and not at n = 5', () => {
    const others = Array<number>(40).fill(4).concat([5, 5, 5, 5, 3, 3, 3, 3]);
    const lean = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 5 : 4));
    expect(compareRater(lean(5), others).flag).toBeNull();
    expect(compareRater(lean(20), others).flag).toBe('LENIENT');
  });

  it('counts objections per rater by how they were decided, and the days from the period’s end to the rating', () => {
    const rows = raterAnalytics([
      fact('R', 1, 'BAIK', { objection: 'CONFIRM' }),
      fact('R', 2, 'BAIK', { objection: 'AMEND' }),
      fact('R', 3, 'BAIK', { objection: 'PENDING' }),
      fact('R', 4, 'BAIK', { firstRatedAt: '2026-04-10T17:00:00.000Z' }),
    ]);
    expect(rows[0].objections).toEqual({ filed: 3, pending: 1, confirmed: 1, amended: 1 });
    // March ends at 2026-03-31T17:00Z in Jakarta: 2.3 days to the 3rd at 01:00Z, 10 days to the 10th at 17:00Z.
    expect(daysFromPeriodEnd('2026-03', '2026-04-03T01:00:00.000Z')).toBe(2.3);
    expect(rows[0].daysToRating).toEqual({ median: 2.3, max: 10 });
  });
});

describe('the curve over time', () => {
  it('gives each predikat’s share and each rule’s allowed share beside the unit’s', () => {
    const [p] = curveOverTime([
      {
        opdId: 'DINKES',
        period: '2026-03',
        organisationResult: 'BAIK',
        counts: { SANGAT_BAIK: 2, BAIK: 6, BUTUH_PERBAIKAN: 2, KURANG: 0, SANGAT_KURANG: 0 },
        checks: [{ predikat: ['SANGAT_BAIK'], kind: 'max', percent: '20', limit: 2, actual: 2, ok: true }],
        exempt: false,
        withinCurve: true,
        justified: false,
        issuedOn: '2026-04-01',
      },
    ]);
    expect(p.rated).toBe(10);
    expect(p.shares).toMatchObject({ SANGAT_BAIK: 0.2, BAIK: 0.6, BUTUH_PERBAIKAN: 0.2 });
    expect(p.rules[0]).toMatchObject({ allowedShare: 0.2, actualShare: 0.2 });
  });
});
