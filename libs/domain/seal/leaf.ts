import { merkleLeafHashOfPrefixed } from '@kinerja/kernel';

/**
 * One leaf of an audit seal's Merkle tree: a stream's head, as bytes
 *   u32 big-endian length of the stream id's UTF-8 || the stream id || u64 big-endian version || the 32-byte head hash
 * so that no two heads share a leaf. The leaves are ordered by stream id (code-point order).
 */
export function sealLeafBytes(streamId: string, version: number, headHash: Uint8Array): Buffer {
  return prefixedLeaf(streamId, version, headHash).subarray(1);
}

/** The leaf hash of a stream's head (RFC 6962: sha256(0x00 || leaf)). */
export function sealLeafHash(streamId: string, version: number, headHash: Uint8Array): Buffer {
  return merkleLeafHashOfPrefixed(prefixedLeaf(streamId, version, headHash));
}

/** 0x00 and the leaf, in one buffer: a seal hashes a million of them. */
function prefixedLeaf(streamId: string, version: number, headHash: Uint8Array): Buffer {
  if (headHash.length !== 32) throw new RangeError(`a head hash has 32 bytes, not ${headHash.length}`);
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`a stream version is a whole number, not ${version}`);
  const n = Buffer.byteLength(streamId, 'utf8');
  const out = Buffer.allocUnsafe(1 + 4 + n + 8 + 32);
  out[0] = 0;
  out.writeUInt32BE(n, 1);
  out.write(streamId, 5, 'utf8');
  out.writeUInt32BE(Math.floor(version / 0x1_0000_0000), 5 + n);
  out.writeUInt32BE(version >>> 0, 9 + n);
  out.set(headHash, 13 + n);
  return out;
}
