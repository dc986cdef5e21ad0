import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Upcasters } from '../port';
import type { StreamSnapshot, StreamSnapshots } from '../snapshots';

/** The upcasters' code, hashed: a changed upcaster changes every fold, so every snapshot's key. */
export function upcastersKey(upcasters: Upcasters | undefined): string {
  const h = createHash('sha256');
  for (const type of Object.keys(upcasters ?? {}).sort())
    for (const [from, fn] of Object.entries(upcasters?.[type] ?? {}).sort(([a], [b]) => Number(a) - Number(b)))
      h.update(`${type}\0${from}\0${fn.toString()}\0`);
  return h.digest('hex').slice(0, 16);
}

/** Snapshots in `stream_snapshots` (migrations/0007_stream_snapshots.sql), one row per stream and key. */
export class PostgresStreamSnapshots implements StreamSnapshots {
  constructor(
    private readonly pool: Pool,
    readonly readerKey: string,
  ) {}

  async read(streamId: string, stateKey: string): Promise<StreamSnapshot | null> {
    const { rows } = await this.pool.query<{ version: string; head: string; state: string }>(
      'SELECT version::text, head, state FROM stream_snapshots WHERE stream_id = $1 AND state_key = $2',
      [streamId, stateKey],
    );
    return rows.length ? { version: Number(rows[0].version), head: rows[0].head, state: rows[0].state } : null;
  }

  async write(streamId: string, stateKey: string, s: StreamSnapshot, replace = false): Promise<void> {
    await this.pool.query(
      `INSERT INTO stream_snapshots (stream_id, state_key, version, head, state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (stream_id, state_key) DO UPDATE
         SET version = EXCLUDED.version, head = EXCLUDED.head, state = EXCLUDED.state, written_at = clock_timestamp()
         WHERE stream_snapshots.version < EXCLUDED.version OR $6`,
      [streamId, stateKey, s.version, s.head, s.state, replace],
    );
  }

  async positionOf(streamId: string, eventId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ p: string }>(
      'SELECT stream_position::text AS p FROM events WHERE event_id = $1 AND stream_id = $2',
      [eventId, streamId],
    );
    return rows.length ? Number(rows[0].p) : null;
  }
}
