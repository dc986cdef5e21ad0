import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { Auth } from '../../libs/platform/src/auth';
import { PROJECTIONS } from '../../libs/platform/src/runtime';
import { PostgresEventStore } from '../../libs/event-store/src';
import { ProjectionRunner } from '../../libs/projections/src';
import { freePort } from '../../libs/kernel/src';
import { localDateOf } from '../../libs/domain/shared';
import { manyEmployees, registerEmployees, TestEmployee } from '../fixtures/payroll';
import { ROOT, startKinerja, StartedKinerja } from './cli';
import { createTestDatabase } from './database';

/**
 * The fault suites (test/faults-*.e2e.ts): kinerja run as in production (`kinerja start --only api`
 * and `--only worker`, separate processes), a modest traffic of simulated users with real tokens,
 * and the checks made after the faults: every acknowledged command in the log once, read models
 * equal to a fresh rebuild, one pay line per employee.
 */
export const SECRET = 'faults-test-secret-0123456789abcdefghijklmnop';
export const auth = new Auth({ dataDir: tmpdir(), auth: { issuer: 'kinerja-dev', audience: 'kinerja', devSecret: SECRET } });
export const ADMIN = { sub: 'admin.faults', roles: ['pegawai', 'admin_kepegawaian'] };
export const bendahara = (opd: string) => ({ sub: `bendahara.${opd}`, roles: ['pegawai', `bendahara:${opd}`] });
/** Reports are filed for today (WIB), on the RHK of the user's draft plan. */
export const TODAY = localDateOf(new Date());
export const THIS_MONTH = TODAY.slice(0, 7);

export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}

export interface Answer {
  status: number;
  body: any;
}

/** One HTTP call with a bound: a hang is a failure too ("timeout"), a refused connection is "network". */
export async function call(url: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_BOUND_MS),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as any };
}

/** How long one request may take before the suite calls it a hang. */
export const REQUEST_BOUND_MS = 20_000;

/** An API and a worker process on one database (and Redis when given), restartable, on a fixed port. */
export class Deployment {
  api?: StartedKinerja;
  worker?: StartedKinerja;
  private constructor(
    readonly env: Record<string, string>,
    readonly port: number,
  ) {}

  static async on(env: Record<string, string>): Promise<Deployment> {
    return new Deployment(
      { LOG_LEVEL: 'info', KINERJA_AUTH_SECRET: SECRET, KINERJA_DEMO_DATA: 'off', KINERJA_DATABASE_WAIT_S: '20', ...env },
      await freePort(),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private readonly output = { api: '', worker: '' };

  private started(part: 'api' | 'worker', p: StartedKinerja): StartedKinerja {
    const keep = (d: Buffer) => (this.output[part] = (this.output[part] + d).slice(-20_000_000));
    p.child.stdout!.on('data', keep);
    p.child.stderr!.on('data', keep);
    return p;
  }

  async startWorker(): Promise<void> {
    this.worker = this.started('worker', startKinerja(this.env, ['--only', 'worker']));
    await this.worker.up;
  }

  async startApi(): Promise<void> {
    this.api = this.started('api', startKinerja({ ...this.env, PORT: String(this.port) }, ['--only', 'api']));
    await this.api.up;
  }

  /** kill -9: no drain, no goodbye. */
  async kill(part: 'api' | 'worker'): Promise<void> {
    const p = this[part];
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGKILL');
    await p.exited;
  }

  /** The last lines a part's processes wrote (JSON lines), across its restarts. */
  logs(part: 'api' | 'worker'): string {
    return this.output[part];
  }

  async stop(): Promise<void> {
    for (const p of [this.api, this.worker]) {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) continue;
      p.child.kill('SIGTERM');
      const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
      await p.exited;
      clearTimeout(t);
    }
  }
}

export interface User {
  nip: string;
  token: string;
}

/**
 * Simulated employees filing their daily reports, each command with an Idempotency-Key. A command
 * that gets no 2xx (refused connection, 503, a hang) is sent again with the same key, as a client
 * whose answer was lost does, until it is answered or the traffic stops; every outcome is counted.
 */
export class Traffic {
  /** Idempotency keys answered 2xx, with the report they filed. */
  readonly acked = new Map<string, { nip: string; reportId: string }>();
  /** Every key sent at least once. */
  readonly sent = new Map<string, { nip: string; reportId: string }>();
  /** "201", "503 DATABASE_UNAVAILABLE", "network", "timeout", … with counts. */
  readonly outcomes = new Map<string, number>();
  /** Answers that break the contract: a 5xx other than a coded 503. */
  readonly broken: string[] = [];
  reads = 0;
  private stopping = false;
  private givingUp = false;
  private loops: Promise<void>[] = [];
  /** Outcomes since the last `mark()`: what the users saw during one phase. */
  private phase = new Map<string, number>();

