import { streamHeadLeafHash } from '@kinerja/kernel';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import type { StreamHead, StreamHeads } from '../port';
import { PostgresEventStore } from './postgres-event-store';

describe('streamHeads (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    // No NOTIFY after appends: its query takes a connection of the pool on a timer, which on a busy
    // machine can fire just as a test counts the connections streamHeads has given back.
    store = new PostgresEventStore({ pool: db.pool, notify: false });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const all = async (heads: StreamHeads): Promise<StreamHead[]> => {
    const out: StreamHead[] = [];
    for await (const batch of heads) out.push(...batch);
    return out;
  };
  const view = (hs: StreamHead[]) => hs.map((h) => `${h.streamId}@${h.version}:${h.headHash.toString('hex').slice(0, 8)}`);

  it("reads every stream's head sorted by stream id in code-point order, in batches, with the head hash of its last event", async () => {
    // Upper case sorts before lower case in code points (not in most locales' collations).
    for (const s of ['Employee-b', 'Employee-B', 'AuditSeal-pemda', 'Employee-a_1', 'Employee-a.1'])
      await store.append(s, [{ type: 'Happened', data: { s } }]);
    await store.append('Employee-B', [{ type: 'Happened', data: { n: 2 } }]);
    const heads = await all(await store.streamHeads({ batchSize: 2 }));
    expect(heads.map((h) => h.streamId)).toEqual(['AuditSeal-pemda', 'Employee-B', 'Employee-a.1', 'Employee-a_1', 'Employee-b']);
    expect(heads.find((h) => h.streamId === 'Employee-B')!.version).toBe(1);
    const last = await store.readStream('Employee-B', { raw: true });
    expect(heads.find((h) => h.streamId === 'Employee-B')!.headHash.toString('hex')).toBe(last[1].hash);
  });

  it('gives the same heads at a cut after more appends and new streams, from the streams table and from the events', async () => {
    await store.append('Employee-1', [{ type: 'Happened', data: {} }]);
    await store.append('Employee-2', [
      { type: 'Happened', data: {} },
      { type: 'Happened', data: {} },
    ]);
    const first = await store.streamHeads();
    const before = await all(first);
    await store.append('Employee-1', [{ type: 'Happened', data: { later: true } }]);
    await store.append('Employee-3', [{ type: 'Happened', data: {} }]);
    const again = await all(await store.streamHeads({ cut: first.cut }));
    expect(view(again)).toEqual(view(before));
    expect(view(await all(await store.streamHeads({ cut: first.cut, fromEvents: true })))).toEqual(view(before));
    const now = await all(await store.streamHeads());
    expect(now.map((h) => `${h.streamId}@${h.version}`)).toEqual(['Employee-1@1', 'Employee-2@1', 'Employee-3@0']);
    expect(view(await all(await store.streamHeads({ fromEvents: true })))).toEqual(view(now));
  });

  it("computes each head's leaf hash in the database exactly as the kernel does", async () => {
    for (const s of ['Employee-198503122010011002', 'PayrollRun-OPD-DINKES:2026-03', 'A-b'])
      await store.append(
        s,
        [0, 1, 2].map((i) => ({ type: 'Happened', data: { i } })),
      );
    const heads = await all(await store.streamHeads({ leafHashes: true }));
    expect(heads).toHaveLength(3);
    for (const h of heads) expect(h.leafHash!.toString('hex')).toBe(streamHeadLeafHash(h.streamId, h.version, h.headHash).toString('hex'));
    expect((await all(await store.streamHeads()))[0].leafHash).toBeUndefined();
  });

  it('gives its connection back when left early, and refuses a cut that is not one', async () => {
    for (let i = 0; i < 5; i++) await store.append(`Employee-${i}`, [{ type: 'Happened', data: {} }]);
    for (let i = 0; i < 30; i++) {
      const heads = await store.streamHeads({ batchSize: 1 });
      for await (const batch of heads) if (batch.length) break;
    }
    const unread = await store.streamHeads();
    await unread.close();
    expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
    await expect(store.streamHeads({ cut: "1'; DROP TABLE events; --" })).rejects.toMatchObject({ code: 'INVALID_CUT' });
  });
});
