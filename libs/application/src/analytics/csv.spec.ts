import { csvOf } from './analytics';

describe('the analytics CSV files', () => {
  it('quotes a cell with a comma, a quote or a line break, defuses a formula, and writes numbers as numbers', () => {
    const csv = csvOf(
      ['name', 'z', 'flag'],
      [
        ['=HYPERLINK("http://x")', -2.5, null],
        ['Dr. A, M.Kes', 0, true],
        ['@SUM(A1)', 1.96, 'LENIENT'],
      ],
    );
    expect(csv.split('\r\n')).toEqual([
      'name,z,flag',
      `"'=HYPERLINK(""http://x"")",-2.5,`,
      '"Dr. A, M.Kes",0,true',
      "'@SUM(A1),1.96,LENIENT",
      '',
    ]);
  });
});
