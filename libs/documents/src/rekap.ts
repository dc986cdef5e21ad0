import { sumRupiah } from './format';
import type { PageSize } from './pdf';

// The rekap TPP of an OPD and month: what the PDF and the .xlsx are rendered from (plain data, as
// the application's query gathers it from the payroll read model and the run's stream).

/** The amounts of a line, whole-rupiah strings (the payroll ledger's `amounts`). */
export interface RekapAmounts {
  performancePart: string;
  disciplinePart: string;
  sanctionCut: string;
  gross: string;
  healthContribution: string;
  incomeTax: string;
  net: string;
}

/** One line of the run (a TPP line, or an adjustment from a decided objection). */
export interface RekapLine {
  nip: string;
  name: string;
  lineKey: string;
  kind: string;
  /** The employee's jabatan (position name; the position id when it has no name). */
  position: string;
  /** Kelas jabatan the line was priced at; null for an adjustment line. */
  positionGrade: number | null;
  adjustsMonth: string | null;
  amounts: RekapAmounts;
}

/** A signed step of the run, as its event recorded it. */
export interface RekapSignature {
  step: 'Submit' | 'Verify' | 'Approve' | 'Disburse';
  /** The signer's name (the register's, else their user id). */
  name: string;
  nip: string | null;
  role: string;
  /** When the step was signed (ISO instant). */
  at: string;
  /** Disburse only. */
  sp2d?: { number: string; date: string };
}

export interface RekapInput {
  pemda: string;
  opd: { id: string; name: string };
  month: string;
  runId: string;
  status: string;
  calculation: number;
  policy: { version: string; title: string };
  digest: string;
  totals: { lineCount: number; totalGross: string; totalNet: string };
  lines: RekapLine[];
  signatures: RekapSignature[];
  verification: { code: string; url: string };
  /** When the document was made (ISO instant, from the clock). */
  printedAt: string;
  pageSize?: PageSize;
}

/** One employee's row of the rekap: their lines added up. */
export interface RekapRow {
  no: number;
  nip: string;
  name: string;
  position: string;
  positionGrade: number | null;
  amounts: RekapAmounts;
  /** How many lines (the TPP line and adjustments) the row adds up. */
  lines: number;
}

export const AMOUNT_COLUMNS: ReadonlyArray<{ key: keyof RekapAmounts; header: string }> = [
  { key: 'performancePart', header: 'Bagian Kinerja' },
  { key: 'disciplinePart', header: 'Bagian Disiplin' },
  { key: 'sanctionCut', header: 'Potongan Hukdis' },
  { key: 'gross', header: 'Bruto' },
  { key: 'healthContribution', header: 'BPJS Kesehatan' },
  { key: 'incomeTax', header: 'PPh 21' },
  { key: 'net', header: 'Neto' },
];
const KEYS = AMOUNT_COLUMNS.map((c) => c.key);

/** The rows of the rekap: one per employee (by NIP, in the lines' order), their lines summed exactly. */
export function rekapRows(lines: readonly RekapLine[]): RekapRow[] {
  const byNip = new Map<string, { first: RekapLine; grade: number | null; lines: RekapLine[] }>();
  for (const l of lines) {
    const cur = byNip.get(l.nip) ?? { first: l, grade: null, lines: [] };
    cur.lines.push(l);
    if (l.positionGrade !== null) cur.grade = l.positionGrade;
    byNip.set(l.nip, cur);
  }
  let no = 0;
  return [...byNip.values()].map(({ first, grade, lines: ls }) => ({
    no: ++no,
    nip: first.nip,
    name: first.name,
    position: first.position,
    positionGrade: grade,
    amounts: sumAmounts(ls.map((l) => l.amounts)),
    lines: ls.length,
  }));
}

/** Each amount summed over the given amounts. */
export function sumAmounts(all: readonly RekapAmounts[]): RekapAmounts {
  return Object.fromEntries(KEYS.map((k) => [k, sumRupiah(all.map((a) => a[k]))])) as unknown as RekapAmounts;
}

/** The heading of each step's signature block. */
export const STEP_LABELS: Record<RekapSignature['step'], { action: string; office: string }> = {
  Submit: { action: 'Diajukan oleh', office: 'Bendahara Pengeluaran' },
  Verify: { action: 'Diverifikasi oleh', office: 'Pejabat Penatausahaan Keuangan SKPD' },
  Approve: { action: 'Disetujui oleh', office: 'Kepala Perangkat Daerah' },
  Disburse: { action: 'Dicairkan oleh', office: 'BPKAD (Bendahara Umum Daerah)' },
};
export const STEP_ORDER: ReadonlyArray<RekapSignature['step']> = ['Submit', 'Verify', 'Approve', 'Disburse'];

export const STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draf',
  CALCULATING: 'Sedang dihitung',
  CALCULATION_FAILED: 'Perhitungan gagal',
  CALCULATED: 'Terhitung',
  SUBMITTED: 'Diajukan',
  VERIFIED: 'Diverifikasi',
  APPROVED: 'Disetujui',
  DISBURSED: 'Dicairkan',
};
