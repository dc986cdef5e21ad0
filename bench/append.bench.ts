/**
 * Append and read throughput of the PostgreSQL event store, against two baselines measured in the
 * same run on the same server: raw single-row INSERTs into a table shaped like `events`, and
 * Emmett's PostgreSQL event store.
 *
 *   npm run bench -- append [--seconds 5] [--rounds 5] [--warmup 1] [--concurrency 2] [--per-statement 64]
 *
 * The writer cases of one shape take turns: each runs `--rounds` slices of `seconds / rounds`, in a
 * rotating order, so a slower spell of a shared machine falls on every case alike and the same-run
 * ratios (ours against raw and Emmett) are not the machine's drift between cases. The server is
 * settled (CHECKPOINT, VACUUM ANALYZE) before each shape, so a case does not pay for the WAL and
 * the dead rows of the cases before it.
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
  rounds: number;
  warmup: number;
  concurrency: number;
  perStatement: number;
  maxEvents: number;
  only?: string[];
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    seconds: 5,
    rounds: 5,
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
      case '--rounds':
        o.rounds = Math.max(1, Math.floor(Number(v)));
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

/**
 * `writers` loops call `op` until the time is up; `op` returns how many events it wrote. `next`
 * holds each loop's next index and is moved on, so a case's slices continue one another's streams.
 */
async function runWriters(
  writers: number,
  seconds: number,
  maxEvents: number,
  op: (w: number, i: number) => Promise<number>,
  next: number[] = new Array<number>(writers).fill(0),
): Promise<CaseResult> {
  const lat: number[] = [];
  let events = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline && events < maxEvents) {
        const t0 = performance.now();
        const n = await op(w, next[w]++); // not `events += await`: that reads `events` before awaiting
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

/** One writer case of the bench, open across its slices. */
interface WriterCase {
  key: string;
  name: string;
  writers: number;
  op: (prefix: string) => (w: number, i: number) => Promise<number>;
  /** Around each of its slices (Emmett's process-wide pg type parsers in, then ours back). */
  enter?(): void;
  leave?(): void;
  close(): Promise<void>;
}

async function slice(c: WriterCase, run: () => Promise<CaseResult>): Promise<CaseResult> {
  c.enter?.();
  try {
    return await run();
  } finally {
    c.leave?.();
  }
}

/**
 * The cases' warm-ups, then `rounds` slices of each case by turns, each round starting one case
 * further on; a case's figures are the sums of its slices, its CPU per event included.
 */
async function interleave(cases: WriterCase[], o: Options): Promise<Map<string, CaseResult>> {
  const acc = new Map(
    cases.map((c) => [
      c.key,
      { events: 0, seconds: 0, lat: [] as number[], nodeMs: 0, pgMs: 0, otherMs: 0, next: new Array<number>(c.writers).fill(0) },
    ]),
  );
  if (o.warmup > 0) for (const c of cases) await slice(c, () => runWriters(c.writers, o.warmup, o.maxEvents, c.op('warm')));
  for (let r = 0; r < o.rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(r + k) % cases.length];
      const a = acc.get(c.key)!;
      const cpu0 = process.cpuUsage();
      const busy0 = machineBusyMs();
      const pg0 = await backendCpuMs();
      // The cap on events (and on the latencies kept) holds for the case, across its slices.
      const res = await slice(c, () => runWriters(c.writers, o.seconds / o.rounds, o.maxEvents - a.events, c.op('run'), a.next));
      const cpu = process.cpuUsage(cpu0);
      const pg1 = await backendCpuMs();
      const nodeMs = (cpu.user + cpu.system) / 1000;
      let pgMs = 0;
      for (const [pid, ms] of pg1) pgMs += ms - (pg0.get(pid) ?? 0);
      a.events += res.events;
      a.seconds += res.seconds;
      for (const l of res.latencies) a.lat.push(l);
      a.nodeMs += nodeMs;
      a.pgMs += pgMs;
      a.otherMs += machineBusyMs() - busy0 - nodeMs - pgMs;
    }
  }
  const out = new Map<string, CaseResult>();
  for (const c of cases) {
    const a = acc.get(c.key)!;
    const r: CaseResult = {
      events: a.events,
      seconds: a.seconds,
      latencies: Float64Array.from(a.lat),
      nodeUs: (1000 * a.nodeMs) / a.events,
      pgUs: (1000 * a.pgMs) / a.events,
    };
    process.stderr.write(
      `  ${c.name}: ${r.events} events in ${r.seconds.toFixed(2)} s; CPU per event: node ${r.nodeUs!.toFixed(1)} us, ` +
        `this database's PostgreSQL backends ${r.pgUs!.toFixed(1)} us; the rest of the machine (other work, WAL writer, …) ` +
        `${((1000 * a.otherMs) / r.events).toFixed(1)} us\n`,
    );
    out.set(c.key, r);
  }
  return out;
}

/**
 * VACUUM ANALYZE and CHECKPOINT the bench database before a shape's cases, as pgbench vacuums before
 * a run: otherwise the cases after the batches pay for their dead rows, their autovacuum and the full
 * page images after the checkpoint their WAL brings. Says why where the role may not.
 */
