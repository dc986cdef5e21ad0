/** Prints benchmark rows as an aligned table; every bench prints through this. */
export interface BenchRow {
  case: string;
  [column: string]: string | number;
}

export function printTable(title: string, rows: BenchRow[]): void {
  const cols = Array.from(rows.reduce((s, r) => (Object.keys(r).forEach((k) => s.add(k)), s), new Set<string>()));
  const cell = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => '| ' + vals.map((v, i) => v.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(cols));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
  console.log('');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A goal check printed under the table: PASS/MISS with the numbers compared. */
export function goal(label: string, ok: boolean, detail: string): string {
  const line = `${ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`;
  console.log(line);
  return line;
}
