import { Decider, domainError } from '@kinerja/kernel';
import { PostgresEventStore } from '@kinerja/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { handleCommand, readForCommand } from './command-handler';

type Cmd = { type: 'Open'; name: string } | { type: 'Rename'; name: string };
type Ev = { type: 'Opened'; data: { name: string } } | { type: 'Renamed'; data: { name: string } };
type St = { name?: string };
const decider: Decider<Cmd, Ev, St> = {
  initialState: () => ({}),
  evolve: (_s, e) => ({ name: e.data.name }),
  decide: (c, s) => {
    if (c.type === 'Open') {
      if (s.name) throw domainError('ALREADY_OPEN');
      return [{ type: 'Opened', data: { name: c.name } }];
    }
    if (!s.name) throw domainError('NOT_OPEN');
    return s.name === c.name ? [] : [{ type: 'Renamed', data: { name: c.name } }];
  },
};
const actor = { userId: 'u1', roles: ['admin_kepegawaian'] };

describe('handleCommand', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('appends what the decider decides, with who and why in the metadata', async () => {
    const r = await handleCommand(store, 'Thing-1', decider, { type: 'Open', name: 'a' }, { actor, reason: 'new', requestId: 'r1' });
    expect(r).toMatchObject({ version: 0, replayed: false });
    const [e] = await store.readStream('Thing-1');
    expect(e.metadata).toMatchObject({ actor: 'u1', role: 'admin_kepegawaian', reason: 'new', requestId: 'r1' });
  });

  it('returns the first answer to a retry with the same Idempotency-Key and appends nothing', async () => {
    const ctx = { actor, idempotencyKey: 'k-1' };
    const first = await handleCommand(store, 'Thing-2', decider, { type: 'Open', name: 'a' }, ctx);
    const again = await handleCommand(store, 'Thing-2', decider, { type: 'Open', name: 'a' }, ctx);
    expect(again).toMatchObject({ version: first.version, replayed: true, events: first.events });
    expect(await store.readStream('Thing-2')).toHaveLength(1);
  });

  it('refuses a stale If-Match with the current version, appending nothing', async () => {
    await handleCommand(store, 'Thing-3', decider, { type: 'Open', name: 'a' }, { actor });
    await expect(
      handleCommand(store, 'Thing-3', decider, { type: 'Rename', name: 'b' }, { actor, expectedVersion: 5 }),
    ).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 0 },
    });
    expect(await store.streamVersion('Thing-3')).toBe(0);
  });

  it('decides again when another writer got in first', async () => {
    await handleCommand(store, 'Thing-4', decider, { type: 'Open', name: 'a' }, { actor });
    const results = await Promise.all(
      ['b', 'c', 'd', 'e'].map((n) => handleCommand(store, 'Thing-4', decider, { type: 'Rename', name: n }, { actor })),
    );
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it('decides on a stream the caller read for the command, and again on a fresh read when a writer got in between', async () => {
    await handleCommand(store, 'Thing-6', decider, { type: 'Open', name: 'a' }, { actor });
    const read = await readForCommand(store, 'Thing-6', decider);
    expect(read.state).toEqual({ name: 'a' });
    const reads = jest.spyOn(store, 'readStream');
    try {
      // Read once, decided on once: no second read of the stream.
      expect(await handleCommand(store, 'Thing-6', decider, { type: 'Rename', name: 'b' }, { actor }, read)).toMatchObject({ version: 1 });
      expect(reads).not.toHaveBeenCalled();
      // Read at version 1; another writer renames it to "a" meanwhile. Deciding on the stale read would
      // append a rename to "a" again at a version now taken: it is caught, and the command decided anew
      // on the stream as it is (already "a": nothing to append).
      const stale = await readForCommand(store, 'Thing-6', decider);
      await handleCommand(store, 'Thing-6', decider, { type: 'Rename', name: 'a' }, { actor });
      reads.mockClear();
      expect(await handleCommand(store, 'Thing-6', decider, { type: 'Rename', name: 'a' }, { actor }, stale)).toMatchObject({
        version: 2,
        events: [],
      });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
    expect((await store.readStream('Thing-6')).map((e) => e.data)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'a' }]);
  });

  it('passes a refusal through and appends nothing', async () => {
    await expect(handleCommand(store, 'Thing-5', decider, { type: 'Rename', name: 'x' }, { actor })).rejects.toMatchObject({
      code: 'NOT_OPEN',
    });
    expect(await store.streamVersion('Thing-5')).toBe(-1);
  });
});
