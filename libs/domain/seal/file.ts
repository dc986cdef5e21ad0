import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { badInput, domainError, verifyMerkleInclusion } from '@kinerja/kernel';
import { SEAL_TRIGGERS, SealFields, SealTrigger } from './events';
import { sealLeafHash } from './leaf';

/**
 * The seal file an outsider keeps: a few lines of text, each `name: value`, the last one the
 * base64 Ed25519 signature over every line before it (with their line feeds), by the Pemda's key.
 * The format is canonical (one way to write each seal): a file is read strictly, written again and
 * compared byte for byte, so a changed byte is either a bad format or a bad signature: never trusted.
 *
 *   kinerja-audit-seal v1
 *   seal: 3
 *   sealed-at: 2026-11-30T18:00:00.000Z
 *   trigger: DAILY
 *   run: -
 *   cut: 48213
 *   streams: 1520
 *   root: <64 hex digits>
 *   key: ed25519:<64 hex digits>
 *   signature: <base64>
 */
export const SEAL_HEADER = 'kinerja-audit-seal v1';
export const PROOF_HEADER = 'kinerja-inclusion-proof v1';
const PROOF_SEAL_SEPARATOR = '--- seal ---';

const HEX32 = /^[0-9a-f]{64}$/;
const WHOLE = /^(0|[1-9]\d{0,15})$/;
const RUN = /^[A-Z][A-Za-z0-9]{0,63}-[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

/** The lines the signature covers, each ending in a line feed. */
export function sealSignedText(f: SealFields): string {
  return [
    SEAL_HEADER,
    `seal: ${f.seal}`,
    `sealed-at: ${f.sealedAt}`,
    `trigger: ${f.trigger}`,
    `run: ${f.runId ?? '-'}`,
    `cut: ${f.cut}`,
    `streams: ${f.streams}`,
    `root: ${f.root}`,
    `key: ${f.key}`,
    '',
  ].join('\n');
}

export function sealFileText(f: SealFields, signature: string): string {
  return `${sealSignedText(f)}signature: ${signature}\n`;
}

/** `ed25519:` and the hex SHA-256 of the raw 32-byte public key. */
export function keyFingerprint(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256').update(rawPublicKey(publicKey)).digest('hex')}`;
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw badInput('SEAL_KEY_INVALID', 'the seal key is an Ed25519 key');
  // An Ed25519 SPKI is a fixed 12-byte prefix and the 32-byte key.
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
}

/** Reads a public key (PEM, SPKI) as published at /api/v1/audit/seal-key or by `kinerja audit seal-key`. */
export function parsePublicKeyPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw badInput('SEAL_KEY_INVALID', 'the key file is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw badInput('SEAL_KEY_INVALID', `the key is ${key.asymmetricKeyType}, not Ed25519`);
  return key;
}

/** Signs a seal's lines with the private key; the base64 signature. */
export function signSeal(f: SealFields, privateKey: KeyObject): string {
  return sign(null, Buffer.from(sealSignedText(f), 'utf8'), privateKey).toString('base64');
}

const malformed = (what: string, details: Record<string, unknown> = {}) =>
  badInput('SEAL_MALFORMED', `not a kinerja seal file: ${what}; it is refused`, details);

/** Reads a seal file strictly (any deviation from the canonical text is refused), signature not yet checked. */
export function parseSealFile(text: string): { fields: SealFields; signature: string } {
  if (text.includes('\r')) throw malformed('it holds a carriage return');
  if (!text.endsWith('\n')) throw malformed('it does not end with a line feed');
  const lines = text.slice(0, -1).split('\n');
  const names = ['seal', 'sealed-at', 'trigger', 'run', 'cut', 'streams', 'root', 'key', 'signature'];
  if (lines[0] !== SEAL_HEADER) throw malformed(`its first line is not "${SEAL_HEADER}"`, { line: 1 });
  if (lines.length !== names.length + 1) throw malformed(`it has ${lines.length} lines, not ${names.length + 1}`);
  const v = new Map<string, string>();
  names.forEach((name, i) => {
    const line = lines[i + 1];
    if (!line.startsWith(`${name}: `)) throw malformed(`line ${i + 2} is not "${name}: …"`, { line: i + 2 });
    v.set(name, line.slice(name.length + 2));
  });
  const field = (name: string, ok: (s: string) => boolean) => {
    const s = v.get(name)!;
    if (!ok(s)) throw malformed(`${name} is not valid`, { field: name });
    return s;
  };
  const fields: SealFields = {
    seal: Number(field('seal', (s) => WHOLE.test(s) && s !== '0')),
    sealedAt: field('sealed-at', (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s)),
    trigger: field('trigger', (s) => (SEAL_TRIGGERS as readonly string[]).includes(s)) as SealTrigger,
    runId: ((r) => (r === '-' ? null : r))(field('run', (s) => s === '-' || RUN.test(s))),
    cut: field('cut', (s) => /^(0|[1-9]\d{0,19})$/.test(s)),
    streams: Number(field('streams', (s) => WHOLE.test(s))),
    root: field('root', (s) => HEX32.test(s)),
    key: field('key', (s) => /^ed25519:[0-9a-f]{64}$/.test(s)),
  };
  const signature = field('signature', (s) => /^[A-Za-z0-9+/]{86}==$/.test(s) && Buffer.from(s, 'base64').toString('base64') === s);
  if (sealFileText(fields, signature) !== text) throw malformed('it is not written as kinerja writes seals');
  return { fields, signature };
}

/**
 * A seal file, read and its signature checked with the public key. A file that is not a seal, or
 * whose signature does not verify with this key, is refused with a code: never trusted.
 */
export function openSealFile(text: string, publicKey: KeyObject): SealFields {
  const { fields, signature } = parseSealFile(text);
  const fingerprint = keyFingerprint(publicKey);
  const ok = verify(null, Buffer.from(sealSignedText(fields), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  if (!ok)
    throw domainError(
      'SEAL_SIGNATURE_INVALID',
      { seal: fields.seal, key: fingerprint, signedBy: fields.key },
      fields.key === fingerprint
        ? `seal ${fields.seal}: the signature does not verify with the Pemda's key (${fingerprint}): the file was changed or forged; it is refused`
        : `seal ${fields.seal} names the key ${fields.key}, and its signature does not verify with the key given (${fingerprint}); it is refused`,
    );
  return fields;
}

/** An inclusion proof: one stream's head is a leaf of a sealed tree. */
export interface InclusionProof {
  streamId: string;
  version: number;
  /** hex */
  headHash: string;
  index: number;
  treeSize: number;
  /** hex, from the leaf up to the root */
  path: string[];
  /** hex */
  root: string;
  /** The seal file the proof is against, byte for byte. */
  seal: string;
}

/**
 *   kinerja-inclusion-proof v1
 *   stream: Employee-198503122010011002
 *   version: 4
 *   head-hash: <hex>
 *   index: 117
 *   tree-size: 1520
 *   path: <hex>          (one line per hash, from the leaf up)
 *   root: <hex>
 *   --- seal ---
 *   <the seal file>
 */
export function proofText(p: InclusionProof): string {
  return [
    PROOF_HEADER,
    `stream: ${p.streamId}`,
    `version: ${p.version}`,
    `head-hash: ${p.headHash}`,
    `index: ${p.index}`,
    `tree-size: ${p.treeSize}`,
    ...p.path.map((h) => `path: ${h}`),
    `root: ${p.root}`,
    PROOF_SEAL_SEPARATOR,
    '',
  ]
    .join('\n')
    .concat(p.seal);
}

const badProof = (what: string, details: Record<string, unknown> = {}) =>
  badInput('PROOF_MALFORMED', `not a kinerja inclusion proof: ${what}; it is refused`, details);

export function parseProof(text: string): InclusionProof {
  const cut = text.indexOf(`\n${PROOF_SEAL_SEPARATOR}\n`);
  if (cut < 0) throw badProof(`no "${PROOF_SEAL_SEPARATOR}" line`);
  const lines = text.slice(0, cut).split('\n');
  const seal = text.slice(cut + PROOF_SEAL_SEPARATOR.length + 2);
  if (lines[0] !== PROOF_HEADER) throw badProof(`its first line is not "${PROOF_HEADER}"`);
  const take = (i: number, name: string, re: RegExp) => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(`${name}: `) || !re.test(line.slice(name.length + 2)))
      throw badProof(`line ${i + 1} is not a valid "${name}: …"`, { line: i + 1 });
    return line.slice(name.length + 2);
  };
  const streamId = take(1, 'stream', RUN);
  const version = Number(take(2, 'version', WHOLE));
  const headHash = take(3, 'head-hash', HEX32);
  const index = Number(take(4, 'index', WHOLE));
  const treeSize = Number(take(5, 'tree-size', WHOLE));
  const path: string[] = [];
  let i = 6;
  while (lines[i]?.startsWith('path: ')) path.push(take(i++, 'path', HEX32));
  const root = take(i++, 'root', HEX32);
  if (i !== lines.length) throw badProof(`line ${i + 1} is not expected`, { line: i + 1 });
  const proof = { streamId, version, headHash, index, treeSize, path, root, seal };
  if (proofText(proof) !== text) throw badProof('it is not written as kinerja writes proofs');
  return proof;
}

/**
 * Checks an inclusion proof with the public key alone (no database): the seal inside it is signed
 * by the key, the proof's root and size are the seal's, and the path leads from the stream's head to
 * that root. With `sealText`, the seal inside must be that very file. Refused with a code otherwise.
 */
export function checkProof(text: string, publicKey: KeyObject, sealText?: string): { proof: InclusionProof; seal: SealFields } {
  const proof = parseProof(text);
  const seal = openSealFile(proof.seal, publicKey);
  if (sealText !== undefined) {
    openSealFile(sealText, publicKey);
    if (sealText !== proof.seal)
      throw domainError('PROOF_SEAL_MISMATCH', { seal: seal.seal }, 'the proof is against another seal than the file given; it is refused');
  }
  if (proof.root !== seal.root || proof.treeSize !== seal.streams)
    throw domainError(
      'PROOF_INVALID',
      { streamId: proof.streamId, seal: seal.seal },
      `the proof's root or tree size is not seal ${seal.seal}'s; it is refused`,
    );
  const leaf = sealLeafHash(proof.streamId, proof.version, Buffer.from(proof.headHash, 'hex'));
  const ok = verifyMerkleInclusion(
    leaf,
    proof.index,
    proof.treeSize,
    proof.path.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(seal.root, 'hex'),
  );
  if (!ok)
    throw domainError(
      'PROOF_INVALID',
      { streamId: proof.streamId, seal: seal.seal },
      `the path does not lead from ${proof.streamId} at version ${proof.version} to seal ${seal.seal}'s root; it is refused`,
    );
  return { proof, seal };
}
