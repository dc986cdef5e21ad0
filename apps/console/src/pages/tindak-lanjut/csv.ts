// CSV built in the browser (RFC 4180: every cell quoted, quotes doubled, CRLF between rows), safe to
// open in a spreadsheet: a cell that begins with = + - @ (or a tab / carriage return) would be read as
// a formula, so it gets a leading apostrophe.

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : Array.isArray(value) ? value.map(String).join('; ') : String(value);
  if (FORMULA.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Reads every page of a paged list (`limit`/`offset`) until a short page. */
export async function allPages<T>(fetchPage: (limit: number, offset: number) => Promise<T[]>, limit = 500, max = 200): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < max; i++) {
    const rows = await fetchPage(limit, i * limit);
    out.push(...rows);
    if (rows.length < limit) return out;
  }
  throw new Error('too many pages');
}
