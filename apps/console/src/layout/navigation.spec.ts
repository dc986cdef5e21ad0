import { NAVIGATION } from './navigation';

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
