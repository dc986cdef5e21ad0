import { csvCell, sealConsistentWith } from './export';

describe('a CSV cell of an export', () => {
  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('defuses a cell a spreadsheet would run as a formula', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('the seal an export is consistent with', () => {
  const seal = (n: number, cut: string) => ({ seal: n, sealedAt: `2026-11-0${n}T00:00:00.000Z`, cut, root: 'ab'.repeat(32) });
  const seals = [seal(1, '900'), seal(2, '1000'), seal(3, '12000')];

  it('is the last seal whose cut the log head reaches, compared as 64-bit ids, not as text', () => {
    expect(sealConsistentWith(seals, { transactionId: '11999', globalPosition: '50' })).toEqual(seals[1]);
    expect(sealConsistentWith(seals, { transactionId: '12000', globalPosition: '51' })).toEqual(seals[2]);
    // '9000' > '12000' as text; as numbers the seal of cut 12000 is beyond a head at 9000.
    expect(sealConsistentWith(seals, { transactionId: '9000', globalPosition: '40' })).toEqual(seals[1]);
  });

  it('is none before the first seal, or for an empty log', () => {
    expect(sealConsistentWith(seals, { transactionId: '899', globalPosition: '1' })).toBeNull();
    expect(sealConsistentWith([], { transactionId: '899', globalPosition: '1' })).toBeNull();
    expect(sealConsistentWith(seals, null)).toBeNull();
  });
});
