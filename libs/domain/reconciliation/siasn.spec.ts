import { siasnCsv, siasnRowOf } from './siasn';

describe('the SIASN periodic-performance rows', () => {
  const rater = { nip: '197001011995031001', name: 'dr. Kepala', position: 'Kepala Dinas', unit: 'Dinas Kesehatan' };
  it('maps a quarter’s appraisal to SIASN’s fields and reference numbers', () => {
    expect(
      siasnRowOf({
        nip: '198503152010011001',
        name: 'Siti',
        period: '2026-Q2',
        results: 'DI_ATAS_EKSPEKTASI',
        behaviour: 'DI_BAWAH_EKSPEKTASI',
        predikat: 'KURANG',
        rater,
      }),
    ).toEqual({
      nipBaru: '198503152010011001',
      nama: 'Siti',
      periode: '2026-Q2',
      tahun: 2026,
      bulanMulaiPenilaian: 4,
      bulanSelesaiPenilaian: 6,
      tahunMulaiPenilaian: 2026,
      tahunSelesaiPenilaian: 2026,
      hasilKinerjaNilai: 1,
      perilakuKerjaNilai: 3,
      kuadranKinerjaNilai: 4,
      predikat: 'KURANG',
      penilaiNipNrp: rater.nip,
      penilaiNama: rater.name,
      penilaiJabatanNama: rater.position,
      penilaiUnorNama: rater.unit,
      statusPenilai: 'ASN',
    });
  });
  it('writes CSV with quoted cells and no formula a spreadsheet would run', () => {
    const row = siasnRowOf({
      nip: '198503152010011001',
      name: '=HYPERLINK("x")',
      period: '2026-03',
      results: 'SESUAI_EKSPEKTASI',
      behaviour: 'SESUAI_EKSPEKTASI',
      predikat: 'BAIK',
      rater: { ...rater, unit: 'Dinas, Kesehatan' },
    });
    const [header, line] = siasnCsv([row]).split('\r\n');
    expect(header.split(',')[0]).toBe('nipBaru');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"Dinas, Kesehatan"');
    expect(line).toContain(',2026,3,3,2026,2026,2,2,2,BAIK,');
  });
});
