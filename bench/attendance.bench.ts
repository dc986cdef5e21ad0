/**
 * `npm run bench -- attendance [employees]`: a month of attendance machine scans for 10,000 employees
 * (issue 16: about 440,000 scans, 22 working days x 2) imported and summarised. The setup (the
 * register, 40 devices of 250 PINs with their maps, the month's ZKTeco logs written to files) runs in
 * one process and is not timed. The timed process, as an operator's `kinerja attendance scans import`
 * would: each device's log sent as `ImportScanFile` on the application context's CommandBus (the
 * command POST /api/v1/attendance/scans/{month} sends), the scans projected into `att_scan`, then read
 * for the whole OPD with `scansOfEmployeesMonth` (one query) and summarised per employee. Goals: under
 * 20 s and under 512 MB peak RSS of the timed process. Same server choice as the other benches
 * (DATABASE_URL, or an embedded PostgreSQL with durable settings).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import {
  attendanceScansProjection,
  employeeDirectoryProjection,
  type Projection,
  ProjectionRunner,
  scansOfEmployeesMonth,
} from '../libs/projections/src';
import { ImportScanFile, SetAttendanceDevice } from '../libs/application/src';
import {
  DEFAULT_ATTENDANCE_RULES,
  daysOfMonth,
  holidayCalendarOf,
  isWorkingDay,
  scheduledDay,
  summariseMonth,
  type HolidayCalendar,
  type MonthAttendance,
  type WeekSchedule,
} from '../libs/domain/attendance';
import { applicationContext, createLogger, createRuntime, loadConfig } from '../libs/platform/src';
import { manyEmployees, registerEmployees } from '../test/fixtures/payroll';
import { startServer } from './server';
import { goal, printTable } from './table';

const OPD = 'OPD-PRESENSI';
/** October 2026: 22 working days on the five-day week and the shipped calendar. */
const MONTH = '2026-10';
const PER_DEVICE = 250;
const ADMIN = { userId: 'bench-admin', roles: ['admin_kepegawaian'] };
const IMPORTS_AT_ONCE = Number(process.env.BENCH_IMPORTS_AT_ONCE ?? 2);

/** The five-day week, 07:30-16:00, Friday to 16:30 (schedule.ts types). */
const FIVE_DAY: WeekSchedule = {
  kind: 'WEEK',
  id: 'LIMA-HARI',
  hours: new Map([
    [1, { start: '07:30', end: '16:00' }],
    [2, { start: '07:30', end: '16:00' }],
    [3, { start: '07:30', end: '16:00' }],
    [4, { start: '07:30', end: '16:00' }],
    [5, { start: '07:30', end: '16:30' }],
  ]),
  seasons: [],
};

const calendar2026 = (): HolidayCalendar =>
  holidayCalendarOf(
    (JSON.parse(readFileSync(join(__dirname, '../libs/policies/documents/calendars/2026.json'), 'utf8')) as { days: [] }).days,
  );

function runtime(url: string) {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    KINERJA_AUTH_SECRET: 'bench-secret-for-development-tokens-only-0123456789',
  });
  return createRuntime(config, createLogger(config));
}

function project(pool: Pool, store: PostgresEventStore, projection: Projection) {
  const ac = new AbortController();
  const running = new ProjectionRunner(pool, store, [projection]).run(projection, ac.signal);
  return async () => {
    ac.abort();
    await running.catch(() => undefined);
  };
}

const until = async (fn: () => Promise<boolean>) => {
  while (!(await fn().catch(() => false))) await new Promise((r) => setTimeout(r, 20));
};

