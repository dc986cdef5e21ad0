import type { Pool } from 'pg';
import { Clock, systemClock } from '@kinerja/kernel';
import { compareCheckpoints, START, type EventStore } from '@kinerja/event-store';
import type { Projection } from './projection';
import { sleep } from './sleep';

export interface CatchUpOptions {
  signal?: AbortSignal;
  /** Give up after this long (answering false); default: wait until aborted. */
  timeoutMs?: number;
  pollMs?: number;
  /** Called once when the wait has lasted `slowMs` (default 30 s). */
  onSlow?: () => void;
  slowMs?: number;
  /** Measures the wait (the machine's clock by default: a timeout is real time, whatever a test set). */
  clock?: Clock;
}

/**
 * Waits until a projection has applied every event of its types recorded before this call: none
 * of them lies between its checkpoint and the log's head as it was then. A reader that must not
 * act on a read model that is behind (a deadline, a signature) waits here instead of trusting it.
 * True once caught up; false if aborted or timed out first.
 */
export async function waitForProjection(
  pool: Pool,
  store: Pick<EventStore, 'head' | 'backlog'>,
  projection: Pick<Projection, 'name' | 'eventTypes'>,
  options: CatchUpOptions = {},
): Promise<boolean> {
  const { signal, timeoutMs, pollMs = 50, slowMs = 30_000, clock = systemClock } = options;
  // The log's head through the port (PostgreSQL's or KurrentDB's); the checkpoint from the read models' database.
  const head = await store.head();
  const empty = compareCheckpoints(head, START) === 0;
  const types = projection.eventTypes?.length ? projection.eventTypes : undefined;
  const started = clock.now().getTime();
  let warned = false;
  while (!signal?.aborted) {
    const { rows } = await pool.query<{ tx: string; gp: string }>(
      `SELECT c.transaction_id::text AS tx, c.global_position::text AS gp
         FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation
        WHERE p.name = $1`,
      [projection.name],
    );
    // The checkpoint row exists once a runner has made the projection's tables (ProjectionRunner.ensure).
    // Until then nothing is caught up, not even on an empty log: its readers query those tables (an
    // empty log used to count as caught up at once, and every first start's put-backs of deadlines and
    // calculations failed with "relation … does not exist").
    const caughtUp =
      rows.length > 0 &&
      (empty ||
        (await store.backlog({ after: { transactionId: rows[0].tx, globalPosition: rows[0].gp }, upTo: head, types, max: 1 })).events ===
          0);
    if (caughtUp) return true;
    const waited = clock.now().getTime() - started;
    if (timeoutMs !== undefined && waited > timeoutMs) return false;
    if (!warned && waited > slowMs) {
      warned = true;
      options.onSlow?.();
    }
    await sleep(pollMs, signal);
  }
  return false;
}
