import { sha256 } from './sha256';

/**
 * A Merkle tree as RFC 6962 (Certificate Transparency) defines it, so that one leaf's inclusion
 * can be proven with log2(n) hashes and checked by anyone with a SHA-256:
 *   leaf hash = sha256(0x00 || leaf bytes), node = sha256(0x01 || left || right),
 *   the root of n > 1 leaves splits at k, the largest power of two below n: node(MTH(D[0:k]), MTH(D[k:n])),
 *   the root of no leaves is sha256 of nothing.
 * Inclusion proofs and their check follow RFC 6962 section 2.1.1 and RFC 9162 section 2.1.3.2.
 */

export function merkleLeafHash(leaf: Uint8Array): Buffer {
  const b = Buffer.allocUnsafe(1 + leaf.length);
  b[0] = 0;
  b.set(leaf, 1);
  return sha256(b);
}

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const b = Buffer.allocUnsafe(65);
  b[0] = 1;
  b.set(left, 1);
  b.set(right, 33);
  return sha256(b);
}

/**
 * The root of no leaves. A function, not a constant computed on load: the kernel is also bundled into
 * the web console (through libs/contracts), where loading it must not hash anything.
 */
export const emptyMerkleRoot = (): Buffer => sha256(new Uint8Array(0));

/**
 * The root over leaf hashes pushed one at a time, in constant memory (log2(n) hashes): a stack of
 * perfect subtrees, merged when two of a size meet, and folded right to left at the end, which is
 * RFC 6962's split at the largest power of two.
 */
export class MerkleRootBuilder {
  private readonly stack: Buffer[] = [];
  private readonly heights: number[] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Adds a leaf by its leaf hash (`merkleLeafHash`). */
  pushLeafHash(hash: Buffer): void {
    let h = hash;
    let height = 0;
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      h = merkleNodeHash(this.stack.pop()!, h);
      height++;
    }
    this.stack.push(h);
    this.heights.push(height);
    this.n++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return emptyMerkleRoot();
    let r = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) r = merkleNodeHash(this.stack[i], r);
    return r;
  }
}

/** The root over a list of leaf hashes (the recursive definition; `MerkleRootBuilder` gives the same). */
export function merkleRoot(leafHashes: readonly Buffer[], from = 0, to = leafHashes.length): Buffer {
  const n = to - from;
  if (n === 0) return emptyMerkleRoot();
  if (n === 1) return leafHashes[from];
  const k = largestPowerOfTwoBelow(n);
  return merkleNodeHash(merkleRoot(leafHashes, from, from + k), merkleRoot(leafHashes, from + k, to));
}

/** The audit path of leaf `index`: the sibling hashes from the leaf up to the root (RFC 6962 PATH). */
export function merkleInclusionProof(leafHashes: readonly Buffer[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) throw new RangeError(`no leaf ${index} of ${leafHashes.length}`);
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(merkleRoot(leafHashes, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(merkleRoot(leafHashes, from, from + k));
    }
  };
  walk(index, 0, leafHashes.length);
  return path;
}

/**
 * The root an inclusion proof leads to (RFC 9162 2.1.3.2), or null when the proof cannot be one
 * for that index and size (too long or too short). Equal to the signed root: the leaf is in.
 */
export function merkleRootFromProof(leafHash: Buffer, index: number, treeSize: number, path: readonly Buffer[]): Buffer | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return null;
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r = leafHash;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = merkleNodeHash(p, r);
      if ((fn & 1n) === 0n)
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else r = merkleNodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

export function verifyMerkleInclusion(leafHash: Buffer, index: number, treeSize: number, path: readonly Buffer[], root: Buffer): boolean {
  const r = merkleRootFromProof(leafHash, index, treeSize, path);
  return r !== null && r.equals(root);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A stream's head as a leaf (what an audit seal's tree is built over):
 *   u32 big-endian length of the stream id's UTF-8 || the stream id || u64 big-endian version || the 32-byte head hash
 * The PostgreSQL adapter computes the same leaf hash in SQL (stream-heads.ts), tested against this one.
 */
export function streamHeadLeafBytes(streamId: string, version: number, headHash: Uint8Array): Buffer {
  return prefixedHeadLeaf(streamId, version, headHash).subarray(1);
}

/** sha256(0x00 || the head's leaf). */
export function streamHeadLeafHash(streamId: string, version: number, headHash: Uint8Array): Buffer {
  return sha256(prefixedHeadLeaf(streamId, version, headHash));
}

/** 0x00 and the leaf, in one buffer: a seal hashes a million of them. */
function prefixedHeadLeaf(streamId: string, version: number, headHash: Uint8Array): Buffer {
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
