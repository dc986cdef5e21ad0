import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { deterministicId } from './ids';
import { sha256, sha256Hex } from './sha256';

describe('sha256', () => {
  it('is the SHA-256 of the bytes or of the string’s UTF-8, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array()), (data) => {
        const reference = createHash('sha256').update(data).digest();
        expect(sha256(data).equals(reference)).toBe(true);
        expect(sha256Hex(data)).toBe(reference.toString('hex'));
      }),
      { seed: 17, numRuns: 200 },
    );
  });
});

describe('deterministicId', () => {
  // The ids are stored (a pay line's event id): hashing the parts as one text must give the ids the
  // namespace and each part fed to the hash in turn gave, or a job retried across an upgrade would
  // append its events again under new ids.
  const fedInTurn = (namespace: string, ...parts: Array<string | number>) => {
    const h = createHash('sha256').update(namespace);
    for (const p of parts) h.update('\u0000').update(String(p));
    const b = h.digest();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = b.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };

  it('gives the ids it gave when each part was fed to the hash in turn', () => {
    expect(deterministicId('kinerja.payline', 'PayrollRun-DINKES-2026-11', 1, 1, '198001012010011001', 'TPP', 'x')).toBe(
      fedInTurn('kinerja.payline', 'PayrollRun-DINKES-2026-11', 1, 1, '198001012010011001', 'TPP', 'x'),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer()), { maxLength: 6 }),
        (namespace, parts) => expect(deterministicId(namespace, ...parts)).toBe(fedInTurn(namespace, ...parts)),
      ),
      { seed: 23, numRuns: 500 },
    );
  });
});
