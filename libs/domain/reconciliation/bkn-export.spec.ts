import { expectRefusal } from '@kinerja/kernel/testing';
import { bknPeriodOf, MAX_BKN_ROWS, parseBknExport, readCsvTable } from './bkn-export';

const A = '198503152010011001';
const B = '199001012015032002';
const C = '198812312012121003';

const parse = (csv: string, period = '2026-03') => parseBknExport(readCsvTable(csv), period);

describe('the e-Kinerja BKN export', () => {
  it('reads a semicolon export with a BOM, a title line and BKN’s spellings', () => {
    const csv =
      '\uFEFFREKAP PREDIKAT KINERJA PEGAWAI\r\n' +
      'NO;NIP;NAMA;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA;PREDIKAT KINERJA\r\n' +
      `1;'${A};"Siti, S.Kom";MARET 2026;DIATAS EKSPEKTASI;SESUAI EKSPEKTASI;BAIK\r\n` +
      `2;${B};Budi;2026-03;Dibawah Ekspektasi;Dibawah Ekspektasi;Sangat Kurang\r\n` +
      `3;${C};Ani;03/2026;SESUAI EKSPEKTASI;DIBAWAH EKSPEKTASI;KURANG/MISCONDUCT\r\n`;
    const r = parse(csv);
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        nip: A,
        name: 'Siti, S.Kom',
        periodText: 'MARET 2026',
        results: 'DI_ATAS_EKSPEKTASI',
        behaviour: 'SESUAI_EKSPEKTASI',
        predikat: 'BAIK',
      },
      {
        nip: B,
        name: 'Budi',
        periodText: '2026-03',
        results: 'DI_BAWAH_EKSPEKTASI',
        behaviour: 'DI_BAWAH_EKSPEKTASI',
        predikat: 'SANGAT_KURANG',
      },
      { nip: C, name: 'Ani', periodText: '03/2026', results: 'SESUAI_EKSPEKTASI', behaviour: 'DI_BAWAH_EKSPEKTASI', predikat: 'KURANG' },
    ]);
    expect(r.lineOf.get(B)).toBe(4);
  });

  it('reads a comma export with the short headers in any case', () => {
    const r = parse(
      `nip,nama,periode,hasil kerja,perilaku,predikat\n${A},Siti,2026-Q1,SESUAI EKSPEKTASI,SESUAI EKSPEKTASI,SANGAT BAIK\n`,
      '2026-Q1',
    );
    expect(r.rows.map((x) => [x.nip, x.predikat])).toEqual([[A, 'SANGAT_BAIK']]);
  });

  it('names every bad row by line, column and code, and keeps the good ones', () => {
    const csv = [
      'NIP;NAMA;PERIODE;HASIL KERJA;PERILAKU;PREDIKAT',
      `__proto__;X;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${A};Siti;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;ISTIMEWA`,
      `${B};Budi;APRIL 2026;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${C};Ani\u0000;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${C};Ani;2026-03;LUAR BIASA;SESUAI EKSPEKTASI;BAIK`,
      `${C};Ani \uD800;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${B};Budi;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
      `${B};Budi;2026-03;SESUAI EKSPEKTASI;SESUAI EKSPEKTASI;BAIK`,
    ].join('\n');
    const r = parse(csv);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'NIP', 'INVALID_NIP'],
      [3, 'PREDIKAT', 'UNKNOWN_PREDIKAT'],
      [4, 'PERIODE', 'PERIOD_MISMATCH'],
      [5, 'NAMA', 'INVALID_TEXT'],
      [6, 'HASIL KERJA', 'UNKNOWN_RATING'],
      [7, 'NAMA', 'INVALID_TEXT'],
      [9, 'NIP', 'DUPLICATE_NIP'],
    ]);
    expect(r.rows.map((x) => x.nip)).toEqual([B]);
  });

  it('refuses a file with no header, an empty file and a file over the row cap', () => {
    expectRefusal(() => parse('a,b,c\n1,2,3\n'), 'INVALID_HEADER');
    expectRefusal(() => parse('\uFEFF  \n'), 'EMPTY_FILE');
    const huge = 'NIP,PREDIKAT\n' + `${A},BAIK\n`.repeat(MAX_BKN_ROWS + 1);
    expectRefusal(() => parse(huge), 'TOO_MANY_ROWS');
  });

  it('reads the periods an export writes', () => {
    expect(bknPeriodOf('TRIWULAN II 2026')).toBe('2026-Q2');
    expect(bknPeriodOf('Januari - Maret 2026')).toBe('2026-Q1');
    expect(bknPeriodOf('Desember 2025')).toBe('2025-12');
    expect(bknPeriodOf('13/2026')).toBeUndefined();
  });
});
