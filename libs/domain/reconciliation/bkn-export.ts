/**
 * The predikat export of e-Kinerja BKN, as a Pemda downloads it (CSV with `,` or `;`, or the first
 * sheet of an .xlsx read into cells by the application): one row per ASN with NIP, name, period,
 * the two ratings and the predikat. Pure: a table of cells in, the rows and every bad row out.
 */
import { badInput, isValidNip } from '@kinerja/kernel';
import { PREDIKAT, type Predikat, type Rating } from '@kinerja/policies';

/** A file row read into cells, with the 1-based line (CSV) or row number (sheet) it stands on. */
export interface TableRow {
  line: number;
  cells: string[];
}

export interface BknRow {
  nip: string;
  name: string;
  /** The period as the file writes it (for the record; the import's period is the one that counts). */
  periodText: string;
  results: Rating | null;
  behaviour: Rating | null;
  predikat: Predikat;
}

/** A bad row: where (line and column as the file names it), what (a stable code) and why. */
export interface BknRowError {
  line: number;
  column: string;
  nip?: string;
  code: string;
  message: string;
}

export interface ParsedBknExport {
  rows: BknRow[];
  errors: BknRowError[];
  /** The line of each accepted NIP (faults found later, such as a NIP the register lacks). */
  lineOf: ReadonlyMap<string, number>;
}

/** More rows than any Pemda has ASN: a bigger file is refused whole, before a row is read. */
export const MAX_BKN_ROWS = 100_000;
/** The longest cell kept (a name, a period): anything longer is a hostile or broken file. */
const MAX_CELL = 200;

type Column = 'NIP' | 'NAME' | 'PERIOD' | 'RESULTS' | 'BEHAVIOUR' | 'PREDIKAT';

