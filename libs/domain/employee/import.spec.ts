import { generateNips } from '@kinerja/kernel';
import { deciderSpec } from '@kinerja/kernel/testing';
import { employeeDecider } from './decider';
import { IMPORT_COLUMNS, ImportResult, parseEmployeeCsv, parseTmt, registerCommandsOf } from './import';

const HEADER = IMPORT_COLUMNS.join(',');
const [N1, N2, N3] = generateNips(3, 11);

type Cells = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
const defaults = (nip: string): Cells => ({
  NIP: nip,
  NAMA: 'Siti Rahayu, S.Kep.',
  STATUS_ASN: 'PNS',
  KEDUDUKAN_HUKUM: 'AKTIF',
  JABATAN_ID: 'ANALIS-P2P',
  NAMA_JABATAN: 'Analis Kesehatan',
  KELAS_JABATAN: '8',
  UNOR_ID: 'DINKES',
  NAMA_UNOR: 'Dinas Kesehatan',
  ATASAN_JABATAN_ID: 'KABID-P2P',
  GAJI_POKOK: '3200000',
  TUNJ_KELUARGA: '320000',
  TUNJ_JABATAN: '480000',
  TUNJ_PROFESI: '0',
  GAJI_BRUTO: '4500000',
  STATUS_PTKP: 'K/0',
  KATEGORI_TER: 'A',
  NAMA_BANK: 'BANK JATENG',
  NO_REKENING: '1234567890',
  NAMA_REKENING: 'SITI RAHAYU',
  TMT: '2026-01-01',
});
const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const row = (nip: string, over: Cells = {}, sep = ',') =>
  IMPORT_COLUMNS.map((c) => quote({ ...defaults(nip), ...over }[c] ?? '')).join(sep);
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

const errorsOf = (r: ImportResult) => (r.ok ? [] : r.errors.map((e) => [e.line, e.column, e.code]));

