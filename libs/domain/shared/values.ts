import { badInput, Nip, nipProblem } from '@kinerja/kernel';
import { assertLocalDate, LocalDate } from './local-date';

/**
 * The value types every edge (HTTP params, CLI arguments) parses the same way, defined once so that
 * a NIP or an OPD id refused on one route is refused with the same code and details on every other.
 * Each parser returns the typed value or throws the coded 400.
 */

/** A calendar month `YYYY-MM` (a payroll month, a daily-report month, a realisation period). */
export type Month = string;
/** An OPD id: the id of a root unit of the org chart. */
export type OpdId = string;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** OPD ids are chosen by the admin; this bounds them so an id can go into a URL, a log line or a file name. */
export const OPD_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,60}$/;

export function parseNip(s: string): Nip {
  const p = nipProblem(s);
  if (p) throw badInput('INVALID_NIP', p.message, { reason: p.reason, nip: s });
  return s;
}

export function parseMonth(s: string): Month {
  if (!MONTH_PATTERN.test(s)) throw badInput('INVALID_MONTH', 'month is YYYY-MM', { month: s });
  return s;
}

/** A realisation period: one month, refused as `INVALID_PERIOD` (it names the period, not a month). */
export function parseMonthPeriod(s: string): Month {
  if (!MONTH_PATTERN.test(s)) throw badInput('INVALID_PERIOD', 'period is a month, YYYY-MM', { period: s });
  return s;
}

/** The years a work plan (SKP) or feedback round may be for. */
export const PLAN_YEARS = { min: 2000, max: 2100 } as const;

/** A four-digit year; with `range`, also within it (work plans: `PLAN_YEARS`). */
export function parseYear(s: string, range?: { min: number; max: number }): number {
  if (!range) {
    if (!/^\d{4}$/.test(s)) throw badInput('INVALID_YEAR', 'year is YYYY', { year: s });
  } else if (!/^\d{4}$/.test(s) || +s < range.min || +s > range.max)
    throw badInput('INVALID_YEAR', `year must be ${range.min}..${range.max}`, { year: s });
  return Number(s);
}

export function parseOpdId(s: string): OpdId {
  if (!OPD_ID_PATTERN.test(s)) throw badInput('INVALID_OPD_ID', 'an OPD id is letters, digits and _.@-', { opdId: s });
  return s;
}

/** `INVALID_DATE` naming the field. */
export function parseLocalDate(s: unknown, field = 'date'): LocalDate {
  assertLocalDate(s, field);
  return s;
}
