/**
 * kinerja's issued periodic appraisals as rows shaped like SIASN's periodic-performance record
 * (riwayat kinerja periodik): the two ratings and the quadrant as SIASN's reference numbers, the
 * months the period covers, the year, the rater, and the employee's NIP. Pure.
 */
import type { Predikat, Rating } from '@kinerja/policies';

/**
 * SIASN's reference numbers (`referensi perilakuDanKinerja` for the two ratings, `kuadranNilai`
 * for the quadrant), in one place: a Pemda whose SIASN reference numbers differ changes them here.
 */
export const SIASN_RATING_VALUE: Readonly<Record<Rating, number>> = {
  DI_ATAS_EKSPEKTASI: 1,
  SESUAI_EKSPEKTASI: 2,
  DI_BAWAH_EKSPEKTASI: 3,
};
export const SIASN_QUADRANT_VALUE: Readonly<Record<Predikat, number>> = {
  SANGAT_BAIK: 1,
  BAIK: 2,
  BUTUH_PERBAIKAN: 3,
  KURANG: 4,
  SANGAT_KURANG: 5,
};

/** One issued appraisal with its rater as the org chart named them on the period's last day. */
export interface IssuedAppraisal {
  nip: string;
  name: string;
  period: string;
  results: Rating;
  behaviour: Rating;
  predikat: Predikat;
  rater: { nip: string; name: string; position: string; unit: string };
}

export interface SiasnPeriodicPerformanceRow {
  /** The employee appraised (NIP baru, 18 digits). */
  nipBaru: string;
  nama: string;
  /** kinerja's period (`2026-03`, `2026-Q1`), for the Pemda's own check. */
  periode: string;
  tahun: number;
  bulanMulaiPenilaian: number;
  bulanSelesaiPenilaian: number;
  tahunMulaiPenilaian: number;
  tahunSelesaiPenilaian: number;
  hasilKinerjaNilai: number;
  perilakuKerjaNilai: number;
  kuadranKinerjaNilai: number;
  predikat: Predikat;
  penilaiNipNrp: string;
  penilaiNama: string;
  penilaiJabatanNama: string;
  penilaiUnorNama: string;
  statusPenilai: 'ASN';
}

/** The first and last month (1-12) of a period `YYYY-MM` or `YYYY-Qn`, and its year. */
export function periodMonths(period: string): { year: number; from: number; to: number } {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return { year: +q[1], from: (+q[2] - 1) * 3 + 1, to: +q[2] * 3 };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new RangeError(`not a period: ${period}`);
  return { year: +m[1], from: +m[2], to: +m[2] };
}

export function siasnRowOf(a: IssuedAppraisal): SiasnPeriodicPerformanceRow {
  const { year, from, to } = periodMonths(a.period);
  return {
    nipBaru: a.nip,
    nama: a.name,
    periode: a.period,
    tahun: year,
    bulanMulaiPenilaian: from,
    bulanSelesaiPenilaian: to,
    tahunMulaiPenilaian: year,
    tahunSelesaiPenilaian: year,
    hasilKinerjaNilai: SIASN_RATING_VALUE[a.results],
    perilakuKerjaNilai: SIASN_RATING_VALUE[a.behaviour],
    kuadranKinerjaNilai: SIASN_QUADRANT_VALUE[a.predikat],
    predikat: a.predikat,
    penilaiNipNrp: a.rater.nip,
    penilaiNama: a.rater.name,
    penilaiJabatanNama: a.rater.position,
    penilaiUnorNama: a.rater.unit,
    statusPenilai: 'ASN',
  };
}

export const SIASN_CSV_COLUMNS = [
  'nipBaru',
  'nama',
  'periode',
  'tahun',
  'bulanMulaiPenilaian',
  'bulanSelesaiPenilaian',
  'tahunMulaiPenilaian',
  'tahunSelesaiPenilaian',
  'hasilKinerjaNilai',
  'perilakuKerjaNilai',
  'kuadranKinerjaNilai',
  'predikat',
  'penilaiNipNrp',
  'penilaiNama',
  'penilaiJabatanNama',
  'penilaiUnorNama',
  'statusPenilai',
] as const satisfies readonly (keyof SiasnPeriodicPerformanceRow)[];

/**
 * A CSV cell: quoted when it holds the separator, a quote or a line break; a cell a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`) is prefixed with `'`.
 */
function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (comma, CRLF, a header line of SIASN's field names). */
export function siasnCsv(rows: readonly SiasnPeriodicPerformanceRow[]): string {
  const lines = [SIASN_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(SIASN_CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}
