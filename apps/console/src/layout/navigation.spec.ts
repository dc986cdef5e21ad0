import { activeItem, hasRole, NAVIGATION } from './navigation';

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
      'Presensi',
      'Cuti dan dinas luar',
    ]);
    expect(shown({ roles: ['bpkad'], hasTeam: false, isEmployee: false })).not.toContain('Jejak audit');
  });

  it('the inspectorate sees the dasbor, kalibrasi, tindak lanjut, the analytics and its three pages; an employee none of them', () => {
    expect(shown({ roles: ['inspektorat'], hasTeam: false, isEmployee: false })).toEqual([
      'Beranda',
      'Dasbor',
      'Kalibrasi',
      'Tindak lanjut',
      'Analitik penilaian',
      'Rekonsiliasi e-Kinerja BKN',
      'Simulasi TPP',
      'Jejak audit',
      'Data per tanggal',
      'Integritas',
    ]);
    const employee = shown({ roles: ['pegawai', 'kepala_opd:DINKES'], hasTeam: true, isEmployee: true });
    expect(employee).not.toContain('Jejak audit');
    expect(employee).not.toContain('Integritas');
    expect(employee).not.toContain('Analitik penilaian');
  });
});

describe('the Kepegawaian section', () => {
  it('BKPSDM sees Pegawai, Struktur organisasi and Impor pegawai; an employee without the role does not', () => {
    const kepegawaian = (roles: string[]) =>
      NAVIGATION.filter((n) => n.section === 'Kepegawaian' && n.visible({ roles, hasTeam: false, isEmployee: true })).map((n) => n.label);
    expect(kepegawaian(['pegawai', 'admin_kepegawaian'])).toEqual([
      'Pegawai',
      'Struktur organisasi',
      'Impor pegawai',
      'Kalibrasi',
      'Tindak lanjut',
      'Analitik penilaian',
      'Rekonsiliasi e-Kinerja BKN',
    ]);
    expect(kepegawaian(['pegawai'])).toEqual([]);
    expect(kepegawaian(['pegawai', 'bendahara:DINKES'])).toEqual([]);
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

describe('kalibrasi, tindak lanjut and the dasbor', () => {
  it('BKPSDM sees kalibrasi and tindak lanjut; the head of an OPD kalibrasi and the dasbor; BPKAD the dasbor', () => {
    const office = (roles: string[]) => shown({ roles, hasTeam: false, isEmployee: false }).filter((l) => l !== 'Beranda');
    expect(office(['admin_kepegawaian'])).toEqual([
      'Dasbor',
      'Pegawai',
      'Struktur organisasi',
      'Impor pegawai',
      'Kalibrasi',
      'Tindak lanjut',
      'Analitik penilaian',
      'Rekonsiliasi e-Kinerja BKN',
      'Rekap kehadiran',
      'Mesin presensi',
      'Impor log presensi',
      'Impor kehadiran dan predikat',
      'Sanksi disiplin',
      'Simulasi TPP',
    ]);
    expect(office(['kepala_opd:DINKES'])).toEqual([
      'Dasbor',
      'Kalibrasi',
      'Rekap kehadiran',
      'Penggajian TPP',
      'Anggaran TPP',
      'Kebijakan TPP',
    ]);
    expect(office(['bpkad'])).toEqual([
      'Dasbor',
      'Rekonsiliasi e-Kinerja BKN',
      'Rekap kehadiran',
      'Penggajian TPP',
      'Anggaran TPP',
      'Kebijakan TPP',
      'Simulasi TPP',
    ]);
    expect(office(['bendahara:DINKES'])).toEqual(['Rekap kehadiran', 'Penggajian TPP', 'Anggaran TPP', 'Kebijakan TPP']);
    expect(NAVIGATION.filter((n) => ['/kalibrasi', '/tindak-lanjut'].includes(n.to)).every((n) => n.section === 'Kepegawaian')).toBe(true);
    expect(NAVIGATION.find((n) => n.to === '/dasbor')?.section).toBe('Pimpinan');
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

describe('Kehadiran', () => {
  const kehadiran = (roles: string[]) =>
    NAVIGATION.filter((n) => n.section === 'Kehadiran' && n.visible({ roles, hasTeam: false, isEmployee: false })).map((n) => n.label);
  it('an OPD’s admin and BKPSDM keep the machines and imports; the OPD’s head, its treasurer and BPKAD read the recap', () => {
    const all = ['Rekap kehadiran', 'Mesin presensi', 'Impor log presensi'];
    expect(kehadiran(['admin_opd:DINKES'])).toEqual(all);
    expect(kehadiran(['admin_kepegawaian'])).toEqual(all);
    for (const roles of [['kepala_opd:DINKES'], ['bendahara:DINKES'], ['bpkad']]) expect(kehadiran(roles)).toEqual(['Rekap kehadiran']);
    expect(kehadiran(['pegawai'])).toEqual([]);
    expect(kehadiran(['inspektorat', 'ppk_skpd:DINKES'])).toEqual([]);
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

describe('the active menu item', () => {
  it('is the most specific item of the path', () => {
    const items = [{ to: '/' }, { to: '/pegawai' }, { to: '/pegawai/impor' }];
    expect(activeItem(items, '/pegawai/impor')).toBe('/pegawai/impor');
    expect(activeItem(items, '/pegawai/199001012015031001')).toBe('/pegawai');
    expect(activeItem(items, '/pegawai')).toBe('/pegawai');
    expect(activeItem(items, '/pegawaian')).toBeUndefined();
    expect(activeItem(items, '/')).toBe('/');
  });
});
