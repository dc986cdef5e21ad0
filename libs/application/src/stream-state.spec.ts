import { canonicalState, Decider, generateNips, Nip } from '@kinerja/kernel';
import { PostgresEventStore, RecordedEvent, ReadStreamOptions } from '@kinerja/event-store';
import { ORGANISATION_STREAM_ID, OrganisationEvent, organisationDecider, orgHistoryOf } from '@kinerja/domain/organisation';
import { longOrganisationHistory } from '@kinerja/domain/organisation/long-history';
import { EmployeeEvent, employeeDecider, employeeStreamId } from '@kinerja/domain/employee';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { handleCommand, readState } from './command-handler';
import { loadState, stateCacheOf } from './stream-state';

// A counter whose state holds a Map and a Date (what the codec must carry), and whose every event
// records how many events its decision saw: the log itself shows each decision's state.
type Cmd = { type: 'Count'; name: string };
type Ev = { type: 'Counted'; data: { name: string; seen: number } };
type St = { count: number; names: Map<string, number>; last?: Date };
const counter: Decider<Cmd, Ev, St> = {
  initialState: () => ({ count: 0, names: new Map() }),
  evolve: (s, e) => ({
    count: s.count + 1,
    names: new Map(s.names).set(e.data.name, (s.names.get(e.data.name) ?? 0) + 1),
    last: new Date(Date.UTC(2026, 0, 1, 0, 0, s.count)),
  }),
  decide: (c, s) => [{ type: 'Counted', data: { name: c.name, seen: s.count } }],
  snapshot: { version: 'counter-1', every: 10 },
};
const actor = { userId: 'u1', roles: ['admin_kepegawaian'] };
const at = '2026-01-05T08:00:00+07:00';

