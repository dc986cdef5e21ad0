/**
 * `npm run bench -- export [events]`: the audit timeline's export rate (issue 15, item 5), beside the
 * plain read of the same rows. 200,000 events by default (100 streams of 2,000, each with a reason of
 * about 200 characters), projected into `audit_timeline`, then read three ways from the same head:
 * the plain keyset read in batches of 500 (what an export reads), and the export written as JSON
 * Lines and as CSV into a sink that only counts bytes, with the stream's backpressure. Goal: at least
 * 100,000 events/s exported.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { auditTimelineProjection, ProjectionRunner, timelineBatches, timelineHead, type TimelineRow } from '../libs/projections/src';
import { timelineExportChunks, type ExportFormat } from '../libs/application/src/audit/export';
import { startServer } from './server';
import { goal, printTable } from './table';

const GOAL_PER_S = 100_000;
const PER_STREAM = 2000;

export default async function (args: string[]): Promise<void> {
  const total = Number(args[0] ?? 200_000);
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 10 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool });
  try {
    await migrate(pool);
    const t0 = performance.now();
    for (let s = 0; s * PER_STREAM < total; s++)
      await store.append(
        `Probe-${s}`,
        Array.from({ length: Math.min(PER_STREAM, total - s * PER_STREAM) }, (_, i) => ({
          type: 'ProbeRecorded',
          data: { i },
          metadata: { actor: `user-${s % 40}`, role: 'inspektorat', reason: `pemeriksaan ${s}/${i}, "kutipan" ${'x'.repeat(180)}` },
        })),
      );
    const runner = new ProjectionRunner(pool, store, [auditTimelineProjection]);
    const ac = new AbortController();
    const running = runner.run(auditTimelineProjection, ac.signal);
    for (let n = 0; n < total; await new Promise((r) => setTimeout(r, 200)))
      n = (await pool.query('SELECT count(*)::int AS n FROM audit_timeline').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n;
    ac.abort();
    await running;
    console.error(`appended and projected ${total.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const head = await timelineHead(pool);
    if (!head) throw new Error('the timeline is empty');

    const t1 = performance.now();
    let read = 0;
    for await (const batch of timelineBatches(pool, {}, head, 500)) read += batch.length;
    const readMs = performance.now() - t1;

    const exportOf = async (format: ExportFormat) => {
      let bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done();
        },
      });
      const header = { export: 'audit-timeline' as const, format, filter: {}, logHead: head, events: total, seal: null, generatedAt: '' };
      const t = performance.now();
      const batches: AsyncIterable<TimelineRow[]> = timelineBatches(pool, {}, head, 500);
      await pipeline(Readable.from(timelineExportChunks(header, batches), { highWaterMark: 1 }), sink);
      return { ms: performance.now() - t, bytes };
    };
    const jsonl = await exportOf('jsonl');
    const csv = await exportOf('csv');

    const perS = (ms: number) => Math.floor(read / (ms / 1000));
    console.log(`\n${server.label}; ${read.toLocaleString('en-US')} events on the timeline`);
    printTable('Audit timeline export (the same events, the same head, batches of 500)', [
      { case: 'plain keyset read of the rows (what an export reads)', seconds: readMs / 1000, 'events/s': perS(readMs), MB: '' },
      {
        case: 'export as JSON Lines (header + one event per line)',
        seconds: jsonl.ms / 1000,
        'events/s': perS(jsonl.ms),
        MB: jsonl.bytes / 1e6,
      },
      { case: 'export as CSV (quoted, formula-safe cells)', seconds: csv.ms / 1000, 'events/s': perS(csv.ms), MB: csv.bytes / 1e6 },
    ]);
    const slowest = Math.min(perS(jsonl.ms), perS(csv.ms));
    goal(
      `export at least ${GOAL_PER_S.toLocaleString('en-US')} events/s`,
      slowest >= GOAL_PER_S,
      `${slowest.toLocaleString('en-US')} events/s, the slower format (plain read ${perS(readMs).toLocaleString('en-US')} events/s)`,
    );
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}
