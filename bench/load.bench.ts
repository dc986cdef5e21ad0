/**
 * `npm run bench -- load [employees] [seconds]`: the real system under the daily-report peak.
 * kinerja is started as users start it, three ways: (1) one process on the embedded default
 * (`kinerja start`, embedded PostgreSQL in a temp DATA_DIR, the queue on the same database);
 * (2) `--only api` + `--only worker` on the machine's PostgreSQL (DATABASE_URL's server, default
 * 127.0.0.1:5432, a fresh database) and Redis (REDIS_URL, default 127.0.0.1:6379, own prefix);
 * (3) scale-out: two APIs and two workers on the same. A Pemda of `employees` (default 10,000) is
 * seeded (bench/load/seed.ts, not timed), then for `seconds` (default 20) wrk drives, at once:
 * employees filing daily reports and supervisors answering them (commands), inbox and directory
 * reads (reads), and the OPD's payroll of `employees` lines is calculated by the worker.
 * Projection lag comes from /health, polled during the load and after it until zero. What the database did
 * per request (transactions, projection steps) comes from its statistics, read before and after the load
 * (each 11 s after the last work, when every server process has reported its counts; the queue's own polling
 * on PostgreSQL counts too).
 * Scale-out also checks an Idempotency-Key sent to both APIs (one event), who owns each projection
 * (advisory locks, by process) and a standby worker taking over when the owner is killed (-9).
 * Before the load of the first two modes, the stack's floor (bench/load/floor.ts) is driven alone by
 * the same wrk on the same database: what NestJS and `pg` do here with nothing of kinerja's, on
 * kinerja's HTTP adapter (Express) and on Fastify's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../libs/kernel/src';
import { localDateOf } from '../libs/domain/shared';
import { dailyReportStreamId } from '../libs/domain/dailyreport/events';
import { cpuSecondsOf, KinerjaProcess, machineCpu, merge, startKinerja, untilAnswering, wrk, WrkResult } from './load/app';
import { OPD, PAY_MONTH, RESULT_ID, seed, Seeded } from './load/seed';
import { dropQueueKeys } from '../test/support/queue-keys';
import { serverEnvLine } from './server';
import { loadConfig, openDatabase } from '../libs/platform/src';
import { BenchRow, goal, printTable } from './table';

const SECRET = 'bench-load-secret-for-development-tokens-only-0123456789';
const CONNECTIONS = 16;

interface Lag {
  max: number;
  /** ms from the end of the load until every projection's lag is zero. */
  drainMs: number;
}

async function lagOf(url: string): Promise<number> {
  const r = await fetch(`${url}/health`);
  const h = (await r.json()) as { projections?: Array<{ lagEvents: number }> };
  return (h.projections ?? []).reduce((s, p) => s + (p.lagEvents ?? 0), 0);
}

