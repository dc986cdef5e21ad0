import { KinerjaError } from './errors';

/**
 * NIP (Nomor Induk Pegawai): the 18-digit identity of an ASN.
 *
 *   YYYYMMDD  YYYYMM  G  NNN
 *   birth     CPNS    gender (1 male, 2 female)  sequence
 *
 * The NIP is the stream key of an employee, so a bad one must never get into the log: every
 * boundary (API, import) parses it with `parseNip` and refuses with a coded `INVALID_NIP`.
 */
export type Nip = string;

export type NipInvalidReason = 'WRONG_LENGTH' | 'NOT_DIGITS' | 'BAD_BIRTH_DATE' | 'BAD_CPNS_MONTH' | 'CPNS_BEFORE_18' | 'BAD_GENDER_DIGIT';

export interface NipParts {
  nip: Nip;
  /** `YYYY-MM-DD` */
  birthDate: string;
  /** `YYYY-MM`: the month of TMT CPNS (the NIP only knows the month). */
  cpnsStart: string;
  gender: 'L' | 'P';
  /** 1..999; 000 is allowed by no issuing rule we know of, but we do not refuse it either. */
  sequence: number;
}

/** The NIP system began long after 1900; anything earlier is a typo, not an old civil servant. */
const MIN_BIRTH_YEAR = 1900;

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function invalid(nip: string, reason: NipInvalidReason, message: string): KinerjaError {
  return new KinerjaError('INVALID_NIP', message, 'BAD_INPUT', { reason, nip });
}

const DIGITS_RE = /^[0-9]+$/;

/** Why a NIP is invalid, or `undefined` when it is valid. Cheap: the import calls it per row. */
export function nipProblem(s: string): { reason: NipInvalidReason; message: string } | undefined {
  if (typeof s !== 'string' || s.length !== 18) return { reason: 'WRONG_LENGTH', message: 'a NIP has exactly 18 digits' };
  if (!DIGITS_RE.test(s)) return { reason: 'NOT_DIGITS', message: 'a NIP has digits only' };
  const by = +s.slice(0, 4);
  const bm = +s.slice(4, 6);
  const bd = +s.slice(6, 8);
  if (by < MIN_BIRTH_YEAR || !isRealDate(by, bm, bd)) return { reason: 'BAD_BIRTH_DATE', message: 'digits 1-8 are not a real birth date' };
  const cy = +s.slice(8, 12);
  const cm = +s.slice(12, 14);
  if (cm < 1 || cm > 12) return { reason: 'BAD_CPNS_MONTH', message: 'digits 9-14 are not a real CPNS month' };
  // The NIP only knows the CPNS month, so we compare months: a CPNS start in the month of the
  // 18th birthday passes (the TMT may well be after the birthday within that month).
  if (cy * 12 + cm < (by + 18) * 12 + bm) return { reason: 'CPNS_BEFORE_18', message: 'CPNS start is before the 18th birthday' };
  const g = s.charCodeAt(14) - 48;
  if (g !== 1 && g !== 2) return { reason: 'BAD_GENDER_DIGIT', message: 'digit 15 (gender) must be 1 or 2' };
  return undefined;
}

export function isValidNip(s: unknown): s is Nip {
  return typeof s === 'string' && nipProblem(s) === undefined;
}

/** Parse a NIP into its parts, or throw `INVALID_NIP` (BAD_INPUT) with `details.reason`. */
export function parseNip(s: string): NipParts {
  const p = nipProblem(s);
  if (p) throw invalid(String(s), p.reason, p.message);
  return {
    nip: s,
    birthDate: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
    cpnsStart: `${s.slice(8, 12)}-${s.slice(12, 14)}`,
    gender: s[14] === '1' ? 'L' : 'P',
    sequence: +s.slice(15, 18),
  };
}

/** mulberry32: tiny, fast, good enough for demo data, and the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * One valid NIP drawn from a seeded generator: born 1965-2001, CPNS at 20-35 years of age and
 * no later than 2024. The same seed always gives the same NIP.
 */
export function nipFromSeed(seed: number): Nip {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const by = int(1965, 2001);
  const bm = int(1, 12);
  const bd = int(1, daysInMonth(by, bm));
  const cy = Math.min(2024, by + int(20, 35));
  const cm = int(1, 12);
  const g = int(1, 2);
  const seq = int(1, 999);
  return `${by}${pad(bm, 2)}${pad(bd, 2)}${cy}${pad(cm, 2)}${g}${pad(seq, 3)}`;
}

/** `count` distinct valid NIPs for demo data, deterministic in `seed`. */
export function generateNips(count: number, seed = 1): Nip[] {
  const out: Nip[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const nip = nipFromSeed(seed * 1_000_003 + i);
    if (!seen.has(nip)) {
      seen.add(nip);
      out.push(nip);
    }
  }
  return out;
}
