import { checkRows, checksOf, countRows, countsText, refusalLines, ruleText } from './calibration';

const CHECKS = [
  { predikat: ['BAIK'], kind: 'max', percent: '70', limit: 4, actual: 5, ok: false },
  { predikat: ['BUTUH_PERBAIKAN', 'KURANG'], kind: 'min', percent: null, limit: 1, actual: 1, ok: true },
];

describe('the calibration chart and refusal', () => {
  it('counts per predikat in the glossary order, a missing one 0, unknown and hostile keys ignored', () => {
    const rows = countRows(JSON.parse('{"BAIK":5,"SANGAT_BAIK":1,"__proto__":{"BAIK":9},"LAIN":3}'));
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['Sangat Baik', 1],
      ['Baik', 5],
      ['Butuh Perbaikan', 0],
      ['Kurang', 0],
      ['Sangat Kurang', 0],
    ]);
    expect(countRows(null).every((r) => r.count === 0)).toBe(true);
  });

  it('maps each rule to its limit and actual count, in words', () => {
    const checks = checksOf({ checks: [...CHECKS, { kind: 'max' }] });
    expect(checks).toHaveLength(2);
    expect(checkRows(checks)).toEqual([
      { rule: 'Baik paling banyak 70% (4 orang)', name: 'Baik (maks.)', batas: 4, aktual: 5, ok: false },
      { rule: 'Butuh Perbaikan + Kurang paling sedikit 1 orang', name: 'Butuh Perbaikan + Kurang (min.)', batas: 1, aktual: 1, ok: true },
    ]);
    expect(ruleText({ predikat: ['SANGAT_BAIK'], kind: 'max', percent: '12.5', limit: 1, actual: 0, ok: true })).toBe(
      'Sangat Baik paling banyak 12,5% (1 orang)',
    );
    expect(checksOf(undefined)).toEqual([]);
  });

  it('shows a DISTRIBUTION_EXCEEDED refusal’s broken rules with their counts and caps', () => {
    const details = { counts: { SANGAT_BAIK: 1, BAIK: 5, BUTUH_PERBAIKAN: 0, KURANG: 1, SANGAT_KURANG: 0 }, checks: CHECKS };
    expect(refusalLines(details)).toEqual(['Baik: 5 orang, batas paling banyak 4 orang (70%).']);
    expect(countsText(details.counts)).toBe('Sangat Baik 1, Baik 5, Kurang 1');
    expect(countsText({})).toBe('belum ada');
  });
});