describe('parseEmployeeCsv', () => {
  it('parses valid rows into the register’s terms', () => {
    const r = parseEmployeeCsv(
      csv(row(N1), row(N2, { STATUS_PTKP: 'K/3', KATEGORI_TER: '', KEDUDUKAN_HUKUM: 'CLTN', TMT: '15-03-2026' })) + '\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      line: 2,
      nip: N1,
      name: 'Siti Rahayu, S.Kep.',
      asnStatus: 'PNS',
      employmentState: 'ACTIVE',
      positionGrade: 8,
      orgUnitId: 'DINKES',
      supervisorPositionId: 'KABID-P2P',
      salaryBase: '4000000', // 3,200,000 + 320,000 + 480,000 + 0
      salaryGross: '4500000',
      terCategory: 'A',
      bankAccount: { bankName: 'BANK JATENG', accountNumber: '1234567890', accountName: 'SITI RAHAYU' },
      effectiveDate: '2026-01-01',
    });
    expect(r.rows[1]).toMatchObject({ terCategory: 'C', employmentState: 'ON_LEAVE', effectiveDate: '2026-03-15' });
  });

  it('reads CRLF, a BOM, semicolons and quoted fields with quotes and line breaks', () => {
    const text =
      '\ufeff' +
      [IMPORT_COLUMNS.join(';'), row(N1, { NAMA: 'Dr. "Ani"; M.Kes', NAMA_UNOR: 'Dinas\r\nKesehatan' }, ';'), row(N2, {}, ';')].join(
        '\r\n',
      ) +
      '\r\n';
    const r = parseEmployeeCsv(text);
    expect(errorsOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.rows[0].name).toBe('Dr. "Ani"; M.Kes');
    expect(r.rows[0].orgUnitName).toBe('Dinas\r\nKesehatan');
    expect(r.rows[1].line).toBe(4); // the quoted line break moved it down one line
  });

  it('takes the columns in any order and without the optional ones', () => {
    const cols = IMPORT_COLUMNS.filter((c) => !['NAMA_UNOR', 'ATASAN_JABATAN_ID', 'KATEGORI_TER'].includes(c)).reverse();
    const values = defaults(N1);
    const r = parseEmployeeCsv([cols.join(','), cols.map((c) => quote(values[c]!)).join(',')].join('\n'));
    expect(r.ok && r.rows[0]).toMatchObject({ nip: N1, terCategory: 'A' });
  });

  it('reports a missing, an unknown and a duplicated column, and nothing else', () => {
    const header = [...IMPORT_COLUMNS.filter((c) => c !== 'GAJI_BRUTO'), 'GOLONGAN', 'NIP'].join(',');
    expect(errorsOf(parseEmployeeCsv(`${header}\n${row(N1)}`))).toEqual([
      [1, 'GOLONGAN', 'UNKNOWN_COLUMN'],
      [1, 'NIP', 'DUPLICATE_COLUMN'],
      [1, 'GAJI_BRUTO', 'MISSING_COLUMN'],
    ]);
  });

  it('imports nothing when one row is bad, and names every bad cell', () => {
    const r = parseEmployeeCsv(
      csv(
        row(N1),
        row('198502302010011002', { KELAS_JABATAN: '18', GAJI_POKOK: '3.200.000' }),
        row(N3, { STATUS_PTKP: 'K/3', KATEGORI_TER: 'A', NO_REKENING: '12-34', TMT: '2026-02-30' }),
        row(N2, { GAJI_BRUTO: '100', KEDUDUKAN_HUKUM: 'PENSIUN', STATUS_ASN: 'HONORER' }),
      ),
    );
    expect(r.ok).toBe(false);
    expect(errorsOf(r)).toEqual([
      [3, 'NIP', 'INVALID_NIP'],
      [3, 'KELAS_JABATAN', 'INVALID_POSITION_GRADE'],
      [3, 'GAJI_POKOK', 'INVALID_AMOUNT'],
      [4, 'KATEGORI_TER', 'TAX_CATEGORY_MISMATCH'],
      [4, 'NO_REKENING', 'INVALID_BANK_ACCOUNT'],
      [4, 'TMT', 'INVALID_DATE'],
      [5, 'STATUS_ASN', 'INVALID_ASN_STATUS'],
      [5, 'KEDUDUKAN_HUKUM', 'EMPLOYEE_RETIRED'],
      [5, 'GAJI_BRUTO', 'INVALID_AMOUNT'],
    ]);
  });

  it('refuses a NIP that appears twice, naming the first line', () => {
    const r = parseEmployeeCsv(csv(row(N1), row(N2), row(N1, { NAMA: 'Someone Else' })));
    expect(errorsOf(r)).toEqual([[4, 'NIP', 'DUPLICATE_NIP']]);
    expect(!r.ok && r.errors[0].message).toContain('line 2');
  });

  it('refuses a row with too few or too many fields', () =>
    expect(errorsOf(parseEmployeeCsv(csv(row(N1), row(N2) + ',extra', 'a,b')))).toEqual([
      [3, undefined, 'FIELD_COUNT'],
      [4, undefined, 'FIELD_COUNT'],
    ]));

  it('refuses an unterminated quote and text after a closing quote', () => {
    expect(errorsOf(parseEmployeeCsv(csv(row(N1), row(N2).replace('BANK JATENG', '"BANK JATENG'))))).toEqual([
      [3, undefined, 'UNTERMINATED_QUOTE'],
    ]);
    expect(errorsOf(parseEmployeeCsv(csv(row(N1).replace('BANK JATENG', '"BANK" JATENG'))))).toEqual([[2, undefined, 'MALFORMED_QUOTE']]);
  });

  it('refuses an empty file and a header with no rows', () => {
    expect(errorsOf(parseEmployeeCsv(''))).toEqual([[1, undefined, 'EMPTY_FILE']]);
    expect(errorsOf(parseEmployeeCsv('\n\n'))).toEqual([[1, undefined, 'EMPTY_FILE']]);
    expect(errorsOf(parseEmployeeCsv(HEADER + '\r\n'))).toEqual([[2, undefined, 'NO_ROWS']]);
  });

  it('skips blank lines, including the last', () => {
    const r = parseEmployeeCsv(csv(row(N1), '', row(N2)) + '\n\n');
    expect(r.ok && r.rows.map((x) => x.line)).toEqual([2, 4]);
  });

  it('parses 10,000 rows (a large Pemda) in one go', () => {
    const nips = generateNips(10_000, 3);
    const r = parseEmployeeCsv(csv(...nips.map((n) => row(n))));
    expect(r.ok && r.rows.length).toBe(10_000);
  });
});

describe('parseTmt', () => {
  it('reads the formats SIASN and Excel write', () => {
    expect(parseTmt('2026-03-01')).toBe('2026-03-01');
    expect(parseTmt('01-03-2026')).toBe('2026-03-01');
    expect(parseTmt('01/03/2026')).toBe('2026-03-01');
    expect(parseTmt('31/02/2026')).toBeUndefined();
    expect(parseTmt('3/1/2026')).toBeUndefined();
  });
});

describe('registerCommandsOf', () => {
  it('turns accepted rows into registrations the decider takes', () => {
    const r = parseEmployeeCsv(csv(row(N1)));
    if (!r.ok) throw new Error('expected ok');
    const [cmd] = registerCommandsOf(r.rows, {
      by: { userId: 'u', roles: ['admin_kepegawaian'] },
      now: '2026-01-05T08:00:00+07:00',
      reason: 'import 2026-01',
    });
    deciderSpec(employeeDecider)
      .given([])
      .when(cmd)
      .thenMatches((es) =>
        expect(es).toEqual([
          expect.objectContaining({
            type: 'EmployeeRegistered',
            data: expect.objectContaining({ nip: N1, salaryBase: '4000000', reason: 'import 2026-01' }),
          }),
        ]),
      );
  });
});
