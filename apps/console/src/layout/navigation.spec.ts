import { hasRole, NAVIGATION } from './navigation';

const shown = (c: { roles: string[]; hasTeam: boolean; isEmployee: boolean }) => NAVIGATION.filter((n) => n.visible(c)).map((n) => n.label);

describe('the menu shows each person the pages that concern them', () => {
  it('an employee sees the daily workspace; an office account without a NIP only the inbox', () => {
    expect(shown({ roles: ['pegawai'], hasTeam: false, isEmployee: true })).toEqual([
      'Beranda',
      'SKP',
      'Laporan harian',
      'Realisasi',
      'Umpan balik 360',
      'Penilaian',
      'Pelatihan',
      'Slip TPP',
    ]);
    expect(shown({ roles: ['inspektorat'], hasTeam: false, isEmployee: false })).toEqual(['Beranda']);
  });
});

describe('Keuangan: penggajian TPP', () => {
  const tpp = (roles: string[], isEmployee = true) => shown({ roles, hasTeam: false, isEmployee }).includes('Penggajian TPP');
  it('is shown to the finance roles of an OPD and to BPKAD, not to employees, BKPSDM or the inspectorate', () => {
    expect(tpp(['pegawai', 'bendahara:DINKES'])).toBe(true);
    expect(tpp(['ppk_skpd:DINKES'])).toBe(true);
    expect(tpp(['pegawai', 'kepala_opd:DINKES'])).toBe(true);
    expect(tpp(['bpkad'], false)).toBe(true);
    expect(tpp(['pegawai'])).toBe(false);
    expect(tpp(['admin_kepegawaian'])).toBe(false);
    expect(tpp(['inspektorat'], false)).toBe(false);
    expect(NAVIGATION.find((n) => n.label === 'Penggajian TPP')?.section).toBe('Keuangan');
  });
});

describe('a role in the token', () => {
  it('counts alone or scoped to an OPD, and not as a prefix of another role', () => {
    expect(hasRole({ roles: ['pegawai', 'bendahara:DINKES'] }, 'bendahara')).toBe(true);
    expect(hasRole({ roles: ['bpkad'] }, 'bpkad')).toBe(true);
    expect(hasRole({ roles: ['bpkad_viewer'] }, 'bpkad')).toBe(false);
    expect(hasRole({ roles: ['pegawai'] }, 'inspektorat')).toBe(false);
  });
});
