import { deciderSpec as spec } from '@kinerja/kernel/testing';
import {
  addMonths,
  budgetDecider,
  IMPORT_CHUNK,
  importEventCount,
  inputImportDecider,
  inputImportStreamId,
  parseAttendanceCsv,
  parsePredikatCsv,
  predikatAmendmentDecider,
  sanctionDecider,
  sanctionInMonth,
} from './inputs';

const NIP = '198503122010011002';
const NIP2 = '199001012015032001';
const at = '2026-03-01T08:00:00+07:00';

describe('payroll inputs', () => {
  it('parses an attendance summary and reports each bad row with its line', () => {
    const r = parseAttendanceCsv(`nip,TL1,TL2,TK\n${NIP},2,1,\n123,1,1,1\n${NIP2},-1,0,0\n${NIP},1,0,0\n`);
    expect(r.rows).toEqual([{ nip: NIP, counts: { TL1: 2, TL2: 1 } }]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'INVALID_NIP'],
      [4, 'INVALID_ATTENDANCE_COUNT'],
      [5, 'DUPLICATE_NIP'],
    ]);
  });
  it('refuses an unknown attendance code in the header', () =>
    expect(() => parseAttendanceCsv(`nip,TL1,XX\n${NIP},1,1`)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ATTENDANCE_CODE' })));
  it('parses issued predikat; an unknown predikat is a bad row', () => {
    const r = parsePredikatCsv(`nip,predikat\n${NIP},BAIK\n${NIP2},LUAR_BIASA\n`);
    expect(r.rows).toEqual([{ nip: NIP, predikat: 'BAIK' }]);
    expect(r.errors).toMatchObject([{ line: 3, code: 'UNKNOWN_PREDIKAT' }]);
  });
  it('registers sanctions; a sedang one lasts 6, 9 or 12 months', () => {
    const base = {
      type: 'ImposeSanction' as const,
      sanctionId: 'S1',
      nip: NIP,
      sanctionType: 'SEDANG',
      startMonth: '2026-02',
      months: 6,
      decreeNumber: 'SK-1',
      reason: 'PP 94/2021',
      at,
    };
    spec(sanctionDecider)
      .given([])
      .when(base)
      .thenMatches((es) => expect(es[0]).toMatchObject({ type: 'SanctionImposed', data: { type: 'SEDANG', months: 6 } }));
    spec(sanctionDecider)
      .given([])
      .when({ ...base, months: 7 })
      .thenThrows('INVALID_MONTHS');
    spec(sanctionDecider)
      .given([])
      .when({ ...base, months: -1 })
      .thenThrows('INVALID_MONTHS');
    spec(sanctionDecider)
      .given([])
      .when({ ...base, sanctionType: 'SEDIKIT' })
      .thenThrows('UNKNOWN_SANCTION');
    const imposed = sanctionDecider.decide(base, sanctionDecider.initialState());
    spec(sanctionDecider).given(imposed).when(base).thenThrows('SANCTION_EXISTS');
  });
  it('finds the heaviest sanction running in a month', () => {
    const s = [
      { type: 'SEDANG' as const, startMonth: '2026-02', months: 6 },
      { type: 'RINGAN' as const, startMonth: '2026-01', months: 12 },
    ];
    expect(sanctionInMonth(s, '2026-01')).toBe('RINGAN');
    expect(sanctionInMonth(s, '2026-07')).toBe('SEDANG');
    expect(sanctionInMonth(s, '2026-08')).toBe('RINGAN');
    expect(sanctionInMonth([], '2026-08')).toBe('NONE');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
  });
  it('amends a predikat once per objection', () => {
    const c = {
      type: 'AmendPredikat' as const,
      objectionId: 'OBJ-1',
      nip: NIP,
      month: '2026-03',
      predikat: 'BAIK',
      reason: 'objection upheld',
      decidedOn: '2026-04-20',
      at,
    };
    const es = predikatAmendmentDecider.decide(c, predikatAmendmentDecider.initialState());
    spec(predikatAmendmentDecider).given(es).when(c).thenThrows('OBJECTION_ALREADY_DECIDED');
    spec(predikatAmendmentDecider)
      .given([])
      .when({ ...c, predikat: 'HEBAT' })
      .thenThrows('UNKNOWN_PREDIKAT');
  });
  it('sets a budget in whole rupiah', () => {
    const c = { type: 'SetTppBudget' as const, opdId: 'OPD-1', month: '2026-03', amount: '100', reason: 'DPA 2026', opdKnown: true, at };
    spec(budgetDecider)
      .given([])
      .when({ ...c, amount: '-5' })
      .thenThrows('INVALID_AMOUNT');
    spec(budgetDecider)
      .given([])
      .when({ ...c, month: '2026-13' })
      .thenThrows('INVALID_MONTH');
    spec(budgetDecider)
      .given([])
      .when({ ...c, opdKnown: false })
      .thenThrows('UNKNOWN_OPD', { opdId: 'OPD-1', month: '2026-03' });
  });
});

describe('an import of attendance or predikat', () => {
  const rows = Array.from({ length: 4500 }, (_, i) => ({
    nip: `1985031220100110${String(i).padStart(2, '0')}`,
    predikat: 'BAIK' as const,
  }));
  const issue = { type: 'IssuePredikat' as const, month: '2026-03', importId: 'abc', rows, at };

  it('is recorded in chunks of IMPORT_CHUNK rows, named by its content', () => {
    spec(inputImportDecider)
      .given([])
      .when(issue)
      .thenMatches((es) => {
        expect(es.map((e) => [e.type, e.data.rows.length])).toEqual([
          ['PredikatIssued', IMPORT_CHUNK],
          ['PredikatIssued', IMPORT_CHUNK],
          ['PredikatIssued', 4500 - 2 * IMPORT_CHUNK],
        ]);
        expect(es.flatMap((e) => (e.type === 'PredikatIssued' ? e.data.rows : []))).toEqual(rows);
        expect(importEventCount(rows.length)).toBe(es.length);
      });
    expect(inputImportStreamId(issue)).toBe('PredikatIssue-2026-03.abc');
    expect(inputImportStreamId({ ...issue, type: 'RecordAttendance' })).toBe('Attendance-2026-03.abc');
  });

  it('appends nothing when the same file was imported before', () => {
    const recorded = inputImportDecider.decide(issue, inputImportDecider.initialState());
    spec(inputImportDecider).given(recorded).when(issue).then([]);
  });
});
