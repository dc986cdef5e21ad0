// The console's pages in the menu, each shown to whom it concerns (the API still decides every access).

export interface NavContext {
  roles: readonly string[];
  /** Has direct reports today: plans, reports and ratings to answer. */
  hasTeam: boolean;
  /** Signed in as an employee (a NIP), not an office account. */
  isEmployee: boolean;
}

export interface NavItem {
  to: string;
  label: string;
  /** The office the page belongs to (a heading in the menu); none for the daily workspace. */
  section?: 'Kepegawaian' | 'Kehadiran' | 'Keuangan' | 'Inspektorat' | 'Pimpinan';
  visible(c: NavContext): boolean;
}

const employee = (c: NavContext) => c.isEmployee;
/** The roles that read an OPD's TPP budget and the policy versions. */
const FINANCE = ['bpkad', 'bendahara', 'ppk_skpd', 'kepala_opd'] as const;
/** The roles that keep an OPD's attendance machines, imports and fault days. */
const ATTENDANCE_ADMINS = ['admin_opd', 'admin_kepegawaian'] as const;

/**
 * Holds the role, alone (`bpkad`) or scoped to an OPD (`bendahara:DINKES`), as the token's claims
 * name them. Any OPD is enough for the menu; the page and the API check which one.
 */
export function hasRole(c: Pick<NavContext, 'roles'>, role: string): boolean {
  return c.roles.some((r) => r === role || r.startsWith(`${role}:`));
}

