/**
 * Append and read throughput of the PostgreSQL event store, against two baselines measured in the
 * same run on the same server: raw single-row INSERTs into a table shaped like `events`, and
 * Emmett's PostgreSQL event store.
 *
 *   npm run bench -- append [--seconds 5] [--warmup 1] [--concurrency 2] [--per-statement 64]
 *
 * With DATABASE_URL set, a fresh database is created on that server (and dropped afterwards);
 * otherwise an embedded PostgreSQL with durable settings (fsync and synchronous_commit on) runs
 * in a temp dir.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Client, Pool, types } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { procStatFields, serverEnvLine, startServer } from './server';
import type { Checkpoint, NewEvent } from '../libs/event-store/src/port';
import { START } from '../libs/event-store/src/port';
import { BenchRow, goal, printTable } from './table';

interface Options {
  seconds: number;
  warmup: number;
  concurrency: number;
  perStatement: number;
  maxEvents: number;
  only?: string[];
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    seconds: 5,
    warmup: 1,
    concurrency: 2, // the store's default
    perStatement: 64,
    maxEvents: 2_000_000,
  };
  for (let i = 0; i < args.length; i++) {
    const v = args[i + 1];
    switch (args[i]) {
      case '--seconds':
        o.seconds = Math.min(Number(v), 20);
        i++;
        break;
      case '--warmup':
        o.warmup = Number(v);
        i++;
        break;
      case '--concurrency':
        o.concurrency = Number(v);
        i++;
        break;
      case '--per-statement':
        o.perStatement = Number(v);
        i++;
        break;
      case '--only':
        o.only = v.split(',');
        i++;
        break;
      default:
        throw new Error(`unknown argument ${args[i]}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------- server

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1];
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

// ---------------------------------------------------------------- workload

const SHARED_STREAMS = 4;
const OWN_STREAMS = 20;

/** New stream every this many appends of a writer, in the shape that creates streams. */
const APPENDS_PER_NEW_STREAM = 16;

/**
 * Two shapes. 'existing': writer w's i-th append goes to one of its own streams, or (one in ten) to
 * a stream all writers share. 'create': each writer starts a new stream every 16 appends, as a
 * registry import or a busy month creates them.
 */
type Shape = 'existing' | 'create';

function streamFor(shape: Shape, prefix: string, w: number, i: number): string {
  if (shape === 'create') return `Bench-${prefix}_w${w}_n${Math.floor(i / APPENDS_PER_NEW_STREAM)}`;
  if (i % 10 === 9) return `Bench-${prefix}_shared_${(w + i) % SHARED_STREAMS}`;
  return `Bench-${prefix}_w${w}_${i % OWN_STREAMS}`;
}

const ACTOR = randomUUID();

function payload(w: number, i: number) {
  return {
    employeeId: `emp-${w}-${i % 1000}`,
    period: '2025-03',
    indicator: 'SKP-07',
    target: 12,
    realised: (i % 13) + 1,
    score: 87.5,
    note: 'Realisasi kinerja triwulan pertama sesuai target yang disepakati dengan atasan langsung',
  };
}

function meta() {
  return {
    actor: ACTOR,
    role: 'pejabat_penilai',
    correlationId: randomUUID(),
    requestId: randomUUID(),
  };
}

function newEvent(w: number, i: number): NewEvent {
  return { type: 'IndicatorRealised', data: payload(w, i), metadata: meta() };
}

// ---------------------------------------------------------------- measurement

interface CaseResult {
  events: number;
  seconds: number;
  latencies: Float64Array;
  /** CPU time per event (microseconds) of this process and of the bench database's backends. */
  nodeUs?: number;
  pgUs?: number;
}

