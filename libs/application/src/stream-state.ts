import { createHash } from 'node:crypto';
import { Decider, decodeState, encodeState, fold, SnapshotPolicy } from '@kinerja/kernel';
import { EventStore, RecordedEvent, snapshotHead, snapshotsOf, StreamSnapshots } from '@kinerja/event-store';

/**
 * A stream's state for a command, without folding the whole stream on every command when it is
 * long (issue 17: the organisation of a 10,000-employee Pemda over years, an employee over a
 * career). Three sources, tried in order, each only an optimisation checked against the log:
 *
 * 1. this process's copy from its last command on the stream (`StreamStateCache`);
 * 2. the stored snapshot (`stream_snapshots`, shared by every process);
 * 3. the whole stream, folded.
 *
 * A copy or snapshot at version v is used only when the store still has, at position v, the very
 * event it was folded up to (its chain hash, which covers every event before it); the events after
 * v are then read from the log and folded on. So the state is always the fold of the log as read
 * now, exactly as a full read would give it, and the append after the decision still carries the
 * version read as its expected version: a concurrent writer is caught as before. A snapshot is also
 * keyed by its decider (`stateKey`): a changed evolve never reads a snapshot an older one wrote.
 */

export interface LoadedState<S> {
  state: S;
  /** The position of the stream's last event (-1: no stream). */
  version: number;
  /** The whole stream as read, when it was read whole without a snapshot policy (the idempotency check reads it). */
  recorded?: RecordedEvent[];
  /** Hands the state back for the next command (the state must not be used after). */
  release(): Promise<void>;
}

interface Cached<S> {
  state: S;
  version: number;
  head: string;
  /** The version of the newest snapshot stored (-1: none). */
  stored: number;
  /** The stored snapshot is not borne out by the log: overwrite it. */
  replace?: boolean;
}

const DEFAULT_EVERY = 100;

/**
 * States of long streams this process decided on last, each taken out while a command folds on it
 * in place (a concurrent command on the same stream in this process then folds its own) and put back
 * after. A bounded number of streams; nothing in it decides anything (see above).
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Cached<unknown>>();

  constructor(private readonly max = 256) {}

  /** The copy, taken out (`exclusive`: its user may change it in place) or left for others too. */
  take<S>(key: string, exclusive = true): Cached<S> | undefined {
    const e = this.entries.get(key);
    if (e && exclusive) this.entries.delete(key);
    return e as Cached<S> | undefined;
  }

  put<S>(key: string, e: Cached<S>): void {
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}

const caches = new WeakMap<EventStore, StreamStateCache>();

/** This process's cache of states read from `store`. */
export function stateCacheOf(store: EventStore): StreamStateCache {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new StreamStateCache()));
  return c;
}

type Folding<E, S> = Pick<Decider<unknown, E, S>, 'evolve' | 'initialState' | 'snapshot'>;

/** Computed keys, by evolve, then by policy (a decider spread with another evolve keeps the policy object), then by reader. */
const keys = new WeakMap<object, WeakMap<object, Map<string, string>>>();

/**
 * The key a decider's snapshots are stored under: sha256 of its snapshot version, the code of its
 * evolve and apply, its encoded initial state and the store's upcasters. Any edit of evolve gives
 * another key, so the old snapshots are simply never read again.
 */
export function stateKey<E, S>(decider: Folding<E, S>, policy: SnapshotPolicy<E, S>, readerKey: string): string {
  let byPolicy = keys.get(decider.evolve);
  if (!byPolicy) keys.set(decider.evolve, (byPolicy = new WeakMap()));
  let byReader = byPolicy.get(policy);
  if (!byReader) byPolicy.set(policy, (byReader = new Map()));
  let key = byReader.get(readerKey);
  if (!key) {
    key = createHash('sha256')
      .update(
        [policy.version, decider.evolve.toString(), policy.apply?.toString() ?? '', encodeState(decider.initialState()), readerKey].join(
          '\0',
        ),
      )
      .digest('hex');
    byReader.set(readerKey, key);
  }
  return key;
}

