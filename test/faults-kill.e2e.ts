import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, TestDatabase } from './support/database';
import {
  call,
  Deployment,
  eventsByKey,
  exactlyOnce,
  payLineEvents,
  readModelsEqualRebuild,
  seed,
  startPayrollRun,
  Traffic,
  waitFor,
} from './support/faults';

const OPD = 'OPD-FAULT-KILL';
const MONTH = '2026-05';
const STAFF = 600;

/**
 * Issue 17, faults under traffic: the worker and then the API killed with SIGKILL while users file
 * reports and a payroll run calculates; both restarted; nothing acknowledged is lost or doubled.
 */
describe('kill -9 under traffic (api and worker as separate processes)', () => {
  let db: TestDatabase;
  let kinerja: Deployment;
  let running: Traffic | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    kinerja = await Deployment.on({
      DATABASE_URL: db.url,
      KINERJA_QUEUE_PREFIX: new URL(db.url).pathname.slice(1),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      // Slow batches, so the kill lands in the middle of the run; a dead worker's job is taken over in seconds.
      PAYROLL_BATCH_SIZE: '30',
      PAYROLL_BATCH_DELAY_MS: '150',
      PAYROLL_LOCK_MS: '2000',
    });
  });
  afterAll(async () => {
    await running?.stop(0);
    await kinerja?.stop();
    await db?.drop();
  });

  it('every command answered 2xx is in the log once, the read models equal a rebuild, the payroll job finishes once with one line per employee', async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await Promise.all([kinerja.startWorker(), kinerja.startApi()]);
    phase('started');
    const { staff, users } = await seed(db.pool, kinerja.url, { payroll: STAFF, users: 6, payOpd: OPD, seed: 17 });
    const run = await startPayrollRun(kinerja.url, db.pool, OPD, MONTH, staff);
    const traffic = new Traffic(() => kinerja.url, users);
    running = traffic;
    traffic.start();
    phase('seeded');
    const calculating = await run.calculateAsClient(kinerja);
    expect(calculating).toMatchObject({ status: 202, body: { calculation: 1, jobId: `payroll-calc.${OPD}_${MONTH}.1` } });

    // 1. The worker dies in the middle of the calculation and of its projection batches.
    await waitFor(async () => (await payLineEvents(db.pool, OPD, MONTH)).events >= STAFF * 0.25, 'a quarter of the lines');
    await kinerja.kill('worker');
    const atKill = await payLineEvents(db.pool, OPD, MONTH);
    expect(atKill.events).toBeLessThan(STAFF);
    // Commands do not need the worker: the API goes on taking them.
    const ackedBefore = traffic.acked.size;
    await waitFor(async () => traffic.acked.size > ackedBefore + users.length, 'commands answered without a worker');
    phase('worker killed');

    // 2. While the worker restarts, the API dies with requests in flight; the users' clients retry with the same keys.
    const worker = kinerja.startWorker();
    traffic.mark();
    await kinerja.kill('api');
    await sleep(1000);
    await Promise.all([worker, kinerja.startApi()]);
    const sawDown = traffic.mark();
    phase('restarted');
    expect(sawDown.get('network')).toBeGreaterThan(0);
    const afterRestart = traffic.acked.size;
    await waitFor(async () => traffic.acked.size > afterRestart + users.length, 'commands answered after the restart');
    await traffic.stop();
    phase('traffic stopped');

    expect(traffic.broken).toEqual([]);
    // Every command sent was answered in the end (its retries with the same key included).
    expect(traffic.acked.size).toBe(traffic.sent.size);
    expect(exactlyOnce(traffic, await eventsByKey(db.pool))).toEqual([]);

    // The calculation job, taken over after the kill, finished once: one line per employee, each line's event once.
    const finance = run.finance;
    const done = await waitFor(
      async () => {
        const r = await call(kinerja.url, 'GET', `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`, finance);
        // The run's stream says CALCULATED as soon as the job appends it; the queue marks the job
        // completed a moment after: both, or a loaded machine sees the first alone.
        return r.body.status === 'CALCULATED' && r.body.calculationJob?.state === 'completed' && r.body;
      },
      'the run calculated and its job completed',
      90_000,
    );
    expect(done).toMatchObject({ calculation: 1, lineCount: STAFF, calculationJob: { state: 'completed' } });
    expect(await payLineEvents(db.pool, OPD, MONTH)).toEqual({ events: STAFF, employees: STAFF, ids: STAFF });
    const calculated = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND event_type = $2`, [
      `PayrollRun-${OPD}:${MONTH}`,
      'PayrollCalculated',
    ]);
    expect(calculated.rows[0].n).toBe(1);
    phase('calculated');

    const rebuilt = await readModelsEqualRebuild(db.pool);
    expect(rebuilt.differ).toEqual([]);
    // Not a comparison of empty tables: every read model, the pay lines among them.
    expect(rebuilt.rows).toBeGreaterThan(STAFF);
    phase('rebuilt');
    console.log(`faults-kill: ${traffic.acked.size} commands, ${traffic.reads} reads; ${traffic.summary()}; ${phases.join(', ')}`);
  }, 240_000);
});
