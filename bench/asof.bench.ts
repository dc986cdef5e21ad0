/**
 * `npm run bench -- asof [employees]`: one employee-year as of a past moment — the appraisal ledger
 * of the year and the pay ledger of each of its twelve months, folded from the log up to that moment
 * by the projections' own code — beside the plain read of the same events through the EventStore port
 * and the live read models. The log: a year of one OPD (1,000 employees by default; every month each
 * rated, issued and paid), then a month more after the moment asked. Goal (issue 15): under 50 ms.
 */
import { Pool } from 'pg';
import { migrate } from '../libs/event-store/src/postgres/migrate';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import {
  appraisalLedgerRowOf,
  appraisalPeriodsOf,
  appraisalsOf,
  appraisalsProjection,
  ledgerAsOf,
  ledgerOf,
  payrollProjection,
  ProjectionRunner,
} from '../libs/projections/src';
import { appraisalStreamId } from '../libs/domain/appraisal';
import { loadPolicyDocuments } from '../libs/policies/src';
import { appendAuditYear } from './audit-log';
import { startServer } from './server';
import { goal, printTable } from './table';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export default async function (args: string[]): Promise<void> {
  const employees = Number(args[0] ?? 1000);
  const samples = 40;
  const policies = loadPolicyDocuments();
  const server = await startServer();
  const pool = new Pool({ connectionString: server.url, max: 20 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool });
  try {
    await migrate(pool);
    const log = await appendAuditYear(store, policies[0], employees, MONTHS);
    await new Promise((r) => setTimeout(r, 50));
    const asOf = new Date();
    await new Promise((r) => setTimeout(r, 50));
    // After the moment asked: January of the next year (its events are not in the answer).
    const later = await appendAuditYear(store, policies[0], employees, ['2027-01']);
    const runner = new ProjectionRunner(pool, store, [appraisalsProjection, payrollProjection]);
    for (const p of ['appraisals', 'payroll']) await runner.rebuild(p);
    const readStream = (id: string, o: { from?: number; to?: number; asOf?: Date }) => store.readStream(id, o);

    const nips = Array.from({ length: samples }, (_, i) => log.nips[Math.floor((i * log.nips.length) / samples)]);
    const asOfYear = async (nip: string) => {
      const periods = await appraisalPeriodsOf(pool, nip, 2026);
      const rows = await Promise.all(
        periods.map(async (p) => appraisalLedgerRowOf(await store.readStream(appraisalStreamId(nip, p), { asOf }))),
      );
      const pay = [];
      for (const m of MONTHS) pay.push(await ledgerAsOf(pool, readStream, nip, m, asOf));
      if (rows.filter(Boolean).length !== 12 || pay.some((l) => l.length !== 1)) throw new Error('the as-of year is not whole');
    };
    // The same events read through the port without folding: the appraisal streams, each month's run stream and line.
    const plainYear = async (nip: string) => {
      const periods = await appraisalPeriodsOf(pool, nip, 2026);
      await Promise.all(periods.map((p) => store.readStream(appraisalStreamId(nip, p), { asOf })));
      for (const m of MONTHS) {
        const { rows } = await pool.query('SELECT origin_stream_id, origin_position FROM pay_line WHERE nip = $1 AND month = $2', [nip, m]);
        await Promise.all([
          store.readStream(`PayrollRun-BENCH:${m}`, { asOf }),
          store.readStream(rows[0].origin_stream_id, { from: rows[0].origin_position, to: rows[0].origin_position, asOf }),
        ]);
      }
    };
    const liveYear = async (nip: string) => {
      await appraisalsOf(pool, nip, 2026);
      for (const m of MONTHS) await ledgerOf(pool, nip, m);
    };
    const time = async (f: (nip: string) => Promise<void>) => {
      await f(nips[0]); // warm up
      const ms: number[] = [];
      for (const nip of nips) {
        const t = performance.now();
        await f(nip);
        ms.push(performance.now() - t);
      }
      return { mean: ms.reduce((a, b) => a + b, 0) / ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95) };
    };
    const live = await time(liveYear);
    const plain = await time(plainYear);
    const asof = await time(asOfYear);
    console.log(
      `\n${server.label}; ${employees.toLocaleString('en-US')} employees × 13 months, ${(log.events + later.events).toLocaleString('en-US')} events; ${samples} employees asked as of the end of 2026`,
    );
    const row = (c: string, t: { mean: number; p50: number; p95: number }) => ({
      case: c,
      'mean ms': t.mean,
      'p50 ms': t.p50,
      'p95 ms': t.p95,
    });
    printTable('One employee-year (appraisal ledger of the year + pay ledger of 12 months)', [
      row('live read models (appraisalsOf + 12 × ledgerOf)', live),
      row('plain read of the same events (EventStore port, no fold)', plain),
      row('as of a past moment (read up to it + the projections’ fold)', asof),
    ]);
    goal(
      'one employee-year as of a past moment under 50 ms',
      asof.p50 < 50,
      `p50 ${asof.p50.toFixed(1)} ms, p95 ${asof.p95.toFixed(1)} ms (plain read p50 ${plain.p50.toFixed(1)} ms)`,
    );
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}
