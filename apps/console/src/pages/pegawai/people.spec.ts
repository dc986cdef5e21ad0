import { ApiError } from '../../api/errors';
import { messageOf } from '../../i18n/errors';
import {
  actingCount,
  countCsvRows,
  CsvRowCounter,
  filterChart,
  historyLines,
  importReason,
  importProblemsOf,
  importJobViewOf,
  importSummaryOf,
  positionIndex,
  positionTree,
  recordChanges,
  type EmployeeRecord,
  type OrgUnit,
} from './people';

const unit = (unitId: string, positions: OrgUnit['positions'], children: OrgUnit[] = []): OrgUnit => ({
  unitId,
  name: `Unit ${unitId}`,
  positions,
  children,
});
const pos = (positionId: string, parentPositionId: string | null, holders: OrgUnit['positions'][number]['holders'] = []) => ({
  positionId,
  name: `Jabatan ${positionId}`,
  grade: 9,
  seats: 1,
  parentPositionId,
  holders,
});
const holder = (nip: string, acting = false) => ({ nip, name: `Pegawai ${nip}`, acting, assignmentId: `a-${nip}` });

describe('the import report', () => {
  it('lists every bad row of IMPORT_REJECTED by line and column, each reason in Indonesian', () => {
    const e = new ApiError(422, 'IMPORT_REJECTED', '3 problems', {
      errors: [
        { line: 4, column: 'NIP', code: 'DUPLICATE_NIP', message: 'x' },
        { line: 2, column: 'KELAS_JABATAN', code: 'INVALID_POSITION_GRADE', message: 'x' },
        { line: 2, column: 'GAJI_POKOK', code: 'INVALID_AMOUNT', message: 'x' },
        { line: 3, column: 'JABATAN_ID', code: 'GRADE_MISMATCH', message: 'x' },
      ],
    });
    const problems = importProblemsOf(e)!;
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['2:GAJI_POKOK', '2:KELAS_JABATAN', '3:JABATAN_ID', '4:NIP']);
    expect(problems[3].reason).toMatch(/sudah tercantum di baris lain/);
    expect(problems[2].reason).toMatch(/Kelas jabatan tidak sesuai/);
    // A code of the answers' table is taken from there, never shown in English.
    expect(problems.every((p) => !/\b(the|is|not)\b/.test(p.reason))).toBe(true);
  });

  it('has an Indonesian reason for every code the import reports (libs/domain/employee/IMPORT.md)', () => {
    const codes = [
      ...['MISSING_COLUMN', 'UNKNOWN_COLUMN', 'DUPLICATE_COLUMN', 'EMPTY_FILE', 'NO_ROWS', 'FIELD_COUNT', 'UNTERMINATED_QUOTE'],
      ...['MALFORMED_QUOTE', 'DUPLICATE_NIP', 'INVALID_NIP', 'MISSING_FIELD', 'FIELD_TOO_LONG', 'INVALID_ASN_STATUS'],
      ...['INVALID_EMPLOYMENT_STATE', 'EMPLOYEE_RETIRED', 'INVALID_POSITION_GRADE', 'INVALID_AMOUNT', 'INVALID_PTKP_STATUS'],
      ...['INVALID_TER_CATEGORY', 'TAX_CATEGORY_MISMATCH', 'INVALID_BANK_ACCOUNT', 'INVALID_DATE', 'EMPLOYEE_ALREADY_REGISTERED'],
      ...['UNKNOWN_OPD', 'UNKNOWN_POSITION', 'POSITION_NOT_IN_OPD', 'POSITION_OCCUPIED', 'HOLDER_ALREADY_PLACED'],
      ...['SUPERVISOR_POSITION_MISMATCH', 'GRADE_MISMATCH'],
      // The upload's own check, as the file arrives (libs/application/src/people/upload.ts).
      'INVALID_CHARACTER',
    ];
    const fallback = messageOf('NO_SUCH_CODE').replace('NO_SUCH_CODE', '');
    expect(codes.filter((c) => importReason(c).replace(c, '') === fallback)).toEqual([]);
  });

  it('is no report for another refusal, and survives a malformed list', () => {
    expect(importProblemsOf(new ApiError(403, 'ROLE_REQUIRED', '', {}))).toBeNull();
    expect(importProblemsOf(new Error('x'))).toBeNull();
    expect(importProblemsOf(new ApiError(422, 'IMPORT_REJECTED', '', { errors: [null, 'x', { code: 5 }] }))).toEqual([
      { line: 0, column: '–', code: 'INTERNAL', reason: expect.any(String) },
    ]);
  });

  it('reads the answer of a dry run or an import, and counts a file’s rows', () => {
    expect(importSummaryOf({ dryRun: true, employees: 3, imported: 2, alreadyImported: 1, assignments: 3, batchId: 'b' })).toEqual({
      dryRun: true,
      employees: 3,
      imported: 2,
      alreadyImported: 1,
      assignments: 3,
    });
    expect(importSummaryOf({ dryRun: false })).toEqual({ dryRun: false, employees: 0, imported: 0, alreadyImported: 0, assignments: 0 });
    expect(countCsvRows('NIP,NAMA\r\n1,a\r\n\r\n2,b\n')).toBe(2);
    expect(countCsvRows('NIP,NAMA\n1,a\n2,b')).toBe(2);
    expect(countCsvRows(' \n')).toBe(0);
    expect(countCsvRows('')).toBe(0);
  });

  it('counts the rows of a file read in pieces, wherever the pieces are cut', () => {
    const text = 'NIP,NAMA\r\n1,a\r\n  \r\n2,b\n3,c';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const counter = new CsvRowCounter();
      counter.push(bytes.subarray(0, cut));
      counter.push(bytes.subarray(cut));
      expect(counter.rows).toBe(3);
    }
  });
});

