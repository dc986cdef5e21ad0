import { Pool } from 'pg';
import {
  call,
  Deployment,
  privatePostgres,
  PrivatePostgres,
  eventsByKey,
  exactlyOnce,
  payLineEvents,
  readModelsEqualRebuild,
  seed,
  startPayrollRun,
  Traffic,
  waitFor,
} from './support/faults';
import { dropQueueKeys } from './support/queue-keys';

const OPD = 'OPD-FAULT-PG';
const MONTH = '2026-05';
const STAFF = 600;
/** Its queues' keys on the run's Redis, if it is given one (deleted at the end). */
const QUEUE_PREFIX = `faults-pg-${process.pid}`;

/**
 * Issue 17, faults under traffic: PostgreSQL restarted while users file reports and a payroll run
 * calculates. A private server (never the machine's or the suite's shared one), stopped and started.
 */
describe('PostgreSQL restarted under traffic', () => {
  let pg: PrivatePostgres;
  let pool: Pool;
  let kinerja: Deployment;
  let running: Traffic | undefined;

  beforeAll(async () => {
    pg = await privatePostgres();
    pool = new Pool({ connectionString: pg.url, max: 4 });
    pool.on('error', () => undefined); // the restart ends idle connections; the next query reconnects
    kinerja = await Deployment.on({
      DATABASE_URL: pg.url,
      KINERJA_QUEUE_PREFIX: QUEUE_PREFIX,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      PAYROLL_BATCH_SIZE: '40',
      PAYROLL_BATCH_DELAY_MS: '150',
      PAYROLL_LOCK_MS: '4000',
    });
  });
  afterAll(async () => {
    await running?.stop(0);
    await kinerja?.stop();
    await pool?.end();
    await pg?.stop();
    if (process.env.REDIS_URL) await dropQueueKeys(process.env.REDIS_URL, QUEUE_PREFIX).catch(() => undefined);
  });

  it('while it is down commands answer 503 DATABASE_UNAVAILABLE at once; when it is back kinerja recovers by itself', async () => {
    await Promise.all([kinerja.startWorker(), kinerja.startApi()]);
    const { staff, users } = await seed(pool, kinerja.url, { payroll: STAFF, users: 5, payOpd: OPD, seed: 23 });
    const run = await startPayrollRun(kinerja.url, pool, OPD, MONTH, staff);
    const traffic = new Traffic(() => kinerja.url, users);
    running = traffic;
    traffic.start();
    // PostgreSQL is still up: a coded 503 here is not what this suite tests (asClient sends it again).
    expect(await run.calculateAsClient(kinerja)).toMatchObject({ status: 202 });
    await waitFor(async () => (await payLineEvents(pool, OPD, MONTH)).events >= 80, 'the calculation under way');

    traffic.mark();
    await pg.pause();
    // Down: each user's command is answered with a coded 503 (never a 500 or a hang: the traffic records both as broken).
    await waitFor(async () => (traffic.outcomes.get('503 DATABASE_UNAVAILABLE') ?? 0) >= 3 * users.length, 'answers while it is down');
    const health = await call(kinerja.url, 'GET', '/health', run.finance);
    const down = traffic.mark();
    await pg.resume();
    expect([...down.keys()].filter((k) => k.startsWith('5'))).toEqual(['503 DATABASE_UNAVAILABLE']);
    expect(health).toMatchObject({ status: 503, body: { database: expect.stringMatching(/^down/) } });
    // Back: the same processes take commands again, and the calculation goes on.
    const back = traffic.acked.size;
    await waitFor(async () => traffic.acked.size > back + users.length, 'commands answered after the restart', 60_000);
    await traffic.stop();
    expect(traffic.broken).toEqual([]);
    for (const p of [kinerja.api!, kinerja.worker!]) expect(p.child.exitCode).toBeNull();
    expect(traffic.acked.size).toBe(traffic.sent.size);
    expect(exactlyOnce(traffic, await eventsByKey(pool))).toEqual([]);

    const done = await waitFor(
      async () => {
        const r = await call(kinerja.url, 'GET', `/api/v1/payroll/opds/${OPD}/runs/${MONTH}`, run.finance);
        return r.body.status === 'CALCULATED' && r.body;
      },
      'the run calculated',
      90_000,
    );
    expect(done).toMatchObject({ calculation: 1, lineCount: STAFF });
    expect(await payLineEvents(pool, OPD, MONTH)).toEqual({ events: STAFF, employees: STAFF, ids: STAFF });
    const rebuilt = await readModelsEqualRebuild(pool);
    expect(rebuilt.differ).toEqual([]);
    // Not a comparison of empty tables: every read model, the pay lines among them.
    expect(rebuilt.rows).toBeGreaterThan(STAFF);
    console.log(`faults-postgres: ${traffic.acked.size} commands, ${traffic.reads} reads; ${traffic.summary()}`);
  }, 240_000);
});
