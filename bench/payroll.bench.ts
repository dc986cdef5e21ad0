/**
 * `npm run bench -- payroll [employees]`: one OPD's payroll of 100,000 employees calculated,
 * persisted as line events and projected into the pay ledger. The timed part runs in a process of
 * its own, as a worker would: the calculation job and the projection runner, both as the worker
 * runs them (compiled JavaScript from dist/). The setup (the register, the month's predikat and attendance, the run opened and its
 * calculation requested) runs before, in another process, and is not timed. Goal: under 10 s,
 * with the timed process under 512 MB RSS. Same server choice as the append bench (DATABASE_URL,
 * or an embedded PostgreSQL with durable settings).
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { goal, printTable } from './table';

// The libraries are loaded by each process as it needs them: the timed one from the compiled build
// (dist/, scripts/build.js) as the worker runs them, the untimed setup from the sources.
type Libs = {
  eventStore: typeof import('../libs/event-store/src');
  projections: typeof import('../libs/projections/src');
  workflows: typeof import('../libs/workflows/src');
  policies: typeof import('../libs/policies/src');
};
const sourceLibs = async (): Promise<Libs> => ({
  eventStore: await import('../libs/event-store/src'),
  projections: await import('../libs/projections/src'),
  workflows: await import('../libs/workflows/src'),
  policies: await import('../libs/policies/src'),
});
const builtLibs = (build: string): Libs => ({
  eventStore: require(join(build, 'libs/event-store/src')),
  projections: require(join(build, 'libs/projections/src')),
  workflows: require(join(build, 'libs/workflows/src')),
  policies: require(join(build, 'libs/policies/src')),
});

export const OPD = 'OPD-BENCH';
export const MONTH = '2026-06';

async function open(url: string, { eventStore, projections }: Libs) {
  const pool = new Pool({ connectionString: url, max: 12 });
  const store = new eventStore.PostgresEventStore({ pool });
  const runner = new projections.ProjectionRunner(pool, store, [projections.payrollProjection]);
  const ac = new AbortController();
  const projecting = runner.run(projections.payrollProjection, ac.signal);
  const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);
  const until = async (fn: () => Promise<boolean>) => {
    while (!(await fn().catch(() => false))) await new Promise((r) => setTimeout(r, 20));
  };
  return {
    pool,
    store,
    count,
    until,
    async close() {
      ac.abort();
      await projecting.catch(() => undefined);
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** Child process 1: the register and the month's inputs; prints the job data. */
async function setup(url: string, n: number) {
  const { manyEmployees, registerEmployees } = await import('../test/fixtures/payroll');
  const { CalculatePayrollRun, ImportPayInputs, OpenPayrollRun } = await import('../libs/application/src');
  const { applicationContext, createLogger, createRuntime, loadConfig } = await import('../libs/platform/src');
  const { store, count, until, close } = await open(url, await sourceLibs());
  const employees = manyEmployees(n, OPD, 11);
  await registerEmployees(store, employees);
  await until(async () => (await count('SELECT count(*) AS n FROM pay_employee')) === n);
  // The commands go to the application layer's handlers, as from the API; the calculation job is
  // not queued but run by the timed process.
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    KINERJA_AUTH_SECRET: 'bench-secret-for-development-tokens-only-0123456789',
  });
  const rt = await createRuntime(config, createLogger(config));
  const bus = (await applicationContext(rt, { payrollQueue: { enqueue: async () => 'bench', status: async () => null } })).commands;
  const admin = { userId: 'bench-admin', roles: ['admin_kepegawaian'] };
  const bendahara = { userId: 'bench-bendahara', roles: [`bendahara:${OPD}`] };
  const PRED = ['SANGAT_BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG'];
  const csv = (text: string) => ({ csv: text, dryRun: false });
  await bus.execute(
    new ImportPayInputs(
      'predikat',
      MONTH,
      csv('nip,predikat\n' + employees.map((e, i) => `${e.nip},${PRED[i % PRED.length]}`).join('\n')),
      admin,
    ),
  );
  await bus.execute(
    new ImportPayInputs(
      'attendance',
      MONTH,
      csv('nip,TL1,TL2,TK\n' + employees.map((e, i) => `${e.nip},${i % 4},${i % 3 === 0 ? 1 : 0},${i % 29 === 0 ? 1 : 0}`).join('\n')),
      admin,
    ),
  );
  await bus.execute(new OpenPayrollRun(OPD, MONTH, bendahara, {}));
  const started = await bus.execute(new CalculatePayrollRun(OPD, MONTH, bendahara, {}));
  const runVersion = await store.streamVersion(`PayrollRun-${started.runId}`);
  await until(async () => (await count(`SELECT count(*) AS n FROM pay_run WHERE calculation = 1`)) === 1);
  await rt.close();
  await close();
  process.stdout.write(
    JSON.stringify({ runId: started.runId, opdId: OPD, month: MONTH, calculation: started.calculation, runVersion }) + '\n',
  );
}

