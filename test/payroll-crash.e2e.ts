import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  applicationContext,
  createLogger,
  createRuntime,
  enqueuePayrollCalculation,
  loadConfig,
  payrollPolicies,
  Runtime,
} from '../libs/platform/src';
import { CalculatePayrollRun, GetPayrollRun, ImportPayInputs, OpenPayrollRun, SignPayrollRun } from '../libs/application/src';
import { calculatePayrollRun } from '../libs/workflows/src';
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
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return child;
  };
  /** Resolves when the worker process says it started (its start-up put-back of calculations done). */
  const started = (child: ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('started')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it started`)));
    });
  const queuePrefix = () => new URL(db.url).pathname.slice(1);
  const lineEvents = async () =>
    (
      await rt.db.pool.query<{ n: string; nips: string }>(
        `SELECT count(*) AS n, count(DISTINCT data->>'nip') AS nips FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
        [`PayLines-${OPD}:${MONTH}.c1.%`],
      )
    ).rows[0];

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

  it(`kills the worker at about half of a ${N}-line run; the worker restarted with another batch size finishes with exactly one line per employee`, async () => {
    const first = startWorker({ PAYROLL_BATCH_SIZE: '100', PAYROLL_BATCH_DELAY_MS: '60' });
    const employees = manyEmployees(N, OPD);
    await registerEmployees(rt.store, employees);
    await until(
      async () => Number((await rt.db.pool.query('SELECT count(*) AS n FROM pay_employee')).rows[0].n) === N,
      'register projected',
    );
    const { commands, queries } = await applicationContext(rt);
    const csv = 'nip,predikat\n' + employees.map((e, i) => `${e.nip},${i % 5 === 0 ? 'BUTUH_PERBAIKAN' : 'BAIK'}`).join('\n');
    await commands.execute(new ImportPayInputs('predikat', MONTH, { csv, dryRun: false }, admin));
    await commands.execute(new OpenPayrollRun(OPD, MONTH, bendahara, {}));
    const { jobId } = await commands.execute(new CalculatePayrollRun(OPD, MONTH, bendahara, {}));
    expect(jobId).toBe(`payroll-calc.${OPD}_${MONTH}.1`);

    const atKill = await until(async () => {
      const p = (await queries.execute(new GetPayrollRun(OPD, MONTH, bendahara))).calculationJob?.progress as
        { linesDone: number; percent: number } | undefined;
      return p && p.linesDone >= N * 0.4 && p;
    }, 'half of the lines');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const partial = await lineEvents();
    expect(atKill.percent).toBeLessThan(100);
    expect(Number(partial.n)).toBeGreaterThanOrEqual(N * 0.4);
    expect(Number(partial.n)).toBeLessThan(N);
    expect(partial.n).toBe(partial.nips);

    // Another batch size: the batches no longer line up with the streams written before the kill.
    const second = startWorker({ PAYROLL_BATCH_SIZE: '64' });
    const run = await until(
      async () => {
        const r = await queries.execute(new GetPayrollRun(OPD, MONTH, bendahara));
        return r.status === 'CALCULATED' && r;
      },
      'the restarted worker to finish',
      90_000,
    );
    const done = await lineEvents();
    expect(done).toEqual({ n: String(N), nips: String(N) });
    expect(run.lineCount).toBe(N);
    const { rows } = await rt.db.pool.query<{ h: string }>(
      `SELECT data->>'lineHash' AS h FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
      [`PayLines-${OPD}:${MONTH}.c1.%`],
    );
    expect(run.digest).toBe(digestOf(rows.map((r) => r.h)));
    // The ledger holds one line per employee too.
    await until(
      async () =>
        Number((await rt.db.pool.query(`SELECT count(*) AS n FROM pay_line WHERE run_id = $1`, [`${OPD}:${MONTH}`])).rows[0].n) === N,
      'ledger',
      30_000,
    );
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }, 180_000);

  it('marks a calculation that cannot finish CALCULATION_FAILED with the reason; calculating again completes', async () => {
    const opd = 'OPD-RSJ';
    const month = '2026-06';
    const staff = manyEmployees(120, opd, 11);
    const finance = { userId: 'u-bendahara-rsj', roles: [`bendahara:${opd}`] };
    const worker = startWorker({ PAYROLL_BATCH_SIZE: '50' });
    const workerStarted = started(worker);
    await registerEmployees(rt.store, staff);
    await until(
      async () =>
        Number((await rt.db.pool.query('SELECT count(*) AS n FROM pay_employee WHERE opd_id = $1', [opd])).rows[0].n) === staff.length,
      'register projected',
    );
    const { commands, queries } = await applicationContext(rt);
    await commands.execute(
      new ImportPayInputs(
        'predikat',
        month,
        { csv: 'nip,predikat\n' + staff.map((e) => `${e.nip},BAIK`).join('\n'), dryRun: false },
        admin,
      ),
    );
    await commands.execute(new OpenPayrollRun(opd, month, finance, {}));
    // Not before the worker's start-up put-back: it would find calculation 1 calculating in the log and
    // run it too, beside the run below (two writers of the same lines: EVENT_ID_CONFLICT).
    await workerStarted;
    // Calculation 1 is started but its job is held back, then run here and "killed" after two batches of 30.
    const held = await applicationContext(rt, { payrollQueue: { enqueue: async () => 'held', status: async () => null } });
    await held.commands.execute(new CalculatePayrollRun(opd, month, finance, {}));
    const job = { runId: `${opd}:${month}`, opdId: opd, month, calculation: 1, runVersion: 1 };
    await expect(
      calculatePayrollRun({ store: rt.store, pool: rt.db.pool, policies: payrollPolicies(rt), batchSize: 30, concurrency: 1 }, job, (p) => {
        if (p.batchesDone === 2) throw new Error('worker killed');
      }),
    ).rejects.toThrow('worker killed');
    // The first employee's attendance is imported after their line was written; the job's retry meets it.
    const first = staff.map((e) => e.nip).sort()[0];
    await commands.execute(new ImportPayInputs('attendance', month, { csv: `nip,TK\n${first},1\n`, dryRun: false }, admin));
    await until(
      async () => (await rt.db.pool.query('SELECT 1 FROM pay_attendance WHERE nip = $1 AND month = $2', [first, month])).rowCount,
      'attendance projected',
    );
    await enqueuePayrollCalculation(rt, job);

    const failed = await until(async () => {
      const r = await queries.execute(new GetPayrollRun(opd, month, finance));
      // The run is marked before the job gives up: wait for both.
      return r.status === 'CALCULATION_FAILED' && r.calculationJob?.state === 'failed' && r;
    }, 'the run marked failed');
    expect(failed.failure).toMatchObject({ calculation: 1, code: 'CALCULATION_INPUTS_CHANGED' });
    expect(failed.failure?.reason).toContain(first);
    const { rows } = await rt.db.pool.query(`SELECT data FROM events WHERE stream_id = $1 AND event_type = 'PayrollCalculationFailed'`, [
      `PayrollRun-${opd}:${month}`,
    ]);
    expect(rows).toHaveLength(1);
    await expect(commands.execute(new SignPayrollRun(opd, month, 'Submit', { digest: failed.digest }, finance, {}))).rejects.toMatchObject({
      code: 'STEP_OUT_OF_ORDER',
    });

    // Calculated again (calculation 2, from the current inputs): every employee once.
    expect(await commands.execute(new CalculatePayrollRun(opd, month, finance, {}))).toMatchObject({ calculation: 2 });
    const done = await until(async () => {
      const r = await queries.execute(new GetPayrollRun(opd, month, finance));
      return r.status === 'CALCULATED' && r;
    }, 'calculation 2');
    expect(done).toMatchObject({ calculation: 2, lineCount: staff.length, failure: null });
    const lines = await rt.db.pool.query<{ n: string; nips: string }>(
      `SELECT count(*) AS n, count(DISTINCT data->>'nip') AS nips FROM events WHERE event_type = 'PayLineCalculated' AND stream_id LIKE $1`,
      [`PayLines-${opd}:${month}.c2.%`],
    );
    expect(lines.rows[0]).toEqual({ n: String(staff.length), nips: String(staff.length) });
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }, 120_000);
});