export const NAVIGATION: readonly NavItem[] = [
  { to: '/', label: 'Beranda', visible: () => true },
  { to: '/skp', label: 'SKP', visible: employee },
  { to: '/laporan-harian', label: 'Laporan harian', visible: employee },
  { to: '/realisasi', label: 'Realisasi', visible: employee },
  { to: '/umpan-balik', label: 'Umpan balik 360', visible: employee },
  { to: '/penilaian', label: 'Penilaian', visible: employee },
  { to: '/pelatihan', label: 'Pelatihan', visible: employee },
  { to: '/slip-tpp', label: 'Slip TPP', visible: employee },
  { to: '/presensi', label: 'Presensi', visible: employee },
  { to: '/cuti', label: 'Cuti dan dinas luar', visible: employee },
  // Pimpinan: the dasbor of an OPD's head (and of the offices).
  {
    to: '/dasbor',
    label: 'Dasbor',
    section: 'Pimpinan',
    visible: (c) => ['kepala_opd', 'admin_kepegawaian', 'bpkad', 'inspektorat'].some((r) => hasRole(c, r)),
  },
  // Kepegawaian (BKPSDM)
  { to: '/pegawai', label: 'Pegawai', section: 'Kepegawaian', visible: (c) => hasRole(c, 'admin_kepegawaian') },
  { to: '/struktur', label: 'Struktur organisasi', section: 'Kepegawaian', visible: (c) => hasRole(c, 'admin_kepegawaian') },
  { to: '/pegawai/impor', label: 'Impor pegawai', section: 'Kepegawaian', visible: (c) => hasRole(c, 'admin_kepegawaian') },
  {
    to: '/kalibrasi',
    label: 'Kalibrasi',
    section: 'Kepegawaian',
    visible: (c) => hasRole(c, 'admin_kepegawaian') || hasRole(c, 'kepala_opd') || hasRole(c, 'inspektorat'),
  },
  {
    to: '/tindak-lanjut',
    label: 'Tindak lanjut',
    section: 'Kepegawaian',
    visible: (c) => hasRole(c, 'admin_kepegawaian') || hasRole(c, 'inspektorat'),
  },
  // Kepegawaian: where the ratings lean and the workload (issue 18): BKPSDM and the inspectorate.
  {
    to: '/analitik',
    label: 'Analitik penilaian',
    section: 'Kepegawaian',
    visible: (c) => hasRole(c, 'admin_kepegawaian') || hasRole(c, 'inspektorat'),
  },
  // Kepegawaian: rekonsiliasi e-Kinerja BKN (issue 16): BKPSDM acts, BPKAD and the inspectorate read.
  {
    to: '/rekonsiliasi-bkn',
    label: 'Rekonsiliasi e-Kinerja BKN',
    section: 'Kepegawaian',
    visible: (c) => ['admin_kepegawaian', 'bpkad', 'inspektorat'].some((r) => hasRole(c, r)),
  },
  // Kehadiran (issue 16): an OPD's admin keeps its machines, imports their logs, declares fault days and
  // records the month for TPP (BKPSDM for any OPD); the recap is also read by the OPD's head and
  // treasurer and by BPKAD (the access policy's attendance.recap).
  {
    to: '/kehadiran',
    label: 'Rekap kehadiran',
    section: 'Kehadiran',
    visible: (c) => [...ATTENDANCE_ADMINS, 'kepala_opd', 'bendahara', 'bpkad'].some((r) => hasRole(c, r)),
  },
  { to: '/kehadiran/mesin', label: 'Mesin presensi', section: 'Kehadiran', visible: (c) => ATTENDANCE_ADMINS.some((r) => hasRole(c, r)) },
  {
    to: '/kehadiran/impor',
    label: 'Impor log presensi',
    section: 'Kehadiran',
    visible: (c) => ATTENDANCE_ADMINS.some((r) => hasRole(c, r)),
  },
  // End of Kehadiran.
  // Keuangan (bendahara, PPK-SKPD, kepala OPD, BPKAD)
  {
    to: '/keuangan/tpp',
    label: 'Penggajian TPP',
    section: 'Keuangan',
    visible: (c) => FINANCE.some((r) => hasRole(c, r)),
  },
  // Keuangan: impor, sanksi, anggaran dan kebijakan (c2-finance). Imports and sanctions are the
  // access policy's payroll.import (admin_kepegawaian); budgets are set by BPKAD and read by the OPD's
  // finance staff; the policy versions are read by finance and published by BPKAD.
  { to: '/keuangan/impor', label: 'Impor kehadiran dan predikat', section: 'Keuangan', visible: (c) => hasRole(c, 'admin_kepegawaian') },
  { to: '/keuangan/sanksi', label: 'Sanksi disiplin', section: 'Keuangan', visible: (c) => hasRole(c, 'admin_kepegawaian') },
  { to: '/keuangan/anggaran', label: 'Anggaran TPP', section: 'Keuangan', visible: (c) => FINANCE.some((r) => hasRole(c, r)) },
  { to: '/kebijakan', label: 'Kebijakan TPP', section: 'Keuangan', visible: (c) => FINANCE.some((r) => hasRole(c, r)) },
  // Policy simulation (issue 18): the access policy's payroll.simulate.
  {
    to: '/simulasi-tpp',
    label: 'Simulasi TPP',
    section: 'Keuangan',
    visible: (c) => ['bpkad', 'admin_kepegawaian', 'inspektorat'].some((r) => hasRole(c, r)),
  },
  // end of Keuangan: impor, sanksi, anggaran dan kebijakan
  // Inspektorat (issue 14).
  { to: '/audit', label: 'Jejak audit', section: 'Inspektorat', visible: (c) => hasRole(c, 'inspektorat') },
  { to: '/audit/per-tanggal', label: 'Data per tanggal', section: 'Inspektorat', visible: (c) => hasRole(c, 'inspektorat') },
  { to: '/audit/integritas', label: 'Integritas', section: 'Inspektorat', visible: (c) => hasRole(c, 'inspektorat') },
];

/**
 * The menu item a path belongs to: the longest that is the path or a folder of it, so `/pegawai/impor`
 * lights "Impor pegawai" and not "Pegawai" too; `/` only for itself.
 */
export function activeItem(items: readonly Pick<NavItem, 'to'>[], pathname: string): string | undefined {
  let best: string | undefined;
  for (const { to } of items) {
    const hit = to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
    if (hit && (best === undefined || to.length > best.length)) best = to;
  }
  return best;
}