/** Child process 2, timed: calculate, append, project; prints timings and peak RSS. */
async function timed(url: string, job: any, build: string) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  // A worker has loaded its code before a run reaches it: loading is timed apart, not in the run.
  const loading = Date.now();
  const libs = builtLibs(build);
  const loadMs = Date.now() - loading;
  const rssBefore = process.memoryUsage().rss;
  const t = Date.now();
  const { store, pool, count, until, close } = await open(url, libs);
  const result = await libs.workflows.calculatePayrollRun({ store, pool, policies: libs.policies.loadPolicyDocuments() }, job);
  const calculatedMs = Date.now() - t;
  await until(async () => (await count(`SELECT count(*) AS n FROM pay_run WHERE run_id = '${job.runId}' AND status = 'CALCULATED'`)) === 1);
  const totalMs = Date.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const lines = await count(`SELECT count(*) AS n FROM pay_line WHERE run_id = '${job.runId}'`);
  await close();
  process.stdout.write(JSON.stringify({ loadMs, calculatedMs, totalMs, rssBefore, peak, lines, lineCount: result.lineCount }) + '\n');
}

function child(mode: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const prof = process.env.BENCH_CPU_PROF && mode === '--timed' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const p = spawn(process.execPath, [...prof, '-r', '@swc-node/register', __filename, mode, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${mode} exited ${code}`))));
  });
}

/**
 * The payroll bench's measurement on a migrated database (setup in one process, untimed; the
 * timed calculation in another), for this bench and for others that print its rate beside theirs.
 */
export async function measurePayroll(url: string, n: number): Promise<PayrollMeasure> {
  const t = Date.now();
  const job = await child('--setup', [url, String(n)]);
  console.log(`setup (not timed, another process): ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // The timed process runs the compiled JavaScript, as `kinerja start` runs the worker.
  const build: string = require('../scripts/build.js').ensureBuilt();
  const r = (await child('--timed', [url, JSON.stringify(job), build])) as PayrollMeasure;
  if (r.lines !== n || r.lineCount !== n) throw new Error(`expected ${n} lines; the job made ${r.lineCount}, the ledger has ${r.lines}`);
  return r;
}
export interface PayrollMeasure {
  /** Loading the worker's compiled code, before the run (not part of it). */
  loadMs: number;
  calculatedMs: number;
  totalMs: number;
  rssBefore: number;
  peak: number;
  lines: number;
  lineCount: number;
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0]) || 100_000;
  const server = await (await import('./server')).startServer();
  try {
    const pool = new Pool({ connectionString: server.url, max: 1 });
    await (await import('../libs/event-store/src/postgres/migrate')).migrate(pool);
    await pool.end();
    console.log(
      `\npayroll bench, ${new Date().toISOString()}, ${n.toLocaleString('en-US')} employees in one OPD; ${cpus().length} cores, node ${process.version}`,
    );
    console.log(server.label);
    const r = await measurePayroll(server.url, n);
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    printTable('payroll: calculate, persist and project one run (one worker process)', [
      {
        case: `calculate + append ${n.toLocaleString('en-US')} line events`,
        seconds: r.calculatedMs / 1000,
        'events/s': Math.round(n / (r.calculatedMs / 1000)),
      },
      { case: '… and projected into the pay ledger', seconds: r.totalMs / 1000, 'events/s': Math.round(n / (r.totalMs / 1000)) },
      { case: "worker's code loaded (before the run, not timed in it)", seconds: r.loadMs / 1000, 'events/s': '' },
      { case: 'worker RSS (MB): at start / peak', seconds: `${mb(r.rssBefore)} / ${mb(r.peak)}`, 'events/s': '' },
    ]);
    goal('under 10 s', r.totalMs < 10_000, `${(r.totalMs / 1000).toFixed(2)} s for ${n.toLocaleString('en-US')} employees`);
    goal('under 512 MB RSS', r.peak < 512 * 1024 * 1024, `peak ${mb(r.peak)} MB`);
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  const [mode, url, arg, build] = process.argv.slice(2);
  (mode === '--setup' ? setup(url, Number(arg)) : timed(url, JSON.parse(arg), build)).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