describe('the import job followed at /api/v1/jobs/{id}', () => {
  const job = (state: string, progress: unknown = null, result: unknown = null, failedReason: string | null = null) => ({
    state,
    progress,
    result,
    failedReason,
  });
  const summary = { ok: true, batchId: 'b', employees: 1000, imported: 990, alreadyImported: 10, assignments: 1000 };

  it('is waiting while queued, checking until it appends, then its percent and the employees saved', () => {
    expect(importJobViewOf(job('waiting'))).toEqual({ at: 'waiting' });
    expect(importJobViewOf(job('delayed'))).toEqual({ at: 'waiting' });
    expect(importJobViewOf(job('active'))).toEqual({ at: 'checking' });
    expect(importJobViewOf(job('active', { phase: 'checking', percent: 0, done: 0, total: 0 }))).toEqual({ at: 'checking' });
    // The placements are the job's first step: 1 of 991 steps is none of the 990 employees.
    expect(importJobViewOf(job('active', { phase: 'importing', percent: 0, done: 1, total: 991 }))).toEqual({
      at: 'importing',
      percent: 0,
      saved: 0,
      toSave: 990,
    });
    expect(importJobViewOf(job('active', { phase: 'importing', percent: 50.7, done: 496, total: 991 }))).toMatchObject({
      percent: 50,
      saved: 495,
    });
    expect(importJobViewOf(job('active', { phase: 'importing', percent: 7 }))).toEqual({
      at: 'importing',
      percent: 7,
      saved: null,
      toSave: null,
    });
  });

  it('tells a dry run that passed from an import done, with the rows already imported', () => {
    expect(importJobViewOf(job('completed', null, { ...summary, dryRun: true }))).toEqual({
      at: 'checked',
      summary: { dryRun: true, employees: 1000, imported: 990, alreadyImported: 10, assignments: 1000 },
    });
    expect(importJobViewOf(job('completed', null, { ...summary, dryRun: false }))).toMatchObject({
      at: 'done',
      summary: { imported: 990, alreadyImported: 10 },
    });
  });

  it('lists the bad rows of a refused file in Indonesian, with how many there were in all', () => {
    const errors = [
      { line: 20, column: 'NIP', code: 'INVALID_NIP', message: 'x' },
      { line: 10, column: 'JABATAN_ID', code: 'UNKNOWN_POSITION', message: 'x' },
    ];
    const v = importJobViewOf(job('completed', null, { ok: false, code: 'IMPORT_REJECTED', errorCount: 1500, errors }));
    expect(v).toMatchObject({ at: 'rejected', errorCount: 1500 });
    if (v.at !== 'rejected') throw new Error(v.at);
    expect(v.problems.map((p) => `${p.line}:${p.column}:${p.code}`)).toEqual(['10:JABATAN_ID:UNKNOWN_POSITION', '20:NIP:INVALID_NIP']);
    expect(v.problems.every((p) => p.reason.length > 5 && !/\b(the|is|not)\b/.test(p.reason))).toBe(true);
    // A refusal of the whole import (line 0, no column) is listed too.
    const whole = importJobViewOf(job('completed', null, { ok: false, errors: [{ line: 0, code: 'ROLE_REQUIRED', message: 'x' }] }));
    expect(whole).toMatchObject({ at: 'rejected', errorCount: 1, problems: [{ line: 0, column: '–', code: 'ROLE_REQUIRED' }] });
  });

  it('is failed when the job failed or finished without a result it can read', () => {
    expect(importJobViewOf(job('failed', null, null, 'connection lost'))).toEqual({ at: 'failed', reason: 'connection lost' });
    expect(importJobViewOf(job('completed', null, 'x'))).toEqual({ at: 'failed', reason: null });
  });
});