/** `writers` loops call `op` until the time is up; `op` returns how many events it wrote. */
async function runWriters(
  writers: number,
  seconds: number,
  maxEvents: number,
  op: (w: number, i: number) => Promise<number>,
): Promise<CaseResult> {
  const lat: number[] = [];
  let events = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let i = 0;
      while (performance.now() < deadline && events < maxEvents) {
        const t0 = performance.now();
        const n = await op(w, i++); // not `events += await`: that reads `events` before awaiting
        lat.push(performance.now() - t0);
        events += n;
      }
    }),
  );
  return {
    events,
    seconds: (performance.now() - start) / 1000,
    latencies: Float64Array.from(lat),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function row(name: string, r: CaseResult, latency = true): BenchRow & { rate: number; p99: number } {
  const sorted = r.latencies.slice().sort();
  const rate = r.events / r.seconds;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const out: BenchRow & { rate: number; p99: number } = {
    case: name,
    events: r.events,
    seconds: round(r.seconds, 2),
    'events/s': Math.round(rate),
    'p50 ms': latency ? round(p50, 2) : '',
    'p99 ms': latency ? round(p99, 2) : '',
    'node CPU us/event': r.nodeUs === undefined ? '' : Math.round(r.nodeUs),
    'PostgreSQL CPU us/event': r.pgUs === undefined ? '' : Math.round(r.pgUs),
    rate,
    p99,
  };
  return out;
}

function round(n: number, d: number): number {
  const f = 10 ** d;
  return Math.round(n * f) / f;
}

async function measure(
  label: string,
  o: Options,
  writers: number,
  op: (prefix: string) => (w: number, i: number) => Promise<number>,
): Promise<CaseResult> {
  if (o.warmup > 0) await runWriters(writers, o.warmup, o.maxEvents, op('warm'));
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusyMs();
  const pg0 = await backendCpuMs();
  const r = await runWriters(writers, o.seconds, o.maxEvents, op('run'));
  const cpu = process.cpuUsage(cpu0);
  const pg1 = await backendCpuMs();
  const nodeMs = (cpu.user + cpu.system) / 1000;
  let pgMs = 0;
  for (const [pid, ms] of pg1) pgMs += ms - (pg0.get(pid) ?? 0);
  const otherMs = machineBusyMs() - busy0 - nodeMs - pgMs;
  r.nodeUs = (1000 * nodeMs) / r.events;
  r.pgUs = (1000 * pgMs) / r.events;
  process.stderr.write(
    `  ${label}: ${r.events} events in ${r.seconds.toFixed(2)} s; CPU per event: node ${r.nodeUs.toFixed(1)} us, ` +
      `this database's PostgreSQL backends ${r.pgUs.toFixed(1)} us; the rest of the machine (other work, WAL writer, …) ` +
      `${((1000 * otherMs) / r.events).toFixed(1)} us\n`,
  );
  return r;
}

let benchUrl = '';

/**
 * CPU time (ms) of each backend connected to the bench database, from /proc (the server runs on
 * this machine; empty where it does not): PostgreSQL's own cost of a case, whatever else loads the
 * machine.
 */
async function backendCpuMs(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!benchUrl) return out;
  const c = new Client({ connectionString: benchUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      try {
        // utime and stime, in clock ticks (100 Hz).
        const f = procStatFields(pid);
        out.set(String(pid), (Number(f[11]) + Number(f[12])) * 10);
      } catch {
        /* gone, or not on this machine */
      }
    }
  } finally {
    await c.end();
  }
  return out;
}

