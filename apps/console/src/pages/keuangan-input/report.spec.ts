import { columnOf, lineOfNip, monthsAround, reportRows } from './report';

describe('the import report as the page shows it', () => {
  const csv = 'nip,TL1,TK\n198503122010011002,x,0\n123,0,0\n199001012015032001,0,0\n';
  it('maps every bad row to its line, column and Indonesian reason, in the order of the file', () => {
    const rows = reportRows('attendance', csv, [
      { line: 0, nip: '199001012015032001', code: 'UNKNOWN_EMPLOYEE', message: 'no employee with this NIP in the register' },
      { line: 3, nip: '123', code: 'INVALID_NIP', message: 'not a NIP: "123"' },
      { line: 2, nip: '198503122010011002', code: 'INVALID_ATTENDANCE_COUNT', message: 'TL1 must be a whole number ≥ 0, got "x"' },
    ]);
    expect(rows.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, 'TL1', 'INVALID_ATTENDANCE_COUNT'],
      [3, 'nip', 'INVALID_NIP'],
      [4, 'nip', 'UNKNOWN_EMPLOYEE'],
    ]);
    expect(rows[0].reason).toBe('Jumlah harus bilangan bulat 0 atau lebih.');
    expect(rows[2].reason).toMatch(/tidak terdaftar/);
  });
  it('names the predikat column, and says something for a code it does not know', () => {
    expect(columnOf('predikat', { line: 2, code: 'UNKNOWN_PREDIKAT', message: '' })).toBe('predikat');
    const [row] = reportRows('predikat', 'nip,predikat\n', [{ line: 5, code: 'SOMETHING_NEW', message: '' }]);
    expect(row).toMatchObject({ line: 5, column: '—', reason: 'Baris ini tidak dapat dibaca.' });
  });
  it('finds a NIP’s line, or none', () => {
    expect(lineOfNip(csv, '123')).toBe(3);
    expect(lineOfNip(csv, '__proto__')).toBeNull();
    expect(reportRows('attendance', csv, [{ line: 0, nip: '999', code: 'UNKNOWN_EMPLOYEE', message: '' }])[0].line).toBeNull();
  });
  it('offers the next month and the year before, across a year end', () => {
    expect(monthsAround('2026-12-01', 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(monthsAround('2026-01-15', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
  });
});
