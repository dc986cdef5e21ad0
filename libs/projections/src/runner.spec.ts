import { ChildProcess, spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { Client } from 'pg';
import { resolve } from 'node:path';
import { newId } from '@kinerja/kernel';
import { Checkpoint, compareCheckpoints, PostgresEventStore, START } from '@kinerja/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { countProjection, holdingCountProjection, withBug } from '../../../test/fixtures/count-projection';
import { registeredEvent } from '../../../test/fixtures/payroll';
import { employeeStreamId } from '@kinerja/domain/employee';
import { payLinesIndexStreamId, payLinesStreamId, payrollRunStreamId } from '@kinerja/domain/payroll';
import { payrollProjection } from './payroll';
import { ProjectionRunner } from './runner';
import type { Projection } from './projection';
import { waitForProjection } from './caught-up';

const ROOT = resolve(__dirname, '../../..');

async function until(check: () => Promise<boolean>, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('projection runner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function seed(streams: number, perStream: number): Promise<Map<string, number>> {
    const expected = new Map<string, number>();
    for (let s = 0; s < streams; s++) {
      const id = `Counted-${newId()}`;
      for (let i = 0; i < perStream; i += 50)
        await store.append(
          id,
          Array.from({ length: Math.min(50, perStream - i) }, () => ({ type: 'Ticked', data: {} })),
        );
      expected.set(id, perStream);
    }
    return expected;
  }

  /**
   * Readers see the log only below the oldest appender still running: wait until the store reads
   * all `n` events before a test that steps the runner by hand (a step that finds nothing yet
   * visible returns 0 and the test would stop early).
   */
  const visible = (n: number) => until(async () => (await store.readAll({ limit: n + 1 })).events.length >= n, `${n} events visible`, 2400);

  /** The read model's rows; none while a runner just started has not made its table yet (a test polls at once). */
  const counts = async () => {
    const rows = await db.pool.query<{ stream_id: string; n: number }>('SELECT stream_id, n FROM test_counts').then(
      (r) => r.rows,
      (e: { code?: string }) => {
        if (e.code === '42P01') return []; // undefined_table
        throw e;
      },
    );
    return new Map(rows.map((r) => [r.stream_id, r.n]));
  };
  const applied = async () =>
    Number(
      (await db.pool.query(`SELECT events_applied FROM projection_checkpoints WHERE name = 'test_counts' AND status = 'active'`)).rows[0]
        ?.events_applied ?? 0,
    );

  it('follows the log and keeps going with new events; lag shows what it has not applied', async () => {
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { batchSize: 7 });
    const expected = await seed(3, 20);
    const ac = new AbortController();
    const running = runner.run(countProjection(), ac.signal);
    await until(async () => (await applied()) === 60, 'first 60 events');
    const more = await seed(1, 5);
    await until(async () => (await applied()) === 65, 'the 5 new events');
    expect(await counts()).toEqual(new Map([...expected, ...more]));
    const [status] = await runner.status();
    expect(status).toMatchObject({ name: 'test_counts', eventsApplied: 65, lagEvents: 0, activeGeneration: 1 });
    ac.abort();
    await running;
  });

  it('reports no lag once everything is applied, even when positions committed out of order', async () => {
    // T1 takes its transaction id first but appends last: its event has the higher position and the
    // lower place in the log. A lag counted by position alone would never reach zero.
    const t1 = await db.pool.connect();
    await t1.query('BEGIN');
    await t1.query('SELECT pg_current_xact_id()');
    await store.append(`Counted-${newId()}`, [{ type: 'Ticked', data: {} }]);
    const id = newId();
    await t1.query(
      `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Counted'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['Ticked'],
         ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
      [`Counted-${newId()}`, id, Buffer.alloc(32)],
    );
    await t1.query('COMMIT');
    t1.release();
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { batchSize: 10 });
    await runner.ensure(countProjection());
    await visible(2);
    const c = await db.pool.connect();
    while ((await runner.step(countProjection(), c)) > 0);
    c.release();
    const [status] = await runner.status();
    expect(status).toMatchObject({ eventsApplied: 2, lagEvents: 0 });
  });

  it('retries after a failing batch instead of stopping, and applies nothing of the failed batch', async () => {
    const expected = await seed(2, 10);
    const base = countProjection();
    let failures = 1;
    const flaky = {
      ...base,
      async apply(events: Parameters<typeof base.apply>[0], ctx: Parameters<typeof base.apply>[1]) {
        await base.apply(events, ctx);
        if (failures-- > 0) throw new Error('handler bug, once');
      },
    };
    const runner = new ProjectionRunner(db.pool, store, [flaky], { batchSize: 50, standbyRetryMs: 20 });
    const ac = new AbortController();
    const running = runner.run(flaky, ac.signal);
    await until(async () => (await applied()) === 20, 'the retried batch');
    expect(await counts()).toEqual(expected);
    ac.abort();
    await running;
  });

  it('keeps a batch whole when its checkpoint cannot be written: nothing of it applied, then applied once', async () => {
    // The checkpoint's update goes with the batch's COMMIT in one query; refused once (a sequence is
    // not rolled back, so only its first call fails), the rows the handler wrote must go with it.
    await db.pool.query(`CREATE SEQUENCE checkpoint_refusals;
      CREATE FUNCTION refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('checkpoint_refusals') = 1 THEN RAISE EXCEPTION 'checkpoint write refused once'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_once BEFORE UPDATE ON projection_checkpoints FOR EACH ROW
        WHEN (NEW.events_applied <> OLD.events_applied) EXECUTE FUNCTION refuse_once();`);
    const expected = await seed(2, 10);
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { batchSize: 50, standbyRetryMs: 20 });
    const ac = new AbortController();
    const running = runner.run(countProjection(), ac.signal);
    await until(async () => (await applied()) === 20, 'the batch, its checkpoint written at the second try');
    expect(await counts()).toEqual(expected);
    const { rows } = await db.pool.query<{ n: string }>('SELECT last_value::text AS n FROM checkpoint_refusals');
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(2); // the refusal happened, and a later write passed
    ac.abort();
    await running;
  });

  it('keeps following the log while a transaction stays open in another database of the server and on an unrelated table here', async () => {
    const otherApp = await createTestDatabase({ migrate: false });
    const elsewhere = new Client({ connectionString: otherApp.url });
    const here = new Client({ connectionString: db.url });
    await Promise.all([elsewhere.connect(), here.connect()]);
    await db.pool.query('CREATE TABLE unrelated (n int)');
    await elsewhere.query('BEGIN');
    await elsewhere.query('CREATE TABLE other_app (n int)');
    await here.query('BEGIN');
    await here.query('INSERT INTO unrelated VALUES (1)');
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { batchSize: 10 });
    const ac = new AbortController();
    const running = runner.run(countProjection(), ac.signal);
    try {
      const expected = await seed(2, 6);
      await until(async () => (await applied()) === 12, 'the new events, with both transactions still open');
      expect(await counts()).toEqual(expected);
    } finally {
      ac.abort();
      await running;
      await Promise.all([elsewhere.end(), here.end()]);
      await otherApp.drop();
    }
  });

  describe('an event the projection cannot apply', () => {
    const failing = (poisoned: Set<string>, version = 1) => withBug(countProjection({ version }), poisoned);
    const logged = () => {
      const lines: Array<{ level: string; msg: string; extra: object }> = [];
      return {
        lines,
        logger: {
          info: (extra: object, msg: string) => lines.push({ level: 'info', msg, extra }),
          error: (extra: object, msg: string) => lines.push({ level: 'error', msg, extra }),
        },
      };
    };

    it('stops at that event with everything before it applied, names it once at error level, and resumes when fixed', async () => {
      const before = await seed(3, 4);
      const poison = `Counted-${newId()}`;
      await store.append(poison, [{ type: 'Ticked', data: {} }]);
      const after = await seed(2, 3);
      const [bad] = await store.readStream(poison);
      const broken = failing(new Set([poison]));
      const log = logged();
      const runner = new ProjectionRunner(db.pool, store, [broken], { batchSize: 50, failedRetryMs: 20, logger: log.logger });
      const ac = new AbortController();
      const running = runner.run(broken, ac.signal);
      await until(async () => ((await runner.status())[0].failure?.attempts ?? 0) >= 3, 'a few tries of the bad event');
      const [status] = await runner.status();
      expect(status).toMatchObject({
        eventsApplied: 12,
        lagEvents: 7,
        failure: {
          event: { id: bad.id, streamId: poison, streamPosition: 0, type: 'Ticked', checkpoint: bad.checkpoint },
          error: `cannot apply Ticked of ${poison}`,
        },
      });
      expect(await counts()).toEqual(before);
      const errors = log.lines.filter((l) => l.level === 'error');
      expect(errors).toEqual([
        {
          level: 'error',
          msg: 'projection stopped: it cannot apply this event',
          extra: expect.objectContaining({
            projection: 'test_counts',
            event: expect.objectContaining({ id: bad.id, streamId: poison }),
            error: `cannot apply Ticked of ${poison}`,
          }),
        },
      ]);
      // The same code, repaired without a new version, goes on past it at its next try.
      broken.broken = false;
      await until(async () => (await applied()) === 19, 'the repaired projection to go on');
      expect(await counts()).toEqual(new Map([...before, [poison, 1], ...after]));
      expect((await runner.status())[0]).toMatchObject({ failure: null, lagEvents: 0 });
      ac.abort();
      await running;
    });

    it('tells a passing database failure (a deadlock) from an event it cannot apply: the batch is retried, nothing is stopped', async () => {
      const expected = await seed(2, 5);
      const base = countProjection();
      let deadlocks = 1;
      const flaky = {
        ...base,
        async apply(events: Parameters<typeof base.apply>[0], ctx: Parameters<typeof base.apply>[1]) {
          if (deadlocks-- > 0) await ctx.client.query(`DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$`);
          await base.apply(events, ctx);
        },
      };
      const log = logged();
      const runner = new ProjectionRunner(db.pool, store, [flaky], { batchSize: 50, standbyRetryMs: 20, logger: log.logger });
      const ac = new AbortController();
      const running = runner.run(flaky, ac.signal);
      await until(async () => (await applied()) === 10, 'the retried batch');
      ac.abort();
      await running;
      expect(await counts()).toEqual(expected);
      expect((await runner.status())[0].failure).toBeNull();
      expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
      expect(log.lines.map((l) => l.msg)).toContain('projection batch failed; retrying');
    });

    it('a fixed version rebuilds past the event', async () => {
      const before = await seed(2, 3);
      const poison = `Counted-${newId()}`;
      await store.append(poison, [
        { type: 'Ticked', data: {} },
        { type: 'Ticked', data: {} },
      ]);
      const v1 = failing(new Set([poison]));
      const first = new ProjectionRunner(db.pool, store, [v1], { batchSize: 50, failedRetryMs: 20 });
      const ac1 = new AbortController();
      const running1 = first.run(v1, ac1.signal);
      await until(async () => (await first.status())[0].failure !== null, 'version 1 to stop');
      ac1.abort();
      await running1;
      expect(await counts()).toEqual(before);
      const v2 = countProjection({ version: 2 });
      const second = new ProjectionRunner(db.pool, store, [v2], { batchSize: 50 });
      const ac2 = new AbortController();
      const running2 = second.run(v2, ac2.signal);
      await until(
        async () => (await second.status())[0].version === 2 && (await second.status())[0].activeGeneration === 2,
        'version 2 to switch over',
      );
      expect(await counts()).toEqual(new Map([...before, [poison, 2]]));
      expect((await second.status())[0]).toMatchObject({ failure: null, lagEvents: 0, eventsApplied: 8 });
      ac2.abort();
      await running2;
    });

    it('a new version that cannot apply an event stops its build there while the old one keeps serving, and goes on once fixed', async () => {
      const before = await seed(2, 3);
      const v1 = countProjection();
      const runner1 = new ProjectionRunner(db.pool, store, [v1], { batchSize: 50 });
      const ac1 = new AbortController();
      const running1 = runner1.run(v1, ac1.signal);
      await until(async () => (await applied()) === 6, 'version 1 to apply the seed');
      ac1.abort();
      await running1;
      const poison = `Counted-${newId()}`;
      await store.append(poison, [{ type: 'Ticked', data: {} }]);
      const [bad] = await store.readStream(poison);
      const v2 = failing(new Set([poison]), 2);
      const log = logged();
      const runner2 = new ProjectionRunner(db.pool, store, [v2], { batchSize: 50, failedRetryMs: 20, logger: log.logger });
      const ac2 = new AbortController();
      const running2 = runner2.run(v2, ac2.signal);
      try {
        await until(
          async () => ((await runner2.status())[0].building?.failure?.attempts ?? 0) >= 3,
          'the build to stop and be tried again',
        );
        const [status] = await runner2.status();
        expect(status).toMatchObject({
          activeGeneration: 1,
          building: { generation: 2, eventsApplied: 6, failure: { event: { id: bad.id, streamId: poison } } },
        });
        expect(await counts()).toEqual(before); // generation 1 still answers
        expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
        v2.broken = false;
        await until(async () => (await runner2.status())[0].activeGeneration === 2, 'the fixed build to switch over');
        expect(await counts()).toEqual(new Map([...before, [poison, 1]]));
        expect((await runner2.status())[0]).toMatchObject({ version: 2, failure: null, building: null, eventsApplied: 7 });
      } finally {
        ac2.abort();
        await running2;
      }
    });
  });

  it("waits on an empty log for the projection's tables (a start-up put-back queries them)", async () => {
    const logDb = await createTestDatabase();
    const log = new PostgresEventStore({ pool: logDb.pool, notify: false });
    const name = `empty_${newId().slice(0, 8)}`;
    const projection = { ...countProjection(), name, tables: { [name]: 'stream_id text PRIMARY KEY' } };
    try {
      // Not caught up before a runner has made its tables, though the log is empty; at once after.
      expect(await waitForProjection(db.pool, log, projection, { timeoutMs: 200 })).toBe(false);
      const waiting = waitForProjection(db.pool, log, projection, { timeoutMs: 10_000, pollMs: 20 });
      await new ProjectionRunner(db.pool, log, [projection]).ensure(projection);
      expect(await waiting).toBe(true);
      expect(await waitForProjection(db.pool, log, projection, { timeoutMs: 200 })).toBe(true);
    } finally {
      await log.close();
      await logDb.drop();
    }
  });

  it('reads the log only through the event store port: events in another database (as on KurrentDB) reach the read model', async () => {
    // The read models live in one database, the log in another, as with EVENT_STORE=kurrentdb:
    // whatever the runner, its lag or the catch-up wait read of the read models' own database
    // finds no events there.
    const logDb = await createTestDatabase();
    const log = new PostgresEventStore({ pool: logDb.pool, pollIntervalMs: 50 });
    try {
      const id = `Counted-${newId()}`;
      await log.append(
        id,
        Array.from({ length: 9 }, () => ({ type: 'Ticked', data: {} })),
      );
      const runner = new ProjectionRunner(db.pool, log, [countProjection()], { batchSize: 4 });
      await runner.ensure(countProjection());
      const [behind] = await runner.status();
      expect(behind).toMatchObject({ lagEvents: 9, eventsApplied: 0 });
      expect(await waitForProjection(db.pool, log, countProjection(), { timeoutMs: 200 })).toBe(false);

      const ac = new AbortController();
      const running = runner.run(countProjection(), ac.signal);
      expect(await waitForProjection(db.pool, log, countProjection(), { timeoutMs: 10_000 })).toBe(true);
      await log.append(id, [{ type: 'Ticked', data: {} }]);
      await until(async () => (await counts()).get(id) === 10, 'the appended event');
      ac.abort();
      await running;
      const [status] = await runner.status();
      expect(status).toMatchObject({ eventsApplied: 10, lagEvents: 0, oldestUnappliedAgeSeconds: null });
      expect(status.checkpoint).toEqual(await log.head());
    } finally {
      await log.close();
      await logDb.drop();
    }
  });

  it('reads the log only through the event store port: a run calculated in another database (as on KurrentDB) fills the pay ledger as it does from its own', async () => {
    // The payroll read model copies a batch's lines from the batch's stream, which the runner does
    // not hand it: that read goes through the port too, and gives the rows a local log gives.
    const logDb = await createTestDatabase();
    const log = new PostgresEventStore({ pool: logDb.pool, pollIntervalMs: 50 });
    /** Projects the whole log into the read models of `pool`; the rows of its pay ledger. */
    const project = async (pool: typeof db.pool) => {
      const runner = new ProjectionRunner(pool, log, [payrollProjection]);
      await runner.ensure(payrollProjection);
      const client = await pool.connect();
      try {
        while ((await runner.step(payrollProjection, client)) > 0);
      } finally {
        client.release();
      }
      expect((await runner.status())[0]).toMatchObject({ lagEvents: 0, failure: null });
      return (await pool.query('SELECT * FROM pay_line ORDER BY nip, line_key')).rows;
    };
    try {
      await appendCalculatedRun(log);
      const { events } = await log.readAll({ limit: 100 });
      expect(events).toHaveLength(11);
      const elsewhere = await project(db.pool);
      expect(elsewhere.map((r) => [r.nip, r.line_key, r.kind, r.revision, r.gross])).toEqual([
        ['199001012015011001', 'ADJ:OBJ-1', 'ADJUSTMENT', 0, '-1000'],
        ['199001012015011001', 'TPP', 'TPP', 1, '2500000'],
        ['199001012015011002', 'TPP', 'TPP', 0, '3000000'],
      ]);
      for (const r of elsewhere)
        expect(events.find((e) => e.id === r.event_id)).toMatchObject({ streamId: r.stream_id, recordedAt: r.recorded_at });
      expect((await db.pool.query('SELECT status, line_count, total_gross FROM pay_run')).rows).toEqual([
        { status: 'CALCULATED', line_count: 2, total_gross: '5499000' },
      ]);
      expect((await db.pool.query('SELECT nip FROM pay_employee')).rows).toHaveLength(2);
      // The same log projected in its own database gives the same ledger, row for row: there the
      // batch's lines are copied by PostgreSQL from the events table (copyLinesFromLog), not read into Node.
      expect(await project(logDb.pool)).toEqual(elsewhere);
    } finally {
      await log.close();
      await logDb.drop();
    }
  });

  it('moves a projection of rare types past the other events it read, so the next wake-up does not read them again', async () => {
    // Under the load bench, projections of types the daily reports never carry read every report
    // since their last own event at each wake-up: their checkpoint now follows what they have read.
    const rare = { ...countProjection(), eventTypes: ['Rare'] };
    const runner = new ProjectionRunner(db.pool, store, [rare], { batchSize: 500 });
    await runner.ensure(rare);
    await seed(2, 60);
    await visible(120);
    const head = await store.head();
    const checkpoint = async () =>
      (
        await db.pool.query<{ tx: string; gp: string; n: string }>(
          `SELECT transaction_id::text AS tx, global_position::text AS gp, events_applied::text AS n FROM projection_checkpoints WHERE name = 'test_counts'`,
        )
      ).rows[0];
    const client = await db.pool.connect();
    try {
      expect(await runner.step(rare, client)).toBe(0);
      expect(await checkpoint()).toEqual({ tx: head.transactionId, gp: head.globalPosition, n: '0' });
      // A rare event after them is still applied, and only it.
      await store.append('Counted-rare', [{ type: 'Rare', data: {} }]);
      await visible(121);
      expect(await runner.step(rare, client)).toBe(1);
      expect(await counts()).toEqual(new Map([['Counted-rare', 1]]));
      expect((await checkpoint()).n).toBe('1');
    } finally {
      client.release();
    }
    expect((await runner.status())[0]).toMatchObject({ lagEvents: 0 });
  });

  it('passes the other types it is woken for without a transaction of its own, and takes one for its own type', async () => {
    // A step takes the projection's row FOR SHARE (a rebuild's switch waits for it). Held FOR UPDATE
    // here, it stops every step: a projection that still passes the other events did so by reads
    // alone, as each of the 13 projections does at every append of a type it does not read.
    const rare = { ...countProjection(), eventTypes: ['Rare'] };
    const runner = new ProjectionRunner(db.pool, store, [rare], { pollMs: 100 });
    const ac = new AbortController();
    const running = runner.run(rare, ac.signal);
    const stored = async () =>
      (
        await db.pool.query<Checkpoint>(
          `SELECT transaction_id::text AS "transactionId", global_position::text AS "globalPosition" FROM projection_checkpoints WHERE name = 'test_counts'`,
        )
      ).rows[0];
    const switching = await db.pool.connect();
    try {
      await store.append('Counted-first', [{ type: 'Rare', data: {} }]);
      await until(async () => (await counts()).get('Counted-first') === 1, 'the first rare event');
      await switching.query('BEGIN');
      await switching.query(`SELECT 1 FROM projections WHERE name = 'test_counts' FOR UPDATE`);
      await seed(2, 30);
      await visible(61);
      const head = await store.head();
      // Stored at most every 2 s: within the wait below (10 s).
      await until(async () => compareCheckpoints(await stored(), head) >= 0, 'the checkpoint past the other events', 400);
      await store.append('Counted-second', [{ type: 'Rare', data: {} }]);
      await new Promise((r) => setTimeout(r, 300));
      expect((await counts()).get('Counted-second')).toBeUndefined(); // its step waits for the switch's lock
      await switching.query('COMMIT');
      await until(async () => (await counts()).get('Counted-second') === 1, 'the second rare event, once the lock is gone');
      expect(await applied()).toBe(2);
    } finally {
      await switching.query('ROLLBACK').catch(() => undefined);
      switching.release();
      ac.abort();
      await running;
    }
    expect((await runner.status())[0]).toMatchObject({ lagEvents: 0 });
  });

  /** `store` as the runner sees it, with each readAll it makes passed through `around`. */
  function aroundReads(
    around: (read: () => ReturnType<PostgresEventStore['readAll']>) => ReturnType<PostgresEventStore['readAll']>,
  ): PostgresEventStore {
    return new Proxy(store, {
      get(target, key) {
        if (key === 'readAll') return (o: Parameters<PostgresEventStore['readAll']>[0]) => around(() => target.readAll(o));
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  /** The count projection run on the store as `around` shows it, with no poll: only wake-ups make it read. Returns its stop. */
  function runWoken(around: Parameters<typeof aroundReads>[0]): () => Promise<void> {
    const runner = new ProjectionRunner(db.pool, aroundReads(around), [countProjection()], { pollMs: 600_000 });
    const ac = new AbortController();
    const running = runner.run(countProjection(), ac.signal);
    return async () => {
      ac.abort();
      await running;
    };
  }

  it('reads twice for an append (its events, then nothing) and is not woken again by its own NOTIFY', async () => {
    let reads = 0;
    const stop = runWoken((read) => (reads++, read()));
    try {
      await until(async () => reads > 0, 'the first read');
      await new Promise((r) => setTimeout(r, 300));
      reads = 0;
      await store.append(`Counted-${newId()}`, [{ type: 'Ticked', data: {} }]);
      await until(async () => (await applied()) === 1, 'the one append');
      await new Promise((r) => setTimeout(r, 300));
      // The store wakes its waiters at the append, and its notification coming back is not a third.
      expect(reads).toBe(2);
    } finally {
      await stop();
    }
  });

  it('does not read for appends of types it does not read, and reads for one of its own', async () => {
    const rare = { ...countProjection(), eventTypes: ['Rare'] };
    let reads = 0;
    const runner = new ProjectionRunner(
      db.pool,
      aroundReads((read) => (reads++, read())),
      [rare],
      { pollMs: 600_000 },
    );
    const ac = new AbortController();
    const running = runner.run(rare, ac.signal);
    try {
      await until(async () => reads > 0, 'the first read');
      await new Promise((r) => setTimeout(r, 300));
      reads = 0;
      await seed(3, 5);
      await new Promise((r) => setTimeout(r, 300));
      expect(reads).toBe(0);
      await store.append('Counted-rare', [{ type: 'Rare', data: {} }]);
      await until(async () => (await applied()) === 1, 'the rare event');
      expect(await counts()).toEqual(new Map([['Counted-rare', 1]]));
    } finally {
      ac.abort();
      await running;
    }
  });

  it('an append that commits while the projection reads nothing wakes it again: the event is not left for the poll', async () => {
    let reads = 0;
    let during: (() => Promise<unknown>) | undefined;
    // No poll within the test: only a wake-up can bring the second event.
    const stop = runWoken(async (read) => {
      reads++;
      const page = await read();
      const append = page.events.length === 0 ? during : undefined;
      if (append) during = undefined;
      await append?.(); // committed after the empty read's snapshot, before the runner waits
      return page;
    });
    try {
      await until(async () => reads > 0, 'the first read');
      await new Promise((r) => setTimeout(r, 100));
      during = () => store.append('Counted-during', [{ type: 'Ticked', data: {} }]);
      await store.append('Counted-before', [{ type: 'Ticked', data: {} }]);
      await until(async () => (await applied()) === 2, 'the event appended during the empty read');
      expect(await counts()).toEqual(
        new Map([
          ['Counted-before', 1],
          ['Counted-during', 1],
        ]),
      );
    } finally {
      await stop();
    }
  });

  it('rebuilds into a new generation while the old one keeps serving, then switches', async () => {
    const expected = await seed(4, 30);
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { batchSize: 500 });
    await runner.ensure(countProjection());
    await visible(120);
    const client = await db.pool.connect();
    await runner.step(countProjection(), client).finally(() => client.release());
    expect(await counts()).toEqual(expected);
    let servedDuringRebuild = 0;
    const result = await runner.rebuild('test_counts', async () => {
      servedDuringRebuild = (await counts()).size; // the old generation still answers
    });
    expect(result).toEqual({ generation: 2, eventsApplied: 120 });
    expect(servedDuringRebuild).toBe(4);
    expect(await counts()).toEqual(expected);
    const { rows } = await db.pool.query(`SELECT to_regclass('test_counts__g1') AS old, to_regclass('test_counts__g2') AS cur`);
    expect(rows[0]).toEqual({ old: null, cur: 'test_counts__g2' });
    await expect(runner.rebuild('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PROJECTION' });
  });

  it('rebuilds a log of several pages (each read while the one before is applied) with every event once, in log order', async () => {
    // 4,600 events of the projection's type, others between them: pages of 2,000, 2,000 and 600.
    const expected = await seed(2, 2300);
    await store.append(
      `Other-${newId()}`,
      Array.from({ length: 50 }, () => ({ type: 'Unrelated', data: {} })),
    );
    const base = { ...countProjection(), eventTypes: ['Ticked'] };
    let last: Checkpoint = START;
    let outOfOrder = 0;
    const pages: number[] = [];
    const ordered: Projection = {
      ...base,
      async apply(events, ctx) {
        for (const e of events) {
          if (compareCheckpoints(e.checkpoint, last) <= 0) outOfOrder++;
          last = e.checkpoint;
        }
        pages.push(events.length);
        await base.apply(events, ctx);
      },
    };
    const runner = new ProjectionRunner(db.pool, store, [ordered]);
    await runner.ensure(ordered);
    await visible(4650);
    last = START;
    pages.length = 0;
    const result = await runner.rebuild('test_counts');
    expect(result).toEqual({ generation: 2, eventsApplied: 4600 });
    expect(pages).toEqual([2000, 2000, 600]);
    expect(outOfOrder).toBe(0);
    expect(await counts()).toEqual(expected);
  });

  it('fills a rebuild of a projection that reads only by key without its indexes, and builds them before the switch', async () => {
    const expected = await seed(3, 40);
    const indexed: Projection = {
      ...countProjection(),
      indexes: [
        'CREATE INDEX {test_counts}_n ON {test_counts} (n, stream_id)',
        'CREATE UNIQUE INDEX {test_counts}_twice ON {test_counts} (stream_id, n)',
      ],
      readsOnlyByKey: true,
    };
    const runner = new ProjectionRunner(db.pool, store, [indexed], { batchSize: 500 });
    await runner.ensure(indexed);
    await visible(120);
    const indexesOf = async (table: string) =>
      (await db.pool.query<{ i: string }>(`SELECT indexname AS i FROM pg_indexes WHERE tablename = $1 ORDER BY 1`, [table])).rows.map(
        (r) => r.i,
      );
    // The first generation, made active at once, has its indexes from the start.
    expect(await indexesOf('test_counts__g1')).toEqual(['test_counts__g1_n', 'test_counts__g1_pkey', 'test_counts__g1_twice']);
    const whileFilling: string[][] = [];
    await runner.rebuild('test_counts', async () => void whileFilling.push(await indexesOf('test_counts__g2')));
    expect(whileFilling[0]).toEqual(['test_counts__g2_pkey']);
    expect(await indexesOf('test_counts__g2')).toEqual(['test_counts__g2_n', 'test_counts__g2_pkey', 'test_counts__g2_twice']);
    expect(await counts()).toEqual(expected);
  });

  it('a rebuild that holds rows in memory writes them once: at the end of its fill, before it stops at an event, never from a failed batch', async () => {
    const before = await seed(3, 4);
    const poison = `Counted-${newId()}`;
    await store.append(poison, [{ type: 'Ticked', data: {} }]);
    const after = await seed(2, 3);
    const holding = holdingCountProjection();
    // The bug shows after the batch's rows were held: the runner must forget them with the rollback.
    let broken = true;
    const buggy: Projection = {
      ...holding,
      async apply(events, ctx) {
        await holding.apply(events, ctx);
        if (broken && events.some((e) => e.streamId === poison)) throw new Error('cannot apply it');
      },
    };
    const runner = new ProjectionRunner(db.pool, store, [buggy]);
    await runner.ensure(buggy);
    await visible(19);
    const building = async () =>
      new Map(
        (await db.pool.query<{ stream_id: string; n: number }>('SELECT stream_id, n FROM test_counts__g2')).rows.map((r) => [
          r.stream_id,
          r.n,
        ]),
      );
    // One batch of 19 refused, then one event at a time up to the poison: the 12 before it held, written as the build stops.
    await expect(runner.rebuild('test_counts')).rejects.toMatchObject({ code: 'PROJECTION_STOPPED' });
    expect(await building()).toEqual(before);
    // Resumed from its checkpoint with nothing held: the rest held, written at the end, then the switch.
    broken = false;
    expect(await runner.rebuild('test_counts')).toEqual({ generation: 2, eventsApplied: 19 });
    expect(await counts()).toEqual(new Map([...before, [poison, 1], ...after]));
  });

  it('resumes after the process is killed (SIGKILL) mid-batch, with no event applied twice', async () => {
    const expected = await seed(10, 200);
    const start = (): ChildProcess =>
      spawn(process.execPath, ['-r', '@swc-node/register', 'test/fixtures/projection-process.ts', db.url, '40', '50'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const first = start();
    await until(async () => (await applied()) >= 300, 'the first process to get going');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atCrash = await applied();
    expect(atCrash).toBeLessThan(2000);
    // Whatever committed is consistent: the counts add up to the checkpoint's total.
    expect([...(await counts()).values()].reduce((a, b) => a + b, 0)).toBe(atCrash);
    const second = start();
    await until(async () => (await applied()) === 2000, 'the restarted process to finish', 2000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    expect(await counts()).toEqual(expected);
  });

  it('a standby that waits many tries leaves no listener behind on the signal it stops by', async () => {
    const runner = new ProjectionRunner(db.pool, store, [countProjection()], { standbyRetryMs: 10 });
    await runner.ensure(countProjection());
    // Another session owns the projection: the runner waits as a standby, a try every 10 ms.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtext('kinerja:projection:' || 'test_counts'))`);
    const ac = new AbortController();
    const running = runner.run(countProjection(), ac.signal);
    await new Promise((r) => setTimeout(r, 500));
    const listeners = getEventListeners(ac.signal, 'abort').length;
    ac.abort();
    await running;
    await other.end();
    expect(listeners).toBeLessThanOrEqual(1);
  });

  it('lets a standby take over when the owner dies', async () => {
    await seed(2, 10);
    const start = () =>
      spawn(process.execPath, ['-r', '@swc-node/register', 'test/fixtures/projection-process.ts', db.url, '0', '5'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const owner = start();
    await until(async () => (await applied()) === 20, 'the owner to apply the seed');
    const standby = start();
    await new Promise((r) => setTimeout(r, 1000));
    // While it waits (a try every 200 ms), the standby asks through its pool: it does not open and
    // close a connection at every try (which took the server's last connection slots under load).
    const sessions = async () =>
      Number((await db.pool.query(`SELECT sessions::int AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n);
    const before = await sessions();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await sessions()) - before).toBeLessThan(4);
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    await seed(1, 7);
    await until(async () => (await applied()) === 27, 'the standby to take over');
    standby.kill('SIGTERM');
    await new Promise((r) => standby.once('exit', r));
  });
});

const OPD = 'OPD-PORT';
const MONTH = '2026-03';
const RUN = `PR-${OPD}-${MONTH}`;
const EMPLOYEES = ['199001012015011001', '199001012015011002'].map((nip, i) => ({
  nip,
  name: `Pegawai ${i + 1}`,
  opdId: OPD,
  positionGrade: 9,
  salaryBase: '4000000',
  salaryGross: '5000000',
  terCategory: 'A' as const,
}));
const at = '2026-04-01T08:00:00+07:00';

function line(nip: string, revision: number, gross: string) {
  const emp = EMPLOYEES.find((e) => e.nip === nip)!;
  const amounts = {
    performancePart: gross,
    disciplinePart: '0',
    sanctionCut: '0',
    gross,
    healthContribution: '0',
    employerHealthContribution: '0',
    incomeTax: '0',
    net: gross,
  };
  return {
    id: newId(),
    type: 'PayLineCalculated',
    data: {
      runId: RUN,
      opdId: OPD,
      month: MONTH,
      calculation: 1,
      revision,
      nip,
      name: emp.name,
      lineKey: 'TPP',
      policyVersion: 'TPP-TEST',
      bankAccount: { bankName: 'BANK JATENG', accountNumber: nip.slice(-10), accountName: emp.name },
      inputs: {
        positionGrade: 9,
        predikat: 'BAIK',
        attendance: {},
        sanction: 'NONE',
        salaryBase: '4000000',
        salaryGross: '5000000',
        taxCategory: 'A',
      },
      sources: { employeeVersion: 0, predikatEventId: newId(), objectionId: null, attendanceEventId: null, sanctionIds: [] },
      amounts,
      lineHash: `hash-${nip}-${revision}`,
    },
  };
}

/** Two employees registered, a run opened and calculated (one batch of lines, one adjustment), then one slip recalculated. */
async function appendCalculatedRun(log: PostgresEventStore): Promise<void> {
  for (const e of EMPLOYEES) await log.append(employeeStreamId(e.nip), [registeredEvent(e)]);
  const run = payrollRunStreamId(OPD, MONTH);
  await log.append(run, [
    { type: 'PayrollRunOpened', data: { runId: RUN, opdId: OPD, month: MONTH, policyVersion: 'TPP-TEST', openedBy: 'op', at } },
    { type: 'PayrollCalculationStarted', data: { runId: RUN, calculation: 1, policyVersion: 'TPP-TEST', requestedBy: 'op', at } },
  ]);
  const first = line(EMPLOYEES[0].nip, 0, '2000000');
  const adjustment = line(EMPLOYEES[0].nip, 0, '-1000');
  Object.assign(adjustment, { type: 'PayAdjustmentCalculated' });
  Object.assign(adjustment.data, {
    lineKey: 'ADJ:OBJ-1',
    objectionId: 'OBJ-1',
    adjustsMonth: '2026-01',
    adjustsRunId: 'PR-OLD',
    originalLineId: newId(),
    previousPredikat: 'CUKUP',
    predikat: 'BAIK',
    original: first.data.amounts,
    recalculated: first.data.amounts,
  });
  const batch = payLinesStreamId(RUN, 1, first.id);
  await log.append(batch, [first, line(EMPLOYEES[1].nip, 0, '3000000'), adjustment]);
  await log.append(payLinesIndexStreamId(RUN, 1), [
    { type: 'PayLinesBatchWritten', data: { runId: RUN, calculation: 1, stream: batch, lines: 3 } },
  ]);
  await log.append(run, [
    {
      type: 'PayrollCalculated',
      data: {
        runId: RUN,
        calculation: 1,
        batches: 1,
        lineCount: 2,
        adjustmentCount: 1,
        skipped: [],
        totalGross: '4999000',
        totalNet: '4999000',
        digest: 'd1',
        at,
      },
    },
  ]);
  const again = line(EMPLOYEES[0].nip, 1, '2500000');
  await log.append(run, [
    {
      type: 'PaySlipRecalculated',
      data: {
        runId: RUN,
        nip: EMPLOYEES[0].nip,
        calculation: 1,
        revision: 1,
        previousLineHash: 'hash-0',
        lineHash: 'hash-1',
        totalGross: '5499000',
        totalNet: '5499000',
        digest: 'd2',
        reason: 'fix',
        by: 'op',
        at,
      },
    },
    again,
  ]);
}