  constructor(
    private readonly url: () => string,
    private readonly users: User[],
    private readonly pauseMs = 40,
  ) {}

  start(): void {
    this.loops = this.users.map((u, i) => this.loop(u, i));
  }

  mark(): Map<string, number> {
    const seen = this.phase;
    this.phase = new Map();
    return seen;
  }

  private count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    this.phase.set(outcome, (this.phase.get(outcome) ?? 0) + 1);
  }

  private async send(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) {
    try {
      const r = await call(this.url(), method, path, token, body, headers);
      const code = r.body?.error?.code;
      this.count(code ? `${r.status} ${code}` : String(r.status));
      if (r.status >= 500 && !(r.status === 503 && code)) this.broken.push(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r;
    } catch (e) {
      const name = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      this.count(name);
      if (name === 'timeout') this.broken.push(`${method} ${path}: no answer within ${REQUEST_BOUND_MS} ms`);
      return undefined;
    }
  }

  private async loop(u: User, offset: number): Promise<void> {
    await sleep(offset * 7);
    for (let i = 0; !this.stopping; i++) {
      const reportId = `LH-${i}`;
      const key = `faults.${u.nip}.${i}`;
      const command = { nip: u.nip, reportId };
      this.sent.set(key, command);
      for (;;) {
        const r = await this.send(
          'POST',
          `/api/v1/daily-reports/${u.nip}`,
          u.token,
          { reportId, date: TODAY, durationMinutes: 30, resultId: 'A-1', output: `Kegiatan ${i}` },
          { 'idempotency-key': key },
        );
        if (r && r.status >= 200 && r.status < 300) {
          this.acked.set(key, command);
          break;
        }
        if (r && r.status < 500) throw new Error(`a daily report was refused: ${r.status} ${JSON.stringify(r.body)}`);
        if (this.givingUp) break;
        await sleep(150);
      }
      if (i % 3 === 2) {
        const r = await this.send('GET', `/api/v1/daily-reports/${u.nip}/${THIS_MONTH}`, u.token);
        if (r?.status === 200) this.reads++;
      }
      await sleep(this.pauseMs);
    }
  }

  /** Stops after each user's command in flight (retried until answered while `drainMs` lasts). */
  async stop(drainMs = 30_000): Promise<void> {
    const t = setTimeout(() => (this.givingUp = true), drainMs);
    this.stopping = true;
    await Promise.all(this.loops);
    clearTimeout(t);
  }

  summary(): string {
    return [...this.outcomes].map(([k, n]) => `${k}: ${n}`).join(', ');
  }
}

/**
 * Employees for the suites: `payroll` in one OPD (the run), `users` in another, each with a draft
 * plan holding RHK A-1 to report on.
 */
export async function seed(pool: Pool, url: string, o: { payroll: number; users: number; payOpd: string; seed: number }) {
  const store = new PostgresEventStore({ pool });
  const staff = manyEmployees(o.payroll, o.payOpd, o.seed);
  const people = manyEmployees(o.users, `${o.payOpd}-LH`, o.seed + 1);
  await registerEmployees(store, [...staff, ...people]);
  const users: User[] = [];
  for (const p of people) {
    const token = await auth.sign({ sub: `u-${p.nip}`, nip: p.nip, roles: ['pegawai'] });
    const r = await call(url, 'POST', `/api/v1/workplans/${p.nip}/${TODAY.slice(0, 4)}/draft`, token, {
      results: [
        {
          resultId: 'A-1',
          text: 'Laporan kegiatan',
          indicators: [{ indicatorId: 'A-1-I1', text: 'Laporan', quantity: 12, unit: 'dokumen', quality: 100, timeMonths: 12 }],
        },
      ],
    });
    if (r.status !== 201) throw new Error(`draft plan: ${r.status} ${JSON.stringify(r.body)}`);
    users.push({ nip: p.nip, token });
  }
  return { staff, users };
}

/** Imports the predikat, opens the run and starts its calculation; resolves when the calculation is queued. */
export async function startPayrollRun(url: string, pool: Pool, opd: string, month: string, staff: TestEmployee[]) {
  await waitFor(
    async () => Number((await pool.query('SELECT count(*) AS n FROM pay_employee WHERE opd_id = $1', [opd])).rows[0].n) === staff.length,
    'the register projected',
  );
  const admin = await auth.sign(ADMIN);
  const csv = 'nip,predikat\n' + staff.map((e) => `${e.nip},BAIK`).join('\n');
  const imported = await call(url, 'POST', `/api/v1/payroll/predikat/${month}/import`, admin, { csv, dryRun: false });
  if (imported.status >= 300) throw new Error(`predikat import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const finance = await auth.sign(bendahara(opd));
  const opened = await call(url, 'POST', `/api/v1/payroll/opds/${opd}/runs`, finance, { month });
  if (opened.status >= 300) throw new Error(`open run: ${opened.status} ${JSON.stringify(opened.body)}`);
  const path = `/api/v1/payroll/opds/${opd}/runs/${month}/calculate`;
  return {
    finance,
    /** Sent once: what the API answered. */
    calculate: () => call(url, 'POST', path, finance),
    /** Sent as a client sends it while every dependency is up (asClient): a coded 503 is sent again. */
    calculateAsClient: (d: Deployment) =>
      asClient(() => call(url, 'POST', path, finance, undefined, { 'idempotency-key': `calculate.${opd}.${month}` }), d),
  };
}

/**
 * A command sent as a client sends it: a coded 503 (Retry-After) is sent again, with the same
 * Idempotency-Key, up to `tries` times. For a step of a suite that is not the fault it tests (the
 * dependencies are up): on a loaded CI machine such a command was once answered 503 with both up.
 * Each 503 is printed with the API's last warnings, so the log says which dependency it was.
 */
export async function asClient(send: () => Promise<Answer>, d: Deployment, tries = 5): Promise<Answer> {
  for (let i = 1; ; i++) {
    const r = await send();
    if (r.status !== 503 || !r.body?.error?.code || i === tries) return r;
    const warnings = d
      .logs('api')
      .split('\n')
      .filter((l) => /"level":(40|50)/.test(l))
      .slice(-5);
    console.log(`503 ${JSON.stringify(r.body)} (attempt ${i} of ${tries}); the API's last warnings:\n${warnings.join('\n')}`);
    await sleep(2000);
  }
}

/** The calculation's PayLineCalculated events: how many, for how many employees. */
export async function payLineEvents(pool: Pool, opd: string, month: string, calculation = 1) {
  const { rows } = await pool.query<{ n: string; nips: string; ids: string }>(
    `SELECT count(*) AS n, count(DISTINCT data->>'nip') AS nips, count(DISTINCT event_id) AS ids
       FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
    [`PayLines-${opd}:${month}.c${calculation}.%`],
  );
  return { events: Number(rows[0].n), employees: Number(rows[0].nips), ids: Number(rows[0].ids) };
}

/** Events carrying each idempotency key of the suite (`faults.` keys): key -> count. */
export async function eventsByKey(pool: Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ key: string; n: string }>(
    `SELECT metadata->>'idempotencyKey' AS key, count(*) AS n FROM events
      WHERE metadata->>'idempotencyKey' LIKE 'faults.%' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

/** Every acknowledged command once in the log; a command never acknowledged at most once. */
export function exactlyOnce(traffic: Traffic, logged: Map<string, number>): string[] {
  const wrong: string[] = [];
  for (const key of traffic.acked.keys()) if (logged.get(key) !== 1) wrong.push(`${key} acknowledged, ${logged.get(key) ?? 0} events`);
  for (const [key, n] of logged) {
    if (!traffic.sent.has(key)) wrong.push(`${key} never sent, ${n} events`);
    else if (n > 1) wrong.push(`${key}: ${n} events`);
  }
  return wrong;
}

/**
 * Every read model of the live deployment, row for row, against a rebuild from the same log into a
 * fresh database (the projection runner of the worker, run here to the log's head). Waits for
 * the live projections to catch up; returns the tables that still differ (none when equal) and
 * how many rows in how many tables were compared.
 */
export async function readModelsEqualRebuild(live: Pool, ms = 60_000): Promise<{ differ: string[]; rows: number; tables: number }> {
  const fresh = await createTestDatabase({ poolSize: 4 });
  try {
    const runner = new ProjectionRunner(fresh.pool, new PostgresEventStore({ pool: live }), PROJECTIONS);
    const client = await fresh.pool.connect();
    const rows = async (pool: Pool, table: string) =>
      (await pool.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t`)).rows.map((x) => x.r).sort();
    try {
      for (const p of PROJECTIONS) await runner.ensure(p);
      const end = Date.now() + ms;
      for (;;) {
        for (const p of PROJECTIONS) while ((await runner.step(p, client)) > 0);
        const differ: string[] = [];
        let compared = 0;
        let tables = 0;
        for (const p of PROJECTIONS)
          for (const table of Object.keys(p.tables)) {
            const [a, b] = await Promise.all([rows(live, table), rows(fresh.pool, table)]);
            compared += a.length;
            tables++;
            if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${p.name}.${table}: live ${a.length} rows, rebuilt ${b.length}`);
          }
        if (!differ.length || Date.now() > end) return { differ, rows: compared, tables };
        await sleep(250);
      }
    } finally {
      client.release();
    }
  } finally {
    await fresh.drop();
  }
}