const domainEvent = <E>(e: RecordedEvent): E => ({ type: e.type, data: e.data }) as E;

function foldOn<E, S>(decider: Folding<E, S>, policy: SnapshotPolicy<E, S>, state: S, events: readonly RecordedEvent[], from: number): S {
  const apply = policy.apply ?? decider.evolve;
  for (let i = from; i < events.length; i++) state = apply(state, domainEvent<E>(events[i]));
  return state;
}

/**
 * The stream's state and version. `forCommand`: the state is this caller's alone until `release`
 * (it may come from, and goes back to, this process's cache, and a long stream's snapshot is written
 * on release); otherwise the caller keeps it.
 */
export async function loadState<E, S>(
  store: EventStore,
  streamId: string,
  decider: Folding<E, S> & { load?: (events: E[]) => S },
  forCommand: boolean,
): Promise<LoadedState<S>> {
  const policy = decider.snapshot;
  const snapshots = policy && snapshotsOf(store);
  if (!policy || !snapshots) {
    const recorded = await store.readStream(streamId);
    const events = recorded.map((e) => domainEvent<E>(e));
    // A decider may bring a linear-time loader for long streams.
    const state = decider.load ? decider.load(events) : fold(decider, events);
    return { state, version: recorded.length - 1, recorded, release: async () => undefined };
  }
  const key = stateKey(decider, policy, snapshots.readerKey);
  const cacheKey = `${streamId}\n${key}`;
  const cache = forCommand ? stateCacheOf(store) : undefined;
  // A state folded on in place (`apply`) is one command's at a time; one the pure evolve folds on is
  // never changed, so concurrent commands of this process may share it.
  let base = cache?.take<S>(cacheKey, policy.apply !== undefined);
  if (!base) base = await storedSnapshot<S>(snapshots, streamId, key);
  let state: S;
  let version: number;
  let head: string;
  const tail = await store.readStream(streamId, base ? { from: base.version } : {});
  if (base && tail.length > 0 && tail[0].streamPosition === base.version && snapshotHead(tail[0]) === base.head) {
    state = foldOn(decider, policy, base.state, tail, 1);
    version = tail[tail.length - 1].streamPosition;
    head = snapshotHead(tail[tail.length - 1]);
  } else {
    // No snapshot, or one the log does not bear out (a stream of another database, a log restored
    // from elsewhere): the whole stream, folded.
    const all = base ? await store.readStream(streamId) : tail;
    state = foldOn(decider, policy, decider.initialState(), all, 0);
    version = all.length - 1;
    head = all.length ? snapshotHead(all[all.length - 1]) : '';
    if (base) base = { ...base, stored: -1, replace: true };
  }
  const stored = base?.stored ?? -1;
  const replace = base?.replace ?? false;
  const every = policy.every ?? DEFAULT_EVERY;
  const release = async () => {
    if (!cache || version + 1 < every) return;
    const entry: Cached<S> = { state, version, head, stored };
    let text: string | undefined;
    if (version - stored >= every) {
      // Not tried again before the stream has grown by `every` more, whether it is written or not.
      entry.stored = version;
      try {
        text = encodeState(state);
      } catch {
        // A state the codec refuses is not snapshotted (another process folds its stream whole).
      }
    }
    cache.put(cacheKey, entry);
    // The snapshot is only an optimisation: failing to keep it never fails the command.
    if (text !== undefined) await snapshots.write(streamId, key, { version, head, state: text }, replace).catch(() => undefined);
  };
  return { state, version, release };
}

async function storedSnapshot<S>(snapshots: StreamSnapshots, streamId: string, key: string): Promise<Cached<S> | undefined> {
  const s = await snapshots.read(streamId, key);
  if (!s) return undefined;
  try {
    return { state: decodeState<S>(s.state), version: s.version, head: s.head, stored: s.version };
  } catch {
    return undefined;
  }
}