describe('long streams: a command decides on a snapshot and the events after it', () => {
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

  /** Appends events as they are, in batches (a test may set up a history directly). */
  async function appendAll(streamId: string, events: { type: string; data: unknown }[]) {
    for (let i = 0; i < events.length; i += 2000) await store.append(streamId, events.slice(i, i + 2000));
  }
  const fresh = async <E, S>(streamId: string, d: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>) =>
    (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data }) as E).reduce(d.evolve, d.initialState());
  const snapshotRow = async (streamId: string) =>
    (await db.pool.query<{ version: string }>('SELECT version::text FROM stream_snapshots WHERE stream_id = $1', [streamId])).rows;
  /** The `from` of every stream read while `run` runs: a whole read has none. */
  async function readsDuring(run: () => Promise<unknown>): Promise<Array<number | undefined>> {
    const spy = jest.spyOn(store, 'readStream');
    try {
      await run();
      return spy.mock.calls.map(([, o]) => (o as ReadStreamOptions | undefined)?.from);
    } finally {
      spy.mockRestore();
    }
  }

  it('the organisation of 10,000 employees over five years: the state from the snapshot is the full fold', async () => {
    const { events, nips } = longOrganisationHistory(10_000, 5);
    expect(events.length).toBeGreaterThan(30_000);
    await appendAll(ORGANISATION_STREAM_ID, events);
    const head = events.length - 1;
    const plt = (i: number) =>
      handleCommand(
        store,
        ORGANISATION_STREAM_ID,
        organisationDecider,
        {
          type: 'AssignHolder',
          assignmentId: `PLT-${i}`,
          positionId: `JAB-S-${i}`,
          nip: nips[(i + 1) % nips.length],
          acting: true,
          validFrom: '2026-02-01',
          by: actor,
          now: at,
        },
        { actor },
      );

    // The first command folds the whole stream and leaves a snapshot at the version it read.
    expect(await readsDuring(() => plt(1))).toEqual([undefined]);
    expect(await snapshotRow(ORGANISATION_STREAM_ID)).toEqual([{ version: String(head) }]);

    // Another process (no copy of its own) starts from the stored snapshot and reads one event on.
    stateCacheOf(store).clear();
    expect(await readsDuring(() => plt(2))).toEqual([head]);
    // This process then goes on from its own copy.
    expect(await readsDuring(() => plt(3))).toEqual([head + 1]);

    const full = orgHistoryOf(
      (await store.readStream(ORGANISATION_STREAM_ID)).map((e) => ({ type: e.type, data: e.data }) as OrganisationEvent),
    );
    expect(full.assignments.get('PLT-3')).toMatchObject({ acting: true, positionId: 'JAB-S-3' });
    const viaSnapshot = await readState(store, ORGANISATION_STREAM_ID, organisationDecider);
    expect(viaSnapshot.version).toBe(head + 3);
    expect(canonicalState(viaSnapshot.state)).toBe(canonicalState(full));
    const viaCopy = await loadState(store, ORGANISATION_STREAM_ID, organisationDecider, true);
    expect(canonicalState(viaCopy.state)).toBe(canonicalState(full));
    await viaCopy.release();
    // And the decider's own rules still see the whole history: the same Plt twice is refused.
    await expect(plt(3)).rejects.toMatchObject({ code: 'ASSIGNMENT_EXISTS' });
  }, 120_000);

  it('an employee over a career: the state from the snapshot is the full fold', async () => {
    const [nip] = generateNips(1, 99) as Nip[];
    const base = { nip, at };
    const events: EmployeeEvent[] = [
      {
        type: 'EmployeeRegistered',
        data: {
          ...base,
          effectiveDate: '1991-03-01',
          name: 'Siti Aminah',
          asnStatus: 'PNS',
          employmentState: 'ACTIVE',
          positionId: 'JAB-1',
          positionGrade: 5,
          orgUnitId: 'OPD-1',
          salaryBase: '1500000',
          salaryGross: '1800000',
          terCategory: 'A',
          ptkpStatus: 'K/1',
          bankAccount: { bankName: 'BANK JATENG', accountNumber: '123', accountName: 'SITI AMINAH' },
        },
      },
    ];
    for (let i = 1; i < 1500; i++) {
      const effectiveDate = `${1991 + Math.floor(i / 45)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
      events.push({
        type: 'SalaryChanged',
        data: { ...base, effectiveDate, salaryBase: String(1_500_000 + i * 1000), salaryGross: String(1_800_000 + i * 1000) },
      });
    }
    const streamId = employeeStreamId(nip);
    await appendAll(streamId, events);
    const change = (n: number) =>
      handleCommand(
        store,
        streamId,
        employeeDecider,
        {
          type: 'ChangeSalary',
          nip,
          effectiveDate: '2026-01-01',
          salaryBase: String(5_000_000 + n),
          salaryGross: String(6_000_000 + n),
          by: actor,
          now: at,
        },
        { actor },
      );
    await change(1);
    stateCacheOf(store).clear();
    expect(await readsDuring(() => change(2))).toEqual([1499]);
    const full = await fresh(streamId, employeeDecider);
    const viaSnapshot = await readState(store, streamId, employeeDecider);
    expect(viaSnapshot.version).toBe(1501);
    expect(canonicalState(viaSnapshot.state)).toBe(canonicalState(full));
    expect(viaSnapshot.state).toEqual(full);
  });

  it('ignores a snapshot written by another evolve, another state version, or not borne out by the log', async () => {
    const streamId = 'Counter-stale';
    for (let i = 0; i < 30; i++) await handleCommand(store, streamId, counter, { type: 'Count', name: `n${i % 3}` }, { actor });
    const [{ version }] = await snapshotRow(streamId);
    expect(Number(version)).toBe(19);

    // The same snapshot version, but an evolve that counts twice: its key differs, the old snapshot is not read.
    const doubled: Decider<Cmd, Ev, St> = { ...counter, evolve: (s, e) => ({ ...counter.evolve(s, e), count: s.count + 2 }) };
    expect(await readsDuring(async () => expect((await readState(store, streamId, doubled)).state.count).toBe(60))).toEqual([undefined]);
    // A bumped state version: the same.
    const bumped: Decider<Cmd, Ev, St> = { ...counter, snapshot: { version: 'counter-2', every: 10 } };
    expect(await readsDuring(() => readState(store, streamId, bumped))).toEqual([undefined]);

    // A stored snapshot whose head is not the log's event at its version (a database restored from
    // elsewhere, a hand-edited row) is ignored, and replaced by the next command.
    await db.pool.query(`UPDATE stream_snapshots SET head = 'h:00', state = '{"count":1000,"names":{"$map":[]}}' WHERE stream_id = $1`, [
      streamId,
    ]);
    stateCacheOf(store).clear();
    const r = await handleCommand(store, streamId, counter, { type: 'Count', name: 'x' }, { actor });
    expect(r.events[0].data.seen).toBe(30);
    const after = await db.pool.query<{ head: string }>('SELECT head FROM stream_snapshots WHERE stream_id = $1', [streamId]);
    expect(after.rows[0].head).not.toBe('h:00');
    expect(canonicalState((await readState(store, streamId, counter)).state)).toBe(canonicalState(await fresh(streamId, counter)));
  });

  it('commands on a snapshotted stream still conflict and retry as on any stream', async () => {
    const streamId = 'Counter-busy';
    for (let i = 0; i < 25; i++) await handleCommand(store, streamId, counter, { type: 'Count', name: 'a' }, { actor });

    // Concurrent writers in this process and in another one (a second store: no shared copy); four,
    // so that each gets in within its retries (one wins each round).
    const other = new PostgresEventStore({ pool: db.pool });
    try {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          handleCommand(i % 2 ? other : store, streamId, counter, { type: 'Count', name: `w${i}` }, { actor }),
        ),
      );
    } finally {
      await other.close();
    }
    // Every decision saw exactly the events before it: nothing decided on a stale state.
    const log: RecordedEvent[] = await store.readStream(streamId);
    expect(log).toHaveLength(29);
    log.forEach((e) => expect((e.data as Ev['data']).seen).toBe(e.streamPosition));

    // If-Match with a version the stream has passed: 409 with the current version, nothing appended.
    await expect(
      handleCommand(store, streamId, counter, { type: 'Count', name: 'b' }, { actor, expectedVersion: 20 }),
    ).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 28 },
    });
    // A retry with the same Idempotency-Key returns the first answer, found without reading the stream whole.
    const first = await handleCommand(store, streamId, counter, { type: 'Count', name: 'c' }, { actor, idempotencyKey: 'k-1' });
    await handleCommand(store, streamId, counter, { type: 'Count', name: 'd' }, { actor });
    const reads = await readsDuring(async () =>
      expect(await handleCommand(store, streamId, counter, { type: 'Count', name: 'c' }, { actor, idempotencyKey: 'k-1' })).toEqual({
        ...first,
        replayed: true,
      }),
    );
    expect(reads).toEqual([29]);
    expect(await store.streamVersion(streamId)).toBe(30);
  });
});
