import { payrollStepText, predikatRows, progressRows, recentMonths, type DashboardData } from './dashboard';

const D: DashboardData = {
  employees: 50,
  plans: { approved: 12, submitted: 3, draft: 5, none: 30 },
  dailyReports: { filed: 40, answered: 31, unanswered: 9 },
  appraisals: { rated: 49, issued: 49, predikat: JSON.parse('{"BAIK":33,"SANGAT_BAIK":15,"BUTUH_PERBAIKAN":1,"__proto__":{"KURANG":7}}') },
  objections: { open: 1, escalated: 0 },
  payroll: { status: 'VERIFIED' },
};

describe('the dashboard’s charts', () => {
  it('maps the month’s counts to bars', () => {
    expect(progressRows(D)).toEqual([
      { label: 'SKP berlaku', jumlah: 12 },
      { label: 'SKP menunggu persetujuan', jumlah: 3 },
      { label: 'Laporan harian diisi', jumlah: 40 },
      { label: 'Laporan harian ditanggapi', jumlah: 31 },
      { label: 'Penilaian dinilai', jumlah: 49 },
      { label: 'Penilaian ditetapkan', jumlah: 49 },
      { label: 'Keberatan terbuka', jumlah: 1 },
    ]);
  });

  it('counts predikat in the glossary order, a missing one 0 and a hostile key ignored', () => {
    expect(predikatRows(D)).toEqual([
      { label: 'Sangat Baik', jumlah: 15 },
      { label: 'Baik', jumlah: 33 },
      { label: 'Butuh Perbaikan', jumlah: 1 },
      { label: 'Kurang', jumlah: 0 },
      { label: 'Sangat Kurang', jumlah: 0 },
    ]);
  });

  it('names the payroll step in Indonesian, or says the run is not open', () => {
    expect(payrollStepText(D)).toBe('SPM disiapkan (diverifikasi PPK-SKPD)');
    expect(payrollStepText({ ...D, payroll: null })).toBe('Belum dibuka');
    expect(payrollStepText({ ...D, payroll: { status: 'LAIN' } })).toBe('LAIN');
  });

  it('offers the month of today and the eleven before, across the year', () => {
    expect(recentMonths('2026-12-01', 3)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(recentMonths('2027-01-15', 2)).toEqual(['2027-01', '2026-12']);
  });
});
