import { badInput, Instant, isRealDate } from '@kinerja/kernel';

/**
 * A calendar date `YYYY-MM-DD` with no time and no zone: a TMT (effective date) in a decree, the
 * start of an assignment. Effective dates are calendar days of the Pemda, not instants, so they
 * compare as strings and never shift with a server's time zone.
 */
export type LocalDate = string;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = LOCAL_DATE_RE.exec(s);
  return m !== null && isRealDate(+m[1], +m[2], +m[3]);
}

/** Throws `INVALID_DATE` (400) naming the field. */
export function assertLocalDate(s: unknown, field: string): asserts s is LocalDate {
  if (!isLocalDate(s)) throw badInput('INVALID_DATE', `${field} must be a real date YYYY-MM-DD`, { field, value: s });
}

/** The Pemda's default zone (DOMAIN.md: objections are counted on the Asia/Jakarta calendar). */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * Per time zone, the quarter hour last asked about and its day. Most callers ask about "now" (the
 * date of a command, of the policy's check), many times a second, and `Intl`'s format costs a few
 * microseconds each: 1.5% of the API's busy samples under load. A quarter hour whose first and last
 * millisecond fall on the same day lies wholly in that day (leaving a day and coming back to it would
 * take two offset changes within fifteen minutes), so every instant in it has that day. Its ends are
 * checked the second time it is asked about, so a one-off instant costs no more than before.
 */
const lastQuarter = new Map<string, { quarter: number; date: LocalDate; checked: boolean; whole: boolean }>();

/** The calendar day of `instant` in the Pemda's time zone (WIB by default; WITA/WIT set theirs). */
export function localDateOf(instant: Instant | Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const t = d.getTime();
  if (Number.isNaN(t)) throw badInput('INVALID_INSTANT', 'not an ISO-8601 instant', { value: instant });
  const quarter = Math.floor(t / QUARTER_HOUR_MS);
  const last = lastQuarter.get(timeZone);
  if (last?.quarter === quarter && last.whole) return last.date;
  const f = formatterOf(timeZone);
  const date = f.format(d);
  if (last?.quarter !== quarter) lastQuarter.set(timeZone, { quarter, date, checked: false, whole: false });
  else if (!last.checked) {
    // Asked about again: worth two formats to know whether the quarter hour is one day's.
    const start = quarter * QUARTER_HOUR_MS;
    Object.assign(last, { date, checked: true, whole: f.format(start) === date && f.format(start + QUARTER_HOUR_MS - 1) === date });
  }
  return date;
}
