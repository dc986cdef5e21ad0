import type { Pool } from 'pg';
import type { Projection } from './projection';

export interface CatchUpOptions {
  signal?: AbortSignal;
  /** Give up after this long (answering false); default: wait until aborted. */
  timeoutMs?: number;
  pollMs?: number;
  /** Called once when the wait has lasted `slowMs` (default 30 s). */
  onSlow?: () => void;
  slowMs?: number;
}

/**
 * Waits until a projection has applied every event of its types recorded before this call: none
 * of them lies between its checkpoint and the log's head as it was then. A reader that must not
 * act on a read model that is behind (a deadline, a signature) waits here instead of trusting it.
 * True once caught up; false if aborted or timed out first.
 */
export async function waitForProjection(pool: Pool, projection: Pick<Projection, 'name' | 'eventTypes'>, options: CatchUpOptions = {}): Promise<boolean> {
  const { signal, timeoutMs, pollMs = 50, slowMs = 30_000 } = options;
  const { rows: head } = await pool.query<{ tx: string; gp: string }>(
    'SELECT transaction_id::text AS tx, global_position::text AS gp FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  if (!head.length) return true;
  const types = projection.eventTypes?.length ? projection.eventTypes : null;
  const started = Date.now();
  let warned = false;
  while (!signal?.aborted) {
    const { rows } = await pool.query<{ caught_up: boolean }>(
      `SELECT NOT EXISTS (
                SELECT 1 FROM events e
                 WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
                   AND (e.transaction_id, e.global_position) <= ($2::xid8, $3::bigint)
                   AND ($4::text[] IS NULL OR e.event_type = ANY($4::text[]))) AS caught_up
         FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation
        WHERE p.name = $1`,
      [projection.name, head[0].tx, head[0].gp, types],
    );
    if (rows[0]?.caught_up) return true;
    const waited = Date.now() - started;
    if (timeoutMs !== undefined && waited > timeoutMs) return false;
    if (!warned && waited > slowMs) {
      warned = true;
      options.onSlow?.();
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pollMs);
      signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  return false;
}
