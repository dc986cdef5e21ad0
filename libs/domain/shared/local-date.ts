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

/** The calendar day of `instant` in the Pemda's time zone (WIB by default; WITA/WIT set theirs). */
export function localDateOf(instant: Instant | Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw badInput('INVALID_INSTANT', 'not an ISO-8601 instant', { value: instant });
  return f.format(d);
}
