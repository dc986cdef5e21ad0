import { UploadTextCheck } from './upload';

const check = (parts: Array<string | Uint8Array>, maxRows?: number) => {
  const c = new UploadTextCheck(maxRows);
  for (const p of parts) c.push(typeof p === 'string' ? new TextEncoder().encode(p) : p);
  c.push(new Uint8Array(0), true);
  return c.rows;
};

describe('UploadTextCheck', () => {
  it('counts rows after the header: blank lines skipped, a quoted line break inside one row', () => {
    expect(check(['\ufeffNIP;NAMA\r\n1;"Sari\r\nS.E."\r\n\r\n2;Budi'])).toBe(2);
    // A multi-byte character cut between two pieces is one character.
    const bytes = new TextEncoder().encode('NIP,NAMA\n1,Ça\n');
    expect(check([bytes.subarray(0, 12), bytes.subarray(12)])).toBe(1);
  });

  it('names the line and the header column of a NUL or of bytes that are not UTF-8', () => {
    expect(() => check(['NIP,NAMA\n1,ok\n2,a\u0000'])).toThrow(
      expect.objectContaining({ code: 'IMPORT_REJECTED', details: { errors: [expect.objectContaining({ line: 3, column: 'NAMA' })] } }),
    );
    const lone = Buffer.concat([Buffer.from('NIP,NAMA\n'), Buffer.from([0xed, 0xa0, 0x80])]);
    expect(() => check([lone])).toThrow(
      expect.objectContaining({ details: { errors: [expect.objectContaining({ line: 2, column: 'NIP' })] } }),
    );
  });

  it('refuses the first row past the limit', () => {
    expect(check(['H\n', 'a\n'.repeat(3)], 3)).toBe(3);
    expect(() => check(['H\n', 'a\n'.repeat(4)], 3)).toThrow(expect.objectContaining({ code: 'IMPORT_TOO_MANY_ROWS' }));
  });
});
