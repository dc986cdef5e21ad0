import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  emptyMerkleRoot,
  merkleInclusionProof,
  merkleLeafHash,
  merkleNodeHash,
  merkleRoot,
  MerkleRootBuilder,
  verifyMerkleInclusion,
} from './merkle';

const leaves = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => merkleLeafHash(Buffer.from(`leaf ${seed}/${i}`)));
const leafList = fc
  .array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 70 })
  .map((ls) => ls.map(merkleLeafHash));

describe('Merkle tree (RFC 6962)', () => {
  it('hashes leaves and nodes with their domain-separation prefixes', () => {
    const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    const a = Buffer.from('a');
    expect(merkleLeafHash(a)).toEqual(sha(Buffer.from([0]), a));
    const [x, y] = leaves(2);
    expect(merkleNodeHash(x, y)).toEqual(sha(Buffer.from([1]), x, y));
    expect(merkleRoot([])).toEqual(sha());
    expect(merkleRoot([x])).toEqual(x);
  });

  it('splits at the largest power of two below n (3 leaves: (a b) c; 5 leaves: ((a b)(c d)) e)', () => {
    const [a, b, c, d, e] = leaves(5);
    expect(merkleRoot([a, b, c])).toEqual(merkleNodeHash(merkleNodeHash(a, b), c));
    expect(merkleRoot([a, b, c, d, e])).toEqual(merkleNodeHash(merkleNodeHash(merkleNodeHash(a, b), merkleNodeHash(c, d)), e));
  });

  it('the streaming builder gives the recursive root for every size', () => {
    fc.assert(
      fc.property(leafList, (hs) => {
        const b = new MerkleRootBuilder();
        for (const h of hs) b.pushLeafHash(h);
        expect(b.size).toBe(hs.length);
        expect(b.root()).toEqual(merkleRoot(hs));
      }),
    );
    expect(new MerkleRootBuilder().root()).toEqual(emptyMerkleRoot());
  });

  it("every leaf's proof verifies against the root, with about log2(n) hashes", () => {
    fc.assert(
      fc.property(leafList, (hs) => {
        const root = merkleRoot(hs);
        hs.forEach((h, i) => {
          const path = merkleInclusionProof(hs, i);
          expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(hs.length)));
          expect(verifyMerkleInclusion(h, i, hs.length, path, root)).toBe(true);
        });
      }),
    );
  });

  it("a changed leaf, a changed path hash or another index fails (the size is the signed seal's)", () => {
    fc.assert(
      fc.property(
        leafList.filter((hs) => hs.length > 1),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (hs, i0, byte, flip) => {
          const i = i0 % hs.length;
          const root = merkleRoot(hs);
          const path = merkleInclusionProof(hs, i);
          const changed = Buffer.from(hs[i]);
          changed[byte % 32] ^= (flip % 255) + 1;
          expect(verifyMerkleInclusion(changed, i, hs.length, path, root)).toBe(false);
          // The tree built over the changed leaf has another root.
          expect(merkleRoot(hs.map((h, j) => (j === i ? changed : h)))).not.toEqual(root);
          if (path.length) {
            const forged = path.map((p) => Buffer.from(p));
            forged[byte % forged.length][byte % 32] ^= (flip % 255) + 1;
            expect(verifyMerkleInclusion(hs[i], i, hs.length, forged, root)).toBe(false);
          }
          const other = (i + 1) % hs.length;
          if (!hs[other].equals(hs[i])) expect(verifyMerkleInclusion(hs[i], other, hs.length, path, root)).toBe(false);
        },
      ),
    );
  });

  it('refuses an index outside the tree', () => {
    const hs = leaves(4);
    expect(() => merkleInclusionProof(hs, 4)).toThrow(RangeError);
    expect(verifyMerkleInclusion(hs[0], 4, 4, merkleInclusionProof(hs, 0), merkleRoot(hs))).toBe(false);
    expect(verifyMerkleInclusion(hs[0], -1, 4, merkleInclusionProof(hs, 0), merkleRoot(hs))).toBe(false);
  });
});
