// The words of the Slip TPP page (pure; pay.spec.ts).

/** The amounts of a pay line, in the order of the calculation (DOMAIN.md), with their Indonesian names. */
export const AMOUNT_LABEL: ReadonlyArray<readonly [string, string]> = [
  ['performancePart', 'TPP kinerja'],
  ['disciplinePart', 'TPP disiplin'],
  ['sanctionCut', 'Potongan hukuman disiplin'],
  ['gross', 'TPP bruto'],
  ['healthContribution', 'Iuran BPJS Kesehatan (1%)'],
  ['incomeTax', 'PPh 21'],
  ['net', 'TPP diterima (neto)'],
  ['employerHealthContribution', 'BPJS Kesehatan ditanggung pemerintah daerah (tidak dipotong)'],
];

/** The keys that are taken off the gross (shown with a minus). */
export const DEDUCTIONS: ReadonlySet<string> = new Set(['sanctionCut', 'healthContribution', 'incomeTax']);

export const RUN_STATUS_LABEL: ReadonlyMap<string, string> = new Map([
  ['DRAFT', 'Draf'],
  ['CALCULATING', 'Sedang dihitung'],
  ['CALCULATED', 'Sudah dihitung, belum diajukan'],
  ['SUBMITTED', 'Diajukan ke PPK-SKPD'],
  ['VERIFIED', 'Diverifikasi'],
  ['APPROVED', 'Disetujui'],
  ['DISBURSED', 'Dibayarkan'],
]);

export const LINE_KIND_LABEL: ReadonlyMap<string, string> = new Map([
  ['TPP', 'TPP bulanan'],
  ['ADJUSTMENT', 'Penyesuaian (keberatan atas bulan sebelumnya)'],
]);

/** The months a person may pick: this month and the eleven before it, newest first (YYYY-MM). */
export function recentMonths(today: string, count = 12): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
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

/** The month a slip is usually looked for: the last one (this month's TPP is calculated after it ends). */
export const defaultSlipMonth = (today: string): string => recentMonths(today, 2)[1];
