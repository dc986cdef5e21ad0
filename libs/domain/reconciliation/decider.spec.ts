import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { BknRow } from './bkn-export';
import {
  BKN_IMPORT_CHUNK,
  bknExportDecider,
  reconciliationDecider,
  type PredikatDifferenceResolved,
  type ResolveDifference,
} from './decider';

const at = '2026-04-02T09:00:00+07:00';
const A = '198503152010011001';
const row = (nip: string): BknRow => ({ nip, name: 'X', periodText: '2026-03', results: null, behaviour: null, predikat: 'BAIK' });
const imported = (importId: string, rows: BknRow[]) =>
  bknExportDecider.decide(
    { type: 'ImportBknExport', period: '2026-03', months: ['2026-03'], importId, fileName: 'bkn.csv', rows, at },
    { current: null },
  );

const resolve = (over: Partial<ResolveDifference> = {}): ResolveDifference => ({
  type: 'ResolveDifference',
  month: '2026-03',
  nip: A,
  choice: 'BKN',
  reason: 'BKN holds the calibrated predikat',
  difference: { imported: true, kinerja: 'BAIK', bkn: 'BUTUH_PERBAIKAN' },
  governingSource: 'KINERJA',
  at,
  ...over,
});
const resolved = (over: Partial<PredikatDifferenceResolved['data']> = {}): PredikatDifferenceResolved => ({
  type: 'PredikatDifferenceResolved',
  data: {
    month: '2026-03',
    nip: A,
    choice: 'BKN',
    predikat: 'BUTUH_PERBAIKAN',
    kinerjaPredikat: 'BAIK',
    bknPredikat: 'BUTUH_PERBAIKAN',
    governingSource: 'KINERJA',
    reason: 'BKN holds the calibrated predikat',
    at,
    ...over,
  },
});

describe('importing a BKN export', () => {
  it('records the rows in chunks', () => {
    const rows = Array.from({ length: BKN_IMPORT_CHUNK + 1 }, () => row(A));
    const events = imported('abc', rows);
    expect(events.map((e) => [e.data.chunk, e.data.chunks, e.data.rows.length])).toEqual([
      [0, 2, BKN_IMPORT_CHUNK],
      [1, 2, 1],
    ]);
  });
  it('appends nothing for the same file while it is in force, and a file again after another one', () => {
    spec(bknExportDecider)
      .given(imported('abc', [row(A)]))
      .when({ type: 'ImportBknExport', period: '2026-03', months: ['2026-03'], importId: 'abc', fileName: 'again.csv', rows: [row(A)], at })
      .then([]);
    spec(bknExportDecider)
      .given([...imported('abc', [row(A)]), ...imported('def', [])])
      .when({ type: 'ImportBknExport', period: '2026-03', months: ['2026-03'], importId: 'abc', fileName: 'bkn.csv', rows: [row(A)], at })
      .thenMatches((e) => expect(e.map((x) => x.data.importId)).toEqual(['abc']));
  });
});

describe('resolving a difference', () => {
  it('records the choice, the chosen predikat, both sides and the reason', () =>
    spec(reconciliationDecider).given([]).when(resolve()).then([resolved()]));
  it('pays kinerja’s predikat when kinerja is chosen', () =>
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ choice: 'KINERJA' }))
      .then([resolved({ choice: 'KINERJA', predikat: 'BAIK' })]));
  it('appends nothing for the same choice on the same two sides; records a new choice or a changed side', () => {
    spec(reconciliationDecider).given([resolved()]).when(resolve()).then([]);
    spec(reconciliationDecider)
      .given([resolved()])
      .when(resolve({ choice: 'KINERJA' }))
      .thenMatches((e) => expect(e).toHaveLength(1));
    spec(reconciliationDecider)
      .given([resolved()])
      .when(resolve({ difference: { imported: true, kinerja: 'KURANG', bkn: 'BUTUH_PERBAIKAN' } }))
      .then([resolved({ kinerjaPredikat: 'KURANG' })]);
  });
  it('refuses a month with no export, no difference, an empty side, a bad choice, no reason, a NIP like __proto__', () => {
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ difference: { imported: false, kinerja: 'BAIK', bkn: null } }))
      .thenThrows('NO_BKN_EXPORT');
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ difference: { imported: true, kinerja: 'BAIK', bkn: 'BAIK' } }))
      .thenThrows('NO_PREDIKAT_DIFFERENCE');
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ difference: { imported: true, kinerja: 'BAIK', bkn: null } }))
      .thenThrows('PREDIKAT_SOURCE_EMPTY', { choice: 'BKN' });
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ choice: 'BOTH' }))
      .thenThrows('INVALID_PREDIKAT_SOURCE');
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ reason: '  ' }))
      .thenThrows('REASON_REQUIRED');
    spec(reconciliationDecider)
      .given([])
      .when(resolve({ nip: '__proto__' }))
      .thenThrows('INVALID_NIP');
  });
});
