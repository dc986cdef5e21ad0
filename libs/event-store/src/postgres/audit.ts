import type { Pool } from 'pg';

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
}

export interface VerifyProgress {
  checked: number;
  total: number;
}

const ZERO = `decode(repeat('00', 32), 'hex')`;

/**
 * Recomputes every hash chain, in global order, chunk by chunk, and names the first broken link.
 * Each row is checked against its own content and against its predecessor in the stream, so the
 * work is set-based SQL per chunk rather than one round trip per event.
 */
export async function verifyEventLog(
  pool: Pool,
  options: { chunkSize?: number; onProgress?: (p: VerifyProgress) => void } = {},
): Promise<VerifyResult> {
  const chunk = options.chunkSize ?? 50_000;
  const { rows: bounds } = await pool.query<{ lo: string | null; hi: string | null; n: string }>(
    'SELECT min(global_position)::text AS lo, max(global_position)::text AS hi, count(*)::text AS n FROM events',
  );
  const total = Number(bounds[0].n);
  const { rows: sc } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM streams');
  const streamsChecked = Number(sc[0].n);
  let checked = 0;
  if (bounds[0].lo !== null) {
    let lo = BigInt(bounds[0].lo) - 1n;
    const hi = BigInt(bounds[0].hi!);
    while (lo < hi) {
      const upper = lo + BigInt(chunk);
      const { rows } = await pool.query<{ stream_id: string; sp: number; gp: string; problem: BrokenLink['problem'] | null; n: string }>(
        `WITH checked AS (
           SELECT e.stream_id, e.stream_position::int AS sp, e.global_position,
             CASE
               WHEN e.hash <> kinerja_event_hash(e.prev_hash, kinerja_event_canonical(e.stream_id, e.stream_position, e.event_id,
                      e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at)) THEN 'HASH_MISMATCH'
               WHEN e.stream_position = 0 AND e.prev_hash <> ${ZERO} THEN 'BROKEN_LINK'
               WHEN e.stream_position > 0 AND p.hash IS NULL THEN 'MISSING_PREVIOUS'
               WHEN e.stream_position > 0 AND p.hash <> e.prev_hash THEN 'BROKEN_LINK'
             END AS problem
           FROM events e
           LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_position = e.stream_position - 1
           WHERE e.global_position > $1 AND e.global_position <= $2)
         SELECT stream_id, sp, global_position::text AS gp, problem, (SELECT count(*) FROM checked)::text AS n
           FROM checked WHERE problem IS NOT NULL ORDER BY global_position LIMIT 1`,
        [lo.toString(), upper.toString()],
      );
      if (rows.length) {
        const r = rows[0];
        return {
          ok: false,
          eventsChecked: checked + Number(r.n),
          streamsChecked,
          firstBroken: { streamId: r.stream_id, streamPosition: r.sp, globalPosition: r.gp, problem: r.problem! },
        };
      }
      const { rows: cnt } = await pool.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM events WHERE global_position > $1 AND global_position <= $2',
        [lo.toString(), upper.toString()],
      );
      checked += Number(cnt[0].n);
      options.onProgress?.({ checked, total });
      lo = upper;
    }
  }
  // Events cut from the end of a stream leave no successor to notice: compare each head.
  const { rows: heads } = await pool.query<{ stream_id: string; version: number; gp: string | null }>(
    `SELECT s.stream_id, s.version::int AS version, last.global_position::text AS gp
       FROM streams s
       LEFT JOIN LATERAL (SELECT e.global_position, e.stream_position, e.hash FROM events e
                           WHERE e.stream_id = s.stream_id ORDER BY e.stream_position DESC LIMIT 1) last ON true
      WHERE last.stream_position IS DISTINCT FROM s.version OR last.hash IS DISTINCT FROM s.head_hash
      ORDER BY s.stream_id LIMIT 1`,
  );
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
