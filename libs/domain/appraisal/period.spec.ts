import {
  addDays,
  assertPeriod,
  endOfLocalDay,
  isLastPeriodOfYear,
  lastDayOf,
  lastPeriodOfYear,
  monthsOf,
  nextPeriod,
  parsePeriod,
  previousPeriod,
  yearOf,
} from './period';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string; details?: Record<string, unknown> }).code;
  }
  return undefined;
};

describe('parsePeriod / assertPeriod', () => {
  it('reads a month or a quarter', () => {
    expect(parsePeriod('2026-03')).toEqual({ year: 2026, length: 'MONTHLY', index: 3 });
    expect(parsePeriod('2026-12')).toEqual({ year: 2026, length: 'MONTHLY', index: 12 });
    expect(parsePeriod('2026-Q4')).toEqual({ year: 2026, length: 'QUARTERLY', index: 4 });
  });

  it.each<unknown>(['2026-00', '2026-13', '2026-3', '26-03', '2026-Q0', '2026-Q5', '2026-q1', '2026/03', '', null, undefined, 202603])(
    'refuses %p with INVALID_PERIOD',
    (p) => {
      expect(parsePeriod(p)).toBeUndefined();
      expect(codeOf(() => assertPeriod(p))).toBe('INVALID_PERIOD');
    },
  );

  it('refuses a period of the other length than the policy’s', () => {
    expect(codeOf(() => assertPeriod('2026-Q1', 'MONTHLY'))).toBe('INVALID_PERIOD');
    expect(codeOf(() => assertPeriod('2026-03', 'QUARTERLY'))).toBe('INVALID_PERIOD');
    expect(() => assertPeriod('2026-03', 'MONTHLY')).not.toThrow();
    expect(() => assertPeriod('2026-Q1', 'QUARTERLY')).not.toThrow();
    expect(() => assertPeriod('2026-Q1')).not.toThrow();
  });
});

describe('previous and next period', () => {
  it.each([
    ['2026-03', '2026-02', '2026-04'],
    ['2026-01', '2025-12', '2026-02'],
    ['2026-12', '2026-11', '2027-01'],
    ['2026-Q2', '2026-Q1', '2026-Q3'],
    ['2026-Q1', '2025-Q4', '2026-Q2'],
    ['2026-Q4', '2026-Q3', '2027-Q1'],
  ])('%s: previous %s, next %s', (p, prev, next) => {
    expect(previousPeriod(p)).toBe(prev);
    expect(nextPeriod(p)).toBe(next);
    expect(nextPeriod(previousPeriod(p))).toBe(p);
  });

  it('refuses a malformed period', () => {
    expect(codeOf(() => previousPeriod('2026-13'))).toBe('INVALID_PERIOD');
  });

  it('knows the year’s last period', () => {
    expect(lastPeriodOfYear(2026, 'MONTHLY')).toBe('2026-12');
    expect(lastPeriodOfYear(2026, 'QUARTERLY')).toBe('2026-Q4');
    expect(isLastPeriodOfYear('2026-12')).toBe(true);
    expect(isLastPeriodOfYear('2026-Q4')).toBe(true);
    expect(isLastPeriodOfYear('2026-11')).toBe(false);
    expect(isLastPeriodOfYear('2026-Q3')).toBe(false);
    expect(yearOf('2027-Q1')).toBe(2027);
  });
});

describe('days of a period', () => {
  it('the last day, leap years included', () => {
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
    expect(lastDayOf('2026-Q1')).toBe('2026-03-31');
    expect(lastDayOf('2026-Q2')).toBe('2026-06-30');
  });

  it('the months a period covers', () => {
    expect(monthsOf('2026-Q2')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthsOf('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOf('2026-07')).toEqual(['2026-07']);
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-03-01', 14)).toBe('2026-03-15');
    expect(addDays('2026-02-20', 14)).toBe('2026-03-06');
    expect(addDays('2028-02-20', 14)).toBe('2028-03-05');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
  });
});

describe('endOfLocalDay', () => {
  it('is midnight after the day in the Pemda’s zone', () => {
    expect(endOfLocalDay('2026-03-15', 'Asia/Jakarta')).toBe('2026-03-15T17:00:00.000Z');
    expect(endOfLocalDay('2026-03-15', 'Asia/Makassar')).toBe('2026-03-15T16:00:00.000Z');
    expect(endOfLocalDay('2026-03-15', 'Asia/Jayapura')).toBe('2026-03-15T15:00:00.000Z');
    expect(endOfLocalDay('2026-12-31', 'Asia/Jakarta')).toBe('2026-12-31T17:00:00.000Z');
  });
  it('defaults to Asia/Jakarta', () => {
    expect(endOfLocalDay('2026-03-15')).toBe('2026-03-15T17:00:00.000Z');
  });
});
