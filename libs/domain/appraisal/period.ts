import { badInput, Instant } from '@kinerja/kernel';
import type { AppraisalPeriodLength } from '@kinerja/policies';
import { DEFAULT_TIME_ZONE, LocalDate } from '../shared';

/**
 * An appraisal period: a month `2026-03` (the default, because TPP is monthly) or a quarter
 * `2026-Q1` when the policy says QUARTERLY. The year's predikat is that of its last period.
 */
export type Period = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export interface PeriodParts {
  year: number;
  length: AppraisalPeriodLength;
  /** 1-12 for a month, 1-4 for a quarter. */
  index: number;
}

export function parsePeriod(p: unknown): PeriodParts | undefined {
  if (typeof p !== 'string') return undefined;
  const m = MONTH_RE.exec(p);
  if (m) return { year: +m[1], length: 'MONTHLY', index: +m[2] };
  const q = QUARTER_RE.exec(p);
  if (q) return { year: +q[1], length: 'QUARTERLY', index: +q[2] };
  return undefined;
}

/** Throws INVALID_PERIOD unless `p` is a period of the policy's length. */
export function assertPeriod(p: unknown, length?: AppraisalPeriodLength): asserts p is Period {
  const parts = parsePeriod(p);
  if (!parts) throw badInput('INVALID_PERIOD', 'a period is a month YYYY-MM or a quarter YYYY-Qn', { period: p });
  if (length && parts.length !== length)
    throw badInput(
      'INVALID_PERIOD',
      `the policy in force appraises ${length === 'MONTHLY' ? 'monthly (YYYY-MM)' : 'quarterly (YYYY-Qn)'}`,
      { period: p, periodLength: length },
    );
}

const format = (year: number, length: AppraisalPeriodLength, index: number): Period =>
  length === 'MONTHLY' ? `${year}-${String(index).padStart(2, '0')}` : `${year}-Q${index}`;

const perYear = (length: AppraisalPeriodLength) => (length === 'MONTHLY' ? 12 : 4);

function parts(p: Period): PeriodParts {
  assertPeriod(p);
  return parsePeriod(p)!;
}

export function previousPeriod(p: Period): Period {
  const { year, length, index } = parts(p);
  return index > 1 ? format(year, length, index - 1) : format(year - 1, length, perYear(length));
}

export function nextPeriod(p: Period): Period {
  const { year, length, index } = parts(p);
  return index < perYear(length) ? format(year, length, index + 1) : format(year + 1, length, 1);
}

/** December, or the fourth quarter: its predikat is the year's. */
export const lastPeriodOfYear = (year: number, length: AppraisalPeriodLength): Period => format(year, length, perYear(length));
export const isLastPeriodOfYear = (p: Period): boolean => parts(p).index === perYear(parts(p).length);
export const yearOf = (p: Period): number => parts(p).year;

/** The months (YYYY-MM) a period covers: TPP of each is paid on the period's predikat. */
export function monthsOf(p: Period): string[] {
  const { year, length, index } = parts(p);
  if (length === 'MONTHLY') return [format(year, 'MONTHLY', index)];
  return [1, 2, 3].map((i) => format(year, 'MONTHLY', (index - 1) * 3 + i));
}

/** The period's last calendar day: the rater is the supervisor on this day. */
export function lastDayOf(p: Period): LocalDate {
  const months = monthsOf(p);
  const [y, m] = months[months.length - 1].split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export const addDays = (d: LocalDate, n: number): LocalDate =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC in minutes at an instant ("GMT+07:00" -> 420). */
function offsetMinutes(timeZone: string, at: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) offsetFormatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(at)).find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +(m[3] ?? 0)) : 0;
}

/** The instant a calendar day ends in the zone (midnight local, i.e. the start of the next day). */
export function endOfLocalDay(d: LocalDate, timeZone: string = DEFAULT_TIME_ZONE): Instant {
  const nextMidnightUtc = Date.parse(`${addDays(d, 1)}T00:00:00Z`);
  return new Date(nextMidnightUtc - offsetMinutes(timeZone, nextMidnightUtc) * 60_000).toISOString();
}

/**
 * The candidates for a year's last period, one per period length: which one a year has depends on
 * the policy of that year, so a reader of the year's predikat looks at both.
 */
export const lastPeriodsOfYear = (year: number): Period[] => [lastPeriodOfYear(year, 'MONTHLY'), lastPeriodOfYear(year, 'QUARTERLY')];
