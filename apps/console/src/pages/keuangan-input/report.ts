// The import's dry-run report as the page shows it: every bad row with its line, its column and the
// reason in Indonesian. The API reports a row by its line, NIP and code; the column is read from the
// code (and, for a count, from the message that names it), and a row the payroll register does not
// know (reported without a line) is found in the file by its NIP.

export type ImportKind = 'attendance' | 'predikat';

export interface RowErrorIn {
  line: number;
  nip?: string;
  code: string;
  message: string;
}

export interface ReportRow {
  /** The file's line (1 is the header), or null when it cannot be found. */
  line: number | null;
  nip: string;
  column: string;
  reason: string;
  code: string;
}

const REASON: ReadonlyMap<string, string> = new Map([
  ['INVALID_NIP', 'NIP tidak sah: harus 18 angka.'],
  ['DUPLICATE_NIP', 'NIP ini muncul lebih dari sekali dalam berkas.'],
  ['UNKNOWN_EMPLOYEE', 'NIP ini tidak terdaftar dalam daftar pegawai penerima TPP.'],
  ['INVALID_ATTENDANCE_COUNT', 'Jumlah harus bilangan bulat 0 atau lebih.'],
  ['TOO_MANY_CELLS', 'Baris ini memuat lebih banyak kolom daripada judul kolomnya.'],
  ['UNKNOWN_PREDIKAT', 'Predikat tidak dikenal. Pakai SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, atau SANGAT_KURANG.'],
]);

/** The column a row error is about. */
export function columnOf(kind: ImportKind, e: RowErrorIn): string {
  switch (e.code) {
    case 'INVALID_NIP':
    case 'DUPLICATE_NIP':
    case 'UNKNOWN_EMPLOYEE':
      return 'nip';
    case 'UNKNOWN_PREDIKAT':
      return 'predikat';
    case 'INVALID_ATTENDANCE_COUNT':
      return /^(TL[1-4]|PSW[1-4]|TK)\b/.exec(e.message)?.[1] ?? (kind === 'attendance' ? 'jumlah' : '—');
    default:
      return '—';
  }
}

/** The line of the file (1 = the header) whose first cell is `nip`, or null. */
export function lineOfNip(csv: string, nip: string): number | null {
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) if ((lines[i].split(',')[0] ?? '').trim() === nip) return i + 1;
  return null;
}

/** Every bad row, in the order of the file. */
export function reportRows(kind: ImportKind, csv: string, errors: readonly RowErrorIn[]): ReportRow[] {
  return errors
    .map((e) => ({
      line: e.line > 0 ? e.line : e.nip ? lineOfNip(csv, e.nip) : null,
      nip: e.nip ?? '',
      column: columnOf(kind, e),
      reason: REASON.get(e.code) ?? 'Baris ini tidak dapat dibaca.',
      code: e.code,
    }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/** The months offered: the next one and the eleven before this one, newest first. */
export function monthsAround(today: string, count = 13): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) + 1;
  if (m === 13) {
    m = 1;
    y += 1;
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}
