/**
 * `npm run bench -- rebuild [--events 1000000] [--projections audit_timeline,appraisals,payroll]`:
 * what `kinerja projections rebuild <name>` does (ProjectionRunner.rebuild: a new generation filled
 * from the start of the log, then the switch), on a log of about a million events of the domain:
 * a year of one OPD's decisions made by the deciders and the calculator (bench/audit-log.ts: every
 * month each employee rated, the unit issued, a payroll run with a line each), for as many
 * employees as the wanted number of events takes. Goal (issue 17): at least 50,000 events/s into
 * the read models. Beside the rate, the CPU each event took: this process's (the read, the fold,
 * the statements' text) and the rest of the machine's (PostgreSQL, on this machine for either
 * server), and so how many cores 50,000 events/s would keep busy at that cost. The events a rebuild
 * folds are those the runner gives it and, for payroll, the pay lines it copies from their batches'
 * streams (THROUGH_STREAMS); the rate counting only the former is shown beside.
 */
import { cpus, loadavg } from 'node:os';
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { START } from '../libs/event-store/src';
import { ProjectionRunner } from '../libs/projections/src/runner';
import { PAY_LINE_EVENT_TYPES } from '../libs/projections/src/payroll';
import { PROJECTIONS } from '../libs/platform/src/runtime';
import { loadPolicyDocuments } from '../libs/policies/src';
import { appendAuditYear } from './audit-log';
import { machineCpu } from './load/app';
import { startServer } from './server';
import { goal, printTable, type BenchRow } from './table';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
/** Events the audit year writes per employee and month (rating, issue, pay line), measured. */
const EVENTS_PER_EMPLOYEE_MONTH = 3;

/**
 * Events a projection folds into its read model besides those the runner's batches give it, and the
 * rows they must have become. payroll does not take its pay lines one by one: it copies a batch of
 * lines from the batch's stream when it applies the batch's PayLinesBatchWritten, a line event a row
 * of pay_line. Its rate counts them with the events it is given, once the rows are checked to be there.
 */
const THROUGH_STREAMS: ReadonlyMap<string, { types: string[]; rows: string }> = new Map([
  ['payroll', { types: PAY_LINE_EVENT_TYPES, rows: 'SELECT count(*)::int AS n FROM pay_line' }],
]);

export default async function (args: string[]): Promise<void> {
  let wanted = 1_000_000;
  let names = ['audit_timeline', 'appraisals', 'payroll'];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--events') wanted = Number(args[++i]);
    else if (args[i] === '--projections') names = args[++i].split(',');
    else throw new Error(`unknown argument ${args[i]}`);
  }
  const employees = Math.max(10, Math.ceil(wanted / (EVENTS_PER_EMPLOYEE_MONTH * MONTHS.length)));
  const policies = loadPolicyDocuments();
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 20 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool, notify: false });
  try {
    await migrate(pool);
    const t0 = performance.now();
    const log = await appendAuditYear(store, policies[0], employees, MONTHS);
    const appendS = (performance.now() - t0) / 1000;
    console.error(`appended ${log.events.toLocaleString('en-US')} events in ${appendS.toFixed(1)} s`);

    const runner = new ProjectionRunner(pool, store, PROJECTIONS);
    const rows: Array<BenchRow & { rate: number }> = [];
    for (const name of names) {
      const p = runner.find(name);
      await runner.ensure(p);
      const types = p.eventTypes?.length ? p.eventTypes : undefined;
      const total = (await store.backlog({ after: START, types, max: Number.MAX_SAFE_INTEGER })).events;
      const through = THROUGH_STREAMS.get(name);
      const streamed = through ? (await store.backlog({ after: START, types: through.types, max: Number.MAX_SAFE_INTEGER })).events : 0;
      const load0 = loadavg()[0];
      const machine0 = machineCpu();
      const own0 = process.cpuUsage();
      const t = performance.now();
      const r = await runner.rebuild(name);
      const s = (performance.now() - t) / 1000;
      const own = process.cpuUsage(own0);
      const ownS = (own.user + own.system) / 1e6;
      const busyS = machineCpu().busy - machine0.busy;
      if (r.eventsApplied !== total) throw new Error(`${name}: applied ${r.eventsApplied} of ${total} events`);
      if (through) {
        const { rows: stored } = await pool.query<{ n: number }>(through.rows);
        if (stored[0].n !== streamed) throw new Error(`${name}: ${stored[0].n} rows for the ${streamed} events read through their streams`);
      }
      const events = r.eventsApplied + streamed;
      const rate = events / s;
      console.error(
        `  ${name}: ${events} events (${streamed} of them through their streams) in ${s.toFixed(1)} s (load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)})`,
      );
      rows.push({
        case: `kinerja projections rebuild ${name}`,
        'events given by the runner': r.eventsApplied,
        'events read through their streams': streamed,
        seconds: Math.round(s * 100) / 100,
        'events/s': Math.round(rate),
        "events/s counting only the runner's": Math.round(r.eventsApplied / s),
        'kinerja CPU µs/event': Math.round((ownS / events) * 1e6),
        'rest of machine (PostgreSQL) CPU µs/event': Math.round((Math.max(0, busyS - ownS) / events) * 1e6),
        'machine busy': `${Math.round((busyS / (s * cpus().length)) * 100)}%`,
        // At this CPU cost an event, 50,000 a second keeps this many cores busy (the rebuild's own and PostgreSQL's).
        'cores for 50,000/s': Math.round((busyS / events) * 50_000 * 10) / 10,
        'load average (1 min)': `${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
        rate,
      });
    }

    console.log(
      `\n${server.label}; ${cpus().length} cores; ${employees.toLocaleString('en-US')} employees × 12 months: ` +
        `${log.events.toLocaleString('en-US')} events appended in ${appendS.toFixed(1)} s`,
    );
    printTable(
      'Projection rebuild from the start of the log (ProjectionRunner.rebuild, as `kinerja projections rebuild` runs it)',
      rows.map(({ rate, ...r }) => r),
    );
    for (const r of rows) goal(`${r.case}: >= 50,000 events/s`, r.rate >= 50_000, `${Math.round(r.rate).toLocaleString('en-US')} events/s`);
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}
