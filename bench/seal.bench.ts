/**
 * An audit seal of N streams (issue 15, item 4; goal: 1,000,000 streams in under 10 s): every
 * stream's head read through the EventStore port (`streamHeads`, PostgreSQL) and folded into the
 * RFC 6962 Merkle root, beside the plain read of the same heads through the same port without
 * hashing (the baseline), the read from the events themselves (what `verify --seal` and `prove`
 * do), and the pure tree over N synthetic leaves in memory.
 *
 *   npm run bench -- seal [--streams 1000000]
 *
 * The streams (one event each, with a valid hash chain) are loaded by SQL in batches, which is not
 * timed: appending a million streams one command at a time would take minutes and measure the append
 * path, which `npm run bench -- append` measures. Fresh database on DATABASE_URL's server, else an
 * embedded PostgreSQL with durable settings.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { merkleInclusionProof, merkleLeafHash, merkleRoot, MerkleRootBuilder } from '../libs/kernel/src/merkle';
import { sealLeafHash } from '../libs/domain/seal/leaf';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import type { StreamHeadsOptions } from '../libs/event-store/src/port';
import { startServer } from './server';
import { BenchRow, goal, printTable } from './table';

function parseArgs(args: string[]): { streams: number } {
  const i = args.indexOf('--streams');
  return { streams: i >= 0 ? Math.max(1, Number(args[i + 1])) : 1_000_000 };
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const mb = () => Math.round(process.memoryUsage().rss / 1e6);

/** N streams of one event each, chained as kinerja_append chains them (content digest in SQL). */
async function load(pool: Pool, n: number): Promise<void> {
  const batch = 100_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `WITH g AS (
           SELECT 'Bench-' || lpad(i::text, 8, '0') AS sid, gen_random_uuid() AS eid, i,
                  date_trunc('milliseconds', clock_timestamp()) AS ts
             FROM generate_series($1::int, $2::int) i),
         d AS (
           SELECT g.*, sha256(convert_to('{"data":{"i":' || i || '},"eventId":"' || eid || '","metadata":{},"schemaVersion":1,"type":"Happened"}', 'UTF8')) AS digest
             FROM g)
         INSERT INTO events (stream_id, stream_type, stream_position, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT sid, 'Bench', 0, eid, 'Happened', 1, jsonb_build_object('i', i), '{}'::jsonb, ts, decode(repeat('00', 32), 'hex'),
                kinerja_event_hash(decode(repeat('00', 32), 'hex'), digest, sid, 0, ts)
           FROM d`,
        [from, to],
      );
      await c.query(
        `INSERT INTO streams (stream_id, stream_type, version, head_hash, head_tx)
         SELECT stream_id, stream_type, 0, hash, transaction_id FROM events WHERE stream_id BETWEEN $1 AND $2`,
        [`Bench-${String(from).padStart(8, '0')}`, `Bench-${String(to).padStart(8, '0')}`],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    process.stderr.write(`\rloading streams: ${to.toLocaleString('en-US')} / ${n.toLocaleString('en-US')}`);
  }
  process.stderr.write('\n');
  await pool.query('VACUUM ANALYZE events');
  await pool.query('VACUUM ANALYZE streams');
}

export default async function run(args: string[]): Promise<void> {
  const { streams } = parseArgs(args);
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 4 });
  const store = new PostgresEventStore({ pool });
  const rows: BenchRow[] = [];
  let sealSeconds = Infinity;
  try {
    await migrate(pool);
    const tl = process.hrtime.bigint();
    await load(pool, streams);
    console.error(`loaded ${streams.toLocaleString('en-US')} streams in ${seconds(tl).toFixed(1)} s (not timed below)`);

    const readHeads = async (name: string, options: StreamHeadsOptions, tree: boolean) => {
      const t0 = process.hrtime.bigint();
      const b = new MerkleRootBuilder();
      let n = 0;
      for await (const batch of await store.streamHeads(options))
        for (const h of batch) {
          n++;
          if (tree) b.pushLeafHash(h.leafHash ?? sealLeafHash(h.streamId, h.version, h.headHash));
        }
      const s = seconds(t0);
      rows.push({ case: name, streams: n, seconds: Number(s.toFixed(2)), 'streams/s': Math.round(n / s), 'rss MB': mb() });
      return { s, root: b.root().toString('hex') };
    };
    await readHeads('warm-up: heads through the port, no hashing', {}, false);
    rows.length = 0;
    await readHeads('baseline: plain read of the heads through the port (streams table)', {}, false);
    const sealed = await readHeads('seal: heads + leaf hashes through the port, Merkle root (the seal)', { leafHashes: true }, true);
    const inNode = await readHeads('seal, leaves hashed in Node instead of the database', {}, true);
    if (inNode.root !== sealed.root) throw new Error('the leaf hashes of the database and of Node disagree');
    sealSeconds = sealed.s;
    const checked = await readHeads('verify/prove: heads from the events at the cut + Merkle root', { fromEvents: true }, true);
    if (checked.root !== sealed.root) throw new Error('the heads from the events give another root than the streams table');

    // The pure tree over synthetic leaves in memory: leaf hashing and the tree, no database.
    const ids = Array.from({ length: streams }, (_, i) => `Employee-${String(i).padStart(18, '0')}`);
    const head = randomBytes(32);
    let t0 = process.hrtime.bigint();
    const leaves = ids.map((id, i) => sealLeafHash(id, i % 50, head));
    let s = seconds(t0);
    rows.push({
      case: 'pure: leaf hashes of synthetic heads',
      streams,
      seconds: Number(s.toFixed(2)),
      'streams/s': Math.round(streams / s),
      'rss MB': mb(),
    });
    t0 = process.hrtime.bigint();
    const b = new MerkleRootBuilder();
    for (const l of leaves) b.pushLeafHash(l);
    const root = b.root();
    s = seconds(t0);
    rows.push({
      case: 'pure: streaming Merkle root over the leaves',
      streams,
      seconds: Number(s.toFixed(2)),
      'streams/s': Math.round(streams / s),
      'rss MB': mb(),
    });
    t0 = process.hrtime.bigint();
    const path = merkleInclusionProof(leaves, Math.floor(streams / 3));
    s = seconds(t0);
    rows.push({
      case: `pure: one inclusion proof (${path.length} hashes)`,
      streams,
      seconds: Number(s.toFixed(2)),
      'streams/s': Math.round(streams / s),
      'rss MB': mb(),
    });
    if (!merkleRoot(leaves).equals(root) || merkleLeafHash(Buffer.alloc(0)).length !== 32) throw new Error('roots disagree');
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
  printTable(`audit seal of ${streams.toLocaleString('en-US')} streams (${server.label})`, rows);
  goal(`seal of ${streams.toLocaleString('en-US')} streams under 10 s`, sealSeconds < 10, `${sealSeconds.toFixed(2)} s`);
}