/** Child process 1 (not timed): register, devices with their PIN maps, the month's logs as files. */
async function setup(url: string, n: number) {
  const pool = new Pool({ connectionString: url, max: 8 });
  const store = new PostgresEventStore({ pool });
  const employees = manyEmployees(n, OPD, 16);
  await registerEmployees(store, employees);
  const stop = project(pool, store, employeeDirectoryProjection);
  await until(async () => Number((await pool.query('SELECT count(*) AS n FROM employee_directory')).rows[0].n) === n);
  await stop();
  const rt = await runtime(url);
  const bus = (await applicationContext(rt)).commands;
  const working = daysOfMonth(MONTH)
    .map((d) => scheduledDay(FIVE_DAY, calendar2026(), d))
    .filter(isWorkingDay);
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-attendance-bench-'));
  const files: Array<{ device: string; path: string }> = [];
  let scans = 0;
  for (let d = 0; d * PER_DEVICE < n; d++) {
    const device = `MESIN-${String(d + 1).padStart(3, '0')}`;
    const people = employees.slice(d * PER_DEVICE, (d + 1) * PER_DEVICE);
    const pins = people.map((e, i) => ({ pin: String(i + 1), nip: e.nip }));
    await bus.execute(new SetAttendanceDevice(device, { opdId: OPD, pins }, ADMIN, {}));
    const lines: string[] = [];
    const two = (x: number) => String(x).padStart(2, '0');
    for (const day of working)
      pins.forEach((p, i) => {
        const k = (i * 7 + Number(day.date.slice(8))) % 97; // a spread of arrivals: most on time, some late
        const inAt = `${day.date} ${two(7 + Math.floor((10 + k) / 60))}:${two((10 + k) % 60)}:${two(k % 60)}`;
        const outAt = `${day.date} 16:${two(30 + (k % 30))}:${two((k * 3) % 60)}`;
        lines.push(`${p.pin.padStart(9)}\t${inAt}\t1\t0\t1\t0`, `${p.pin.padStart(9)}\t${outAt}\t1\t1\t1\t0`);
      });
    scans += lines.length;
    const path = join(dir, `${device}.dat`);
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    files.push({ device, path });
  }
  await rt.close();
  await store.close();
  await pool.end();
  process.stdout.write(JSON.stringify({ files, scans, workingDays: working.length, nips: employees.map((e) => e.nip) }) + '\n');
}

/** The NIPs read and summarised at a time: an OPD's month in a few queries, not all of it in memory at once. */
const SUMMARY_CHUNK = 2500;

/**
 * The summary step: the scans read with `scansOfEmployeesMonth` (one query per 2,500 employees) and each
 * employee's month classified by the domain's `summariseMonth`, the function the monthly summary
 * (libs/application/src/attendance/summary.ts, `opdMonth`) calls per employee. The summary's other
 * reads (approved leave, fault days, the roster: one query each for the OPD) are not in this bench:
 * the bench's Pemda has none of them.
 */
async function summariseOpdMonth(
  pool: Pool,
  nips: readonly string[],
  month: string,
): Promise<{ employees: number; counts: Record<string, number>; readMs: number }> {
  const calendar = calendar2026();
  const counts: Record<string, number> = {};
  let employees = 0;
  let readMs = 0;
  for (let i = 0; i < nips.length; i += SUMMARY_CHUNK) {
    const chunk = nips.slice(i, i + SUMMARY_CHUNK);
    const t = performance.now();
    const scans = await scansOfEmployeesMonth(pool, chunk, month);
    readMs += performance.now() - t;
    for (const nip of chunk) {
      const m: MonthAttendance = summariseMonth({
        month,
        schedule: FIVE_DAY,
        calendar,
        scans: scans.get(nip) ?? [],
        excuses: new Map(),
        rules: DEFAULT_ATTENDANCE_RULES,
      });
      for (const [k, v] of Object.entries(m.counts)) counts[k] = (counts[k] ?? 0) + v;
      employees++;
    }
  }
  return { employees, counts, readMs };
}

