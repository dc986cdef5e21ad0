import { randomUUID } from 'node:crypto';
import { isKinerjaError, KinerjaError, systemClock } from '@kinerja/kernel';
import { isWrongExpectedVersion } from '../errors';
import type { AppendOptions, Checkpoint, EventFields, EventStore, NewEvent, RecordedEvent, Upcasters } from '../port';
import { compareCheckpoints, START } from '../port';

/**
 * The contract every EventStore adapter passes (DESIGN.md "The event store": two adapters, one
 * contract suite). An adapter's spec calls `eventStoreContract(name, setup)`; `setup` builds one
 * store that all the tests share (every test uses streams of its own), with
 * `CONTRACT_STORE_OPTIONS`: a 64 KiB event size limit and the upcasters below.
 */

export const CONTRACT_MAX_EVENT_BYTES = 64 * 1024;

/** `ContractRenamed` v1 `{ name }` -> v2 `{ fullName }` -> v3 `{ fullName, initials }`. */
export const CONTRACT_UPCASTERS: Upcasters = {
  ContractRenamed: {
    1: (data: { name: string }) => ({ fullName: data.name }),
    2: (data: { fullName: string }) => ({
      ...data,
      initials: data.fullName
        .split(' ')
        .map((w) => w.charAt(0))
        .join(''),
    }),
  },
};

export const CONTRACT_STORE_OPTIONS = { maxEventBytes: CONTRACT_MAX_EVENT_BYTES, upcasters: CONTRACT_UPCASTERS };

export type ContractSetup = () => Promise<{ store: EventStore; teardown(): Promise<void> } | { skip: string }>;

const ev = (type: string, data: unknown = {}, extra: Partial<NewEvent> = {}): NewEvent => ({ type, data, ...extra });
const withId = (type: string, data: unknown = {}): NewEvent => ({ id: randomUUID(), type, data });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stream of this test alone: the store is shared by every test (and, for a server, by other runs). */
function sid(type = 'Contract'): string {
  return `${type}-${randomUUID()}`;
}

/** The error an operation ends with, whether it throws at once or rejects. */
async function errorOf(op: () => unknown): Promise<unknown> {
  try {
    await op();
  } catch (e) {
    return e;
  }
  throw new Error('expected the operation to fail, and it succeeded');
}

async function expectCode(op: () => unknown, code: string, details?: Record<string, unknown>): Promise<KinerjaError> {
  const e = await errorOf(op);
  if (!isKinerjaError(e)) throw new Error(`expected a KinerjaError ${code}, got ${String(e)}`);
  expect(e.code).toBe(code);
  if (details) expect(e.details).toMatchObject(details);
  return e;
}