async function settle(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('VACUUM ANALYZE');
    await c.query('CHECKPOINT');
    return 'server settled (VACUUM ANALYZE, CHECKPOINT)';
  } catch (e) {
    return `server not settled: ${(e as Error).message}`;
  } finally {
    await c.end();
  }
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

async function rawCase(url: string, shape: Shape, name: string): Promise<WriterCase> {
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
  return {
    key: 'raw',
    name,
    writers: 8,
    op: (prefix) => async (w, i) => {
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
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.end()));
    },
  };
}

let emmettRetries = 0;

/** pg's process-wide type parsers Emmett's dumbo replaces (int8 -> BigInt, its own JSON). */
const EMMETT_TYPES = [20, 114, 3802] as const;
type Parsers = Array<readonly [number, unknown]>;
const parsersNow = (): Parsers => EMMETT_TYPES.map((oid) => [oid, types.getTypeParser(oid as any)] as const);
const setParsers = (ps: Parsers) => ps.forEach(([oid, parser]) => types.setTypeParser(oid as any, parser as any));

async function emmettCase(url: string, shape: Shape, name: string): Promise<WriterCase> {
  // Emmett's parsers hold during its slices only: ours are put back after each.
  const ours = parsersNow();
  let theirs: Parsers | undefined;
  const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql');
  const store = getPostgreSQLEventStore(url);
  try {
    await store.schema.migrate();
  } finally {
    theirs = parsersNow();
    setParsers(ours);
  }
  return {
    key: 'emmett',
    name,
    writers: 8,
    enter: () => theirs && setParsers(theirs),
    leave: () => {
      theirs = parsersNow();
      setParsers(ours);
    },
    op: (prefix) => async (w, i) => {
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
    },
    close: async () => {
      process.stderr.write(`  Emmett: ${emmettRetries} retries after concurrent-append conflicts (warm-up included)\n`);
      if (theirs) setParsers(theirs);
      try {
        await store.close();
      } finally {
        setParsers(ours);
      }
    },
  };
}

function openStore(url: string, o: Options): { store: PostgresEventStore; close(): Promise<void> } {
  // Room for every append statement in flight plus the debounced NOTIFY.
  const pool = new Pool({ connectionString: url, max: o.concurrency + 2 });
  const store = new PostgresEventStore({
    pool,
    appendConcurrency: o.concurrency,
    maxAppendsPerStatement: o.perStatement,
  });
  return {
    store,
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

function oursCase(url: string, o: Options, shape: Shape, key: string, name: string, writers: number, perAppend: number): WriterCase {
  const { store, close } = openStore(url, o);
  return {
    key,
    name,
    writers,
    op: (prefix) => async (w, i) => {
      const events = perAppend === 1 ? [newEvent(w, i)] : Array.from({ length: perAppend }, (_, k) => newEvent(w, i * perAppend + k));
      await store.append(streamFor(shape, `${prefix}${key}${shape}`, w, i), events);
      return perAppend;
    },
    close,
  };
}

async function readAll(url: string, o: Options, limit: number): Promise<CaseResult> {
  const { store, close } = openStore(url, o);
  try {
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
  } finally {
    await close();
  }
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
      `each writer case: ${o.warmup} s warm-up, then ${o.seconds} s in ${o.rounds} slices by turns with the other cases of its shape; ours: appendConcurrency ${o.concurrency}, maxAppendsPerStatement ${o.perStatement}, pool ${o.concurrency + 2}`,
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
      // The cases compared with one another take turns; the batches, whose WAL and dead rows would
      // fall on their neighbours' slices, come after them on a settled server of their own.
      const groups: Array<() => Promise<WriterCase[]>> = [
        async () => [
          ...(want('raw') ? [await rawCase(server.url, shape, `raw single-row INSERT, 8 writers, ${s}`)] : []),
          ...(want('emmett') ? [await emmettCase(server.url, shape, `Emmett appendToStream, 8 writers, ${s}`)] : []),
          ...(want('ours8') ? [oursCase(server.url, o, shape, 'ours8', `ours, 8 writers, 1 event/append, ${s}`, 8, 1)] : []),
          ...(want('ours32') ? [oursCase(server.url, o, shape, 'ours32', `ours, 32 callers, 1 event/append, ${s}`, 32, 1)] : []),
        ],
        async () => (want('batch') ? [oursCase(server.url, o, shape, 'batch', `ours, 8 writers, 100 events/append, ${s}`, 8, 100)] : []),
      ];
      for (const open of groups) {
        const cases: WriterCase[] = [];
        try {
          cases.push(...(await open()));
          if (cases.length === 0) continue;
          process.stderr.write(
            `  ${s}: ${await settle(server.url)}; ${cases.length} case(s) by turns, ${o.rounds} rounds of ${(o.seconds / o.rounds).toFixed(2)} s\n`,
          );
          const results = await interleave(cases, o);
          for (const c of cases) add(k(c.key), c.name, results.get(c.key)!);
        } finally {
          for (const c of cases) await c.close();
        }
      }
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
