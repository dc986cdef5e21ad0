import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createLogger, createRuntime, loadConfig, payrollService, Runtime } from '../libs/platform/src';
import { digestOf } from '../libs/domain/payroll';
import { createTestDatabase, TestDatabase } from './support/database';
import { manyEmployees, registerEmployees } from './fixtures/payroll';

const ROOT = resolve(__dirname, '..');
const OPD = 'OPD-RSUD';
const MONTH = '2026-05';
const N = 5000;
const admin = { userId: 'u-admin', roles: ['admin_kepegawaian'] };
const bendahara = { userId: 'u-bendahara', roles: [`bendahara:${OPD}`] };

describe('payroll calculation survives kill -9 of its worker', () => {
  let db: TestDatabase;
  let rt: Runtime;
  const children: ChildProcess[] = [];
  const until = async <T>(fn: () => Promise<T | undefined | false>, what: string, ms = 60_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const startWorker = (env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/fixtures/worker-process.ts', db.url], {
      cwd: ROOT,
      env: { ...process.env, PAYROLL_LOCK_MS: '2000', KINERJA_QUEUE_PREFIX: queuePrefix(), ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const queuePrefix = () => new URL(db.url).pathname.slice(1);
  const lineEvents = async () =>
    (await rt.db.pool.query<{ n: string; nips: string }>(
      `SELECT count(*) AS n, count(DISTINCT data->>'nip') AS nips FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
      [`PayLines-${OPD}:${MONTH}.c1.%`],
    )).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    // Test and worker process share one queue: Redis when REDIS_URL is set (CI's second pass), else PostgreSQL.
    const config = loadConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      KINERJA_AUTH_SECRET: 'test-secret-for-development-tokens-only-0123456789',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, KINERJA_QUEUE_PREFIX: queuePrefix() } : {}),
    });
    rt = await createRuntime(config, createLogger(config));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await rt.close();
    await db.drop();
  });

  it(`kills the worker at about half of a ${N}-line run; the restarted worker finishes with exactly one line per employee`, async () => {
    const first = startWorker({ PAYROLL_BATCH_SIZE: '100', PAYROLL_BATCH_DELAY_MS: '60' });
    const employees = manyEmployees(N, OPD);
    await registerEmployees(rt.store, employees);
    await until(async () => Number((await rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === N, 'register projected');
    const payroll = payrollService(rt);
    await payroll.importPredikat(admin, MONTH, 'nip,predikat\n' + employees.map((e, i) => `${e.nip},${i % 5 === 0 ? 'BUTUH_PERBAIKAN' : 'BAIK'}`).join('\n'));
    await payroll.openRun(bendahara, OPD, MONTH);
    const { jobId } = await payroll.calculate(bendahara, OPD, MONTH);
    expect(jobId).toBe(`payroll-calc.${OPD}_${MONTH}.1`);

    const atKill = await until(async () => {
      const p = (await payroll.getRun(bendahara, OPD, MONTH)).calculationJob?.progress as { linesDone: number; percent: number } | undefined;
      return p && p.linesDone >= N * 0.4 && p;
    }, 'half of the lines');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const partial = await lineEvents();
    expect(atKill.percent).toBeLessThan(100);
    expect(Number(partial.n)).toBeGreaterThanOrEqual(N * 0.4);
    expect(Number(partial.n)).toBeLessThan(N);
    expect(partial.n).toBe(partial.nips);

    const second = startWorker({ PAYROLL_BATCH_SIZE: '100' });
    const run = await until(async () => {
      const r = await payroll.getRun(bendahara, OPD, MONTH);
      return r.status === 'CALCULATED' && r;
    }, 'the restarted worker to finish', 90_000);
    const done = await lineEvents();
    expect(done).toEqual({ n: String(N), nips: String(N) });
    expect(run.lineCount).toBe(N);
    const { rows } = await rt.db.pool.query<{ h: string }>(
      `SELECT data->>'lineHash' AS h FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
      [`PayLines-${OPD}:${MONTH}.c1.%`],
    );
    expect(run.digest).toBe(digestOf(rows.map((r) => r.h)));
    // The ledger holds one line per employee too.
    await until(async () => Number((await rt.db.pool.query(`SELECT count(*) AS n FROM pay_line WHERE run_id = $1`, [`${OPD}:${MONTH}`])).rows[0].n) === N, 'ledger', 30_000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }, 180_000);
});
