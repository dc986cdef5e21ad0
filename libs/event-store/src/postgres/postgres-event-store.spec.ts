import { Client } from 'pg';
import { newId } from '@kinerja/kernel';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { AppendResult, compareCheckpoints, Checkpoint, RecordedEvent, START } from '../port';
import { PostgresEventStore } from './postgres-event-store';
import { readUpToHead } from '../read-up-to-head';
import { canonicalContent, contentDigest } from './hash';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 30 });
  store = new PostgresEventStore({ pool: db.pool, maxEventBytes: 64 * 1024, pollIntervalMs: 50 });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const ev = (type: string, data: unknown = {}) => ({ type, data });
const sid = (p = 'Test') => `${p}-${newId()}`;

/** Appenders inside kinerja_append (their transaction id taken, holding the horizon back) waiting for a lock. */
async function appendersWaiting(): Promise<number> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = 1802400362 AND l.objid = 1 AND l.granted AND a.wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}

async function untilAppendersWaiting(n: number): Promise<void> {
  for (let i = 0; i < 400 && (await appendersWaiting()) < n; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await appendersWaiting()).toBe(n);
}

/** A connection holding a stream's row (as an appender would), for appends to it to wait inside kinerja_append. */
async function holdStreamRow(streamId: string): Promise<Client> {
  const blocker = new Client({ connectionString: db.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
  return blocker;
}

/** A store of another process, listening for the others' notifications once this resolves. */
async function otherProcess(): Promise<PostgresEventStore> {
  const listening = async () =>
    (
      await db.pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN kinerja_events' AND datname = current_database()`,
      )
    ).rows[0].n;
  const before = await listening();
  const other = new PostgresEventStore({ pool: db.pool });
  await other.waitForEvents(1); // its listener connects on the first wait
  for (let i = 0; i < 400 && (await listening()) === before; i++) await new Promise((r) => setTimeout(r, 25));
  return other;
}

/** 'woken' if `p` resolves within `ms`, else `otherwise`. */
const within = (p: Promise<unknown>, ms: number, otherwise = 'asleep') =>
  Promise.race([p.then(() => 'woken'), new Promise((r) => setTimeout(() => r(otherwise), ms))]);

async function readEverything(after: Checkpoint = START): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let cp = after;
  for (;;) {
    const r = await store.readAll({ after: cp, limit: 500 });
    if (r.events.length === 0) return out;
    out.push(...r.events);
    cp = r.checkpoint;
  }
}