/** CPU time the whole machine spent busy (all cores), from /proc/stat; 0 where there is none. */
function machineBusyMs(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ = 100
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------- cases

async function rawInserts(url: string, o: Options, shape: Shape): Promise<CaseResult> {
  const setup = new Client({ connectionString: url });
  await setup.connect();
  // Same columns, defaults, identity and indexes as `events` (not its append-only trigger).
  await setup.query('CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL)');
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  // Stream positions and hash chains kept in memory: one process, so the writers never collide.
  const heads = new Map<string, { v: number; h: Buffer }>();
  const zero = Buffer.alloc(32);
  const sql = `INSERT INTO raw_events (stream_id, stream_type, stream_position, event_id, event_type, schema_version, data, metadata,
      recorded_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
  try {
    return await measure(`raw single-row INSERT, 8 writers, ${shape}`, o, 8, (prefix) => async (w, i) => {
      const stream = streamFor(shape, `${prefix}${shape}`, w, i);
      const head = heads.get(stream) ?? { v: -1, h: zero };
      const v = head.v + 1;
      const data = JSON.stringify(payload(w, i));
      const metadata = JSON.stringify(meta());
      const id = randomUUID();
      const hash = createHash('sha256').update(head.h).update(`${stream}|${v}|${id}|${data}|${metadata}`).digest();
      heads.set(stream, { v, h: hash });
      await clients[w].query(sql, [stream, 'Bench', v, id, 'IndicatorRealised', 1, data, metadata, new Date(), head.h, hash]);
      return 1;
    });
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

let emmettRetries = 0;

async function emmett(url: string, o: Options, shape: Shape): Promise<CaseResult> {
  // Emmett's dumbo sets process-wide pg type parsers (int8 -> BigInt, its own JSON): put ours back after.
  const saved = [20, 114, 3802].map((oid) => [oid, types.getTypeParser(oid as any)] as const);
  const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql');
  const store = getPostgreSQLEventStore(url);
  try {
    await store.schema.migrate();
    const r = await measure(`Emmett, 8 writers, ${shape}`, o, 8, (prefix) => async (w, i) => {
      const stream = streamFor(shape, `${prefix}${shape}`, w, i);
      const event = {
        type: 'IndicatorRealised',
        data: payload(w, i),
        metadata: meta(),
      };
      // Emmett refuses a concurrent append to the same stream even without a version check
      // (412 on the shared streams): retry, as its callers must; the time counts against it.
      for (let attempt = 0; ; attempt++) {
        try {
          await store.appendToStream(stream, [event]);
          return 1;
        } catch (e) {
          if ((e as { errorCode?: number }).errorCode !== 412 || attempt >= 20) throw e;
          emmettRetries++;
        }
      }
    });
    process.stderr.write(`  Emmett: ${emmettRetries} retries after concurrent-append conflicts (warm-up included)\n`);
    return r;
  } finally {
    await store.close();
    for (const [oid, parser] of saved) types.setTypeParser(oid as any, parser as any);
  }
}

async function withStore<T>(url: string, o: Options, fn: (store: PostgresEventStore) => Promise<T>): Promise<T> {
  // Room for every append statement in flight plus the debounced NOTIFY.
  const pool = new Pool({ connectionString: url, max: o.concurrency + 2 });
  const store = new PostgresEventStore({
    pool,
    appendConcurrency: o.concurrency,
    maxAppendsPerStatement: o.perStatement,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
    await pool.end();
  }
}

async function ours(url: string, o: Options, shape: Shape, writers: number, perAppend: number, label: string): Promise<CaseResult> {
  return withStore(url, o, (store) =>
    measure(`${label}, ${shape}`, o, writers, (prefix) => async (w, i) => {
      const events = perAppend === 1 ? [newEvent(w, i)] : Array.from({ length: perAppend }, (_, k) => newEvent(w, i * perAppend + k));
      await store.append(streamFor(shape, `${prefix}${shape}${writers}x${perAppend}`, w, i), events);
      return perAppend;
    }),
  );
}

async function readAll(url: string, o: Options, limit: number): Promise<CaseResult> {
  return withStore(url, o, async (store) => {
    let after: Checkpoint = START;
    let events = 0;
    const lat: number[] = [];
    const start = performance.now();
    for (;;) {
      const t0 = performance.now();
      const page = await store.readAll({ after, limit });
      lat.push(performance.now() - t0);
      if (page.events.length === 0) break;
      events += page.events.length;
      after = page.checkpoint;
    }
    const r = {
      events,
      seconds: (performance.now() - start) / 1000,
      latencies: Float64Array.from(lat),
    };
    process.stderr.write(`  readAll limit ${limit}: ${r.events} events in ${r.seconds.toFixed(2)} s\n`);
    return r;
  });
}

// ---------------------------------------------------------------- main

export default async function (args: string[]): Promise<void> {
  const o = parseArgs(args);
  const want = (c: string) => !o.only || o.only.includes(c);
  const server = await startServer();
  try {
    const pool = new Pool({ connectionString: server.url, max: 2 });
    const { rows } = await pool.query<{ v: string; sc: string; fs: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fs`,
    );
    await migrate(pool);
    await pool.end();
    benchUrl = server.url;

    console.log(`\nappend bench, ${new Date().toISOString()}`);
    console.log(`machine: ${cpuModel()}, ${cpus().length} cores, node ${process.version}`);
    console.log(`PostgreSQL ${rows[0].v} (fsync=${rows[0].fs}, synchronous_commit=${rows[0].sc}): ${server.label}`);
    console.log(await serverEnvLine(server.url));
    console.log(
      `each writer case: ${o.warmup} s warm-up, then ${o.seconds} s; ours: appendConcurrency ${o.concurrency}, maxAppendsPerStatement ${o.perStatement}, pool ${o.concurrency + 2}`,
    );

    const table: Array<BenchRow & { rate: number; p99: number }> = [];
    const results: Record<string, { rate: number; p99: number }> = {};
    const add = (key: string, name: string, r: CaseResult, latency = true) => {
      const x = row(name, r, latency);
      table.push(x);
      results[key] = x;
    };

    // Both shapes of every writer case, side by side: `--only raw,ours8` runs both shapes of those.
    for (const shape of ['existing', 'create'] as const) {
      const k = (key: string) => (shape === 'existing' ? key : `${key}New`);
      const s = shape === 'existing' ? 'existing streams' : 'new stream every 16';
      if (want('raw')) add(k('raw'), `raw single-row INSERT, 8 writers, ${s}`, await rawInserts(server.url, o, shape));
      if (want('emmett')) add(k('emmett'), `Emmett appendToStream, 8 writers, ${s}`, await emmett(server.url, o, shape));
      if (want('ours8'))
        add(k('ours8'), `ours, 8 writers, 1 event/append, ${s}`, await ours(server.url, o, shape, 8, 1, 'ours, 8 writers'));
      if (want('batch'))
        add(k('batch'), `ours, 8 writers, 100 events/append, ${s}`, await ours(server.url, o, shape, 8, 100, 'ours, batch of 100'));
      if (want('ours32'))
        add(k('ours32'), `ours, 32 callers, 1 event/append, ${s}`, await ours(server.url, o, shape, 32, 1, 'ours, 32 callers'));
    }
    if (want('read')) {
      add('read1k', 'ours readAll from 0, limit 1000', await readAll(server.url, o, 1000), false);
      add('read10k', 'ours readAll from 0, limit 10000', await readAll(server.url, o, 10000), false);
    }

    printTable(
      'Event store appends and reads (one event per append unless stated; p50/p99 per call)',
      table.map(({ rate, p99, ...r }) => r),
    );

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    for (const shape of ['existing', 'create'] as const) {
      const k = (key: string) => results[shape === 'existing' ? key : `${key}New`];
      const s = shape === 'existing' ? 'existing streams' : 'new stream every 16';
      const [raw, em, ours8, batch, ours32] = [k('raw'), k('emmett'), k('ours8'), k('batch'), k('ours32')];
      if (ours8 && em)
        goal(
          `${s}, 8 writers: ours >= 2x Emmett`,
          ours8.rate >= 2 * em.rate,
          `${fmt(ours8.rate)} vs 2 x ${fmt(em.rate)} = ${fmt(2 * em.rate)} events/s (${(ours8.rate / em.rate).toFixed(2)}x)`,
        );
      if (ours8 && raw)
        goal(
          `${s}, 8 writers: ours >= 80% of raw single-row`,
          ours8.rate >= 0.8 * raw.rate,
          `${fmt(ours8.rate)} vs ${fmt(raw.rate)} events/s (${((100 * ours8.rate) / raw.rate).toFixed(0)}%)`,
        );
      if (ours32 && raw)
        goal(
          `${s}, 32 callers: ours >= raw 8-writer single-row rate`,
          ours32.rate >= raw.rate,
          `${fmt(ours32.rate)} vs ${fmt(raw.rate)} events/s (${(ours32.rate / raw.rate).toFixed(2)}x)`,
        );
      if (ours32) goal(`${s}, 32 callers: p99 < 20 ms`, ours32.p99 < 20, `p99 ${ours32.p99.toFixed(2)} ms`);
      if (batch) goal(`${s}, batch of 100: >= 50,000 events/s`, batch.rate >= 50_000, `${fmt(batch.rate)} events/s`);
    }
    const { read1k, read10k } = results;
    const read = read1k && read10k ? (read1k.rate > read10k.rate ? read1k : read10k) : (read1k ?? read10k);
    if (read) goal('readAll: >= 100,000 events/s', read.rate >= 100_000, `${fmt(read.rate)} events/s (best page size)`);
  } finally {
    await server.stop();
  }
}