/** The header spellings an export plausibly has, normalised (upper case, single spaces, no dots). */
const HEADERS: ReadonlyMap<string, Column> = new Map<string, Column>([
  ...['NIP', 'NIP BARU', 'NIP PEGAWAI', 'NIP ASN'].map((h) => [h, 'NIP'] as const),
  ...['NAMA', 'NAMA PEGAWAI', 'NAMA LENGKAP', 'NAMA ASN'].map((h) => [h, 'NAME'] as const),
  ...['PERIODE', 'PERIODE PENILAIAN', 'PERIODE KINERJA'].map((h) => [h, 'PERIOD'] as const),
  ...['HASIL KERJA', 'RATING HASIL KERJA', 'HASIL KINERJA', 'RATING HASIL KINERJA'].map((h) => [h, 'RESULTS'] as const),
  ...['PERILAKU', 'PERILAKU KERJA', 'RATING PERILAKU', 'RATING PERILAKU KERJA'].map((h) => [h, 'BEHAVIOUR'] as const),
  ...['PREDIKAT', 'PREDIKAT KINERJA', 'PREDIKAT KINERJA PEGAWAI'].map((h) => [h, 'PREDIKAT'] as const),
]);

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .toUpperCase()
    .replace(/[._]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** A value compared without case, spaces, `_`, `-` or `/`: `Di Atas Ekspektasi` = `DIATAS_EKSPEKTASI`. */
const squash = (v: string) => v.toUpperCase().replace(/[\s_\-/]+/g, '');

const RATINGS: ReadonlyMap<string, Rating> = new Map<string, Rating>([
  ['DIATASEKSPEKTASI', 'DI_ATAS_EKSPEKTASI'],
  ['SESUAIEKSPEKTASI', 'SESUAI_EKSPEKTASI'],
  ['DIBAWAHEKSPEKTASI', 'DI_BAWAH_EKSPEKTASI'],
]);
const PREDIKATS: ReadonlyMap<string, Predikat> = new Map<string, Predikat>([
  ['SANGATBAIK', 'SANGAT_BAIK'],
  ['BAIK', 'BAIK'],
  ['BUTUHPERBAIKAN', 'BUTUH_PERBAIKAN'],
  ['KURANG', 'KURANG'],
  // PermenPANRB 6/2022 names the fourth predikat "Kurang/Misconduct".
  ['MISCONDUCT', 'KURANG'],
  ['KURANGMISCONDUCT', 'KURANG'],
  ['SANGATKURANG', 'SANGAT_KURANG'],
]);

/** A rating as e-Kinerja writes it (`DIATAS EKSPEKTASI`, `Sesuai Ekspektasi`, …), or undefined. */
export const bknRatingOf = (v: string): Rating | undefined => RATINGS.get(squash(v));
/** A predikat as e-Kinerja writes it (`SANGAT BAIK`, `KURANG/MISCONDUCT`, …), or undefined. */
export const bknPredikatOf = (v: string): Predikat | undefined => PREDIKATS.get(squash(v));

const MONTHS_ID = [
  'JANUARI',
  'FEBRUARI',
  'MARET',
  'APRIL',
  'MEI',
  'JUNI',
  'JULI',
  'AGUSTUS',
  'SEPTEMBER',
  'OKTOBER',
  'NOVEMBER',
  'DESEMBER',
];
const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * A period as an export may write it, as kinerja's (`2026-03` or `2026-Q1`): `2026-03`, `03/2026`,
 * `MARET 2026`, `2026-Q1`, `TRIWULAN I 2026`, `JANUARI - MARET 2026`; undefined when unreadable.
 */
export function bknPeriodOf(text: string): string | undefined {
  const t = text.toUpperCase().replace(/\s+/g, ' ').trim();
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(0?[1-9]|1[0-2])[/-](\d{4})$/.exec(t);
  if (m) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})-Q([1-4])$/.exec(t);
  if (m) return `${m[1]}-Q${m[2]}`;
  m = /^(?:TRIWULAN|TW) (I|II|III|IV|[1-4]) (\d{4})$/.exec(t);
  if (m) return `${m[2]}-Q${ROMAN.includes(m[1]) ? ROMAN.indexOf(m[1]) + 1 : m[1]}`;
  m = /^([A-Z]+) (\d{4})$/.exec(t);
  if (m && MONTHS_ID.includes(m[1])) return `${m[2]}-${String(MONTHS_ID.indexOf(m[1]) + 1).padStart(2, '0')}`;
  m = /^([A-Z]+) ?- ?([A-Z]+) (\d{4})$/.exec(t);
  if (m && MONTHS_ID.includes(m[1]) && MONTHS_ID.includes(m[2])) {
    const from = MONTHS_ID.indexOf(m[1]);
    const to = MONTHS_ID.indexOf(m[2]);
    if (from === to) return `${m[3]}-${String(from + 1).padStart(2, '0')}`;
    if (from % 3 === 0 && to === from + 2) return `${m[3]}-Q${from / 3 + 1}`;
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a person could have typed: no control characters but tab, no lone surrogate. */
function textProblem(s: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s)) return 'a control character (such as NUL)';
  if (LONE_SURROGATE.test(s)) return 'a lone surrogate (not Unicode text)';
  if (s.length > MAX_CELL) return `more than ${MAX_CELL} characters`;
  return undefined;
}

/**
 * CSV text into rows of cells: `,`, `;` or tab (the header line says which), quotes with `""`
 * inside and line breaks in a quoted cell, a leading BOM tolerated. Blank lines are skipped.
 */
export function readCsvTable(text: string): TableRow[] {
  if (typeof text !== 'string' || !text.replace(/^\uFEFF/, '').trim()) throw badInput('EMPTY_FILE', 'the file is empty');
  const src = text.replace(/^\uFEFF/, '');
  // The separator is the one the first lines use most (a title line above the header may have none).
  const head = src.slice(0, 4000);
  const count = (c: string) => head.split(c).length - 1;
  const sep = count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) {
      rows.push({ line: startLine, cells: cells.map((c) => c.trim()) });
      if (rows.length > MAX_BKN_ROWS + 1)
        throw badInput('TOO_MANY_ROWS', `at most ${MAX_BKN_ROWS} rows per file`, { maxRows: MAX_BKN_ROWS });
    }
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      startLine = line;
    } else cell += ch;
  }
  endRow();
  return rows;
}

/**
 * The export's rows for the import's period (`2026-03` or `2026-Q1`): the header row found by its
 * names (any extra column such as NO, JABATAN or UNIT KERJA is ignored), each row checked; a row
 * with any fault is named (line, column, code, message) and left out.
 */
