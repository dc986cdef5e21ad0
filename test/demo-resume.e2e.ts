import type { EventStore } from '../libs/event-store/src';
import { fixedClock } from '../libs/kernel/src';
import { DEMO_STEPS, DEMO_STREAM_ID, DemoStep } from '../libs/application/src';
import { payrollRunStreamId } from '../libs/domain/payroll';
import { DEMO_PAYROLL, loadDemoData } from '../libs/platform/src';
import { startTestApp, TestApp } from './support/app';

const NOW = '2026-11-03T09:00:00+07:00';

/**
 * The store, counting appends and failing every one after the first `failAfter`, as a PostgreSQL
 * out of connections does ("too many clients already"); `marks` holds the count at each step's mark.
 */
function outOfConnectionsAfter(store: EventStore, failAfter = Infinity) {
  let n = 0;
  const marks = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'append')
        return (...args: Parameters<EventStore['append']>) => {
          if (n >= failAfter) return Promise.reject(new Error('sorry, too many clients already'));
          n++;
          if (args[0] === DEMO_STREAM_ID) marks.set((args[1][0].data as { step: string }).step, n);
          return target.append(...args);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: proxy, marks };
}

async function demoApp(): Promise<TestApp> {
  const app = await startTestApp({ KINERJA_DEMO_DATA: 'auto' });
  app.rt.clock = fixedClock(NOW);
  return app;
}

/** What the demo appended, per stream type and event type (the worker's calculation lines aside). */
async function demoEvents(app: TestApp): Promise<Record<string, number>> {
  const { rows } = await app.db.pool.query(
    `SELECT stream_type || ' ' || event_type AS k, count(*)::int AS n FROM events WHERE metadata->>'actor' = 'system:demo' GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

/**
 * A first start whose demo load dies half-way through a step (seen live: "too many clients
 * already" in the register): /health names what is missing, and the next start completes the demo
 * with exactly the events an uninterrupted load appends, nothing twice.
 */
describe('a demo load cut off half-way is completed by the next start', () => {
  let reference: Record<string, number>;
  /** Appends up to and including each step's mark, in an uninterrupted load. */
  let marks: Map<string, number>;
  beforeAll(async () => {
    const app = await demoApp();
    try {
      const counted = outOfConnectionsAfter(app.rt.store);
      app.rt.store = counted.store;
      await loadDemoData(app.rt);
      marks = counted.marks;
      reference = await demoEvents(app);
    } finally {
      await app.close();
    }
    // A whole demo load: a minute on a quiet machine's CI, more while the console's browser tests run beside it.
  }, 240_000);

  const cuts: Array<[DemoStep, number]> = [
    ['organisation', 10],
    ['register', 1 + 40], // the placements, then 40 of the 150 registrations
    ['workplans', 4],
    ['payroll', 8],
  ];
  it.each(cuts)(
    'cut off in step %s (after %i appends of it): health reports the missing steps, the next start completes it',
    async (step, k) => {
      const app = await demoApp();
      try {
        const empty = await app.call('GET', '/health', undefined, {}, null);
        expect(empty.body).toMatchObject({ status: 'degraded', demo: { status: 'incomplete', missing: [...DEMO_STEPS] } });

        const i = DEMO_STEPS.indexOf(step);
        const real = app.rt.store;
        app.rt.store = outOfConnectionsAfter(real, (i === 0 ? 0 : marks.get(DEMO_STEPS[i - 1])!) + k).store;
        await expect(loadDemoData(app.rt)).rejects.toThrow('too many clients');
        app.rt.store = real;

        const partial = await app.call('GET', '/health', undefined, {}, null);
        expect(partial.status).toBe(200);
        expect(partial.body).toMatchObject({ status: 'degraded', demo: { status: 'incomplete', missing: DEMO_STEPS.slice(i) } });
        expect(await demoEvents(app)).not.toEqual(reference);

        // The next start.
        expect(await loadDemoData(app.rt)).toMatchObject({ workplans: step !== 'payroll', payroll: { done: true } });
        const done = await app.call('GET', '/health', undefined, {}, null);
        expect(done.body).toMatchObject({ status: 'ok', demo: { status: 'complete', missing: [] } });
        expect(await demoEvents(app)).toEqual(reference);
        const { rows: run } = await app.db.pool.query(
          `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND event_type = 'PayrollCalculationStarted'`,
          [payrollRunStreamId(DEMO_PAYROLL.opdId, DEMO_PAYROLL.month)],
        );
        expect(run[0].n).toBe(1);

        // A third start appends nothing (the worker's calculation may still be appending its lines).
        expect(await loadDemoData(app.rt)).toMatchObject({ loaded: false, workplans: false });
        expect(await demoEvents(app)).toEqual(reference);
      } finally {
        await app.close();
      }
    },
    240_000,
  );
});