async function untilLagZero(url: string, timeoutMs = 300_000): Promise<number> {
  const t = Date.now();
  while ((await lagOf(url).catch(() => 1)) > 0) {
    if (Date.now() - t > timeoutMs) return Infinity;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t;
}

/** pids of a process's descendants (the embedded PostgreSQL's server processes). */
function descendants(pid: number): number[] {
  try {
    const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    const kids = new Map<number, number[]>();
    for (const l of out.trim().split('\n')) {
      const [p, pp] = l.trim().split(/\s+/).map(Number);
      kids.set(pp, [...(kids.get(pp) ?? []), p]);
    }
    const all: number[] = [];
    const walk = (p: number) => (kids.get(p) ?? []).forEach((k) => (all.push(k), walk(k)));
    walk(pid);
    return all;
  } catch {
    return [];
  }
}

function pidsOf(name: string): number[] {
  try {
    return execFileSync('pidof', [name], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

/** The server processes of one database on a shared PostgreSQL (others' databases not counted). */
function backendsOf(url: string): () => number[] {
  const name = new URL(url).pathname.slice(1);
  return () => {
    try {
      const out = execFileSync('psql', [url, '-tAc', `SELECT pid FROM pg_stat_activity WHERE datname = '${name}'`], { encoding: 'utf8' });
      return out.trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
}

/** The database's own counts, from its statistics (each server process flushes its counts at most every 10 s when idle). */
interface DbCounts {
  /** Transactions committed and rolled back: a statement outside a transaction is one. */
  transactions: number;
  /** Rows of projection_checkpoints updated: a projection's step writes its checkpoint once. */
  checkpointWrites: number;
}

const STATS_FLUSH_MS = 11_000;

async function dbCounts(url: string): Promise<DbCounts> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string; w: string | null }>(
      `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::text AS t,
              (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'projection_checkpoints')::text AS w`,
    );
    return { transactions: Number(rows[0].t), checkpointWrites: Number(rows[0].w ?? 0) };
  } finally {
    await c.end();
  }
}

interface Phase {
  /** Per request of the load (its drain included): transactions, and projection steps (checkpoint writes). */
  db: { transactions: number; steps: number; stepsPerSecond: number };
  commands: WrkResult;
  reads: WrkResult;
  lag: Lag;
  payrollSeconds: number | null;
  /** name, % of one core during the load, CPU ms per request (commands and reads together). */
  cpu: Array<[string, number, number]>;
}

async function drive(
  apis: KinerjaProcess[],
  workers: KinerjaProcess[],
  users: Seeded,
  dir: string,
  seconds: number,
  tag: string,
  pgPids: () => number[],
  dbUrl: string,
): Promise<Phase> {
  const usersFile = join(dir, `users-${tag}.txt`);
  writeFileSync(usersFile, users.users.join('\n') + '\n');
  const today = localDateOf(new Date());
  const base = { usersFile, today, resultId: RESULT_ID };
  const url = apis[0].url!;
  // Warm-up: JIT and pools, not counted.
  await Promise.all(
    apis.flatMap((a, i) => [
      wrk(a.url!, { ...base, connections: 4, seconds: 3, mode: 'commands', tag: `${tag}w${i + 1}` }),
      wrk(a.url!, { ...base, connections: 4, seconds: 3, mode: 'reads', tag: `${tag}w${i + 1}` }),
    ]),
  );
  await untilLagZero(url);
  await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
  const db0 = await dbCounts(dbUrl);
  // CPU seconds by process id, so that a PostgreSQL backend started during the load counts from zero.
  const byPid = (pids: () => number[]) => () => new Map(pids().map((p) => [p, cpuSecondsOf(p)]));
  const procs: Array<[string, () => Map<number, number>]> = [
    ...apis.map((a, i): [string, () => Map<number, number>] => [
      apis.length > 1 ? `api ${i + 1}` : a.part === 'all' ? 'kinerja (api + worker)' : 'api',
      byPid(() => [a.pid]),
    ]),
    ...workers.map((w, i): [string, () => Map<number, number>] => [
      workers.length > 1 ? `worker ${i + 1}` : 'worker',
      byPid(() => [w.pid]),
    ]),
    ['PostgreSQL', byPid(pgPids)],
    ['Redis', byPid(() => pidsOf('redis-server'))],
  ];
  const cpu0 = procs.map(([, f]) => f());
  const m0 = machineCpu();
  let maxLag = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      maxLag = Math.max(maxLag, await lagOf(url).catch(() => 0));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = Date.now();
  const calc = await fetch(`${url}/api/v1/payroll/opds/${OPD}/runs/${PAY_MONTH}/calculate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${users.bendaharaToken}`, 'content-type': 'application/json', 'idempotency-key': `calc-${tag}` },
    body: '{}',
  });
  if (calc.status >= 300) console.error(`payroll calculate: ${calc.status} ${await calc.text()}`);
  let payrollSeconds: number | null = null;
  const payroll = (async () => {
    while (Date.now() - t0 < 300_000) {
      const r = await fetch(`${url}/api/v1/payroll/opds/${OPD}/runs/${PAY_MONTH}`, {
        headers: { authorization: `Bearer ${users.bendaharaToken}` },
      });
      const run = (await r.json().catch(() => ({}))) as { status?: string };
      if (run.status === 'CALCULATED') return (payrollSeconds = (Date.now() - t0) / 1000);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const per = Math.max(2, Math.round(CONNECTIONS / apis.length));
  const runs = await Promise.all(
    // A tag per API: two wrk processes started in the same second with one tag drew the same users and
    // report ids, so every filing of the second was a replay of the first's and every answer twice given
    // (409s, and replays counted as commands).
    apis.flatMap((a, i) => [
      wrk(a.url!, { ...base, connections: per, seconds, mode: 'commands', tag: `${tag}${i + 1}` }),
      wrk(a.url!, { ...base, connections: per, seconds, mode: 'reads', tag: `${tag}${i + 1}` }),
    ]),
  );
  const cpu1 = procs.map(([, f]) => f());
  const m1 = machineCpu();
  polling = false;
  await poller;
  const drainMs = await untilLagZero(url);
  await payroll;
  await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
  const db1 = await dbCounts(dbUrl);
  const commands = runs.filter((_, i) => i % 2 === 0).reduce(merge);
  const reads = runs.filter((_, i) => i % 2 === 1).reduce(merge);
  const wall = commands.seconds;
  const used = (i: number) => [...cpu1[i]].reduce((sum, [pid, s]) => sum + s - (cpu0[i].get(pid) ?? 0), 0);
  const requests = commands.requests + reads.requests;
  const cpu: Array<[string, number, number]> = procs.map(([name], i) => [
    name,
    Math.round((used(i) / wall) * 100),
    (used(i) * 1000) / requests,
  ]);
  cpu.push([
    `machine (all processes, of ${cpus().length * 100})`,
    Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * cpus().length * 100),
    NaN,
  ]);
  const db = {
    transactions: (db1.transactions - db0.transactions) / requests,
    steps: (db1.checkpointWrites - db0.checkpointWrites) / requests,
    stepsPerSecond: (db1.checkpointWrites - db0.checkpointWrites) / wall,
  };
  return { commands, reads, lag: { max: maxLag, drainMs }, payrollSeconds, cpu, db };
}

/** The stack's floor on this machine (bench/load/floor.ts), alone, as kinerja's reads are driven: the read goal beside it. */
interface Floor {
  adapter: FloorAdapter;
  reads: WrkResult;
  /** The floor process's CPU ms per read (its PostgreSQL's not counted). */
  cpuMs: number;
}

type FloorAdapter = 'express' | 'fastify';

async function floorOf(adapter: FloorAdapter, dbUrl: string, users: Seeded, dir: string, seconds: number, tag: string): Promise<Floor> {
  const usersFile = join(dir, `users-floor-${tag}.txt`);
  writeFileSync(usersFile, users.users.join('\n') + '\n');
  const port = await freePort();
  const root = join(__dirname, '..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'load', 'floor.ts'), adapter, String(port), dbUrl], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  try {
    const url = `http://127.0.0.1:${port}`;
    const nip = users.users[0].split(' ')[0];
    await untilAnswering(
      `${url}/floor/${nip}`,
      () => child.exitCode !== null || child.signalCode !== null,
      60,
      `the floor server (bench/load/floor.ts, ${adapter})`,
    );
    const base = { usersFile, today: localDateOf(new Date()), resultId: RESULT_ID, mode: 'floor' as const, tag };
    await wrk(url, { ...base, connections: 4, seconds: 3 }); // warm-up, as kinerja's
    const cpu0 = cpuSecondsOf(child.pid!);
    const reads = await wrk(url, { ...base, connections: CONNECTIONS, seconds });
    return { adapter, reads, cpuMs: ((cpuSecondsOf(child.pid!) - cpu0) * 1000) / reads.requests };
  } finally {
    child.kill();
    // It closes its server and pool on SIGTERM; one that has not gone within 5 s is killed.
    const stuck = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(stuck);
  }
}

/** The floor on kinerja's adapter and on the other, each alone with the same wrk, before the load. */
async function floors(dbUrl: string, users: Seeded, dir: string, seconds: number, tag: string): Promise<Floor[]> {
  return [await floorOf('express', dbUrl, users, dir, seconds, `${tag}e`), await floorOf('fastify', dbUrl, users, dir, seconds, `${tag}f`)];
}

const ADAPTER: Record<FloorAdapter, string> = { express: "NestJS on Express (kinerja's)", fastify: 'NestJS on Fastify' };

function floorRow(label: string, f: Floor): BenchRow {
  return wrkRow(`${label}: floor, ${ADAPTER[f.adapter]}, alone`, f.reads);
}

function reportFloor(label: string, f: Floor): void {
  const r = f.reads;
  console.log(
    `${label}: the stack's floor (${ADAPTER[f.adapter]}, one read of the directory by NIP through pg, nothing of kinerja's), alone on the machine: ` +
      `${Math.round(r.requests / r.seconds)} reads/s, p99 ${r.p99} ms, ${f.cpuMs.toFixed(2)} ms of its CPU a read` +
      ` (the reads goal: 3,000/s with p99 < 30 ms, while commands and a payroll run)`,
  );
}

/** A row of the table: one wrk result. */
function wrkRow(name: string, r: WrkResult): BenchRow {
  return {
    case: name,
    'req/s': Math.round(r.requests / r.seconds),
    'p50 ms': r.p50,
    'p95 ms': r.p95,
    'p99 ms': r.p99,
    'non-2xx': r.s4xx + r.s5xx + r.other,
    '5xx': r.s5xx,
    'timeouts (5 s)': r.timeout + r.socket,
  };
}

function rows(label: string, p: Phase): BenchRow[] {
  return [wrkRow(`${label}: commands`, p.commands), wrkRow(`${label}: reads`, p.reads)];
}

function report(label: string, p: Phase, n: number): void {
  console.log(
    `${label}: projection lag max ${p.lag.max} events during the load, zero ${p.lag.drainMs === Infinity ? 'never (5 min)' : `${(p.lag.drainMs / 1000).toFixed(2)} s`} after it; ` +
      `payroll of ${n.toLocaleString('en-US')} lines calculated in ${p.payrollSeconds === null ? 'more than 300 s' : `${p.payrollSeconds.toFixed(1)} s`}`,
  );
  console.log(
    `${label}: CPU during the load, % of one core (CPU ms per request): ${p.cpu
      .map(([k, v, ms]) => `${k} ${v}${Number.isNaN(ms) ? '' : ` (${ms.toFixed(2)})`}`)
      .join(', ')}`,
  );
  console.log(
    `${label}: the database, per request: ${p.db.transactions.toFixed(2)} transactions, ${p.db.steps.toFixed(3)} projection steps (${Math.round(p.db.stepsPerSecond)} steps/s)`,
  );
  const c = p.commands;
  const r = p.reads;
  goal(
    `${label}: ≥ 1,000 commands/s with p99 < 50 ms`,
    c.requests / c.seconds >= 1000 && c.p99 < 50,
    `${Math.round(c.requests / c.seconds)}/s, p99 ${c.p99} ms`,
  );
  goal(
    `${label}: ≥ 3,000 reads/s with p99 < 30 ms`,
    r.requests / r.seconds >= 3000 && r.p99 < 30,
    `${Math.round(r.requests / r.seconds)}/s, p99 ${r.p99} ms`,
  );
  goal(`${label}: projection lag zero within 2 s of the load ending`, p.lag.drainMs <= 2000, `${p.lag.drainMs} ms`);
  goal(`${label}: zero 5xx`, c.s5xx + r.s5xx === 0, `${c.s5xx + r.s5xx}`);
}

async function freshDatabase(base: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(base: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}

/** Which process holds each projection's advisory lock: client ports of the lock holders, matched to pids by `ss`. */
async function owners(dbUrl: string, workers: KinerjaProcess[]): Promise<Map<string, number>> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  const { rows } = await c.query<{ objid: string; port: number }>(
    `SELECT l.objid::text, a.client_port AS port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  await c.end();
  const ss = execFileSync('ss', ['-tnpH'], { encoding: 'utf8' });
  const byPort = new Map<number, number>();
  for (const l of ss.split('\n')) {
    const m = /\S+\s+\S+\s+\S+\s+\S+:(\d+)\s+\S+:\d+\s+.*pid=(\d+)/.exec(l);
    if (m) byPort.set(Number(m[1]), Number(m[2]));
  }
  const out = new Map<string, number>();
  for (const r of rows) {
    const pid = byPort.get(r.port);
    const w = workers.findIndex((x) => x.pid === pid);
    out.set(r.objid, w);
  }
  return out;
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0]) || 10_000;
  const seconds = Number(args[1]) || 20;
  const only = args[2]; // single | split | scale (default: all three)
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-load-'));
  chmodSync(dir, 0o755); // as root, the embedded PostgreSQL runs as user postgres and must reach its DATA_DIR
  const pgBase = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const year = Number(localDateOf(new Date()).slice(0, 4));
  console.log(
    `\nload bench, ${new Date().toISOString()}, ${n.toLocaleString('en-US')} employees, ${seconds} s per run, wrk ${CONNECTIONS} connections for commands and ${CONNECTIONS} for reads; ${cpus().length} cores, node ${process.version}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const table: BenchRow[] = [];
  let checks: Array<[string, boolean, string]> = [];
  const common = { KINERJA_AUTH_SECRET: SECRET, KINERJA_DEMO_DATA: 'off', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
  const started: KinerjaProcess[] = [];
  const created: string[] = [];
  const progress = (m: string) => console.log(`  seed: ${m}`);
  try {
    if (!only || only === 'single') {
      // The embedded default, whatever this shell holds: the app inherits the bench's environment, and
      // with DATABASE_URL set it ran on that server while the seed (this env only) filled the embedded
      // one, and the bench waited for users that never came. Empty is unset (loadConfig).
      const env = { ...common, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', REDIS_URL: '' };
      const port = await freePort();
      const app = await startKinerja('all', env, join(dir, 'single.log'), port);
      started.push(app);
      console.log(`\n1. one process (kinerja start), embedded PostgreSQL in ${env.DATA_DIR}, queue on PostgreSQL`);
      const users = await seed(n, { env, year }, progress);
      await untilLagZero(app.url!);
      // The embedded server's address, as a one-shot command finds it (its port changes at each start).
      const attached = await openDatabase(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { attach: true });
      await attached.stop();
      const floor = await floors(attached.url, users, dir, seconds, 'sf');
      const p = await drive([app], [], users, dir, seconds, 's', () => descendants(app.pid), attached.url);
      table.push(...rows('one process, embedded', p), ...floor.map((f) => floorRow('one process, embedded', f)));
      for (const f of floor) reportFloor('one process', f);
      report('one process', p, n);
      await app.kill();
    }
    const db = `kinerja_load_${process.pid}`;
    if (!only || only === 'split') {
      created.push(`${db}_split`);
      const url = await freshDatabase(pgBase, `${db}_split`);
      const env = { ...common, DATABASE_URL: url, REDIS_URL: redis, KINERJA_QUEUE_PREFIX: `${db}_split` };
      const worker = await startKinerja('worker', env, join(dir, 'split-worker.log'));
      started.push(worker);
      const api = await startKinerja('api', env, join(dir, 'split-api.log'), await freePort());
      started.push(api);
      console.log(`\n2. split: --only api + --only worker, PostgreSQL ${new URL(pgBase).host} (database ${db}_split), Redis queue`);
      console.log(`   ${await serverEnvLine(pgBase)}`);
      const users = await seed(n, { env, year }, progress);
      await untilLagZero(api.url!);
      const floor = await floors(url, users, dir, seconds, 'pf');
      const p = await drive([api], [worker], users, dir, seconds, 'p', backendsOf(url), url);
      table.push(...rows('api + worker, PostgreSQL + Redis', p), ...floor.map((f) => floorRow('api + worker, PostgreSQL + Redis', f)));
      for (const f of floor) reportFloor('split', f);
      report('split', p, n);
      await api.kill();
      await worker.kill();
    }
    if (!only || only === 'scale') {
      const name = `${db}_scale`;
      created.push(name);
      const url = await freshDatabase(pgBase, name);
      // Four processes on one server: pools of 15 (4 × 15 + the owner's 15 projection connections and
      // the listeners stay within PostgreSQL's default max_connections of 100, where 4 × 20 did not).
      const env = { ...common, DATABASE_URL: url, REDIS_URL: redis, KINERJA_QUEUE_PREFIX: name, KINERJA_DATABASE_POOL_MAX: '15' };
      const workers = [await startKinerja('worker', env, join(dir, 'scale-worker1.log'))];
      workers.push(await startKinerja('worker', env, join(dir, 'scale-worker2.log')));
      const apis = [await startKinerja('api', env, join(dir, 'scale-api1.log'), await freePort())];
      apis.push(await startKinerja('api', env, join(dir, 'scale-api2.log'), await freePort()));
      started.push(...workers, ...apis);
      console.log(`\n3. scale-out: two APIs and two workers, PostgreSQL ${new URL(pgBase).host} (database ${name}), Redis queue`);
      const users = await seed(n, { env, year }, progress);
      await untilLagZero(apis[0].url!);
      const p = await drive(apis, workers, users, dir, seconds, 'x', backendsOf(url), url);
      table.push(...rows('2 APIs + 2 workers', p));
      report('scale-out', p, n);
      checks = await scaleChecks(url, apis, workers, users);
      for (const x of [...apis, ...workers]) await x.kill();
    }
    printTable(
      `load: ${n.toLocaleString('en-US')} employees, ${seconds} s, commands = file + answer daily reports, reads = inbox + directory, with a payroll of ${n.toLocaleString('en-US')} lines calculating`,
      table,
    );
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const c of checks) goal(...c);
  } finally {
    for (const p of started) await p.kill('SIGKILL').catch(() => undefined);
    // The databases and queue keys made on the shared servers (named after them), whatever happened.
    for (const name of created) {
      await dropDatabase(pgBase, name).catch(() => undefined);
      await dropQueueKeys(redis, name).catch(() => undefined);
    }
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

/** Idempotency across replicas, one owner per projection, and a standby taking over. */
async function scaleChecks(
  url: string,
  apis: KinerjaProcess[],
  workers: KinerjaProcess[],
  users: Seeded,
): Promise<Array<[string, boolean, string]>> {
  const out: Array<[string, boolean, string]> = [];
  const [nip, token] = users.users[0].split(' ');
  const today = localDateOf(new Date());
  const key = `idem-${process.pid}`;
  const send = (api: KinerjaProcess) =>
    fetch(`${api.url}/api/v1/daily-reports/${nip}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ date: today, durationMinutes: 30, resultId: RESULT_ID, output: 'sama, dikirim dua kali' }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { reportId?: string } }));
  const answers = await Promise.all([send(apis[0]), send(apis[1])]);
  answers.push(await send(apis[1]));
  const c = new Client({ connectionString: url });
  await c.connect();
  const events = Number(
    (
      await c.query(`SELECT count(*) AS n FROM events WHERE stream_id = $1 AND data->>'output' = 'sama, dikirim dua kali'`, [
        dailyReportStreamId(nip, today.slice(0, 7)),
      ])
    ).rows[0].n,
  );
  await c.end();
  const ids = new Set(answers.map((a) => a.body.reportId));
  out.push([
    'scale-out: one Idempotency-Key sent to both APIs (at once, then again) records one event',
    events === 1 && ids.size === 1 && answers.every((a) => a.status < 300),
    `answers ${answers.map((a) => a.status).join(', ')}, report ids ${[...ids].join(', ')}, events ${events}`,
  ]);
  const before = await owners(url, workers);
  const count = (m: Map<string, number>, w: number) => [...m.values()].filter((x) => x === w).length;
  console.log(
    `scale-out: projection locks held: worker 1 ${count(before, 0)}, worker 2 ${count(before, 1)}, other ${count(before, -1)} (of ${before.size})`,
  );
  const owner = count(before, 0) >= count(before, 1) ? 0 : 1;
  const standby = 1 - owner;
  out.push([
    'scale-out: each projection owned by one worker',
    before.size > 0 && count(before, -1) === 0,
    `${before.size} projection locks, each held once (advisory locks are exclusive); worker ${owner + 1} holds ${count(before, owner)}`,
  ]);
  await workers[owner].kill('SIGKILL');
  const t = Date.now();
  // A command after the kill: the standby must take over and apply it.
  const after = await fetch(`${apis[0].url}/api/v1/daily-reports/${nip}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ date: today, durationMinutes: 30, resultId: RESULT_ID, output: 'setelah worker dimatikan' }),
  });
  const drained = await untilLagZero(apis[0].url!, 60_000);
  const drainedAfter = (Date.now() - t) / 1000;
  // Each projection's standby retries its lock on its own timer (2 s): wait for all of them.
  let held = await owners(url, workers);
  while (count(held, standby) < before.size && Date.now() - t < 30_000) {
    await new Promise((r) => setTimeout(r, 250));
    held = await owners(url, workers);
  }
  const tookOver = (Date.now() - t) / 1000;
  out.push([
    'scale-out: the standby takes over when the owner is killed (-9)',
    after.status < 300 && drained !== Infinity && count(held, standby) === before.size,
    `command after the kill ${after.status}; lag zero ${drainedAfter.toFixed(1)} s after the kill; worker ${standby + 1} held ${count(held, standby)} of ${before.size} locks ${tookOver.toFixed(1)} s after it`,
  ]);
  return out;
}
