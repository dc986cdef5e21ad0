import type { Pool } from 'pg';
import { badInput } from '@kinerja/kernel';
import type { StreamHead, StreamHeads, StreamHeadsOptions } from '../port';
import { holdConnection } from './held-connection';

/** A cut is PostgreSQL's safe horizon (an xid8): every event whose ordering id is below it is final. */
const CUT_RE = /^\d{1,20}$/;

/**
 * Every stream's head at one cut: the last event of each stream whose ordering id (its
 * `transaction_id`, never below its stream predecessor's) is below the cut. Events below the safe
 * horizon are final, and the ids of a stream's events never decrease, so the heads at a cut are a
 * function of the log alone: read again later with the same cut, an unchanged log gives the same.
 *
 * Read in one REPEATABLE READ snapshot taken after the cut, through a cursor, sorted by stream id in
 * code-point order (`COLLATE "C"`; stream ids are ASCII). From the `streams` table by default (a
 * stream whose head lies past the cut looks its head up among its events); `fromEvents` reads the
 * events alone, for a check that must not trust the bookkeeping.
 */
export async function openStreamHeads(pool: Pool, options: StreamHeadsOptions = {}): Promise<StreamHeads> {
  let cut = options.cut;
  if (cut === undefined) {
    const { rows } = await pool.query<{ h: string }>('SELECT kinerja_safe_horizon()::text AS h');
    cut = rows[0].h;
  } else if (!CUT_RE.test(cut)) throw badInput('INVALID_CUT', 'a cut is a transaction id (digits)', { cut });
  const batchSize = Math.min(Math.max(options.batchSize ?? 10_000, 1), 100_000);
  // The cut is digits only (checked above or read from the database): a literal, since DECLARE takes no parameters.
  const c = `'${cut}'::xid8`;
  const heads = options.fromEvents
    ? `SELECT stream_id, version, hash FROM (
         SELECT DISTINCT ON (stream_id) stream_id, stream_position::int8 AS version, hash
           FROM events WHERE transaction_id < ${c}
          ORDER BY stream_id, stream_position DESC) h`
    : `SELECT s.stream_id,
              CASE WHEN s.head_tx < ${c} THEN s.version ELSE l.sp END AS version,
              CASE WHEN s.head_tx < ${c} THEN s.head_hash ELSE l.hash END AS hash
         FROM streams s
         LEFT JOIN LATERAL (SELECT e.stream_position AS sp, e.hash FROM events e
                             WHERE s.head_tx >= ${c} AND e.stream_id = s.stream_id AND e.transaction_id < ${c}
                             ORDER BY e.stream_position DESC LIMIT 1) l ON true
        WHERE (s.head_tx < ${c} AND s.version >= 0) OR l.sp IS NOT NULL`;
  // The leaf hash of kernel/merkle.ts streamHeadLeafHash: sha256(0x00 || u32 len || id || u64 version || head hash).
  const leaf = options.leafHashes
    ? `, sha256('\\x00'::bytea || int4send(octet_length(convert_to(h.stream_id, 'UTF8'))) || convert_to(h.stream_id, 'UTF8') || int8send(h.version) || h.hash) AS leaf`
    : '';
  const sql = `SELECT h.stream_id, h.version, h.hash${leaf} FROM (${heads}) h ORDER BY h.stream_id COLLATE "C"`;
  const held = await holdConnection(pool);
  const client = held.use();
  let open = true;
  const finish = async (how: 'COMMIT' | 'ROLLBACK', error?: unknown) => {
    if (!open) return;
    open = false;
    try {
      await client.query(how);
      held.release();
    } catch (e) {
      held.release(e instanceof Error ? e : true);
      if (!error) throw e;
    }
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE kinerja_stream_heads NO SCROLL CURSOR FOR ${sql}`);
  } catch (e) {
    await finish('ROLLBACK', e);
    throw e;
  }
  const fetch = `FETCH ${batchSize} FROM kinerja_stream_heads`;
  return {
    cut,
    close: () => finish('ROLLBACK'),
    async *[Symbol.asyncIterator](): AsyncIterator<StreamHead[]> {
      try {
        // One batch ahead: PostgreSQL reads the next while the caller hashes this one.
        const ahead = () => {
          const p = client.query<{ stream_id: string; version: string; hash: Buffer; leaf?: Buffer }>(fetch);
          p.catch(() => undefined); // awaited below; one left behind by an early end must not go unhandled
          return p;
        };
        let next = ahead();
        while (open) {
          const { rows } = await next;
          if (rows.length === 0) break;
          next = ahead();
          yield rows.map((r) =>
            r.leaf
              ? { streamId: r.stream_id, version: Number(r.version), headHash: r.hash, leafHash: r.leaf }
              : { streamId: r.stream_id, version: Number(r.version), headHash: r.hash },
          );
        }
        await finish('COMMIT');
      } catch (e) {
        await finish('ROLLBACK', e);
        throw e;
      } finally {
        // Left early (break, return): the snapshot is given back.
        await finish('ROLLBACK');
      }
    },
  };
}
