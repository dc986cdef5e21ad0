import * as crypto from 'node:crypto';

type OneShotHash = {
  (algorithm: string, data: Uint8Array | string, outputEncoding: 'buffer'): Buffer;
  (algorithm: string, data: Uint8Array | string, outputEncoding: 'hex'): string;
};
// Node's one-shot crypto.hash (20.12+; not in @types/node 20) is several times faster than a Hash
// object for small inputs (no object to make and collect): a payroll run hashes three per line, a
// Merkle tree of a million leaves two million.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** SHA-256 of bytes, or of a string's UTF-8. */
export function sha256(data: Uint8Array | string): Buffer {
  return oneShot ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest();
}

/** SHA-256 of bytes, or of a string's UTF-8, as 64 lowercase hex digits. */
export function sha256Hex(data: Uint8Array | string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
