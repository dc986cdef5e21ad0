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
    expect(shown({ roles: ['inspektorat'], hasTeam: false, isEmployee: false })).toEqual([
      'Beranda',
      'Kalibrasi',
      'Tindak lanjut',
      'Dasbor',
    ]);
  });

  it('BKPSDM sees kalibrasi and tindak lanjut; the head of an OPD kalibrasi and the dasbor; BPKAD the dasbor', () => {
    const office = (roles: string[]) => shown({ roles, hasTeam: false, isEmployee: false }).filter((l) => l !== 'Beranda');
    expect(office(['admin_kepegawaian'])).toEqual(['Kalibrasi', 'Tindak lanjut', 'Dasbor']);
    expect(office(['kepala_opd:DINKES'])).toEqual(['Kalibrasi', 'Dasbor']);
    expect(office(['bpkad'])).toEqual(['Dasbor']);
    expect(office(['bendahara:DINKES'])).toEqual([]);
    expect(NAVIGATION.filter((n) => ['/kalibrasi', '/tindak-lanjut'].includes(n.to)).every((n) => n.section === 'Kepegawaian')).toBe(true);
    expect(NAVIGATION.find((n) => n.to === '/dasbor')?.section).toBe('Pimpinan');
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