export function parseBknExport(table: readonly TableRow[], period: string): ParsedBknExport {
  if (!table.length) throw badInput('EMPTY_FILE', 'the file is empty');
  if (table.length > MAX_BKN_ROWS + 1) throw badInput('TOO_MANY_ROWS', `at most ${MAX_BKN_ROWS} rows per file`, { maxRows: MAX_BKN_ROWS });
  // Exports often carry a title line or two above the header: the header is the first row naming NIP and PREDIKAT.
  const headerAt = table.slice(0, 10).findIndex((r) => {
    const cols = new Set(r.cells.map((c) => HEADERS.get(normaliseHeader(c))));
    return cols.has('NIP') && cols.has('PREDIKAT');
  });
  if (headerAt < 0)
    throw badInput('INVALID_HEADER', 'no header row naming NIP and PREDIKAT (e.g. NIP;NAMA;PERIODE;HASIL KERJA;PERILAKU;PREDIKAT)', {
      firstRow: table[0].cells.slice(0, 12).map((c) => c.slice(0, 40)),
    });
  const header = table[headerAt].cells;
  const at = new Map<Column, { index: number; name: string }>();
  header.forEach((h, index) => {
    const col = HEADERS.get(normaliseHeader(h));
    if (col && !at.has(col)) at.set(col, { index, name: h.replace(/^\uFEFF/, '').slice(0, 40) });
  });
  const rows: BknRow[] = [];
  const errors: BknRowError[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, cells } of table.slice(headerAt + 1)) {
    const bad = (column: Column | 'ROW', code: string, message: string, nip?: string) =>
      void errors.push({ line, column: column === 'ROW' ? '' : (at.get(column)?.name ?? column), ...(nip ? { nip } : {}), code, message });
    const cellOf = (c: Column) => {
      const p = at.get(c);
      return p === undefined ? '' : (cells[p.index] ?? '');
    };
    let faulty = false;
    for (const c of at.keys()) {
      const problem = textProblem(cellOf(c));
      if (problem) {
        bad(c, 'INVALID_TEXT', `the cell holds ${problem}`);
        faulty = true;
      }
    }
    if (faulty) continue;
    const nip = cellOf('NIP').replace(/^'/, '').replace(/\s+/g, '');
    if (!isValidNip(nip)) {
      bad('NIP', 'INVALID_NIP', `not a NIP: ${JSON.stringify(cellOf('NIP').slice(0, 40))}`);
      continue;
    }
    if (lineOf.has(nip)) {
      bad('NIP', 'DUPLICATE_NIP', `the NIP is already on line ${lineOf.get(nip)}`, nip);
      continue;
    }
    const predikat = bknPredikatOf(cellOf('PREDIKAT'));
    if (!predikat)
      bad('PREDIKAT', 'UNKNOWN_PREDIKAT', `unknown predikat ${JSON.stringify(cellOf('PREDIKAT'))}; known: ${PREDIKAT.join(', ')}`, nip);
    const rating = (c: 'RESULTS' | 'BEHAVIOUR'): Rating | null | undefined => {
      const v = cellOf(c);
      if (v === '' || v === '-') return null;
      const r = bknRatingOf(v);
      if (!r) bad(c, 'UNKNOWN_RATING', `unknown rating ${JSON.stringify(v)}; known: DIATAS, SESUAI, DIBAWAH EKSPEKTASI`, nip);
      return r;
    };
    const results = rating('RESULTS');
    const behaviour = rating('BEHAVIOUR');
    const periodText = cellOf('PERIOD');
    if (periodText !== '') {
      const p = bknPeriodOf(periodText);
      if (!p)
        bad('PERIOD', 'INVALID_PERIOD', `unreadable period ${JSON.stringify(periodText)} (e.g. 2026-03, MARET 2026, TRIWULAN I 2026)`, nip);
      else if (p !== period) bad('PERIOD', 'PERIOD_MISMATCH', `the row is for ${p}, the import for ${period}`, nip);
      if (!p || p !== period) continue;
    }
    if (!predikat || results === undefined || behaviour === undefined) continue;
    lineOf.set(nip, line);
    rows.push({ nip, name: cellOf('NAME'), periodText, results, behaviour, predikat });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, lineOf };
}
