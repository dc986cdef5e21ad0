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
  section?: 'Kepegawaian' | 'Keuangan' | 'Inspektorat' | 'Pimpinan';
  visible(c: NavContext): boolean;
}

const employee = (c: NavContext) => c.isEmployee;

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
  // Part 2: kalibrasi and tindak lanjut (Kepegawaian), dasbor (Pimpinan).
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
  {
    to: '/dasbor',
    label: 'Dasbor',
    section: 'Pimpinan',
    visible: (c) => ['kepala_opd', 'admin_kepegawaian', 'bpkad', 'inspektorat'].some((r) => hasRole(c, r)),
  },
  // End of part 2: kalibrasi, tindak lanjut and dasbor.
];
