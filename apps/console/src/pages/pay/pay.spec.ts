import { AMOUNT_LABEL, defaultSlipMonth, recentMonths } from './pay';

describe('the Slip TPP page’s logic', () => {
  it('offers the last twelve months, newest first, across a new year', () => {
    expect(recentMonths('2026-02-10', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(recentMonths('2026-11-30')).toHaveLength(12);
  });

  it('opens on the month before today', () => {
    expect(defaultSlipMonth('2026-11-30')).toBe('2026-10');
    expect(defaultSlipMonth('2027-01-05')).toBe('2026-12');
  });

  it('names every amount of a pay line once', () => {
    const keys = AMOUNT_LABEL.map(([k]) => k);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(['performancePart', 'disciplinePart', 'sanctionCut', 'gross', 'healthContribution', 'incomeTax', 'net']),
    );
  });
});
