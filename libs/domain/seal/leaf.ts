import { merkleLeafHash } from '@kinerja/kernel';

/**
 * One leaf of an audit seal's Merkle tree: a stream's head, as bytes
 *   u32 big-endian length of the stream id's UTF-8 || the stream id || u64 big-endian version || the 32-byte head hash
 * so that no two heads share a leaf. The leaves are ordered by stream id (code-point order).
 */
export function sealLeafBytes(streamId: string, version: number, headHash: Uint8Array): Buffer {
  if (headHash.length !== 32) throw new RangeError(`a head hash has 32 bytes, not ${headHash.length}`);
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`a stream version is a whole number, not ${version}`);
  const id = Buffer.from(streamId, 'utf8');
  const out = Buffer.allocUnsafe(4 + id.length + 8 + 32);
  out.writeUInt32BE(id.length, 0);
  id.copy(out, 4);
  out.writeBigUInt64BE(BigInt(version), 4 + id.length);
  Buffer.from(headHash.buffer, headHash.byteOffset, 32).copy(out, 12 + id.length);
  return out;
}

/** The leaf hash of a stream's head (RFC 6962: sha256(0x00 || leaf)). */
export function sealLeafHash(streamId: string, version: number, headHash: Uint8Array): Buffer {
  return merkleLeafHash(sealLeafBytes(streamId, version, headHash));
}
