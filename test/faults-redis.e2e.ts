import { createTestDatabase, TestDatabase } from './support/database';
import {
  auth,
  call,
  Deployment,
  eventsByKey,
  exactlyOnce,
  payLineEvents,
  privateRedis,
  PrivateRedis,
  readModelsEqualRebuild,
  REQUEST_BOUND_MS,
  seed,
  startPayrollRun,
  Traffic,
  waitFor,
} from './support/faults';

const OPD = 'OPD-FAULT-REDIS';
const [MAY, JUNE] = ['2026-05', '2026-06'];
const STAFF = 300;

/**
 * Issue 17, faults under traffic: the queue on Redis (REDIS_URL), and Redis killed (its jobs gone
 * with it) while users file reports and a payroll run calculates; a run is calculated while it is
 * down; a new, empty Redis comes back on the same address.
 */
describe('Redis gone under traffic (queue on Redis)', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let kinerja: Deployment;
  let running: Traffic | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await privateRedis();
    kinerja = await Deployment.on({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      PAYROLL_BATCH_SIZE: '30',
      PAYROLL_BATCH_DELAY_MS: '250',
      PAYROLL_LOCK_MS: '4000',
    });
  });
  afterAll(async () => {
    await running?.stop(0);
    await kinerja?.stop();
    await redis?.kill();
    await db?.drop();
  });

  it('the API keeps taking commands while Redis is down; the jobs lost or not queued run once it is back', async () => {
    await Promise.all([kinerja.startWorker(), kinerja.startApi()]);
    const { staff, users } = await seed(db.pool, kinerja.url, { payroll: STAFF, users: 5, payOpd: OPD, seed: 31 });
    const may = await startPayrollRun(kinerja.url, db.pool, OPD, MAY, staff);
    const june = await startPayrollRun(kinerja.url, db.pool, OPD, JUNE, staff);
    const traffic = new Traffic(() => kinerja.url, users);
    running = traffic;
    traffic.start();
    // Redis is still up: a coded 503 here is not what this suite tests (asClient sends it again).
    expect(await may.calculateAsClient(kinerja)).toMatchObject({ status: 202 });
    await waitFor(async () => (await payLineEvents(db.pool, OPD, MAY)).events >= 60, 'the May calculation under way');

    await redis.kill();
    const before = traffic.acked.size;
    traffic.mark();
    // A calculation asked for while the queue is down is recorded (and answered) all the same.
    const asked = Date.now();
    const calculating = await june.calculate();
    expect(calculating).toMatchObject({ status: 202, body: { calculation: 1 } });
    expect(Date.now() - asked).toBeLessThan(REQUEST_BOUND_MS);
    const health = await call(kinerja.url, 'GET', '/health', june.finance);
    expect(health).toMatchObject({
      status: 503,
      body: { database: 'ok', queue: { backend: 'redis', status: expect.stringMatching(/^down/) } },
    });
    // A job only the queue would hold is refused at once with a code, not held until Redis is back.
    const inspector = await auth.sign({ sub: 'inspektur', roles: ['inspektorat'] });
    expect(await call(kinerja.url, 'POST', '/api/v1/audit/verify', inspector)).toMatchObject({
      status: 503,
      body: { error: { code: 'QUEUE_UNAVAILABLE' } },
    });
    const run = await call(kinerja.url, 'GET', `/api/v1/payroll/opds/${OPD}/runs/${JUNE}`, june.finance);
    expect(run).toMatchObject({ status: 200, body: { status: 'CALCULATING' } });
    // Commands do not depend on the queue.
    await waitFor(async () => traffic.acked.size > before + 3 * users.length, 'commands answered while Redis is down');
    expect([...traffic.mark().keys()].every((k) => /^20\d$/.test(k))).toBe(true);

    await redis.start(); // empty: the May job went with the old one
    for (const [month, finance] of [
      [MAY, may.finance],
      [JUNE, june.finance],
    ]) {
      const done = await waitFor(
        async () => {
          const r = await call(kinerja.url, 'GET', `/api/v1/payroll/opds/${OPD}/runs/${month}`, finance);
          return r.body.status === 'CALCULATED' && r.body;
        },
        `the ${month} run calculated`,
        90_000,
      );
      expect(done).toMatchObject({ calculation: 1, lineCount: STAFF });
      expect(await payLineEvents(db.pool, OPD, month)).toEqual({ events: STAFF, employees: STAFF, ids: STAFF });
    }
    // The June job was never queued by the API: the worker queued it from the log when Redis was back.
    expect(kinerja.logs('worker')).toMatch(
      new RegExp(`"runs":\\[[^\\]]*"${OPD}:${JUNE}\\.1"[^\\]]*\\].*"msg":"payroll calculations queued from the log"`),
    );
    expect(kinerja.logs('api')).toMatch(/"msg":"payroll calculation recorded but not queued/);
    await traffic.stop();
    expect(traffic.broken).toEqual([]);
    for (const p of [kinerja.api!, kinerja.worker!]) expect(p.child.exitCode).toBeNull();
    expect(traffic.acked.size).toBe(traffic.sent.size);
    expect(exactlyOnce(traffic, await eventsByKey(db.pool))).toEqual([]);
    const rebuilt = await readModelsEqualRebuild(db.pool);
    expect(rebuilt.differ).toEqual([]);
    // Not a comparison of empty tables: every read model, the pay lines among them.
    expect(rebuilt.rows).toBeGreaterThan(2 * STAFF);
    console.log(`faults-redis: ${traffic.acked.size} commands, ${traffic.reads} reads; ${traffic.summary()}`);
  }, 240_000);
});