export interface PrivatePostgres {
  url: string;
  /** Stops the server (fast shutdown: every client is disconnected); its data is kept. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of the test's own (test/fixtures/postgres-process.ts: embedded, on a free port and a
 * temp data dir), which the test may stop and start: never the machine's or the run's shared server.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/fixtures/postgres-process.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters: Array<{ line: RegExp; ok: (m: RegExpExecArray) => void }> = [];
  child.stdout!.on('data', (d) => {
    out += d;
    for (const w of [...waiters]) {
      const m = w.line.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        out = out.slice(m.index + m[0].length);
        w.ok(m);
      }
    }
  });
  const said = (line: RegExp, ms = 60_000) =>
    new Promise<RegExpExecArray>((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`the private PostgreSQL did not say ${line}`)), ms);
      waiters.push({ line, ok: (m) => (clearTimeout(t), ok(m)) });
      child.stdout!.emit('data', '');
    });
  const command = async (c: string) => {
    const answer = said(new RegExp(`${c} (done|failed.*)\\n`));
    child.stdin!.write(`${c}\n`);
    const m = await answer;
    if (m[1] !== 'done') throw new Error(`private PostgreSQL ${c}: ${m[1]}`);
  };
  const url = JSON.parse((await said(/(\{"url".*\})\n/))[1]).url as string;
  return {
    url,
    pause: () => command('pause'),
    resume: () => command('resume'),
    async stop() {
      if (child.exitCode !== null) return;
      await command('stop').catch(() => child.kill('SIGKILL'));
    },
  };
}

export interface PrivateRedis {
  url: string;
  /** kill -9: the queue's data is gone with it (no persistence, as `--save "" --appendonly no`). */
  kill(): Promise<void>;
  /** A new, empty server on the same port. */
  start(): Promise<void>;
}

/** A redis-server of the test's own on a free port, without persistence, which the test may kill. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ReturnType<typeof spawn> | undefined;
  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = c;
    let out = '';
    await new Promise<void>((ok, fail) => {
      c.stdout!.on('data', (d) => {
        out += d;
        if (/Ready to accept connections/.test(out)) ok();
      });
      c.on('exit', (code) => fail(new Error(`redis-server exited (${code}): ${out}`)));
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((ok) => c.once('exit', ok));
      c.kill('SIGKILL');
      await gone;
    },
  };
}
