import { allPages, csvCell, toCsv } from './csv';
import { cellsOf, fileNameOf, filterValue, LISTS } from './lists';

describe('the follow-up CSV', () => {
  it('quotes every cell, doubles quotes and keeps commas and line breaks inside the cell', () => {
    expect(csvCell('Budi, S.Kep')).toBe('"Budi, S.Kep"');
    expect(csvCell('kata "baik"')).toBe('"kata ""baik"""');
    expect(csvCell('baris\nkedua')).toBe('"baris\nkedua"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(['2026-09', '2026-10'])).toBe('"2026-09; 2026-10"');
  });

  it('protects against formula injection: = + - @ (and tab, CR) get a leading apostrophe', () => {
    for (const s of ['=HYPERLINK("x")', '+62812', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s)).toBe(`"'${s.replace(/"/g, '""')}"`);
    expect(csvCell('199001012015011001')).toBe('"199001012015011001"');
  });

  it('builds the header and rows with CRLF', () => {
    expect(toCsv(['NIP', 'Periode'], [['1', '2026-10']])).toBe('"NIP","Periode"\r\n"1","2026-10"\r\n');
  });

  it('reads every page until a short one', async () => {
    const data = Array.from({ length: 7 }, (_, i) => i);
    const asked: number[] = [];
    const all = await allPages(async (limit, offset) => {
      asked.push(offset);
      return data.slice(offset, offset + limit);
    }, 3);
    expect(all).toEqual(data);
    expect(asked).toEqual([0, 3, 6]);
  });

  it('maps each list’s rows to its columns, with predikat in Indonesian and a hostile key ignored', () => {
    const rewards = LISTS.find((l) => l.key === 'rewards')!;
    const row = JSON.parse('{"nip":"1","period":"2026-10","predikat":"SANGAT_BAIK","listedAt":"2026-10-31","__proto__":{"x":1}}');
    expect(cellsOf(rewards, [row])).toEqual([['1', '2026-10', 'Sangat Baik', '2026-10-31']]);
    const sanctions = LISTS.find((l) => l.key === 'sanction-cases')!;
    expect(cellsOf(sanctions, [{ caseId: 'c', nip: '2', periods: ['2026-09', '2026-10'], flaggedAt: 't' }])[0][2]).toBe('2026-09; 2026-10');
    expect(fileNameOf(rewards, '2026-10')).toBe('tindak-lanjut-rewards-2026-10.csv');
    expect(fileNameOf(sanctions, null)).toBe('tindak-lanjut-sanction-cases.csv');
    const promotion = LISTS.find((l) => l.key === 'promotion-eligibility')!;
    expect(
      cellsOf(promotion, [{ nip: '3', year: 2026, eligible: true, yearPredikat: { '2026': 'BAIK', '2025': null }, determinedAt: 't' }]),
    ).toEqual([['3', '2026', 'Ya', '2025: –; 2026: Baik', 't']]);
  });

  it('takes a filter only in the form the list’s API takes it', () => {
    const [rewards, promotion, sanctions] = ['rewards', 'promotion-eligibility', 'sanction-cases'].map((k) =>
      LISTS.find((l) => l.key === k)!,
    );
    expect([filterValue(rewards, ' 2026-10 '), filterValue(rewards, '2026-Q4'), filterValue(rewards, '2026-13')]).toEqual([
      '2026-10',
      '2026-Q4',
      null,
    ]);
    expect([filterValue(promotion, '2026'), filterValue(promotion, '20x6'), filterValue(sanctions, '2026')]).toEqual(['2026', null, null]);
  });
});
