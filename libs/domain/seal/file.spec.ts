import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { merkleInclusionProof, merkleRoot } from '@kinerja/kernel';
import { deciderSpec as spec, expectRefusal } from '@kinerja/kernel/testing';
import { sealDecider } from './decider';
import type { AuditSealed, SealFields } from './events';
import { checkProof, keyFingerprint, openSealFile, parsePublicKeyPem, proofText, sealFileText, signSeal } from './file';
import { sealLeafBytes, sealLeafHash } from './leaf';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const heads = Array.from({ length: 7 }, (_, i) => ({ streamId: `Employee-${1000 + i}`, version: i, headHash: Buffer.alloc(32, i + 1) }));
const leafHashes = heads.map((h) => sealLeafHash(h.streamId, h.version, h.headHash));
const fields: SealFields = {
  seal: 2,
  sealedAt: '2026-11-30T17:00:00.000Z',
  trigger: 'PAYROLL_DISBURSED',
  runId: 'PayrollRun-DINKES:2026-10',
  cut: '4711',
  streams: heads.length,
  root: merkleRoot(leafHashes).toString('hex'),
  key: keyFingerprint(publicKey),
};
const file = sealFileText(fields, signSeal(fields, privateKey));

/** Every one-byte change of `text`: each position, the byte replaced by another printable one. */
function* oneByteChanges(text: string): Generator<string> {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (const r of [c === 0x30 ? 0x31 : 0x30, c === 0x61 ? 0x62 : 0x61, 0x0a, c === 0x41 ? 0x42 : 0x41])
      if (r !== c) yield text.slice(0, i) + String.fromCharCode(r) + text.slice(i + 1);
  }
}

describe('the seal file', () => {
  it('is a few lines, and opens with the public key', () => {
    expect(file.split('\n')).toHaveLength(11);
    expect(file).toMatch(/^kinerja-audit-seal v1\nseal: 2\n/);
    expect(openSealFile(file, publicKey)).toEqual(fields);
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(keyFingerprint(parsePublicKeyPem(pem))).toBe(fields.key);
  });

  it('is refused after any one-byte change, with a code saying why', () => {
    let n = 0;
    for (const forged of oneByteChanges(file)) {
      n++;
      let code = '';
      try {
        openSealFile(forged, publicKey);
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect(['SEAL_MALFORMED', 'SEAL_SIGNATURE_INVALID']).toContain(code);
    }
    expect(n).toBeGreaterThan(file.length * 3);
  });

  it('is refused with another key, naming both keys', () => {
    expectRefusal(() => openSealFile(file, other.publicKey), 'SEAL_SIGNATURE_INVALID', { signedBy: fields.key });
    expectRefusal(() => parsePublicKeyPem('not a key'), 'SEAL_KEY_INVALID');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expectRefusal(() => parsePublicKeyPem(rsa), 'SEAL_KEY_INVALID');
    expect(createPublicKey(privateKey).asymmetricKeyType).toBe('ed25519');
  });
});

describe('an inclusion proof', () => {
  const proofOf = (i: number) =>
    proofText({
      streamId: heads[i].streamId,
      version: heads[i].version,
      headHash: heads[i].headHash.toString('hex'),
      index: i,
      treeSize: heads.length,
      path: merkleInclusionProof(leafHashes, i).map((h) => h.toString('hex')),
      root: fields.root,
      seal: file,
    });

  it('checks for every stream with the public key alone, and with the seal file given', () => {
    heads.forEach((h, i) => expect(checkProof(proofOf(i), publicKey, file).proof.streamId).toBe(h.streamId));
  });

  it('is refused after any one-byte change', () => {
    const proof = proofOf(3);
    for (const forged of oneByteChanges(proof)) {
      let code = '';
      try {
        checkProof(forged, publicKey);
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect(['PROOF_MALFORMED', 'PROOF_INVALID', 'SEAL_MALFORMED', 'SEAL_SIGNATURE_INVALID']).toContain(code);
    }
  });

  it('is refused against another seal file, or another key', () => {
    const f2 = { ...fields, seal: 3 };
    expectRefusal(() => checkProof(proofOf(0), publicKey, sealFileText(f2, signSeal(f2, privateKey))), 'PROOF_SEAL_MISMATCH');
    expectRefusal(() => checkProof(proofOf(0), other.publicKey), 'SEAL_SIGNATURE_INVALID');
  });

  it('leaves are length-prefixed, so no two heads share one', () => {
    expect(sealLeafBytes('A-1', 2, Buffer.alloc(32)).subarray(0, 7)).toEqual(Buffer.from([0, 0, 0, 3, 0x41, 0x2d, 0x31]));
    expect(sealLeafHash('A-1', 1, Buffer.alloc(32))).not.toEqual(sealLeafHash('A-1', 2, Buffer.alloc(32)));
  });
});

describe('RecordSeal', () => {
  const sealed = (seal: number): AuditSealed => ({ type: 'AuditSealed', data: { ...fields, seal, signature: 'sig' } });
  it('records the next seal, and refuses a number already taken', () => {
    spec(sealDecider)
      .given([sealed(1)])
      .when({ type: 'RecordSeal', fields, signature: 'sig' })
      .then([sealed(2)]);
    spec(sealDecider)
      .given([sealed(1), sealed(2)])
      .when({ type: 'RecordSeal', fields, signature: 'sig' })
      .thenThrows('SEAL_NUMBER_TAKEN', { next: 3 });
  });
});
