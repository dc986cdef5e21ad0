import { D, type Dec } from '@kinerja/kernel';

// Shared formatting of the documents: Indonesian months and dates, rupiah with thousands dots, and
// text made safe for the PDF's standard fonts.

export const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** `2026-03` -> `Maret 2026`. */
export function monthName(month: string): string {
  const [y, m] = month.split('-');
  const name = MONTHS_ID[Number(m) - 1];
  return name ? `${name} ${y}` : month;
}

/** `2026-03-25` (or an ISO instant: its date on the Pemda's calendar, as written) -> `25 Maret 2026`. */
export function dateName(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const name = MONTHS_ID[Number(m[2]) - 1];
  return name ? `${Number(m[3])} ${name} ${m[1]}` : date;
}

/** A whole-rupiah string with thousands dots: `-1234567` -> `-1.234.567`. */
export function rupiahText(amount: string): string {
  const neg = amount.startsWith('-');
  const digits = neg ? amount.slice(1) : amount;
  return `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** The sum of whole-rupiah strings, exactly (decimal.js). */
export function sumRupiah(amounts: Iterable<string>): string {
  let total: Dec = new D(0);
  for (const a of amounts) total = total.plus(a);
  return total.toFixed(0);
}

/**
 * A whole-rupiah string as a spreadsheet number. Exact: amounts are integers far below 2^53
 * (Number.MAX_SAFE_INTEGER is about 9 * 10^15 rupiah), so the double holds the very same integer.
 */
export function rupiahNumber(amount: string): number {
  if (!/^-?\d{1,15}$/.test(amount)) throw new RangeError(`not a whole-rupiah amount a spreadsheet holds exactly: ${amount}`);
  return Number(amount);
}

// The PDF's standard fonts (Helvetica) encode WinAnsi only: characters outside it are replaced so a
// name with an unusual letter still prints (as "?") instead of garbling the line.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS = new Map([
  ['−', '-'],
  ['→', '->'],
  ['≥', '>='],
  ['≤', '<='],
]);

/** Text the PDF's standard fonts can draw: control characters dropped, others outside WinAnsi replaced. */
export function pdfText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += code === 0x0a ? '\n' : ' ';
    else if (code < 0x7f || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += REPLACEMENTS.get(ch) ?? '?';
  }
  return out;
}
