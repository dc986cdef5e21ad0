// The reconciliation with e-Kinerja BKN as the page shows it: the kinds of difference, the dry run's
// bad rows in Indonesian, the periods offered for an upload, and the differences a refused
// submission names (PREDIKAT_SOURCES_DISAGREE's details).

export type DifferenceKind = 'DIFFERENT_PREDIKAT' | 'BKN_ONLY' | 'KINERJA_ONLY';
export type Source = 'KINERJA' | 'BKN';
export type StatusFilter = 'unresolved' | 'resolved' | 'all';

export const KIND_LABEL: ReadonlyMap<string, string> = new Map([
  ['DIFFERENT_PREDIKAT', 'Predikat berbeda'],
  ['BKN_ONLY', 'Hanya ada di e-Kinerja BKN'],
  ['KINERJA_ONLY', 'Tidak ada di e-Kinerja BKN'],
]);

export const SOURCE_LABEL: ReadonlyMap<string, string> = new Map([
  ['KINERJA', 'kinerja'],
  ['BKN', 'e-Kinerja BKN'],
]);

/** The status filter as the address names it (`?status=belum|sudah|semua`) and the API's. */
export const STATUS_PARAM: ReadonlyMap<string, StatusFilter> = new Map([
  ['belum', 'unresolved'],
  ['sudah', 'resolved'],
  ['semua', 'all'],
]);
export const STATUS_OPTIONS = [
  { value: 'belum', label: 'Belum diselesaikan' },
  { value: 'sudah', label: 'Sudah diselesaikan' },
  { value: 'semua', label: 'Semua' },
] as const;

const REASON: ReadonlyMap<string, string> = new Map([
  ['INVALID_NIP', 'NIP tidak sah: harus 18 angka.'],
  ['DUPLICATE_NIP', 'NIP ini muncul lebih dari sekali dalam berkas.'],
  ['UNKNOWN_EMPLOYEE', 'NIP ini tidak terdaftar sebagai pegawai di kinerja.'],
  ['UNKNOWN_PREDIKAT', 'Predikat tidak dikenal. Pakai SANGAT BAIK, BAIK, BUTUH PERBAIKAN, KURANG/MISCONDUCT, atau SANGAT KURANG.'],
  ['UNKNOWN_RATING', 'Rating tidak dikenal. Pakai DIATAS EKSPEKTASI, SESUAI EKSPEKTASI, atau DIBAWAH EKSPEKTASI.'],
  ['INVALID_PERIOD', 'Periode tidak dapat dibaca (contoh: 2026-03, MARET 2026, TRIWULAN I 2026).'],
  ['PERIOD_MISMATCH', 'Periode baris ini bukan periode yang diimpor.'],
  ['INVALID_TEXT', 'Sel memuat karakter yang tidak diizinkan (karakter kendali atau karakter rusak).'],
]);

export interface RowErrorIn {
  line: number;
  column: string;
  nip?: string;
  code: string;
  message: string;
}

export interface ReportRow {
  line: number | null;
  column: string;
  nip: string;
  reason: string;
  code: string;
}

/** Every bad row of a dry run, in the order of the file, with the reason in Indonesian. */
export function reportRows(errors: readonly RowErrorIn[]): ReportRow[] {
  return errors
    .map((e) => ({
      line: e.line > 0 ? e.line : null,
      column: e.column || '—',
      nip: e.nip ?? '',
      reason: REASON.get(e.code) ?? 'Baris ini tidak dapat dibaca.',
      code: e.code,
    }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/** The quarters of the months offered (YYYY-Qn), newest first, without repeats. */
export function quartersOf(months: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of months) {
    const q = `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
    if (!out.includes(q)) out.push(q);
  }
  return out;
}

export const isPeriod = (p: string): boolean => /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(p);

/** The file's bytes as base64, as the import takes them (in chunks: a 10 MB file is no one string of codes). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export interface RefusedDifference {
  nip: string;
  name: string;
  kind: string;
  kinerja: string | null;
  bkn: string | null;
}

/** The differences a PREDIKAT_SOURCES_DISAGREE refusal names, read defensively from its details. */
export function refusedDifferences(details: Record<string, unknown>): { count: number; differences: RefusedDifference[] } {
  const list = Array.isArray(details.differences) ? details.differences : [];
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const differences = list
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && typeof (d as { nip?: unknown }).nip === 'string')
    .map((d) => ({ nip: d.nip as string, name: str(d.name) ?? '', kind: str(d.kind) ?? '', kinerja: str(d.kinerja), bkn: str(d.bkn) }));
  const count = typeof details.count === 'number' ? details.count : differences.length;
  return { count, differences };
}
