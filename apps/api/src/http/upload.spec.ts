import { multipartField } from './upload';

const collect = async (body: Buffer, size: number, type: string) => {
  async function* pieces() {
    for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
  }
  const out: Buffer[] = [];
  for await (const b of multipartField(pieces(), type)) out.push(b);
  return Buffer.concat(out).toString('utf8');
};

describe('multipartField', () => {
  const csv = 'NIP,NAMA\r\n199001012015031001,"Sari, S.E."\r\n--not-the-boundary\r\n';
  const form = Buffer.from(
    [
      '--XyZ',
      'Content-Disposition: form-data; name="note"',
      '',
      'a note',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="siasn.csv"',
      'Content-Type: text/csv',
      '',
      csv,
      '--XyZ--',
      '',
    ].join('\r\n'),
  );

  it('gives the file field byte for byte, however the body is cut into pieces', async () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64, form.length])
      expect(await collect(form, size, 'multipart/form-data; boundary=XyZ')).toBe(csv);
  });

  it('refuses a form without the field, and one whose file part never ends', async () => {
    const noFile = Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--XyZ--\r\n');
    await expect(collect(noFile, 4, 'multipart/form-data; boundary=XyZ')).rejects.toMatchObject({ code: 'NO_FILE_FIELD' });
    await expect(collect(form.subarray(0, form.length - 12), 4, 'multipart/form-data; boundary=XyZ')).rejects.toMatchObject({
      code: 'MALFORMED_MULTIPART',
    });
    await expect(collect(form, 4, 'multipart/form-data')).rejects.toMatchObject({ code: 'MALFORMED_MULTIPART' });
  });
});
