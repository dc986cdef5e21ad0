/**
 * One leaf of an audit seal's Merkle tree is a stream's head (kernel `merkle.ts`):
 *   u32 big-endian length of the stream id's UTF-8 || the stream id || u64 big-endian version || the 32-byte head hash
 * so that no two heads share a leaf; the leaves are ordered by stream id (code-point order). The
 * kernel holds the encoding because the PostgreSQL adapter computes the same leaf hash beside its read.
 */
export { streamHeadLeafBytes as sealLeafBytes, streamHeadLeafHash as sealLeafHash } from '@kinerja/kernel';