async function expectWrongVersion(op: () => unknown, actual: number): Promise<void> {
  const e = await errorOf(op);
  if (!isWrongExpectedVersion(e)) throw new Error(`expected WRONG_EXPECTED_VERSION, got ${String(e)}`);
  expect(e.code).toBe('WRONG_EXPECTED_VERSION');
  expect(e.actual).toBe(actual);
  expect(e.details).toMatchObject({ currentVersion: actual });
  expect(e.httpStatus).toBe(409);
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = systemClock.now().getTime() + timeoutMs;
  while (!(await check())) {
    if (systemClock.now().getTime() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function expectIncreasing(checkpoints: Checkpoint[]): void {
  for (let i = 1; i < checkpoints.length; i++) {
    if (compareCheckpoints(checkpoints[i - 1], checkpoints[i]) >= 0)
      throw new Error(`checkpoints out of order at ${i}: ${JSON.stringify(checkpoints[i - 1])} then ${JSON.stringify(checkpoints[i])}`);
  }
}

/**
 * Registers the contract for one adapter. `unavailable` (known synchronously, e.g. a missing
 * server URL) registers no test at all and prints why, so nothing passes without having run.
 */
export function eventStoreContract(name: string, setup: ContractSetup, unavailable?: string): void {
  let store: EventStore;
  let teardown: (() => Promise<void>) | undefined;
  if (unavailable) {
    console.log(`${name} contract tests skipped: ${unavailable}`);
    return;
  }
  const test = (title: string, body: () => Promise<void>, timeout?: number) => it(title, body, timeout);

  describe(`${name} event store contract`, () => {
    beforeAll(async () => {
      const s = await setup();
      if ('skip' in s) throw new Error(`${name} store unavailable: ${s.skip}`);
      store = s.store;
      teardown = s.teardown;
    });

    afterAll(async () => {
      await teardown?.();
    });

    /** A checkpoint at the log's current end: a fresh marker event of its own. */
    async function mark(): Promise<Checkpoint> {
      const r = await store.append(sid('ContractMarker'), [ev('MarkerPlaced')]);
      return r.positions[0].checkpoint;
    }

    /** Every event after `after` whose stream is one of `streams`, page by page. */
    async function readAllOf(
      streams: Set<string>,
      after: Checkpoint,
      limit: number,
      expected: number,
      fields?: EventFields,
    ): Promise<{ events: RecordedEvent[]; pages: number }> {
      const out: RecordedEvent[] = [];
      let cp = after;
      let pages = 0;
      const deadline = systemClock.now().getTime() + 15_000;
      for (;;) {
        const page = await store.readAll({ after: cp, limit, fields });
        pages++;
        expect(page.events.length).toBeLessThanOrEqual(limit);
        for (const e of page.events) expect(compareCheckpoints(e.checkpoint, cp)).toBeGreaterThan(0);
        expectIncreasing(page.events.map((e) => e.checkpoint));
        if (page.events.length > 0)
          expect(compareCheckpoints(page.checkpoint, page.events[page.events.length - 1].checkpoint)).toBeGreaterThanOrEqual(0);
        expect(compareCheckpoints(page.checkpoint, cp)).toBeGreaterThanOrEqual(0);
        out.push(...page.events.filter((e) => streams.has(e.streamId)));
        cp = page.checkpoint;
        // Done at the log's end once everything appended has been seen; an event appended later
        // by someone else (a shared server) does not keep this loop going forever.
        if (page.events.length === 0 && out.length >= expected) break;
        if (systemClock.now().getTime() > deadline) break;
        if (page.events.length === 0) await sleep(20);
      }
      return { events: out, pages };
    }

    describe('append and read back', () => {
      test('appends to a new stream and reads it back in order with stream positions 0..n-1', async () => {
        const s = sid();
        const events = [
          withId('ContractOpened', { n: 1, amount: '1500000' }),
          { ...withId('ContractChanged', { n: 2, nested: { list: [1, 'two', null] } }), metadata: { actor: 'NIP-1', reason: 'because' } },
          withId('ContractClosed', { n: 3 }),
        ];
        const r = await store.append(s, events, { expectedVersion: 'no_stream' });
        expect(r.nextExpectedVersion).toBe(2);
        expect(r.alreadyAppended).toBe(false);
        expect(r.positions.map((p) => p.streamPosition)).toEqual([0, 1, 2]);
        expectIncreasing(r.positions.map((p) => p.checkpoint));

        const read = await store.readStream(s);
        expect(read.map((e) => [e.id, e.streamPosition, e.type, e.data])).toEqual(events.map((e, i) => [e.id, i, e.type, e.data]));
        for (const e of read) {
          expect(e.streamId).toBe(s);
          expect(e.streamType).toBe('Contract');
          expect(e.schemaVersion).toBe(1);
          expect(e.recordedAt).toBeInstanceOf(Date);
          expect(Number.isNaN(e.recordedAt.getTime())).toBe(false);
          expect(typeof e.checkpoint.transactionId).toBe('string');
          expect(typeof e.checkpoint.globalPosition).toBe('string');
        }
        expect(read[1].metadata).toMatchObject({ actor: 'NIP-1', reason: 'because' });
        expect(read.map((e) => e.checkpoint)).toEqual(r.positions.map((p) => p.checkpoint));
        expect(await store.streamVersion(s)).toBe(2);
      });

      test('appends more to an existing stream, continuing its positions', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const r = await store.append(s, [ev('ContractChanged', { n: 1 }), ev('ContractChanged', { n: 2 })]);
        expect(r.nextExpectedVersion).toBe(2);
        expect(r.positions.map((p) => p.streamPosition)).toEqual([1, 2]);
        const read = await store.readStream(s);
        expect(read.map((e) => e.streamPosition)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.data)).toEqual([{}, { n: 1 }, { n: 2 }]);
        expectIncreasing(read.map((e) => e.checkpoint));
      });

      test('gives events without an id a generated UUID', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened'), ev('ContractOpened')]);
        const read = await store.readStream(s);
        expect(read[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
        expect(read[0].id).not.toBe(read[1].id);
      });

      test('reads a stream that does not exist as empty, at version -1', async () => {
        const s = sid();
        expect(await store.readStream(s)).toEqual([]);
        expect(await store.streamVersion(s)).toBe(-1);
      });
    });

    describe('expected version', () => {
      test('no_stream: appends to a missing stream, refuses an existing one with its current version', async () => {
        const s = sid();
        const r = await store.append(s, [ev('ContractOpened'), ev('ContractChanged')], { expectedVersion: 'no_stream' });
        expect(r.nextExpectedVersion).toBe(1);
        await expectWrongVersion(() => store.append(s, [ev('ContractOpened')], { expectedVersion: 'no_stream' }), 1);
        expect(await store.streamVersion(s)).toBe(1);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      test('a number: appends when it is the current version, refuses a stale or future one', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const r = await store.append(s, [ev('ContractChanged')], { expectedVersion: 0 });
        expect(r.nextExpectedVersion).toBe(1);
        expect(r.positions.map((p) => p.streamPosition)).toEqual([1]);
        await expectWrongVersion(() => store.append(s, [ev('ContractChanged')], { expectedVersion: 0 }), 1);
        await expectWrongVersion(() => store.append(s, [ev('ContractChanged')], { expectedVersion: 5 }), 1);
        const r2 = await store.append(s, [ev('ContractChanged'), ev('ContractChanged')], { expectedVersion: 1 });
        expect(r2.nextExpectedVersion).toBe(3);
        expect(await store.streamVersion(s)).toBe(3);
      });

      test('a number on a missing stream is refused with version -1, and creates nothing', async () => {
        const s = sid();
        await expectWrongVersion(() => store.append(s, [ev('ContractOpened')], { expectedVersion: 0 }), -1);
        expect(await store.streamVersion(s)).toBe(-1);
      });

      test('stream_exists: refuses a missing stream with version -1, appends to an existing one', async () => {
        const s = sid();
        await expectWrongVersion(() => store.append(s, [ev('ContractOpened')], { expectedVersion: 'stream_exists' }), -1);
        expect(await store.streamVersion(s)).toBe(-1);
        expect(await store.readStream(s)).toEqual([]);
        await store.append(s, [ev('ContractOpened')]);
        const r = await store.append(s, [ev('ContractChanged')], { expectedVersion: 'stream_exists' });
        expect(r.nextExpectedVersion).toBe(1);
      });

      test('any (and no option at all): appends whether or not the stream exists', async () => {
        const s = sid();
        expect((await store.append(s, [ev('ContractOpened')], { expectedVersion: 'any' })).nextExpectedVersion).toBe(0);
        expect((await store.append(s, [ev('ContractChanged')], { expectedVersion: 'any' })).nextExpectedVersion).toBe(1);
        expect((await store.append(s, [ev('ContractChanged')])).nextExpectedVersion).toBe(2);
        expect((await store.append(s, [ev('ContractChanged')], {})).nextExpectedVersion).toBe(3);
      });

      test('two concurrent appends at the same expected version: exactly one wins, the loser learns the actual version', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const results = await Promise.allSettled([
          store.append(s, [ev('ContractChanged', { by: 'a' })], { expectedVersion: 0 }),
          store.append(s, [ev('ContractChanged', { by: 'b' })], { expectedVersion: 0 }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason.code).toBe('WRONG_EXPECTED_VERSION');
        expect(lost[0].reason.actual).toBe(1);
        const read = await store.readStream(s);
        expect(read).toHaveLength(2);
      });

      test('many concurrent appends at the same expected version: exactly one wins', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.append(s, [ev('ContractChanged', { i }), ev('ContractChanged', { i })], { expectedVersion: 0 }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.actual).toBe(2);
        expect(await store.streamVersion(s)).toBe(2);
      });

      test('concurrent first appends with no_stream: exactly one creates the stream', async () => {
        const s = sid();
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, (_, i) => store.append(s, [ev('ContractOpened', { i })], { expectedVersion: 'no_stream' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.actual).toBe(0);
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('idempotency', () => {
      async function expectNoOp(s: string, events: NewEvent[], options: AppendOptions, first: { positions: unknown }, length: number) {
        const again = await store.append(s, events, options);
        expect(again.alreadyAppended).toBe(true);
        expect(again.positions).toEqual(first.positions);
        expect(await store.readStream(s)).toHaveLength(length);
        expect(await store.streamVersion(s)).toBe(length - 1);
        return again;
      }

      test('re-appending the same ids with no_stream returns the original positions and appends nothing', async () => {
        const s = sid();
        const events = [withId('ContractOpened', { n: 1 }), withId('ContractChanged', { n: 2 })];
        const first = await store.append(s, events, { expectedVersion: 'no_stream' });
        expect(first.alreadyAppended).toBe(false);
        const again = await expectNoOp(s, events, { expectedVersion: 'no_stream' }, first, 2);
        expect(again.nextExpectedVersion).toBe(1);
      });

      test('re-appending the same ids with the same numeric expected version is a no-op', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const events = [withId('ContractChanged', { n: 1 })];
        const first = await store.append(s, events, { expectedVersion: 0 });
        const again = await expectNoOp(s, events, { expectedVersion: 0 }, first, 2);
        expect(again.nextExpectedVersion).toBe(1);
      });

      test('re-appending the same ids with any is a no-op', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const events = [withId('ContractChanged', { n: 1 }), withId('ContractChanged', { n: 2 })];
        const first = await store.append(s, events, { expectedVersion: 'any' });
        await expectNoOp(s, events, { expectedVersion: 'any' }, first, 3);
      });

      test('a retry after the stream moved on still returns the original positions and appends nothing', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const events = [withId('ContractChanged', { n: 1 })];
        const first = await store.append(s, events, { expectedVersion: 0 });
        await store.append(s, [ev('ContractChanged', { n: 2 })], { expectedVersion: 1 });
        await expectNoOp(s, events, { expectedVersion: 0 }, first, 3);
      });

      test('the re-append is not seen twice in the global log', async () => {
        const s = sid();
        const after = await mark();
        const events = [withId('ContractOpened'), withId('ContractChanged')];
        await store.append(s, events, { expectedVersion: 'no_stream' });
        await store.append(s, events, { expectedVersion: 'no_stream' });
        const { events: seen } = await readAllOf(new Set([s]), after, 100, 2);
        expect(seen.map((e) => e.id)).toEqual(events.map((e) => e.id));
      });
    });

    describe('readStream ranges and as-of', () => {
      let s: string;
      const types = ['ContractA', 'ContractB', 'ContractC', 'ContractD', 'ContractE', 'ContractF'];

      async function sixEvents(): Promise<string> {
        if (!s) {
          s = sid();
          await store.append(
            s,
            types.map((t) => ev(t)),
          );
        }
        return s;
      }
      const positions = (events: RecordedEvent[]) => events.map((e) => e.streamPosition);

      test('from and to are inclusive stream positions', async () => {
        const s = await sixEvents();
        expect(positions(await store.readStream(s, { from: 2 }))).toEqual([2, 3, 4, 5]);
        expect(positions(await store.readStream(s, { to: 3 }))).toEqual([0, 1, 2, 3]);
        expect(positions(await store.readStream(s, { from: 1, to: 3 }))).toEqual([1, 2, 3]);
        expect(positions(await store.readStream(s, { from: 4, to: 4 }))).toEqual([4]);
        expect(positions(await store.readStream(s, { from: 0, to: 100 }))).toEqual([0, 1, 2, 3, 4, 5]);
        expect((await store.readStream(s, { from: 3, to: 3 }))[0].type).toBe('ContractD');
      });

      test('an empty range reads nothing', async () => {
        const s = await sixEvents();
        expect(await store.readStream(s, { from: 6 })).toEqual([]);
        expect(await store.readStream(s, { from: 50, to: 60 })).toEqual([]);
        expect(await store.readStream(s, { from: 4, to: 2 })).toEqual([]);
      });

      test('asOf a checkpoint returns exactly the events at or before it', async () => {
        const s = sid();
        const other = sid();
        const a = await store.append(s, [ev('ContractOpened'), ev('ContractChanged', { n: 1 })]);
        const o = await store.append(other, [ev('ContractOpened')]);
        const b = await store.append(s, [ev('ContractChanged', { n: 2 })]);
        await store.append(s, [ev('ContractChanged', { n: 3 })]);

        expect(positions(await store.readStream(s, { asOf: a.positions[0].checkpoint }))).toEqual([0]);
        expect(positions(await store.readStream(s, { asOf: a.positions[1].checkpoint }))).toEqual([0, 1]);
        // a checkpoint of another stream's event, appended between two of this stream's
        expect(positions(await store.readStream(s, { asOf: o.positions[0].checkpoint }))).toEqual([0, 1]);
        expect(positions(await store.readStream(s, { asOf: b.positions[0].checkpoint }))).toEqual([0, 1, 2]);
        expect(positions(await store.readStream(s, { asOf: START }))).toEqual([]);
        // combined with a range
        expect(positions(await store.readStream(s, { from: 1, asOf: b.positions[0].checkpoint }))).toEqual([1, 2]);
        const all = await store.readStream(s);
        expect(positions(await store.readStream(s, { asOf: all[all.length - 1].checkpoint }))).toEqual([0, 1, 2, 3]);
      });

      test('asOf a time returns the events recorded at or before it', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        await sleep(30);
        await store.append(s, [ev('ContractChanged', { n: 1 })]);
        await sleep(30);
        await store.append(s, [ev('ContractChanged', { n: 2 })]);
        const all = await store.readStream(s);
        // times as the store reports them: the server's clock, not this process's
        expect(positions(await store.readStream(s, { asOf: all[1].recordedAt }))).toEqual([0, 1]);
        expect(positions(await store.readStream(s, { asOf: new Date(all[1].recordedAt.getTime() - 1) }))).toEqual([0]);
        expect(positions(await store.readStream(s, { asOf: all[2].recordedAt }))).toEqual([0, 1, 2]);
        expect(positions(await store.readStream(s, { asOf: new Date(all[0].recordedAt.getTime() - 1) }))).toEqual([]);
      });
    });

    describe('readAll', () => {
      test('returns the events of many streams in an order consistent with each stream; paging visits each once', async () => {
        const after = await mark();
        const streams = [sid(), sid(), sid()];
        const appended: string[] = [];
        // interleaved appends, some of them concurrent
        for (let round = 0; round < 4; round++) {
          await Promise.all(
            streams.map(async (s, i) => {
              const events = Array.from({ length: 1 + ((round + i) % 3) }, (_, k) => withId('ContractChanged', { round, k }));
              await store.append(s, events);
              appended.push(...events.map((e) => e.id!));
            }),
          );
        }
        const { events, pages } = await readAllOf(new Set(streams), after, 3, appended.length);
        expect(pages).toBeGreaterThan(appended.length / 3);

        const ids = events.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual([...appended].sort());
        expectIncreasing(events.map((e) => e.checkpoint));
        for (const s of streams) {
          const mine = events.filter((e) => e.streamId === s);
          expect(mine.map((e) => e.streamPosition)).toEqual(mine.map((_, i) => i));
          const read = await store.readStream(s);
          expect(mine.map((e) => [e.id, e.checkpoint])).toEqual(read.map((e) => [e.id, e.checkpoint]));
        }
      });

      test('paging with every limit from 1 up visits every event exactly once', async () => {
        const after = await mark();
        const s = sid();
        await store.append(
          s,
          Array.from({ length: 7 }, (_, i) => ev('ContractChanged', { i })),
        );
        for (const limit of [1, 2, 5, 7, 100]) {
          const { events } = await readAllOf(new Set([s]), after, limit, 7);
          expect(events.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        }
      });

      test('an empty page keeps the checkpoint it was given', async () => {
        const after = await mark();
        const s = sid();
        await store.append(s, [ev('ContractChanged')]);
        const { events } = await readAllOf(new Set([s]), after, 10, 1);
        const last = events[events.length - 1].checkpoint;
        // read to the log's end, then once more: nothing new, and the checkpoint does not move back
        let cp = last;
        for (;;) {
          const page = await store.readAll({ after: cp, limit: 1000 });
          if (page.events.length === 0) {
            expect(compareCheckpoints(page.checkpoint, cp)).toBeGreaterThanOrEqual(0);
            break;
          }
          cp = page.checkpoint;
        }
      });

      test('types filters the events and the checkpoint still advances past the others', async () => {
        const after = await mark();
        const s = sid();
        await store.append(s, [
          ev('ContractKept', { n: 0 }),
          ev('ContractDropped'),
          ev('ContractDropped'),
          ev('ContractKept', { n: 1 }),
          ev('ContractDropped'),
        ]);
        const kept: RecordedEvent[] = [];
        let cp = after;
        const deadline = systemClock.now().getTime() + 10_000;
        while (systemClock.now().getTime() < deadline) {
          const page = await store.readAll({ after: cp, limit: 1, types: ['ContractKept'] });
          for (const e of page.events) expect(e.type).toBe('ContractKept');
          kept.push(...page.events.filter((e) => e.streamId === s));
          expect(compareCheckpoints(page.checkpoint, cp)).toBeGreaterThanOrEqual(0);
          if (page.events.length === 0 && kept.length >= 2) break;
          cp = page.checkpoint;
        }
        expect(kept.map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }]);
      });

      test('a read that finds none of its types still moves past the others it read: the next read does not read them again', async () => {
        const after = await mark();
        const s = sid();
        await store.append(s, [ev('ContractDropped'), ev('ContractDropped'), ev('ContractDropped')]);
        const last = (await store.readStream(s)).at(-1)!.checkpoint;
        // Once the three are readable (other writers may hold the horizon back a moment), an empty page's checkpoint is at or past them.
        const deadline = systemClock.now().getTime() + 10_000;
        let page = await store.readAll({ after, limit: 10, types: ['ContractNeverAppended'] });
        while (compareCheckpoints(page.checkpoint, last) < 0 && systemClock.now().getTime() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
          page = await store.readAll({ after, limit: 10, types: ['ContractNeverAppended'] });
        }
        expect(page.events).toEqual([]);
        expect(compareCheckpoints(page.checkpoint, last)).toBeGreaterThanOrEqual(0);
        // Nothing of the stream lies past it.
        const rest = await store.readAll({ after: page.checkpoint, limit: 1000 });
        expect(rest.events.filter((e) => e.streamId === s)).toEqual([]);
      });
    });

    describe('readAll of some fields', () => {
      test('a reader of some keys of the data gets those the data has, with their values; the types it reads whole and the upcasted ones come whole; no hash when it asks for none', async () => {
        const after = await mark();
        const s = sid();
        await store.append(s, [
          ev('ContractKeyed', { nip: '199001012020011001', opdId: 'DISDIK', note: 'x'.repeat(2000), nested: { opdId: 'not this one' } }),
          ev('ContractKeyed', { nip: null, other: 1 }), // a key held as null, a key the data lacks
          ev('ContractKeyed', ['nip', 'opdId']), // data that is no object
          ev('ContractKeyed', JSON.parse('{"__proto__": {"polluted": true}, "opdId": "Dinas Pendidikan — Pusat"}')),
          ev('ContractWhole', { nip: '1', rest: { list: [1, 2] } }),
          ev('ContractRenamed', { name: 'Siti Aminah' }, { schemaVersion: 1 }),
        ]);
        const fields: EventFields = { hashes: false, dataKeys: ['nip', 'opdId', '__proto__'], wholeData: ['ContractWhole'] };
        const whole = (await readAllOf(new Set([s]), after, 100, 6)).events;
        const some = (await readAllOf(new Set([s]), after, 100, 6, fields)).events;
        expect(some.map((e) => e.id)).toEqual(whole.map((e) => e.id));
        const own = (o: unknown, k: string) =>
          typeof o === 'object' && o !== null && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k);
        for (const [i, e] of some.entries()) {
          const w = whole[i];
          expect(e.hash).toBeUndefined();
          expect(e.prevHash).toBeUndefined();
          // Everything but the data and the hashes as a whole read gives it.
          const rest = (x: RecordedEvent) => ({ ...x, data: undefined, hash: undefined, prevHash: undefined });
          expect(rest(e)).toEqual(rest(w));
          if (e.type !== 'ContractKeyed') {
            expect(e.data).toEqual(w.data);
            continue;
          }
          for (const k of fields.dataKeys!) {
            expect([k, own(e.data, k)]).toEqual([k, own(w.data, k)]);
            if (own(w.data, k)) expect((e.data as Record<string, unknown>)[k]).toEqual((w.data as Record<string, unknown>)[k]);
          }
        }
        expect(some[5].data).toEqual({ fullName: 'Siti Aminah', initials: 'SA' });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });

    describe('subscribe', () => {
      test('delivers existing then new events exactly once, in order, and stops cleanly', async () => {
        const after = await mark();
        const s = sid();
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const e = withId('ContractChanged', { i });
          ids.push(e.id!);
          await store.append(s, [e]);
        }

        const seen: RecordedEvent[] = [];
        const batchCheckpoints: Checkpoint[] = [];
        let running = false;
        let overlapped = false;
        const errors: unknown[] = [];
        const sub = store.subscribe({
          after,
          batchSize: 2,
          onError: (e) => errors.push(e),
          handler: async (events, checkpoint) => {
            if (running) overlapped = true;
            running = true;
            expect(events.length).toBeGreaterThan(0);
            expect(events.length).toBeLessThanOrEqual(2);
            expect(compareCheckpoints(checkpoint, events[events.length - 1].checkpoint)).toBeGreaterThanOrEqual(0);
            batchCheckpoints.push(checkpoint);
            seen.push(...events.filter((e) => e.streamId === s));
            await sleep(5);
            running = false;
          },
        });
        try {
          await eventually(() => seen.length >= 3, 'the existing events');
          for (let i = 3; i < 5; i++) {
            const e = withId('ContractChanged', { i });
            ids.push(e.id!);
            await store.append(s, [e]);
          }
          await eventually(() => seen.length >= 5, 'the new events');
          await sleep(200);
        } finally {
          await sub.stop();
        }
        expect(running).toBe(false);
        expect(overlapped).toBe(false);
        expect(errors).toEqual([]);
        expect(seen.map((e) => e.id)).toEqual(ids);
        expect(seen.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4]);
        expectIncreasing(batchCheckpoints);
        expect(compareCheckpoints(sub.checkpoint, seen[4].checkpoint)).toBeGreaterThanOrEqual(0);

        // stopped means stopped
        await store.append(s, [ev('ContractChanged', { i: 5 })]);
        await sleep(300);
        expect(seen).toHaveLength(5);
      });

      test('a subscription after a checkpoint starts strictly after it', async () => {
        const s = sid();
        const first = await store.append(s, [ev('ContractChanged', { i: 0 }), ev('ContractChanged', { i: 1 })]);
        await store.append(s, [ev('ContractChanged', { i: 2 })]);
        const seen: RecordedEvent[] = [];
        const sub = store.subscribe({
          after: first.positions[1].checkpoint,
          handler: async (events) => {
            seen.push(...events.filter((e) => e.streamId === s));
          },
        });
        try {
          await eventually(() => seen.length >= 1, 'the event after the checkpoint');
          await sleep(100);
        } finally {
          await sub.stop();
        }
        expect(seen.map((e) => e.data)).toEqual([{ i: 2 }]);
      });
    });

    describe('catch-up subscription from a stored checkpoint', () => {
      test('a consumer that stores the checkpoint with its effects and restarts from it sees every event once, none skipped, while appenders write', async () => {
        const after = await mark();
        const streams = Array.from({ length: 4 }, () => sid());
        const appended = new Map<string, string[]>(streams.map((s) => [s, []]));
        let appending = true;
        // Concurrent appenders: each stream gets singles and pairs, all streams at once.
        const appenders = Promise.all(
          streams.map(async (s, i) => {
            for (let round = 0; round < 12; round++) {
              const events = Array.from({ length: 1 + ((round + i) % 2) }, (_, k) => withId('ContractChanged', { round, k }));
              await store.append(s, events);
              appended.get(s)!.push(...events.map((e) => e.id!));
              if (round % 4 === i) await sleep(5);
            }
          }),
        ).finally(() => (appending = false));
        const total = () => [...appended.values()].reduce((n, ids) => n + ids.length, 0);

        // The consumer's own store: what it has seen and the checkpoint, updated together.
        const mine = new Set(streams);
        const seen: RecordedEvent[] = [];
        let stored = after;
        let restarts = 0;
        const deadline = systemClock.now().getTime() + 30_000;
        while (appending || seen.length < total()) {
          if (systemClock.now().getTime() > deadline) throw new Error(`timed out: ${seen.length} of ${total()} events seen`);
          const before = seen.length;
          const sub = store.subscribe({
            after: stored,
            batchSize: 3,
            handler: async (events, checkpoint) => {
              expect(compareCheckpoints(checkpoint, stored)).toBeGreaterThan(0);
              seen.push(...events.filter((e) => mine.has(e.streamId)));
              stored = checkpoint;
            },
          });
          // Stopped mid-stream and resumed from what it stored, again and again.
          await eventually(() => seen.length >= before + 5 || (!appending && seen.length >= total()), 'more events', 15_000).catch(
            () => undefined,
          );
          await sub.stop();
          restarts++;
        }
        await appenders;
        expect(restarts).toBeGreaterThan(1);

        const ids = seen.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length); // no event twice
        expect([...ids].sort()).toEqual([...appended.values()].flat().sort()); // none skipped
        for (const s of streams) {
          const ofStream = seen.filter((e) => e.streamId === s);
          expect(ofStream.map((e) => e.id)).toEqual(appended.get(s));
          expect(ofStream.map((e) => e.streamPosition)).toEqual(ofStream.map((_, i) => i));
        }
        expectIncreasing(seen.map((e) => e.checkpoint));
      }, 60_000);

      test('resumed from the checkpoint of a readAll page, a subscription goes on with the next event', async () => {
        const s = sid();
        const after = await mark();
        await store.append(
          s,
          [0, 1, 2, 3, 4].map((i) => ev('ContractChanged', { i })),
        );
        const { events } = await readAllOf(new Set([s]), after, 100, 5);
        const seen: RecordedEvent[] = [];
        const sub = store.subscribe({
          after: events[2].checkpoint,
          batchSize: 1,
          handler: async (batch) => void seen.push(...batch.filter((e) => e.streamId === s)),
        });
        try {
          await eventually(() => seen.length >= 2, 'the events after the third');
          await store.append(s, [ev('ContractChanged', { i: 5 })]);
          await eventually(() => seen.length >= 3, 'the new event');
          await sleep(100);
        } finally {
          await sub.stop();
        }
        expect(seen.map((e) => e.data)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }]);
      });
    });

    describe('head, backlog and integrity', () => {
      test("head is at or past the last event appended; backlog counts a reader's events past its checkpoint", async () => {
        const s = sid();
        const after = await mark();
        const r = await store.append(s, [ev('ContractKept'), ev('ContractDropped'), ev('ContractKept'), ev('ContractKept')]);
        const last = r.positions[3].checkpoint;
        expect(compareCheckpoints(await store.head(), last)).toBeGreaterThanOrEqual(0);

        const upTo = { upTo: last };
        // Waited for: a store may show a committed event to readers a moment later (PostgreSQL's horizon).
        await eventually(async () => (await store.backlog({ after, ...upTo })).events === 4, 'the four events in the backlog');
        expect(await store.backlog({ after, ...upTo, types: ['ContractKept'] })).toMatchObject({ events: 3 });
        expect(await store.backlog({ after, ...upTo, max: 2 })).toMatchObject({ events: 2 });
        expect(await store.backlog({ after: r.positions[1].checkpoint, ...upTo, types: ['ContractKept'] })).toMatchObject({ events: 2 });
        expect(await store.backlog({ after: last, ...upTo })).toEqual({ events: 0, oldestAgeSeconds: null });
        const { oldestAgeSeconds } = await store.backlog({ after, ...upTo });
        expect(oldestAgeSeconds).toEqual(expect.any(Number));
        expect(oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      });

      test('verifyIntegrity passes an intact log and says what it proves and what it cannot', async () => {
        const s = sid();
        await store.append(s, [ev('ContractChanged'), ev('ContractChanged')]);
        const progress: number[] = [];
        const report = await store.verifyIntegrity({ onProgress: (p) => void progress.push(p.checked) });
        expect(report).toMatchObject({ ok: true, summary: expect.any(String) });
        expect(report.firstBroken).toBeUndefined();
        expect(report.eventsChecked).toBeGreaterThanOrEqual(2);
        expect(report.streamsChecked).toBeGreaterThanOrEqual(1);
        expect(report.proves.length).toBeGreaterThan(0);
        expect(report.cannotProve.length).toBeGreaterThan(0);
        expect(progress[progress.length - 1]).toBe(report.eventsChecked);
      });
    });

    describe('upcasting', () => {
      test('raises an old schema version to the newest shape on read, through every step', async () => {
        const s = sid();
        const after = await mark();
        await store.append(s, [
          ev('ContractRenamed', { name: 'Siti Aminah' }, { schemaVersion: 1 }),
          ev('ContractRenamed', { fullName: 'Budi Santoso' }, { schemaVersion: 2 }),
          ev('ContractRenamed', { fullName: 'Dewi Lestari', initials: 'DL' }, { schemaVersion: 3 }),
          ev('ContractRenamed', { name: 'Agus Salim' }),
          ev('ContractOpened', { name: 'untouched' }, { schemaVersion: 1 }),
        ]);
        const expected = [
          [3, { fullName: 'Siti Aminah', initials: 'SA' }],
          [3, { fullName: 'Budi Santoso', initials: 'BS' }],
          [3, { fullName: 'Dewi Lestari', initials: 'DL' }],
          [3, { fullName: 'Agus Salim', initials: 'AS' }],
          [1, { name: 'untouched' }],
        ];
        const read = await store.readStream(s);
        expect(read.map((e) => [e.schemaVersion, e.data])).toEqual(expected);

        const { events } = await readAllOf(new Set([s]), after, 100, 5);
        expect(events.map((e) => [e.schemaVersion, e.data])).toEqual(expected);

        const seen: RecordedEvent[] = [];
        const sub = store.subscribe({ after, handler: async (batch) => void seen.push(...batch.filter((e) => e.streamId === s)) });
        try {
          await eventually(() => seen.length >= 5, 'the subscribed events');
        } finally {
          await sub.stop();
        }
        expect(seen.map((e) => [e.schemaVersion, e.data])).toEqual(expected);
      });

      test('raw reads return the events as stored', async () => {
        const s = sid();
        await store.append(s, [ev('ContractRenamed', { name: 'Siti Aminah' }, { schemaVersion: 1 })]);
        const [raw] = await store.readStream(s, { raw: true });
        expect([raw.schemaVersion, raw.data]).toEqual([1, { name: 'Siti Aminah' }]);
      });

      test('keeps metadata as given, apart from the schema version', async () => {
        const s = sid();
        const metadata = { actor: 'NIP-198001012005011001', role: 'ATASAN', correlationId: randomUUID(), policyVersion: 'perkada-2026-1' };
        await store.append(s, [ev('ContractRenamed', { name: 'A B' }, { metadata, schemaVersion: 1 })]);
        const [e] = await store.readStream(s);
        expect(e.metadata).toEqual(metadata);
      });
    });

    describe('bad input is refused before any I/O, with a code, and appends nothing', () => {
      test('an invalid stream name: INVALID_STREAM_NAME', async () => {
        for (const bad of [
          '',
          'lowercase-1',
          'NoDash',
          '$all',
          '$ce-Contract',
          'Contract-',
          'Contract-has space',
          'Contract-/x',
          `Contract-${'x'.repeat(300)}`,
        ]) {
          const e = await expectCode(() => store.append(bad, [ev('ContractOpened')]), 'INVALID_STREAM_NAME');
          expect(e.httpStatus).toBe(400);
        }
        await expectCode(() => store.append(undefined as unknown as string, [ev('ContractOpened')]), 'INVALID_STREAM_NAME');
        await expectCode(() => store.readStream('not a stream'), 'INVALID_STREAM_NAME');
        await expectCode(() => store.streamVersion('not a stream'), 'INVALID_STREAM_NAME');
      });

      test('a negative or malformed expected version: INVALID_EXPECTED_VERSION', async () => {
        const s = sid();
        for (const bad of [-1, -2, 1.5, Number.NaN, 'latest', '0']) {
          await expectCode(() => store.append(s, [ev('ContractOpened')], { expectedVersion: bad as never }), 'INVALID_EXPECTED_VERSION');
        }
        expect(await store.streamVersion(s)).toBe(-1);
      });

      test('an empty event list: NO_EVENTS', async () => {
        const s = sid();
        await expectCode(() => store.append(s, []), 'NO_EVENTS');
        expect(await store.streamVersion(s)).toBe(-1);
      });

      test('an event over the size limit: EVENT_TOO_LARGE, and none of its batch is appended', async () => {
        const s = sid();
        await store.append(s, [ev('ContractOpened')]);
        const big = 'x'.repeat(CONTRACT_MAX_EVENT_BYTES + 1);
        const e = await expectCode(
          () => store.append(s, [ev('ContractChanged', { ok: true }), ev('ContractChanged', { big })]),
          'EVENT_TOO_LARGE',
          {
            index: 1,
            limit: CONTRACT_MAX_EVENT_BYTES,
          },
        );
        expect(e.httpStatus).toBe(413);
        await expectCode(() => store.append(s, [ev('ContractChanged', {}, { metadata: { reason: big } })]), 'EVENT_TOO_LARGE');
        expect(await store.streamVersion(s)).toBe(0);
        // just under the limit is fine
        const fits = await store.append(s, [ev('ContractChanged', 'y'.repeat(CONTRACT_MAX_EVENT_BYTES - 100))]);
        expect(fits.nextExpectedVersion).toBe(1);
      });

      test('a bad event type, event id or schema version, or the same id twice', async () => {
        const s = sid();
        await expectCode(() => store.append(s, [ev('not-a-type')]), 'INVALID_EVENT_TYPE');
        await expectCode(() => store.append(s, [ev('$SystemLooking')]), 'INVALID_EVENT_TYPE');
        await expectCode(() => store.append(s, [{ id: 'not-a-uuid', type: 'ContractOpened', data: {} }]), 'INVALID_EVENT_ID');
        const id = randomUUID();
        await expectCode(
          () =>
            store.append(s, [
              { id, type: 'ContractOpened', data: {} },
              { id, type: 'ContractOpened', data: {} },
            ]),
          'DUPLICATE_EVENT_ID',
        );
        await expectCode(() => store.append(s, [ev('ContractOpened', {}, { schemaVersion: 0 })]), 'INVALID_SCHEMA_VERSION');
        expect(await store.streamVersion(s)).toBe(-1);
      });

      test('a lone UTF-16 surrogate in data, a key or metadata: INVALID_EVENT_DATA naming where, nothing appended', async () => {
        const s = sid();
        await expectCode(
          () => store.append(s, [ev('ContractOpened', { ok: true }), ev('ContractChanged', { lines: [{ note: 'a\ud800b' }] })]),
          'INVALID_EVENT_DATA',
          {
            index: 1,
            field: 'data.lines[0].note',
            character: 'U+D800',
          },
        );
        await expectCode(() => store.append(s, [ev('ContractOpened', { ['k\udfff']: 1 })]), 'INVALID_EVENT_DATA', { field: 'data' });
        await expectCode(() => store.append(s, [ev('ContractOpened', {}, { metadata: { reason: '\udbff' } })]), 'INVALID_EVENT_DATA', {
          field: 'metadata.reason',
        });
        expect(await store.streamVersion(s)).toBe(-1);
        // A well-formed pair (an emoji) is text like any other.
        await store.append(s, [ev('ContractOpened', { note: 'terima kasih \ud83d\ude4f' })]);
        expect((await store.readStream(s))[0].data).toEqual({ note: 'terima kasih \ud83d\ude4f' });
      });

      test('text that only looks like an escape (a backslash, then "ud800" or "u0000") is stored as written', async () => {
        // The store searches the serialised text for the escapes of a lone surrogate or NUL; an
        // escaped backslash before the same letters is ordinary text and must not be refused.
        const s = sid();
        const data = { path: 'C:\\ud800\\u0000', odd: '\\\\ud83d', key: { ['\\udfff']: 'x' } };
        await store.append(s, [ev('ContractOpened', data)]);
        expect((await store.readStream(s))[0].data).toEqual(data);
      });

      test('a BigInt or a non-finite number: INVALID_EVENT_DATA, nothing appended', async () => {
        const s = sid();
        await expectCode(
          () => store.append(s, [ev('ContractOpened', { ok: 1 }), ev('ContractChanged', { n: 10n })]),
          'INVALID_EVENT_DATA',
          {
            index: 1,
          },
        );
        await expectCode(() => store.append(s, [ev('ContractOpened', { n: Number.NaN })]), 'INVALID_EVENT_DATA', { index: 0 });
        await expectCode(() => store.append(s, [ev('ContractOpened', {}, { metadata: { n: Infinity } })]), 'INVALID_EVENT_DATA');
        expect(await store.streamVersion(s)).toBe(-1);
      });
    });
  });
}