describe('PostgreSQL event store', () => {
  it('appends and reads a stream in order with positions 0..n-1 and a hash chain', async () => {
    const s = sid();
    const r = await store.append(s, [ev('Opened', { n: 1 }), ev('Changed', { n: 2 })], { expectedVersion: 'no_stream' });
    expect(r.nextExpectedVersion).toBe(1);
    const events = await store.readStream(s);
    expect(events.map((e) => [e.streamPosition, e.type, e.data])).toEqual([
      [0, 'Opened', { n: 1 }],
      [1, 'Changed', { n: 2 }],
    ]);
    expect(events[0].prevHash).toBe('0'.repeat(64));
    expect(events[1].prevHash).toBe(events[0].hash);
    expect(events[0].streamType).toBe('Test');
  });

  it('lets exactly one of two appends at the same expected version win, and tells the loser the actual version', async () => {
    const s = sid();
    await store.append(s, [ev('Opened')]);
    const results = await Promise.allSettled([
      store.append(s, [ev('A')], { expectedVersion: 0 }),
      store.append(s, [ev('B')], { expectedVersion: 0 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason.code).toBe('WRONG_EXPECTED_VERSION');
    expect(lost[0].reason.actual).toBe(1);
    expect(await store.streamVersion(s)).toBe(1);
  });

  it('treats re-appending the same event ids as a no-op that returns the original positions', async () => {
    const s = sid();
    const ids = [newId(), newId()];
    const first = await store.append(s, [
      { id: ids[0], ...ev('A') },
      { id: ids[1], ...ev('B') },
    ]);
    const again = await store.append(
      s,
      [
        { id: ids[0], ...ev('A') },
        { id: ids[1], ...ev('B') },
      ],
      { expectedVersion: 'no_stream' },
    );
    expect(again.alreadyAppended).toBe(true);
    expect(again.positions).toEqual(first.positions);
    expect(await store.readStream(s)).toHaveLength(2);
  });

  it('reads a stream as of a past moment: a time or a global checkpoint', async () => {
    const s = sid();
    const first = await store.append(s, [ev('A'), ev('B')]);
    const { rows } = await db.pool.query<{ t: Date }>('SELECT max(recorded_at) AS t FROM events WHERE stream_id = $1', [s]);
    await new Promise((r) => setTimeout(r, 5));
    await store.append(s, [ev('C')]);
    expect((await store.readStream(s, { asOf: rows[0].t })).map((e) => e.type)).toEqual(['A', 'B']);
    expect((await store.readStream(s, { asOf: first.positions[0].checkpoint })).map((e) => e.type)).toEqual(['A']);
    expect((await store.readStream(s, { asOf: new Date(0) })).map((e) => e.type)).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    const s = sid();
    await store.append(s, [ev('A')]);
    await expect(db.pool.query(`UPDATE events SET data = '{}' WHERE stream_id = $1`, [s])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM events WHERE stream_id = $1', [s])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it('refuses bad input with a code and appends nothing', async () => {
    const s = sid();
    await expect(store.append('no dash', [ev('A')])).rejects.toMatchObject({ code: 'INVALID_STREAM_NAME' });
    await expect(store.append(s, [ev('A')], { expectedVersion: -1 })).rejects.toMatchObject({ code: 'INVALID_EXPECTED_VERSION' });
    await expect(store.append(s, [ev('A', { blob: 'x'.repeat(70 * 1024) })])).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE' });
    await expect(store.append(s, [ev('A', { bad: 'a\u0000b' })])).rejects.toMatchObject({ code: 'INVALID_EVENT_DATA' });
    await expect(store.append(s, [ev('A'), ev('A', { ['k\u0000']: 1 })])).rejects.toMatchObject({
      code: 'INVALID_EVENT_DATA',
      details: { index: 1 },
    });
    await expect(store.append(s, [{ ...ev('A'), metadata: { reason: '\\\u0000' } }])).rejects.toMatchObject({
      code: 'INVALID_EVENT_DATA',
    });
    await expect(store.append(s, [])).rejects.toMatchObject({ code: 'NO_EVENTS' });
    await expect(store.append(s, [ev('lower-case')])).rejects.toMatchObject({ code: 'INVALID_EVENT_TYPE' });
    expect(await store.streamVersion(s)).toBe(-1);
  });

  it('keeps each append of a shared statement independent: one wrong version fails alone', async () => {
    const streams = Array.from({ length: 40 }, () => sid());
    await Promise.all(streams.map((s) => store.append(s, [ev('Opened')])));
    // 40 concurrent appends share statements; every fourth expects the wrong version.
    const results = await Promise.allSettled(
      streams.map((s, i) => store.append(s, [ev('Next')], { expectedVersion: i % 4 === 0 ? 5 : 0 })),
    );
    results.forEach((r, i) => {
      if (i % 4 === 0) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'WRONG_EXPECTED_VERSION', actual: 0 } });
      else expect(r).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    });
  });

  // With a re-append of caller ids the statement takes the rounds of migrations/0006; without one, its
  // eight appends take step 0 of migrations/0013, one by one. Both must answer alike.
  it.each([
    ['the rounds, with a re-append of caller ids', true],
    ['one by one, without caller ids', false],
  ])(
    'gives each append of one statement its own outcome: several to one stream in order, new and existing streams, a wrong version (%s)',
    async (_, withIds) => {
      // One append in flight at a time: the calls made meanwhile ride together in the next statement.
      const one = new PostgresEventStore({ pool: db.pool, appendConcurrency: 1, maxAppendsPerStatement: 64, notify: false });
      try {
        const [existing, fresh, other] = [sid(), sid(), sid()];
        const ids = [newId(), newId()];
        const tagged = (i: number) => (withIds ? { id: ids[i], ...ev('Tagged') } : ev('Tagged'));
        await one.append(existing, [ev('Opened'), tagged(0), tagged(1)]);
        // The store counts that statement out of flight a moment after its caller resumes: once it
        // has, the blocker goes alone and every call below rides in the one statement after it.
        await new Promise((r) => setImmediate(r));
        const blocker = one.append(sid(), [ev('First')]);
        const calls = {
          a: one.append(fresh, [ev('A1'), ev('A2'), ev('A3')], { expectedVersion: 'no_stream' }),
          b: one.append(existing, [ev('B')], { expectedVersion: 2 }),
          c: one.append(fresh, [ev('C')], { expectedVersion: 2 }),
          d: one.append(existing, [ev('D')], { expectedVersion: 2 }), // lost to B
          e: one.append(fresh, [ev('E')], { expectedVersion: 'no_stream' }), // lost to A
          f: one.append(other, [ev('F')], { expectedVersion: 'stream_exists' }),
          again: withIds ? one.append(existing, [tagged(0), tagged(1)]) : undefined,
          g: one.append(existing, [ev('G1'), ev('G2')], { expectedVersion: 3 }),
          h: one.append(other, [ev('H')], { expectedVersion: 'no_stream' }),
        };
        await blocker;
        const r = Object.fromEntries(
          await Promise.all(
            Object.entries(calls).map(async ([k, p]) => [
              k,
              p &&
                (await p.then(
                  (value) => ({ value }),
                  (reason) => ({ reason }),
                )),
            ]),
          ),
        ) as Record<keyof typeof calls, { value?: AppendResult; reason?: unknown }>;
        expect(r.a.value).toMatchObject({ nextExpectedVersion: 2, alreadyAppended: false });
        expect(r.b.value).toMatchObject({ nextExpectedVersion: 3 });
        expect(r.c.value).toMatchObject({ nextExpectedVersion: 3 });
        expect(r.d.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 3 });
        expect(r.e.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 3 });
        expect(r.f.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: -1 });
        if (withIds) expect(r.again.value).toMatchObject({ alreadyAppended: true, nextExpectedVersion: 3 });
        expect(r.g.value).toMatchObject({ nextExpectedVersion: 5 });
        expect(r.h.value).toMatchObject({ nextExpectedVersion: 0 });
        const freshEvents = await store.readStream(fresh);
        expect(freshEvents.map((e) => [e.streamPosition, e.type])).toEqual([
          [0, 'A1'],
          [1, 'A2'],
          [2, 'A3'],
          [3, 'C'],
        ]);
        // What each append was told is what the log holds: its positions, in stream and global order.
        const placed = (events: RecordedEvent[]) => events.map((e) => ({ streamPosition: e.streamPosition, checkpoint: e.checkpoint }));
        expect(r.a.value!.positions).toEqual(placed(freshEvents.slice(0, 3)));
        expect(r.c.value!.positions).toEqual(placed(freshEvents.slice(3)));
        expect(r.g.value!.positions).toEqual(placed(await store.readStream(existing, { from: 4 })));
        const chain = await store.readStream(existing);
        expect(chain.map((e) => e.type)).toEqual(['Opened', 'Tagged', 'Tagged', 'B', 'G1', 'G2']);
        chain.slice(1).forEach((e, i) => expect(e.prevHash).toBe(chain[i].hash));
        // Global order agrees with every stream's order.
        const all = (await readEverything()).filter((e) => e.streamId === existing || e.streamId === fresh);
        for (const s of [existing, fresh]) {
          const positions = all.filter((e) => e.streamId === s).map((e) => e.streamPosition);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
        expect(await store.verifyIntegrity()).toMatchObject({ ok: true });
      } finally {
        await one.close();
      }
    },
  );

  /**
   * kinerja_append of one event on `client`, as the store calls it but without its retry (a racing
   * insert that failed would pass unseen behind the store's retry); `checkId`: as for an id of the caller.
   */
  async function appendOne(client: Client, s: string, type: string, checkId = false, expected = -1) {
    const id = newId();
    const { rows } = await client.query(
      `SELECT status, version::int FROM kinerja_append(ARRAY[$1], ARRAY['Test'], ARRAY[$4]::bigint[], ARRAY[1], ARRAY[$5::bool], ARRAY[$2]::uuid[], ARRAY[$6], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
      [s, id, contentDigest(canonicalContent(id, type, 1, '{}', '{}')), expected, checkId, type],
    );
    return rows[0] as { status: string; version: number };
  }

  /** Two connections: one holding a transaction open, one appending alone. */
  async function twoClients(): Promise<[Client, Client]> {
    const clients = [new Client({ connectionString: db.url }), new Client({ connectionString: db.url })];
    await Promise.all(clients.map((c) => c.connect()));
    return clients as [Client, Client];
  }

  // Without caller ids the late append takes step 0 of migrations/0013; with one, the rounds.
  it.each([
    ['ids of the store', false],
    ['an id of the caller', true],
  ])(
    'appends to a new stream that another transaction created meanwhile after that one commits, chained to its event (%s)',
    async (_, checkId) => {
      const s = sid();
      const [held, late] = await twoClients();
      try {
        await held.query('BEGIN');
        expect(await appendOne(held, s, 'Held')).toEqual({ status: 'ok', version: 0 });
        // Its statement does not see the uncommitted row, waits on the key, then appends after it.
        const appended = appendOne(late, s, 'Late', checkId);
        await new Promise((r) => setTimeout(r, 200));
        await held.query('COMMIT');
        expect(await appended).toEqual({ status: 'ok', version: 1 });
      } finally {
        await Promise.all([held.end(), late.end()]);
      }
      const events = await store.readStream(s);
      expect(events.map((e) => [e.streamPosition, e.type])).toEqual([
        [0, 'Held'],
        [1, 'Late'],
      ]);
      expect(events[1].prevHash).toBe(events[0].hash);
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true });
    },
  );

  it.each([
    ['ids of the store', false],
    ['an id of the caller', true],
  ])('creates the stream itself when the other transaction that was creating it rolls back (%s)', async (_, checkId) => {
    const s = sid();
    const [held, late] = await twoClients();
    try {
      await held.query('BEGIN');
      await appendOne(held, s, 'Held');
      const appended = appendOne(late, s, 'Late', checkId, -2);
      await new Promise((r) => setTimeout(r, 200));
      await held.query('ROLLBACK');
      expect(await appended).toEqual({ status: 'ok', version: 0 });
    } finally {
      await Promise.all([held.end(), late.end()]);
    }
    expect((await store.readStream(s)).map((e) => [e.streamPosition, e.type, e.prevHash])).toEqual([[0, 'Late', '0'.repeat(64)]]);
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true });
  });

  it("wakes another store's waiters (another process's) by NOTIFY, with no wait for their poll, after an append and after a refused one", async () => {
    const other = await otherProcess();
    const giveUp = new AbortController();
    try {
      let woken = false;
      const waiting = other.waitForEvents(600_000, giveUp.signal).then(() => (woken = true));
      await store.append(sid(), [ev('Notified')]);
      for (let i = 0; i < 400 && !woken; i++) await new Promise((r) => setTimeout(r, 25));
      expect(woken).toBe(true);
      await waiting;
      // An append refused for a wrong expected version held the horizon back while it ran: it wakes them too.
      woken = false;
      const waitingAgain = other.waitForEvents(600_000, giveUp.signal).then(() => (woken = true));
      await expect(store.append(sid(), [ev('NeverAppended')], { expectedVersion: 3 })).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
      });
      for (let i = 0; i < 400 && !woken; i++) await new Promise((r) => setTimeout(r, 25));
      expect(woken).toBe(true);
      await waitingAgain;
    } finally {
      giveUp.abort();
      await other.close();
    }
  });

  // migrations/0014: kinerja_append's plans are generic and kept for the connection's life. Planned on
  // small tables (a new Pemda, a fresh database after ANALYZE) they scanned the whole streams table for
  // every append, and went on doing so as it grew, until the next ANALYZE made them plan again.
  it.each([
    ['ids of the store', false],
    ['an id of the caller', true],
  ])('finds the streams it appends to by their key, even when its plans were made on empty tables (%s)', async (_, checkId) => {
    const fresh = await createTestDatabase();
    const c = new Client({ connectionString: fresh.url });
    await c.connect();
    try {
      await c.query('VACUUM ANALYZE streams');
      await c.query('VACUUM ANALYZE events');
      await c.query('BEGIN');
      const streams = [sid(), sid(), sid()];
      for (let round = 0; round < 3; round++)
        for (const s of streams) expect(await appendOne(c, s, 'Planned', checkId)).toEqual({ status: 'ok', version: round });
      // This transaction's own counts, before they are reported.
      const { rows } = await c.query<{ relname: string; seq_scan: string }>(
        `SELECT relname, seq_scan::text FROM pg_stat_xact_user_tables WHERE relname IN ('streams', 'events') ORDER BY relname`,
      );
      expect(rows).toEqual([
        { relname: 'events', seq_scan: '0' },
        { relname: 'streams', seq_scan: '0' },
      ]);
      await c.query('COMMIT');
    } finally {
      await c.end();
      await fresh.drop();
    }
  });

  it('with 8 writers on overlapping streams, a reader following the log sees every committed event exactly once, in stream order', async () => {
    const base = (await readEverything()).at(-1)?.checkpoint ?? START;
    const streams = Array.from({ length: 5 }, () => sid('Overlap'));
    const seen: RecordedEvent[] = [];
    let cp = base;
    let writing = true;
    const expected = 481;
    const ours = () => seen.filter((e) => e.streamId.startsWith('Overlap-') || e.streamId === heldStream).length;
    const reader = (async () => {
      // The held appender holds readers back, so an empty read proves nothing: follow until
      // everything is seen, or give up after a while.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const r = await store.readAll({ after: cp, limit: 97 });
        seen.push(...r.events);
        cp = r.checkpoint;
        if (!writing && ours() >= expected) break;
        if (r.events.length === 0) await new Promise((res) => setTimeout(res, 2));
      }
    })();
    // A transaction held open: its event has a low position but commits last.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('BEGIN');
    const heldStream = sid('Held');
    const heldId = newId();
    await holder.query(
      `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Held'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['Held'], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
      [heldStream, heldId, contentDigest(canonicalContent(heldId, 'Held', 1, '{}', '{}'))],
    );
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 60; i++) {
          const s = streams[(w + i) % streams.length];
          await store.append(s, [ev('Wrote', { w, i })]);
        }
      })(),
    );
    await Promise.all(writers);
    // The reader cannot pass the held transaction's position...
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((e) => e.streamId.startsWith('Overlap-')).length).toBeLessThan(480);
    await holder.query('COMMIT');
    await holder.end();
    writing = false;
    await reader;
    const mine = seen.filter((e) => e.streamId.startsWith('Overlap-') || e.streamId === heldStream);
    expect(mine).toHaveLength(expected);
    expect(new Set(mine.map((e) => e.id)).size).toBe(expected);
    for (const s of streams) {
      const positions = mine.filter((e) => e.streamId === s).map((e) => e.streamPosition);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i));
    }
    for (let i = 1; i < seen.length; i++) expect(compareCheckpoints(seen[i - 1].checkpoint, seen[i].checkpoint)).toBe(-1);
  });

  describe('a transaction left open that cannot append to this log holds no reader back', () => {
    const readsNewEvent = async () => {
      const base = (await readEverything()).at(-1)?.checkpoint ?? START;
      const s = sid('Fresh');
      await store.append(s, [ev('Committed')]);
      const r = await store.readAll({ after: base });
      return r.events.filter((e) => e.streamId === s).map((e) => e.type);
    };

    it('in another database of the same server', async () => {
      const other = await createTestDatabase({ migrate: false });
      const idle = new Client({ connectionString: other.url });
      await idle.connect();
      try {
        await idle.query('BEGIN');
        await idle.query('CREATE TABLE other_app (n int)'); // a write: it holds a transaction id
        expect(await readsNewEvent()).toEqual(['Committed']);
      } finally {
        await idle.end();
        await other.drop();
      }
    });

    it('in this database, on an unrelated table', async () => {
      await db.pool.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
      const idle = new Client({ connectionString: db.url });
      await idle.connect();
      try {
        await idle.query('BEGIN');
        await idle.query('INSERT INTO unrelated VALUES (1)');
        expect(await readsNewEvent()).toEqual(['Committed']);
      } finally {
        await idle.end();
      }
    });
  });

  it('does not pass an appender that wrote elsewhere before it appended, even when others commit meanwhile', async () => {
    const base = (await readEverything()).at(-1)?.checkpoint ?? START;
    await db.pool.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
    const late = new Client({ connectionString: db.url });
    await late.connect();
    await late.query('BEGIN');
    await late.query('INSERT INTO unrelated VALUES (2)'); // its id predates its append
    const early = sid('Early');
    await store.append(early, [ev('First')]);
    const seen = await store.readAll({ after: base }); // passes the early event, not yet the late one
    expect(seen.events.map((e) => e.streamId)).toContain(early);
    const lateStream = sid('Late');
    const lateId = newId();
    await late.query(
      `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Late'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['Late'], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
      [lateStream, lateId, contentDigest(canonicalContent(lateId, 'Late', 1, '{}', '{}'))],
    );
    await late.query('COMMIT');
    await late.end();
    await store.append(sid(), [ev('After')]); // someone takes a newer transaction id
    const rest = await readEverything(seen.checkpoint);
    expect(rest.map((e) => e.streamId)).toContain(lateStream);
  });

  it('a reader following the log while appenders hold their transactions open, some after writing elsewhere, sees every event exactly once', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS unrelated (n int)');
    const base = (await readEverything()).at(-1)?.checkpoint ?? START;
    const streams = Array.from({ length: 3 }, () => sid('Slow'));
    const appenders = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = new Client({ connectionString: db.url });
        await c.connect();
        return c;
      }),
    );
    const appended = new Set<string>();
    let writing = true;
    const seen: RecordedEvent[] = [];
    const reader = (async () => {
      let cp = base;
      for (let idle = 0; writing || idle < 3;) {
        // Read before the last commit returned, an empty page proves nothing: only the reads that
        // start once every appender has committed count towards the end.
        const done = !writing;
        const r = await store.readAll({ after: cp, limit: 7 });
        seen.push(...r.events.filter((e) => e.streamId.startsWith('Slow-')));
        cp = r.checkpoint;
        idle = r.events.length || !done ? 0 : idle + 1;
        await new Promise((res) => setTimeout(res, 1));
      }
    })();
    const pause = (ms: number) => new Promise((res) => setTimeout(res, ms));
    await Promise.all(
      appenders.map(async (c, w) => {
        for (let i = 0; i < 12; i++) {
          await c.query('BEGIN');
          if ((w + i) % 3 === 0) {
            await c.query('INSERT INTO unrelated VALUES ($1)', [i]); // an id before the append, and others append meanwhile
            await pause(6);
          }
          const id = newId();
          await c.query(
            `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Slow'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['Wrote'], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
            [streams[(w + i) % streams.length], id, contentDigest(canonicalContent(id, 'Wrote', 1, '{}', '{}'))],
          );
          await pause(((w * 7 + i * 3) % 5) * 2);
          await c.query('COMMIT');
          appended.add(id);
        }
      }),
    );
    writing = false;
    await reader;
    await Promise.all(appenders.map((c) => c.end()));
    expect(seen).toHaveLength(72);
    expect(new Set(seen.map((e) => e.id))).toEqual(appended);
    for (const s of streams)
      expect(seen.filter((e) => e.streamId === s).map((e) => e.streamPosition)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('readUpToHead returns every event recorded before the call, waiting for one an older appender still holds back', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      // An appender still running holds the safe horizon below the event committed after it.
      await holder.query('BEGIN');
      const heldId = newId();
      await holder.query(
        `SELECT * FROM kinerja_append(ARRAY[$1], ARRAY['Held'], ARRAY[-1]::bigint[], ARRAY[1], ARRAY[false], ARRAY[$2]::uuid[], ARRAY['HeadHeld'], ARRAY[1], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[], ARRAY[$3]::bytea[])`,
        [sid('Held'), heldId, contentDigest(canonicalContent(heldId, 'HeadHeld', 1, '{}', '{}'))],
      );
      const published = await store.append(sid('HeadRead'), [ev('HeadPublished', { n: 1 })]);
      const hidden = await store.readAll({ after: START, limit: 100_000, types: ['HeadPublished'] });
      expect(hidden.events).toEqual([]);

      let result: RecordedEvent[] | undefined;
      const reading = readUpToHead(store, { types: ['HeadPublished'], pollMs: 10 }).then((r) => (result = r));
      await new Promise((r) => setTimeout(r, 150));
      expect(result).toBeUndefined();
      await holder.query('COMMIT');
      await reading;
      expect(result!.map((e) => [e.type, e.data, e.checkpoint])).toEqual([['HeadPublished', { n: 1 }, published.positions[0].checkpoint]]);
    } finally {
      await holder.end();
    }
  });

  it('wakes its readers when an append that held the horizon back ends having appended nothing (a wrong expected version)', async () => {
    const contested = sid('Contested');
    await store.append(contested, [ev('ContestedFirst')]);
    // The stream's row locked from outside: the store's append to it waits inside kinerja_append,
    // its transaction id taken and the appenders' lock held, so it holds the horizon back.
    const blocker = await holdStreamRow(contested);
    try {
      const refused = store.append(contested, [ev('ContestedLate')], { expectedVersion: 5 }).catch((e) => e);
      await untilAppendersWaiting(1);
      // Another append commits and wakes the readers; what they read stops below the waiting one.
      const woken = store.waitForEvents(600_000, undefined, ['PublishedPastContested']);
      const published = await store.append(sid('AfterContested'), [ev('PublishedPastContested')]);
      await woken;
      expect((await store.readAll({ after: START, limit: 10, types: ['PublishedPastContested'] })).events).toEqual([]);
      // The waiting append is refused, appending nothing: before, nothing woke the readers again
      // before the poll, and the event above waited for it. Its readers are woken though the
      // refused append was of another type: it held their event back.
      const wokenAgain = store.waitForEvents(600_000, undefined, ['PublishedPastContested']).then(() => 'woken');
      await blocker.query('ROLLBACK');
      expect(await refused).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
      expect(await Promise.race([wokenAgain, new Promise((r) => setTimeout(() => r('left for the poll'), 10_000))])).toBe('woken');
      const seen = await store.readAll({ after: START, limit: 10, types: ['PublishedPastContested'] });
      expect(seen.events.map((e) => e.checkpoint)).toEqual([published.positions[0].checkpoint]);
    } finally {
      await blocker.end();
    }
  });

  it('answers a retry racing its original (same ids, another process) as a no-op, not a wrong version', async () => {
    const s = sid('Retried');
    await store.append(s, [ev('RetriedFirst')]);
    const ids = [newId(), newId()];
    const events = [
      { id: ids[0], ...ev('RetriedA') },
      { id: ids[1], ...ev('RetriedB') },
    ];
    // Two processes (an API replica and the client's retry to the other one) append the same events
    // at version 0. The stream's row is held from outside until both have checked the ids and wait
    // for its lock: whichever gets it second finds the version moved by the other.
    const replicas = [0, 1].map(() => new PostgresEventStore({ pool: db.pool, maxEventBytes: 64 * 1024, pollIntervalMs: 50 }));
    const blocker = await holdStreamRow(s);
    try {
      const appends: Array<Promise<AppendResult | Error>> = [];
      for (const replica of replicas) {
        appends.push(replica.append(s, events, { expectedVersion: 0 }).catch((e: Error) => e));
        await untilAppendersWaiting(appends.length);
      }
      await blocker.query('ROLLBACK');
      const [a, b] = await Promise.all(appends);
      expect(a).not.toBeInstanceOf(Error);
      expect(b).not.toBeInstanceOf(Error);
      const [first, second] = [a, b] as AppendResult[];
      expect([first.alreadyAppended, second.alreadyAppended].sort()).toEqual([false, true]);
      expect(second.positions).toEqual(first.positions);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['RetriedFirst', 'RetriedA', 'RetriedB']);
    } finally {
      await blocker.end();
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('runs up to twice appendConcurrency statements at once when each carries many events, appendConcurrency for small ones', async () => {
    const wide = new PostgresEventStore({ pool: db.pool, appendConcurrency: 2, notify: false });
    const streams = [0, 1, 2, 3, 4].map(() => sid('Wide'));
    for (const s of streams) await wide.append(s, [ev('WideOpened')]);
    // Each append to its own stream, whose row is held from outside: a statement that starts waits
    // inside kinerja_append, counted there, until the rows are let go.
    const inFlightAtOnce = async (events: number, expected: number) => {
      const blockers = await Promise.all(streams.map(holdStreamRow));
      try {
        const appends = streams.map((s) =>
          wide.append(
            s,
            Array.from({ length: events }, () => ev('WideAppended')),
          ),
        );
        await untilAppendersWaiting(expected);
        await new Promise((r) => setTimeout(r, 200)); // and no more come
        expect(await appendersWaiting()).toBe(expected);
        await Promise.all(blockers.map((b) => b.query('ROLLBACK')));
        await Promise.all(appends);
      } finally {
        await Promise.all(blockers.map((b) => b.end()));
      }
    };
    try {
      // Small appends: two statements, the three calls behind them wait to ride in the next.
      await inFlightAtOnce(1, 2);
      // 64 events or more a statement: four; the fifth waits for one of them to end.
      await inFlightAtOnce(64, 4);
      expect(await Promise.all(streams.map((s) => wide.streamVersion(s)))).toEqual(streams.map(() => 65));
    } finally {
      await wide.close();
    }
  });

  it("wakes a reader of some types at an append of one of them, and lets it sleep through the others'", async () => {
    const state = (p: Promise<void>) => within(p, 200);
    const reader = store.waitForEvents(600_000, undefined, ['Approved', 'Returned']);
    const anyReader = store.waitForEvents(600_000);
    await store.append(sid('Typed'), [ev('Filed')]);
    expect(await state(anyReader)).toBe('woken');
    expect(await state(reader)).toBe('asleep');
    await store.append(sid('Typed'), [ev('Filed'), ev('Returned')]);
    expect(await state(reader)).toBe('woken');
  });

  it("wakes another process's reader of some types at a notification naming one of them, and lets it sleep through the others'", async () => {
    const other = await otherProcess();
    try {
      const reader = other.waitForEvents(600_000, undefined, ['NotifiedApproved']);
      await store.append(sid('Typed'), [ev('NotifiedFiled')]);
      expect(await within(reader, 300)).toBe('asleep');
      await store.append(sid('Typed'), [ev('NotifiedApproved')]);
      expect(await within(reader, 10_000)).toBe('woken');
    } finally {
      await other.close();
    }
  });

  it("wakes another process's reader whose read an appender held back when that appender ends, whatever types it appended", async () => {
    const contested = sid('Holding');
    await store.append(contested, [ev('HoldingFirst')]);
    const [holder, reader] = [await otherProcess(), await otherProcess()];
    const blocker = await holdStreamRow(contested);
    try {
      // The holder's append waits inside kinerja_append for the stream's row: its transaction id,
      // older than the next append's, holds the horizon back.
      const held = holder.append(contested, [ev('HoldingSecond')]);
      await untilAppendersWaiting(1);
      const after = await store.head();
      // Another process appends the reader's type and notifies it; the reader's read stops below the holder.
      const notified = reader.waitForEvents(600_000, undefined, ['HeldBack']);
      const published = await store.append(sid('HeldBack'), [ev('HeldBack')]);
      expect(await within(notified, 10_000)).toBe('woken');
      const woken = reader.waitForEvents(600_000, undefined, ['HeldBack']);
      expect((await reader.readAll({ after, limit: 10, types: ['HeldBack'] })).events).toEqual([]);
      expect(await within(woken, 200)).toBe('asleep');
      // The holder ends; its notification names HoldingSecond only. Before the reader remembered its
      // held read, nothing woke it before its poll.
      await blocker.query('ROLLBACK');
      await held;
      expect(await within(woken, 10_000, 'left for the poll')).toBe('woken');
      const seen = await reader.readAll({ after, limit: 10, types: ['HeldBack'] });
      expect(seen.events.map((e) => e.checkpoint)).toEqual([published.positions[0].checkpoint]);
    } finally {
      await blocker.end();
      await Promise.all([holder.close(), reader.close()]);
    }
  });

  it('wakes a subscriber with new events, each delivered once', async () => {
    const s = sid('Sub');
    const start = (await readEverything()).at(-1)?.checkpoint ?? START;
    const got: string[] = [];
    const sub = store.subscribe({
      after: start,
      handler: async (events) => {
        got.push(...events.filter((e) => e.streamId === s).map((e) => e.type));
      },
    });
    await store.append(s, [ev('One')]);
    await store.append(s, [ev('Two'), ev('Three')]);
    for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(got).toEqual(['One', 'Two', 'Three']);
  });

  it('reads only the keys of the data a reader names, and no hash: nothing else of a large event crosses', async () => {
    const s = sid();
    const { positions } = await store.append(s, [
      ev('Keyed', { nip: '199001012020011001', opdId: 'DISDIK', note: 'x'.repeat(4000) }),
      ev('Keyed', { nip: null, other: 1 }),
      ev('Keyed', [1, 2]),
      ev('Kept', { nip: '1', note: 'y'.repeat(10) }),
    ]);
    const before = positions[0].checkpoint;
    const after = { transactionId: before.transactionId, globalPosition: String(BigInt(before.globalPosition) - 1n) };
    const fields = { hashes: false, dataKeys: ['nip', 'opdId'], wholeData: ['Kept'] };
    const read = (await store.readAll({ after, limit: 4, fields })).events;
    expect(read.map((e) => [e.type, e.data, e.hash, e.prevHash])).toEqual([
      ['Keyed', { nip: '199001012020011001', opdId: 'DISDIK' }, undefined, undefined],
      ['Keyed', { nip: null }, undefined, undefined],
      ['Keyed', {}, undefined, undefined],
      ['Kept', { nip: '1', note: 'y'.repeat(10) }, undefined, undefined],
    ]);
    // The same read through the types' own path (kinerja_read_typed), and with the hashes.
    const typed = await store.readAll({ after, limit: 4, types: ['Keyed'], fields: { dataKeys: ['opdId'] } });
    expect(typed.events.map((e) => e.data)).toEqual([{ opdId: 'DISDIK' }, {}, {}]);
    expect(typed.events.map((e) => e.hash)).toEqual((await store.readStream(s)).slice(0, 3).map((e) => e.hash));
    expect(typed.events[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies upcasters on read and leaves the stored bytes as they were', async () => {
    const up = new PostgresEventStore({
      pool: db.pool,
      upcasters: { NameSet: { 1: (d: { name: string }) => ({ fullName: d.name }) } },
    });
    const s = sid();
    await up.append(s, [{ type: 'NameSet', data: { name: 'Siti' }, schemaVersion: 1 }]);
    const [e] = await up.readStream(s);
    expect(e).toMatchObject({ schemaVersion: 2, data: { fullName: 'Siti' } });
    const [raw] = await up.readStream(s, { raw: true });
    expect(raw).toMatchObject({ schemaVersion: 1, data: { name: 'Siti' } });
  });
});
