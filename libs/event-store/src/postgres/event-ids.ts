import { randomBytes } from 'node:crypto';
import { systemClock, uuidText } from '@kinerja/kernel';

/** Random bytes drawn at once: 409 ids a draw (randomUUID keeps a cache of its own alike). */
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/**
 * A UUID of version 7 (RFC 9562): the milliseconds since 1970 in its first 48 bits, then 74 random
 * bits. The store gives these to the events appended without an id of their own (most commands):
 * ids of one moment sort together, so the log's unique index on event ids takes each new one at its
 * right edge, a few hot pages, instead of at a random page of an index as large as the log, each
 * page dirtied (and written whole to the WAL after a checkpoint) for one entry. PostgreSQL's CPU per
 * event of batches of 100 went 21-22 -> 18-19 µs (`npm run bench -- append --only batch`, README).
 * Ids of one millisecond are not ordered among themselves: the index's locality does not need it,
 * and the log is ordered by its positions, never by its ids.
 */
export function timeOrderedId(): string {
  if (randomOffset + 10 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(systemClock.now().getTime(), 0, 6);
  randomPool.copy(b, 6, randomOffset, randomOffset + 10);
  randomOffset += 10;
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return uuidText(b);
}
