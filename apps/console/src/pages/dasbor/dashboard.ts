import { PREDIKAT_LABEL, PREDIKAT_ORDER } from '../../i18n/terms';

// The dashboard's pure logic: the months to choose, and the answer of GET /api/v1/dashboard mapped to
// the rows of its charts (each chart also shown as a table).

export const PAYROLL_STEP_LABEL: ReadonlyMap<string, string> = new Map([
  ['DRAFT', 'Draf'],
  ['CALCULATING', 'Sedang dihitung'],
  ['CALCULATED', 'Sudah dihitung'],
  ['CALCULATION_FAILED', 'Perhitungan gagal'],
  ['SUBMITTED', 'SPP-LS diajukan'],
  ['VERIFIED', 'SPM disiapkan (diverifikasi PPK-SKPD)'],
  ['APPROVED', 'SPM ditandatangani'],
  ['DISBURSED', 'SP2D terbit (dibayar)'],
]);

/** The month of `today` (YYYY-MM-DD) and the eleven before it, newest first. */
export function recentMonths(today: string, count = 12): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  return out;
}

export interface DashboardData {
  employees: number;
  plans: { approved: number; submitted: number; draft: number; none: number };
  dailyReports: { filed: number; answered: number; unanswered: number };
  appraisals: { rated: number; issued: number; predikat: Record<string, number> };
  objections: { open: number; escalated: number };
  payroll: { status: string } | null;
}

const own = (o: Record<string, number>, k: string) => (Object.prototype.hasOwnProperty.call(o, k) && typeof o[k] === 'number' ? o[k] : 0);

/** The month's work in bars: each count that matters, with its label. */
export function progressRows(d: DashboardData): Array<{ label: string; jumlah: number }> {
  return [
    { label: 'SKP berlaku', jumlah: d.plans.approved },
    { label: 'SKP menunggu persetujuan', jumlah: d.plans.submitted },
    { label: 'Laporan harian diisi', jumlah: d.dailyReports.filed },
    { label: 'Laporan harian ditanggapi', jumlah: d.dailyReports.answered },
    { label: 'Penilaian dinilai', jumlah: d.appraisals.rated },
    { label: 'Penilaian ditetapkan', jumlah: d.appraisals.issued },
    { label: 'Keberatan terbuka', jumlah: d.objections.open },
  ];
}

/** The rated appraisals per predikat, in the glossary's order (a missing one is 0). */
export function predikatRows(d: DashboardData): Array<{ label: string; jumlah: number }> {
  return PREDIKAT_ORDER.map((p) => ({ label: PREDIKAT_LABEL.get(p) ?? p, jumlah: own(d.appraisals.predikat, p) }));
}

export const payrollStepText = (d: DashboardData): string =>
  d.payroll ? (PAYROLL_STEP_LABEL.get(d.payroll.status) ?? d.payroll.status) : 'Belum dibuka';