describe('a record on two dates', () => {
  const record = (over: Partial<EmployeeRecord> = {}): EmployeeRecord => ({
    nip: '199001012015031001',
    name: 'Siti',
    asnStatus: 'PNS',
    employmentState: 'ACTIVE',
    positionId: 'A',
    positionGrade: 7,
    orgUnitId: 'DINKES',
    terCategory: 'A',
    ptkpStatus: 'TK/0',
    bankAccount: { bankName: 'BANK JATENG', accountNumber: '****1234', accountName: 'SITI' },
    registeredFrom: '2025-01-02',
    lastChangedOn: '2025-01-02',
    financialDetails: 'hidden',
    asOf: null,
    version: 0,
    ...over,
  });

  it('names what differs, the position and grade first, the bank account as a whole', () => {
    expect(recordChanges(record(), record({ lastChangedOn: '2026-03-01', version: 1 }))).toEqual([]);
    const after = record({
      positionId: 'B',
      positionGrade: 9,
      bankAccount: { bankName: 'BANK JATENG', accountNumber: '****9999', accountName: 'SITI' },
    });
    expect(recordChanges(record(), after)).toEqual([
      { key: 'positionId', label: 'Jabatan', before: 'A', after: 'B' },
      { key: 'positionGrade', label: 'Kelas jabatan', before: '7', after: '9' },
      expect.objectContaining({ key: 'bankAccount', before: expect.stringContaining('1234'), after: expect.stringContaining('9999') }),
    ]);
  });
});

describe('the org chart', () => {
  const chart = [
    unit(
      'DINKES',
      [pos('KEPALA', null, [holder('1')])],
      [
        unit('SEKRETARIAT', [
          pos('SEKRETARIS', 'KEPALA', [holder('2')]),
          pos('SUB1', 'SEKRETARIS', [holder('3')]),
          pos('STAF', 'SUB1', [holder('4'), holder('5')]),
        ]),
        unit('BIDANG2', [pos('KABID2', 'KEPALA', [holder('2', true)]), pos('__proto__', 'KABID2')]),
      ],
    ),
  ];

  it('nests a unit’s positions under their atasan in the unit; the head’s atasan above is a root', () => {
    const tree = positionTree(chart[0].children[0]);
    expect(tree.map((p) => p.positionId)).toEqual(['SEKRETARIS']);
    expect(tree[0].children[0].positionId).toBe('SUB1');
    expect(tree[0].children[0].children[0].holders.map((h) => h.nip)).toEqual(['4', '5']);
    const bidang = positionTree(chart[0].children[1]);
    expect(bidang.map((p) => p.positionId)).toEqual(['KABID2']);
    expect(bidang[0].children.map((p) => p.positionId)).toEqual(['__proto__']);
  });

  it('counts the posts held by a Plt', () => {
    expect(actingCount(chart)).toBe(1);
  });

  it('indexes positions with their unit and OPD, whatever the id', () => {
    const index = positionIndex(chart);
    expect(index.get('STAF')).toMatchObject({ unit: 'Unit SEKRETARIAT', opdId: 'DINKES', grade: 9 });
    expect(index.get('__proto__')).toMatchObject({ opdId: 'DINKES' });
    expect(index.get('constructor')).toBeUndefined();
  });

  it('keeps the units a search matches, with the units above them', () => {
    const found = filterChart(chart, 'pegawai 5');
    expect(found.map((u) => u.unitId)).toEqual(['DINKES']);
    expect(found[0].children.map((u) => u.unitId)).toEqual(['SEKRETARIAT']);
    expect(filterChart(chart, 'tidak ada')).toEqual([]);
    expect(filterChart(chart, '  ')).toHaveLength(1);
  });
});

describe('a change of the history in words', () => {
  it('names the position from the chart, the kedudukan in Indonesian, amounts as rupiah', () => {
    const positions = new Map([['STAF', { name: 'Analis', unit: 'Sekretariat' }]]);
    const money = (s: string) => `Rp ${s}`;
    expect(
      historyLines(
        {
          changes: [
            { field: 'positionId', value: 'STAF' },
            { field: 'positionGrade', value: '7' },
            { field: 'employmentState', value: 'ON_LEAVE' },
            { field: 'salaryGross', value: '4500000' },
            { field: 'positionId', value: '__proto__' },
            { field: 'somethingNew', value: 'x' },
          ],
        },
        positions,
        money,
      ),
    ).toEqual([
      'Jabatan: Analis — Sekretariat (STAF)',
      'Kelas jabatan: 7',
      'Kedudukan: Cuti / CLTN',
      'Penghasilan bruto: Rp 4500000',
      'Jabatan: __proto__',
      'somethingNew: x',
    ]);
  });
});
