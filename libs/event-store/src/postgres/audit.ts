import type { Pool } from 'pg';
import { chainHash, digestOfStored, GENESIS_HASH } from './hash';

export interface BrokenLink {
  streamId: string;
  streamPosition: number;
  globalPosition: string;
  /** HASH_MISMATCH: the row's content no longer gives its hash (it was changed).
   *  BROKEN_LINK: its prev_hash is not the hash of the stream's previous event.
   *  MISSING_PREVIOUS: the previous event of the stream is gone (deleted).
   *  HEAD_MISMATCH: the stream's head does not match its last event (trailing events deleted). */
  problem: 'HASH_MISMATCH' | 'BROKEN_LINK' | 'MISSING_PREVIOUS' | 'HEAD_MISMATCH';
}

export interface VerifyResult {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBroken?: BrokenLink;
  /** With `all`: the first problem of every broken stream (at most 1,000), in log order. */
  broken?: BrokenLink[];
}

export interface VerifyProgress {
  checked: number;
  total: number;
}

interface StoredRow {
  gp: string;
  stream_id: string;
  sp: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  prev_hash: Buffer;
  hash: Buffer;
  pred_hash: Buffer | null;
}

/**
 * Recomputes every hash chain in global order, chunk by chunk, and names the first broken link.
 * Each row's digest and chain step are recomputed here from the stored row (nothing the appender
 * claimed is trusted), and its prev_hash is compared with its stream predecessor's hash.
 */
export async function verifyEventLog(
  pool: Pool,
  options: { chunkSize?: number; onProgress?: (p: VerifyProgress) => void; all?: boolean } = {},
): Promise<VerifyResult> {
  const broken = new Map<string, BrokenLink>();
  const LIMIT = 1000;
  const chunk = options.chunkSize ?? 20_000;
  const total = Number((await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events')).rows[0].n);
  const streamsChecked = Number((await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM streams')).rows[0].n);
  let checked = 0;
  let after = '0';
  for (;;) {
    const { rows } = await pool.query<StoredRow>(
      `SELECT e.global_position::text AS gp, e.stream_id, e.stream_position::int AS sp, e.event_id, e.event_type, e.schema_version,
              e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash, p.hash AS pred_hash
         FROM events e
         LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_position = e.stream_position - 1
        WHERE e.global_position > $1
        ORDER BY e.global_position
        LIMIT $2`,
      [after, chunk],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      checked++;
      const problem = problemOf(r);
      if (problem && options.all) {
        if (!broken.has(r.stream_id) && broken.size < LIMIT)
          broken.set(r.stream_id, { streamId: r.stream_id, streamPosition: r.sp, globalPosition: r.gp, problem });
      } else if (problem)
        return {
          ok: false,
          eventsChecked: checked,
          streamsChecked,
          firstBroken: { streamId: r.stream_id, streamPosition: r.sp, globalPosition: r.gp, problem },
        };
    }
    after = rows[rows.length - 1].gp;
    options.onProgress?.({ checked, total: Math.max(total, checked) });
  }
  // Events cut from the end of a stream leave no successor to notice: compare each head.
  const { rows: heads } = await pool.query<{ stream_id: string; version: number; gp: string | null }>(
    `SELECT s.stream_id, s.version::int AS version, last.global_position::text AS gp
       FROM streams s
       LEFT JOIN LATERAL (SELECT e.global_position, e.stream_position, e.hash FROM events e
                           WHERE e.stream_id = s.stream_id ORDER BY e.stream_position DESC LIMIT 1) last ON true
      WHERE last.stream_position IS DISTINCT FROM s.version OR last.hash IS DISTINCT FROM s.head_hash
      ORDER BY s.stream_id LIMIT $1`,
    [options.all ? LIMIT : 1],
  );
  if (options.all) {
    for (const h of heads)
      if (!broken.has(h.stream_id) && broken.size < LIMIT)
        broken.set(h.stream_id, {
          streamId: h.stream_id,
          streamPosition: h.version,
          globalPosition: h.gp ?? '0',
          problem: 'HEAD_MISMATCH',
        });
    const list = [...broken.values()];
    return list.length
      ? { ok: false, eventsChecked: checked, streamsChecked, firstBroken: list[0], broken: list }
      : { ok: true, eventsChecked: checked, streamsChecked, broken: [] };
  }
  if (heads.length) {
    const h = heads[0];
    return {
      ok: false,
      eventsChecked: checked,
      streamsChecked,
      firstBroken: { streamId: h.stream_id, streamPosition: h.version, globalPosition: h.gp ?? '0', problem: 'HEAD_MISMATCH' },
    };
  }
  return { ok: true, eventsChecked: checked, streamsChecked };
}

function problemOf(r: StoredRow): BrokenLink['problem'] | undefined {
  const digest = digestOfStored({
    id: r.event_id,
    type: r.event_type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
  });
  if (!chainHash(r.prev_hash, digest, r.stream_id, r.sp, r.recorded_at).equals(r.hash)) return 'HASH_MISMATCH';
  if (r.sp === 0) return r.prev_hash.equals(GENESIS_HASH) ? undefined : 'BROKEN_LINK';
  if (!r.pred_hash) return 'MISSING_PREVIOUS';
  return r.pred_hash.equals(r.prev_hash) ? undefined : 'BROKEN_LINK';
}
