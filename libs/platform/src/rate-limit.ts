import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { KinerjaError } from '@kinerja/kernel';

/**
 * A fixed-window rate limit kept in PostgreSQL (no in-memory counter: every replica shares it).
 * Counts one hit for `key` in the current window and refuses with 429 `RATE_LIMITED` over `limit`.
 */
export async function hitRateLimit(pool: Pool, key: string, limit: number, windowSeconds: number): Promise<number> {
  const { rows } = await pool.query<{ count: number; retry: number }>(
    `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
     INSERT INTO rate_limits (key, window_start, count) SELECT $1, w.start, 1 FROM w
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::integer AS retry`,
    [key, windowSeconds],
  );
  const { count, retry } = rows[0];
  if (count > limit)
    throw new KinerjaError('RATE_LIMITED', 'too many requests; try again later', 'RATE_LIMITED', { retryAfterSeconds: Math.max(1, retry) });
  // Old windows are dropped now and then by whoever passes (cheap with the index).
  if (count === 1 && Math.random() < 0.01) await pool.query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'");
  return count;
}

/** A client address as a rate-limit key: hashed, so the table keeps no addresses. */
export const clientKey = (address: string) => createHash('sha256').update(`client:${address}`).digest('hex').slice(0, 32);
