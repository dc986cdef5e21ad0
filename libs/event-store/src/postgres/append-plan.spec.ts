import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { PostgresEventStore } from './postgres-event-store';

// One connection: every append below runs on it, and it reports its statistics when asked.
let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 1 });
  store = new PostgresEventStore({ pool: db.pool });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

/** Sequential scans of `events` so far, as the server counts them (this connection's own reported first). */
async function eventScans(): Promise<number> {
  // Flushed when the backend goes idle after this statement, before it answers.
  await db.pool.query('SELECT pg_stat_force_next_flush()');
  await db.pool.query('SELECT pg_stat_clear_snapshot()');
  const r = await db.pool.query<{ n: string }>(`SELECT seq_scan::text AS n FROM pg_stat_user_tables WHERE relname = 'events'`);
  return Number(r.rows[0].n);
}

const placed = (id: string, i: number) => [{ id, type: 'Placed', data: { i } }];

describe('kinerja_append with event ids of the caller (an import, a retried command)', () => {
  // 0006 checked the ids with a join that its generic plan ran as a hash of the whole events table:
  // every such append read the log whole, so an import of n rows took time in n² (issue 17).
  it('looks each id up by key: no append reads the events table whole', async () => {
    // A log of 5,000 events, its statistics taken now (not whenever autovacuum comes by): big enough
    // that a lookup by key is an index scan by the planner's own costs, as on any real log. On a
    // log of a few pages a sequential scan is the cheaper plan for any query, and was chosen once in CI.
    for (let i = 0; i < 50; i++)
      await store.append(
        `Employee-${i}`,
        Array.from({ length: 100 }, (_, j) => ({ type: 'Placed', data: { i, j } })),
        { expectedVersion: 'no_stream' },
      );
    await db.pool.query('ANALYZE events');
    const before = await eventScans();
    const ids = Array.from({ length: 50 }, () => randomUUID());
    for (let i = 0; i < ids.length; i++) await store.append(`Placement-${i}`, placed(ids[i], i), { expectedVersion: 'no_stream' });
    // A retry of the same append is recognised by its ids, and another stream's use of one is refused.
    expect(await store.append('Placement-0', placed(ids[0], 0), { expectedVersion: 'no_stream' })).toMatchObject({
      nextExpectedVersion: 0,
    });
    await expect(store.append('Placement-x', placed(ids[1], 1))).rejects.toMatchObject({ code: 'EVENT_ID_CONFLICT' });
    expect((await eventScans()) - before).toBe(0);
    expect((await store.readStream('Placement-49')).map((e) => e.id)).toEqual([ids[49]]);
  });
});
