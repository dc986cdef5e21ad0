import type { EventStore } from '../libs/event-store/src';
import { fixedClock } from '../libs/kernel/src';
import { demoPemda, DEMO_STEPS } from '../libs/application/src';
import { DEMO_PAYROLL, loadDemoData } from '../libs/platform/src';
import { payrollRunStreamId } from '../libs/domain/payroll';
import { startTestApp, TestApp } from './support/app';

/** The store, failing every append after the first `appends` as a PostgreSQL out of connections does. */
function outOfConnectionsAfter(store: EventStore, appends: number): EventStore {
  let left = appends;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'append')
        return (...args: Parameters<EventStore['append']>) => {
          if (left-- <= 0) return Promise.reject(new Error('sorry, too many clients already'));
          return target.append(...args);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/**
 * A first start whose demo load dies half-way through the register (seen live: "too many clients
 * already"): /health names what is missing, and the next start completes the demo without
 * appending anything twice.
 */
describe('a demo load cut off half-way is completed by the next start', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ KINERJA_DEMO_DATA: 'auto' });
    app.rt.clock = fixedClock('2026-11-03T09:00:00+07:00');
  });
  afterAll(() => app.close());

  it('reports the missing steps while incomplete, then completes with no duplicate events', async () => {
    const empty = await app.call('GET', '/health', undefined, {}, null);
    expect(empty.body).toMatchObject({ status: 'degraded', demo: { status: 'incomplete', missing: [...DEMO_STEPS] } });

    // The org structure (one append per command, then its mark) and the placements go through;
    // the register fails after 40 more employees.
    const plan = demoPemda();
    const real = app.rt.store;
    app.rt.store = outOfConnectionsAfter(real, plan.structure.length + 1 + 1 + 40);
    await expect(loadDemoData(app.rt)).rejects.toThrow('too many clients');
    app.rt.store = real;
    const { rows: half } = await app.db.pool.query(`SELECT count(*)::int AS n FROM streams WHERE stream_type = 'Employee'`);
    expect(half[0].n).toBeGreaterThan(0);
    expect(half[0].n).toBeLessThan(plan.employees);

    const partial = await app.call('GET', '/health', undefined, {}, null);
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'degraded', demo: { status: 'incomplete', missing: ['register', 'acting', 'workplans', 'payroll'] } });

    // The next start.
    const r = await loadDemoData(app.rt);
    expect(r).toMatchObject({ loaded: true, employees: plan.employees, workplans: true, payroll: { done: true } });
    const done = await app.call('GET', '/health', undefined, {}, null);
    expect(done.body).toMatchObject({ status: 'ok', demo: { status: 'complete', missing: [] } });

    // Nothing twice: every employee registered once, every placement once, each step marked once.
    const count = async (sql: string) => (await app.db.pool.query(sql)).rows;
    const employees = await count(`SELECT count(*)::int AS streams, count(DISTINCT version)::int AS lengths FROM streams WHERE stream_type = 'Employee'`);
    expect(employees[0]).toEqual({ streams: plan.employees, lengths: 1 });
    const placements = await count(
      `SELECT count(*)::int AS n, count(DISTINCT data->>'assignmentId')::int AS distinct_ids FROM events WHERE stream_id = 'Organisation-pemda' AND event_type = 'HolderAssigned'`,
    );
    expect(placements[0]).toEqual({ n: plan.employees + 1, distinct_ids: plan.employees + 1 });
    const org = await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'Organisation-pemda'`);
    expect(org[0].n).toBe(plan.structure.length + plan.employees + 1);
    const marks = await count(`SELECT data->>'step' AS step FROM events WHERE stream_id = 'Demo-pemda' ORDER BY global_position`);
    expect(marks.map((m) => m.step)).toEqual([...DEMO_STEPS]);
    const { rows: run } = await app.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND event_type = 'PayrollCalculationStarted'`, [
      payrollRunStreamId(DEMO_PAYROLL.opdId, DEMO_PAYROLL.month),
    ]);
    expect(run[0].n).toBe(1);

    // A third start appends nothing.
    const { rows: before } = await app.db.pool.query(`SELECT count(*)::int AS n FROM events`);
    expect(await loadDemoData(app.rt)).toMatchObject({ loaded: false, workplans: false });
    const { rows: after } = await app.db.pool.query(`SELECT count(*)::int AS n FROM events`);
    expect(after[0].n).toBe(before[0].n);
  });
});
