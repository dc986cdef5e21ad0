/**
 * `npm run bench -- simulate [employees]`: a draft policy simulated against 12 months of one OPD of
 * 100,000 employees (1.2 million employee-months, each priced under the policy in force and under
 * the draft), beside the payroll bench's rate measured in the same run on the same database. The
 * payroll bench's own setup (register, June's inputs, June's run calculated) is reused; the other
 * eleven months' predikat and attendance are imported before the timing, in another process. The
 * timed process runs the simulation as the API does (the application's handler). Goal: under 15 s
 * and under 1 GB RSS.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { ImportPayInputs, SetTppBudget, SimulatePolicies } from '../libs/application/src';
import { applicationContext, createLogger, createRuntime, loadConfig } from '../libs/platform/src';
import { loadPolicyDocuments } from '../libs/policies/src';
import { payrollProjection, ProjectionRunner } from '../libs/projections/src';
import { manyEmployees } from '../test/fixtures/payroll';
import { measurePayroll, MONTH as PAYROLL_MONTH, OPD } from './payroll.bench';
import { startServer } from './server';
import { goal, printTable } from './table';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

async function runtime(url: string) {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    KINERJA_AUTH_SECRET: 'bench-secret-for-development-tokens-only-0123456789',
  });
  const rt = await createRuntime(config, createLogger(config));
  const app = await applicationContext(rt, { payrollQueue: { enqueue: async () => 'bench', status: async () => null } });
  return { rt, app };
}

/** Child 1 (not timed): the other months' predikat and attendance, and the year's budgets, for the payroll bench's register. */
async function setup(url: string, n: number) {
  const { rt, app } = await runtime(url);
  // The payroll read model's projection, as a worker runs it: the imports reach pay_predikat through it.
  const runner = new ProjectionRunner(rt.db.pool, rt.store, [payrollProjection]);
  const ac = new AbortController();
  const projecting = runner.run(payrollProjection, ac.signal);
  const employees = manyEmployees(n, OPD, 11);
  const admin = { userId: 'bench-admin', roles: ['admin_kepegawaian'] };
  const bpkad = { userId: 'bench-bpkad', roles: ['bpkad'] };
  const PRED = ['SANGAT_BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'BAIK'];
  const csv = (text: string) => ({ csv: text, dryRun: false });
  for (const [k, month] of MONTHS.entries()) {
    await app.commands.execute(new SetTppBudget(OPD, month, { amount: String(n * 5_200_000), reason: 'APBD (bench)' }, bpkad, {}));
    if (month === PAYROLL_MONTH) continue;
    await app.commands.execute(
      new ImportPayInputs(
        'predikat',
        month,
        csv('nip,predikat\n' + employees.map((e, i) => `${e.nip},${PRED[(i + k) % PRED.length]}`).join('\n')),
        admin,
      ),
    );
    await app.commands.execute(
      new ImportPayInputs(
        'attendance',
        month,
        csv(
          'nip,TL1,TL2,TK\n' +
            employees.map((e, i) => `${e.nip},${(i + k) % 4},${(i + k) % 3 === 0 ? 1 : 0},${(i + k) % 29 === 0 ? 1 : 0}`).join('\n'),
        ),
        admin,
      ),
    );
  }
  // The worker's projection (the app's own) puts them in the payroll read model.
  const count = async () => Number((await rt.db.pool.query('SELECT count(*) AS n FROM pay_predikat')).rows[0].n);
  while ((await count()) < n * MONTHS.length) await new Promise((r) => setTimeout(r, 100));
  ac.abort();
  await projecting.catch(() => undefined);
  await rt.close();
  process.stdout.write('{}\n');
}

/** Child 2, timed: the simulation of the 12 months with one draft (grade 7's ceiling raised). */
async function timed(url: string) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const inForce = loadPolicyDocuments()[0];
  const draft = {
    ...inForce,
    policyVersion: 'draft-bench/v1',
    tpp: { ...inForce.tpp, ceilings: inForce.tpp.ceilings.map((c) => (c.positionGrade === 7 ? { ...c, ceiling: '4500000' } : c)) },
  };
  const started = Date.now();
  const { rt, app } = await runtime(url);
  const t = Date.now();
  const answer = await app.commands.execute(
    new SimulatePolicies({ drafts: [draft], months: MONTHS, opdIds: [OPD] }, { userId: 'bench-bpkad', roles: ['bpkad'] }, {}),
  );
  const ms = Date.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await rt.close();
  const employeeMonths = answer.results.reduce((s, r) => s + r.employees, 0);
  const sources = answer.results.map((r) => r.source);
  process.stdout.write(
    JSON.stringify({
      ms,
      startMs: t - started,
      peak,
      employeeMonths,
      runMonths: sources.filter((s) => s === 'RUN').length,
      difference: answer.totals.drafts[0].difference.net,
      exhaustedIn: answer.projections[0].drafts[0].exhaustedIn,
    }) + '\n',
  );
}

function child(mode: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-r', '@swc-node/register', __filename, mode, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${mode} exited ${code}`))));
  });
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0]) || 100_000;
  const server = await startServer();
  try {
    const pool = new Pool({ connectionString: server.url, max: 1 });
    await migrate(pool);
    await pool.end();
    console.log(
      `\nsimulate bench, ${new Date().toISOString()}, ${n.toLocaleString('en-US')} employees in one OPD × 12 months; ${cpus().length} cores, node ${process.version}`,
    );
    console.log(server.label);
    const payroll = await measurePayroll(server.url, n);
    let t = Date.now();
    await child('--setup', [server.url, String(n)]);
    console.log(`other months' inputs (not timed, another process): ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const r = await child('--timed', [server.url]);
    if (r.employeeMonths !== n * MONTHS.length)
      throw new Error(`expected ${n * MONTHS.length} employee-months, simulated ${r.employeeMonths}`);
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    printTable('simulate: one draft against 12 recorded months, beside the payroll rate (same run, same database)', [
      {
        case: `simulate ${r.employeeMonths.toLocaleString('en-US')} employee-months (2 pricings each; ${r.runMonths} month from its run's lines)`,
        seconds: r.ms / 1000,
        'employee-months/s': Math.round(r.employeeMonths / (r.ms / 1000)),
        'peak RSS (MB)': mb(r.peak),
      },
      {
        case: `payroll bench: calculate + append ${n.toLocaleString('en-US')} lines`,
        seconds: payroll.calculatedMs / 1000,
        'employee-months/s': Math.round(n / (payroll.calculatedMs / 1000)),
        'peak RSS (MB)': mb(payroll.peak),
      },
      {
        case: '… and projected into the pay ledger',
        seconds: payroll.totalMs / 1000,
        'employee-months/s': Math.round(n / (payroll.totalMs / 1000)),
        'peak RSS (MB)': '',
      },
    ]);
    console.log(`draft's difference over the year (net): ${r.difference}; draft's allocation runs out in: ${r.exhaustedIn ?? 'never'}`);
    console.log(`the timed process's start (runtime, connections; not in the figure above): ${(r.startMs / 1000).toFixed(2)} s`);
    goal('under 15 s', r.ms < 15_000, `${(r.ms / 1000).toFixed(2)} s for ${r.employeeMonths.toLocaleString('en-US')} employee-months`);
    goal('under 1 GB RSS', r.peak < 1024 * 1024 * 1024, `peak ${mb(r.peak)} MB`);
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  const [mode, url, arg] = process.argv.slice(2);
  (mode === '--setup' ? setup(url, Number(arg)) : timed(url)).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