/** Child process 2, timed: import every device's log through the application layer, project, summarise. */
async function timed(url: string, job: { files: Array<{ device: string; path: string }>; scans: number; nips: string[] }) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rt = await runtime(url);
  const bus = (await applicationContext(rt)).commands;
  const startupMs = performance.now() - t0;
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = new PostgresEventStore({ pool });
  const stop = project(pool, store, attendanceScansProjection);
  let appended = 0;
  let imported = 0;
  // Two uploads at a time (two OPD admins, or the API's two workers): one file is parsed while the other's
  // scans are appended. Each is the command POST /api/v1/attendance/scans/{month} sends.
  const queue = [...job.files];
  const importOne = async (f: { device: string; path: string }) => {
    const r = await bus.execute(
      new ImportScanFile(MONTH, { format: 'zkteco', device: f.device, content: readFileSync(f.path), dryRun: false }, ADMIN, {}),
    );
    if (r.errors.length) throw new Error(`${f.device}: ${r.errors.length} bad lines, first ${JSON.stringify(r.errors[0])}`);
    appended += r.appended;
    imported += r.scans;
  };
  await Promise.all(
    Array.from({ length: IMPORTS_AT_ONCE }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await importOne(f);
    }),
  );
  const importMs = performance.now() - t0;
  await until(async () => Number((await pool.query('SELECT count(*) AS n FROM att_scan')).rows[0].n) === job.scans);
  const projectedMs = performance.now() - t0;
  const { employees, counts, readMs } = await summariseOpdMonth(pool, job.nips, MONTH);
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await stop();
  await rt.close();
  await store.close();
  await pool.end();
  process.stdout.write(
    JSON.stringify({ startupMs, importMs, projectedMs, readMs, totalMs, cpuMs, rssBefore, peak, appended, imported, employees, counts }) +
      '\n',
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function child(mode: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=<dir>: a CPU profile of the timed process, as in the payroll bench.
    const prof = process.env.BENCH_CPU_PROF && mode === '--timed' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const p = spawn(process.execPath, [...prof, '-r', '@swc-node/register', __filename, mode, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${mode} exited ${code}`))));
  });
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0]) || 10_000;
  const server = await startServer();
  try {
    const pool = new Pool({ connectionString: server.url, max: 1 });
    await migrate(pool);
    await pool.end();
    console.log(
      `\nattendance bench, ${new Date().toISOString()}, ${n.toLocaleString('en-US')} employees, ${MONTH}; ${cpus().length} cores, node ${process.version}`,
    );
    console.log(server.label);
    let t = Date.now();
    const jobFile = join(mkdtempSync(join(tmpdir(), 'kinerja-attendance-job-')), 'job.json');
    const job = await child('--setup', [server.url, String(n)]);
    writeFileSync(jobFile, JSON.stringify(job));
    console.log(
      `setup (not timed, another process): ${((Date.now() - t) / 1000).toFixed(1)} s; ${job.scans.toLocaleString('en-US')} scans over ${job.workingDays} working days in ${job.files.length} ZKTeco logs`,
    );
    t = Date.now();
    const r = await child('--timed', [server.url, jobFile]);
    if (r.imported !== job.scans || r.employees !== n)
      throw new Error(`expected ${job.scans} scans of ${n} employees; got ${r.imported} of ${r.employees}`);
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    const s = (ms: number) => Math.round(ms) / 1000;
    printTable('attendance: a month of scans imported (ImportScanFile per device), projected and summarised', [
      { case: 'start: runtime and application context (as a CLI command does)', seconds: s(r.startupMs), 'scans/s': '' },
      {
        case: `import ${job.files.length} ZKTeco logs, 2 at a time (${job.scans.toLocaleString('en-US')} scans, ${r.appended} events)`,
        seconds: s(r.importMs),
        'scans/s': Math.round(job.scans / (r.importMs / 1000)),
      },
      { case: '… and projected into att_scan', seconds: s(r.projectedMs), 'scans/s': Math.round(job.scans / (r.projectedMs / 1000)) },
      {
        case: `… of which reading back (scansOfEmployeesMonth, a query per 2,500)`,
        seconds: s(r.readMs),
        'scans/s': Math.round(job.scans / (r.readMs / 1000)),
      },
      {
        case: `… and summarised (summariseMonth x ${n.toLocaleString('en-US')} employees)`,
        seconds: s(r.totalMs),
        'scans/s': Math.round(job.scans / (r.totalMs / 1000)),
      },
      { case: 'timed process CPU time (user + system), all steps', seconds: s(r.cpuMs), 'scans/s': '' },
      { case: 'timed process RSS (MB): at start / peak', seconds: `${mb(r.rssBefore)} / ${mb(r.peak)}`, 'scans/s': '' },
    ]);
    console.log(`month's counts over every employee: ${JSON.stringify(r.counts)}`);
    goal(
      'under 20 s',
      r.totalMs < 20_000,
      `${(r.totalMs / 1000).toFixed(2)} s for ${job.scans.toLocaleString('en-US')} scans of ${n.toLocaleString('en-US')} employees`,
    );
    goal('under 512 MB RSS', r.peak < 512 * 1024 * 1024, `peak ${mb(r.peak)} MB`);
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  const [mode, url, arg] = process.argv.slice(2);
  (mode === '--setup' ? setup(url, Number(arg)) : timed(url, JSON.parse(readFileSync(arg, 'utf8')))).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
