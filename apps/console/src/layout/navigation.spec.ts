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

describe('Keuangan: impor, sanksi, anggaran dan kebijakan', () => {
  const keuangan = (roles: string[]) =>
    NAVIGATION.filter(
      (n) =>
        n.section === 'Keuangan' &&
        n.to.match(/^\/(keuangan\/(impor|sanksi|anggaran)|kebijakan)$/) &&
        n.visible({ roles, hasTeam: false, isEmployee: false }),
    ).map((n) => n.label);
  it('offers imports and sanctions to admin_kepegawaian, budgets and policies to the finance roles, nothing to an employee', () => {
    expect(keuangan(['admin_kepegawaian'])).toEqual(['Impor kehadiran dan predikat', 'Sanksi disiplin']);
    expect(keuangan(['bpkad'])).toEqual(['Anggaran TPP', 'Kebijakan TPP']);
    expect(keuangan(['bendahara:DINKES'])).toEqual(['Anggaran TPP', 'Kebijakan TPP']);
    expect(keuangan(['pegawai'])).toEqual([]);
    expect(keuangan(['inspektorat'])).toEqual([]);
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
