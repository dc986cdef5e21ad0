import { quartersOf, refusedDifferences, reportRows, toBase64 } from './bkn';

describe('the reconciliation page’s helpers', () => {
  it('lists every bad row of a dry run by line, with the column and an Indonesian reason', () => {
    const rows = reportRows([
      { line: 6, column: 'PREDIKAT', nip: '198801012012011003', code: 'UNKNOWN_PREDIKAT', message: 'unknown predikat "ISTIMEWA"' },
      { line: 2, column: 'NIP', code: 'INVALID_NIP', message: 'not a NIP: "__proto__"' },
      { line: 4, column: 'PERIODE', nip: '199001012015032001', code: 'PERIOD_MISMATCH', message: 'the row is for 2026-04' },
      { line: 0, column: '', code: 'SOMETHING_NEW', message: '' },
    ]);
    expect(rows.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, 'NIP', 'INVALID_NIP'],
      [4, 'PERIODE', 'PERIOD_MISMATCH'],
      [6, 'PREDIKAT', 'UNKNOWN_PREDIKAT'],
      [null, '—', 'SOMETHING_NEW'],
    ]);
    expect(rows[0].reason).toBe('NIP tidak sah: harus 18 angka.');
    expect(rows[3].reason).toBe('Baris ini tidak dapat dibaca.');
  });
  it('offers the quarters of the months offered, newest first', () => {
    expect(quartersOf(['2027-01', '2026-12', '2026-10', '2026-09'])).toEqual(['2027-Q1', '2026-Q4', '2026-Q3']);
  });
  it('encodes a file’s bytes as base64, also past one chunk', () => {
    expect(toBase64(new TextEncoder().encode('NIP,PREDIKAT\n'))).toBe(Buffer.from('NIP,PREDIKAT\n').toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
  it('reads the differences a refused submission names, ignoring what is not one', () => {
    const read = refusedDifferences({
      count: 3,
      differences: [
        { nip: '199001012015032001', name: 'Budi', kind: 'DIFFERENT_PREDIKAT', kinerja: 'BAIK', bkn: 'BUTUH_PERBAIKAN' },
        null,
        { name: 'x' },
      ],
    });
    expect(read).toEqual({
      count: 3,
      differences: [{ nip: '199001012015032001', name: 'Budi', kind: 'DIFFERENT_PREDIKAT', kinerja: 'BAIK', bkn: 'BUTUH_PERBAIKAN' }],
    });
    expect(refusedDifferences({})).toEqual({ count: 0, differences: [] });
  });
});
