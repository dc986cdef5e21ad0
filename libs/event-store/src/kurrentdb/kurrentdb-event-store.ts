import { EventEmitter } from 'node:events';
import {
  AllStreamRecordedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  ErrorType,
  EventData,
  EventStoreDBClient,
  FORWARDS,
  isCommandError,
  jsonEvent,
  JSONType,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent as KurrentRecordedEvent,
  START as KURRENT_START,
  StreamingRead,
  STREAM_EXISTS,
  ANY,
  streamNameFilter,
  AllStreamSubscription,
} from '@eventstore/db-client';
import { badInput, Clock, KinerjaError, newId, systemClock } from '@kinerja/kernel';
import { STREAM_ID_RE, WrongExpectedVersion } from '../errors';
import type {
  StreamHeads,
  AppendOptions,
  AppendResult,
  Backlog,
  BacklogOptions,
  Checkpoint,
  IntegrityReport,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscribeOptions,
  Upcasters,
} from '../port';
import { compareCheckpoints, START } from '../port';
import { upcast } from '../upcast';
import { assertCheckpoint, assertStreamId, DEFAULT_MAX_EVENT_BYTES, nextAppend, streamTypeOf, validateAppend } from '../validate';

export interface KurrentDbEventStoreOptions {
  /** `kurrentdb://...` / `esdb://...` connection string (ignored when `client` is given). */
  connectionString?: string;
  /** An existing client; the store does not dispose a client it did not create. */
  client?: EventStoreDBClient;
  /** Largest event (data + metadata as JSON) accepted, in bytes. */
  maxEventBytes?: number;
  upcasters?: Upcasters;
  /** How often a subscription looks for new events written by other processes. */
  pollIntervalMs?: number;
  /** "Now" for the age of the oldest unapplied event (the machine's clock by default). */
  clock?: Clock;
}

/** The key in KurrentDB's event metadata that carries our schema version. */
const SCHEMA_VERSION_KEY = '$schemaVersion';
const READ_PAGE = 512;

/**
 * The KurrentDB (EventStoreDB) event store, for users who already run a cluster.
 *
 * Mapping onto the port:
 * - a stream is a KurrentDB stream of the same name; revisions are our 0-based stream positions;
 * - a checkpoint is the event's $all position: `transactionId` = commit, `globalPosition` =
 *   prepare (the $all order is (commit, prepare), the same order `compareCheckpoints` gives);
 * - schema version and metadata travel in the event's metadata JSON (`{ ...metadata, $schemaVersion }`);
 * - `recordedAt` is KurrentDB's `created`;
 * - no hash chain: tamper evidence is the PostgreSQL adapter's job (`hash`/`prevHash` undefined);
 * - the global log is kinerja's streams only: `$all` filtered by the stream-id syntax every
 *   append is held to (`STREAM_ID_RE`), so KurrentDB's `$` streams and other writers' are skipped;
 * - other processes' appends wake this one through a live `$all` subscription under that filter;
 *   the events themselves are always read from a checkpoint (`readAll`), which the caller keeps.
 *
 * Needs a server that returns positions on stream reads (EventStoreDB 22.6 or later, any KurrentDB).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly maxEventBytes: number;
  private readonly upcasters?: Upcasters;
  private readonly pollIntervalMs: number;
  private readonly clock: Clock;
  private readonly wake = new EventEmitter();
  private readonly subscriptions = new Set<Subscription>();
  private live?: AllStreamSubscription;
  private closed = false;

  constructor(options: KurrentDbEventStoreOptions) {
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      if (!options.connectionString) throw badInput('KURRENTDB_CONNECTION_STRING_MISSING', 'give a connectionString or a client');
      // Client 6.x knows the esdb:// scheme; KurrentDB's own kurrentdb:// means the same.
      this.client = EventStoreDBClient.connectionString(options.connectionString.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://'));
      this.ownsClient = true;
    }
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.upcasters = options.upcasters;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.clock = options.clock ?? systemClock;
    this.wake.setMaxListeners(0);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    validateAppend(streamId, events, options, this.maxEventBytes);
    this.assertOpen();
    const expected = options.expectedVersion ?? 'any';
    const callerIds = events.some((e) => e.id !== undefined);
    const ids = events.map((e) => e.id ?? newId());
    const data: EventData[] = events.map((e, i) =>
      jsonEvent({
        id: ids[i],
        type: e.type,
        // `data` may be any JSON value; the client serialises it with JSON.stringify
        data: (e.data ?? null) as JSONType,
        metadata: { ...(e.metadata ?? {}), [SCHEMA_VERSION_KEY]: e.schemaVersion ?? 1 },
      }),
    );

    // KurrentDB answers an idempotent re-append (same ids, same expectation) with success and the
    // original revisions, and writes nothing; it may or may not say so by omitting the position.
    // The end of the log before the append settles it: events already there were not written now.
    const logEnd = callerIds ? await this.logEnd() : undefined;

    let next: bigint;
    let position: Position | undefined;
    try {
      const r = await this.client.appendToStream(streamId, data, { expectedRevision: toExpectedRevision(expected) });
      next = r.nextExpectedRevision;
      position = r.position;
    } catch (e) {
      throw mapAppendError(e, streamId, expected);
    }

    const first = next - BigInt(events.length) + 1n;
    const written = await this.readRaw(streamId, first, events.length);
    if (written.length !== events.length || written.some((w, i) => w.id !== ids[i]))
      throw new KinerjaError('EVENT_ID_CONFLICT', 'some of these event ids were already appended, not all of them here', 'CONFLICT', {
        streamId,
      });
    const positions = written.map((w) => ({ streamPosition: Number(w.revision), checkpoint: checkpointOf(w) }));
    const alreadyAppended =
      callerIds && (position === undefined || (logEnd !== undefined && compareCheckpoints(positions[0].checkpoint, logEnd) <= 0));
    if (!alreadyAppended) this.wake.emit('append');
    return { nextExpectedVersion: Number(next), positions, alreadyAppended };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = options.from ?? 0;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(to) || to < 0)
      throw badInput('INVALID_RANGE', 'from and to are whole stream positions >= 0', { from, to });
    let asOfTime: number | undefined;
    let asOfCheckpoint: Checkpoint | undefined;
    if (options.asOf instanceof Date) {
      asOfTime = options.asOf.getTime();
      if (Number.isNaN(asOfTime)) throw badInput('INVALID_AS_OF', 'asOf is not a valid time');
    } else if (options.asOf) {
      assertCheckpoint(options.asOf);
      asOfCheckpoint = options.asOf;
    }
    this.assertOpen();
    if (to < from) return [];
    const out: RecordedEvent[] = [];
    let revision = BigInt(from);
    const last = BigInt(to);
    for (;;) {
      const count = Math.min(READ_PAGE, Number(last - revision + 1n));
      const page = await this.readRaw(streamId, revision, count);
      for (const e of page) {
        // A stream's revisions follow its $all order, so nothing later can be at or before asOf.
        if (asOfCheckpoint && compareCheckpoints(checkpointOf(e), asOfCheckpoint) > 0) return out;
        // Clocks are not promised to be monotonic across a leader change: filter, do not stop.
        if (asOfTime !== undefined && e.created.getTime() > asOfTime) continue;
        out.push(this.toEvent(e, options.raw));
      }
      if (page.length < count) return out;
      revision = page[page.length - 1].revision + 1n;
      if (revision > last) return out;
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    assertStreamId(streamId);
    this.assertOpen();
    try {
      for await (const r of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (r.event) return Number(r.event.revision);
      }
      return -1;
    } catch (e) {
      if (isStreamNotFound(e)) return -1;
      throw e;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    assertCheckpoint(after);
    this.assertOpen();
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), 100_000);
    const types = options.types?.length ? new Set(options.types) : undefined;
    const fromStart = compareCheckpoints(after, START) === 0;
    const events: RecordedEvent[] = [];
    // `scanned` is the last position looked at, returned or filtered out: where the next read goes on.
    let scanned = after;
    let from: ReadPosition = fromStart ? KURRENT_START : toPosition(after);
    for (;;) {
      // fromPosition is inclusive: the event at `scanned` comes back first and is dropped below.
      const want = Math.min(Math.max(limit - events.length + 1, 32), READ_PAGE);
      let seen = 0;
      let full = false;
      const read = this.client.readAll({ fromPosition: from, maxCount: want, direction: FORWARDS });
      try {
        for await (const r of read) {
          seen++;
          const e = r.event;
          if (!e) continue;
          const cp = checkpointOf(e);
          if (compareCheckpoints(scanned, START) > 0 && compareCheckpoints(cp, scanned) <= 0) continue;
          scanned = cp;
          if (!isKinerja(e)) continue;
          if (types && !types.has(e.type)) continue;
          events.push(this.toEvent(e));
          if (events.length === limit) {
            full = true;
            break;
          }
        }
      } finally {
        if (full) await read.cancel().catch(() => undefined);
      }
      if (full || seen < want) return { events, checkpoint: scanned };
      from = toPosition(scanned);
    }
  }

  /**
   * Polls the global log through `readAll`, so checkpoints, filtering and batching are those of
   * `readAll`. Appends through this store wake its subscribers at once; events written by other
   * processes arrive within `pollIntervalMs`.
   */
  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    let checkpoint = options.after ?? START;
    let stopped = false;
    let wakeUp: (() => void) | undefined;
    const onWake = () => wakeUp?.();
    this.wake.on('append', onWake);
    const loop = (async () => {
      while (!stopped) {
        try {
          const { events, checkpoint: next } = await this.readAll({
            after: checkpoint,
            limit: options.batchSize ?? 500,
            types: options.types,
          });
          if (stopped) break;
          if (events.length > 0) {
            await options.handler(events, next);
            checkpoint = next;
            continue;
          }
          checkpoint = next;
        } catch (e) {
          if (stopped) break;
          options.onError?.(e);
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.pollIntervalMs);
          wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wakeUp = undefined;
      }
    })();
    const subscription: Subscription = {
      get checkpoint() {
        return checkpoint;
      },
      stop: async () => {
        stopped = true;
        wakeUp?.();
        this.wake.off('append', onWake);
        await loop;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const live = this.live;
    this.live = undefined;
    await live?.unsubscribe().catch(() => undefined);
    if (this.ownsClient) await this.client.dispose();
  }

  /**
   * Local appends wake waiters at once; other processes' through a live subscription to `$all`
   * (from its end, filtered to kinerja's streams) made on first need. It carries no events to
   * anyone: a woken reader reads from its own checkpoint, so a lost subscription loses nothing,
   * and the poll interval bounds the wait meanwhile.
   */
  waitForEvents(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.ensureLiveWake();
    return nextAppend(this.wake, Math.min(timeoutMs, this.pollIntervalMs), signal);
  }

  private ensureLiveWake(): void {
    if (this.live || this.closed) return;
    const live = this.client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ regex: STREAM_ID_RE.source }) });
    this.live = live;
    live.on('data', () => this.wake.emit('append'));
    const drop = () => {
      if (this.live === live) this.live = undefined; // the next wait makes a new one
      live.unsubscribe().catch(() => undefined);
    };
    live.on('error', drop);
    live.on('end', drop);
  }

  async head(): Promise<Checkpoint> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: READ_PAGE });
    try {
      for await (const r of read) if (r.event && isKinerja(r.event)) return checkpointOf(r.event);
    } finally {
      await read.cancel().catch(() => undefined);
    }
    // Not among the last page of records: rare (a server busy with others' streams); scan forwards.
    let last = START;
    for (
      let page = await this.readAll({ after: START, limit: 10_000 });
      page.events.length;
      page = await this.readAll({ after: last, limit: 10_000 })
    )
      last = page.checkpoint;
    return last;
  }

  /** Counted by reading `$all` past the checkpoint (KurrentDB keeps no index to count with); the age by this process's clock against the server's `created`. */
  async backlog(options: BacklogOptions): Promise<Backlog> {
    const max = Math.max(1, options.max ?? 100_000);
    let events = 0;
    let oldest: Date | undefined;
    let cp = options.after;
    for (;;) {
      const page = await this.readAll({ after: cp, limit: Math.min(max - events, 10_000), types: options.types });
      for (const e of page.events) {
        if (options.upTo && compareCheckpoints(e.checkpoint, options.upTo) > 0) return this.backlogOf(events, oldest);
        oldest ??= e.recordedAt;
        if (++events >= max) return this.backlogOf(events, oldest);
      }
      if (page.events.length === 0 || compareCheckpoints(page.checkpoint, cp) <= 0) return this.backlogOf(events, oldest);
      cp = page.checkpoint;
    }
  }

  private backlogOf(events: number, oldest: Date | undefined): Backlog {
    return { events, oldestAgeSeconds: oldest ? Math.max(0, Math.floor((this.clock.now().getTime() - oldest.getTime()) / 1000)) : null };
  }

  /**
   * An audit seal is a Merkle tree over every stream's head hash; KurrentDB keeps no hash chain, so
   * there is no head hash to seal (and nothing a seal could later be checked against).
   */
  streamHeads(): Promise<StreamHeads> {
    return Promise.reject(
      new KinerjaError(
        'STREAM_HEADS_NOT_SUPPORTED',
        'KurrentDB keeps no hash chain: there are no stream head hashes to seal (audit seals need EVENT_STORE=postgres)',
        'RULE',
        { eventStore: 'kurrentdb' },
      ),
    );
  }

  /**
   * What KurrentDB's log lets us check: every stream of kinerja's is numbered 0, 1, 2, ... in `$all`
   * without a gap, and no event id occurs twice. It keeps no hash chain, so content is not proved.
   */
  async verifyIntegrity(options: { onProgress?: (p: { checked: number; total: number }) => void } = {}): Promise<IntegrityReport> {
    const next = new Map<string, number>();
    const ids = new Set<string>();
    let checked = 0;
    let cp = START;
    const report = (firstBroken?: IntegrityReport['firstBroken']): IntegrityReport => ({
      ok: !firstBroken,
      eventsChecked: checked,
      streamsChecked: next.size,
      ...(firstBroken ? { firstBroken } : {}),
      summary: 'every stream numbered without a gap, no event id twice (no hash chain on KurrentDB)',
      proves: [
        "every stream's events are numbered 0, 1, 2, ... in the global log with none missing between the first and the last",
        'no event id occurs twice',
      ],
      cannotProve: [
        "that no event's content was changed: KurrentDB keeps no hash chain of kinerja's events",
        'that no stream was deleted, truncated or scavenged: KurrentDB removes those without a trace this check can read',
      ],
    });
    for (;;) {
      const page = await this.readAll({ after: cp, limit: 5000 });
      if (page.events.length === 0) return report();
      for (const e of page.events) {
        checked++;
        const broken = (problem: string) =>
          report({
            streamId: e.streamId,
            streamPosition: e.streamPosition,
            globalPosition: `${e.checkpoint.transactionId}/${e.checkpoint.globalPosition}`,
            problem,
          });
        const expected = next.get(e.streamId) ?? 0;
        if (e.streamPosition !== expected) return broken(expected === 0 ? 'STREAM_DOES_NOT_START_AT_0' : 'GAP_IN_STREAM');
        if (ids.has(e.id)) return broken('DUPLICATE_EVENT_ID');
        ids.add(e.id);
        next.set(e.streamId, expected + 1);
      }
      cp = page.checkpoint;
      options.onProgress?.({ checked, total: checked });
    }
  }

  private async readRaw(streamId: string, from: bigint, count: number): Promise<KurrentRecordedEvent[]> {
    const out: KurrentRecordedEvent[] = [];
    if (count <= 0) return out;
    try {
      for await (const r of this.client.readStream(streamId, { fromRevision: from, maxCount: count, direction: FORWARDS })) {
        if (r.event) out.push(r.event);
      }
    } catch (e) {
      if (isStreamNotFound(e)) return out;
      throw e;
    }
    return out;
  }

  /** The position of the last record in the log, system ones included. */
  private async logEnd(): Promise<Checkpoint> {
    const read: StreamingRead<{ event?: AllStreamRecordedEvent }> = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    });
    for await (const r of read) if (r.event) return checkpointOf(r.event);
    return START;
  }

  private toEvent(e: KurrentRecordedEvent, raw = false): RecordedEvent {
    const { [SCHEMA_VERSION_KEY]: sv, ...metadata } = metadataOf(e.metadata);
    const dash = e.streamId.indexOf('-');
    const event: RecordedEvent = {
      id: e.id,
      streamId: e.streamId,
      streamType: dash > 0 ? streamTypeOf(e.streamId) : e.streamId,
      streamPosition: Number(e.revision),
      checkpoint: checkpointOf(e),
      type: e.type,
      schemaVersion: typeof sv === 'number' && Number.isSafeInteger(sv) && sv >= 1 ? sv : 1,
      data: e.isJson ? e.data : decodeBinary(e.data as Uint8Array),
      metadata: metadata as EventMetadata,
      recordedAt: e.created,
    };
    return raw ? event : upcast(event, this.upcasters);
  }

  private assertOpen(): void {
    if (this.closed) throw new KinerjaError('STORE_CLOSED', 'the event store is closed', 'UNAVAILABLE');
  }
}

function toExpectedRevision(e: ExpectedVersion): AppendExpectedRevision {
  return e === 'any' ? ANY : e === 'no_stream' ? NO_STREAM : e === 'stream_exists' ? STREAM_EXISTS : BigInt(e);
}

function mapAppendError(e: unknown, streamId: string, expected: ExpectedVersion): unknown {
  if (e instanceof Error && isCommandError(e)) {
    if (e.type === ErrorType.WRONG_EXPECTED_VERSION) {
      const actual = typeof e.actualVersion === 'bigint' ? Number(e.actualVersion) : -1;
      return new WrongExpectedVersion(streamId, expected, actual);
    }
    if (e.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED)
      return new KinerjaError('APPEND_TOO_LARGE', `the append is over KurrentDB's limit of ${e.maxAppendSize} bytes`, 'TOO_LARGE', {
        streamId,
        limit: e.maxAppendSize,
      });
    if (e.type === ErrorType.STREAM_DELETED)
      return new KinerjaError('STREAM_DELETED', `stream ${streamId} was deleted`, 'CONFLICT', { streamId });
  }
  return e;
}

function isStreamNotFound(e: unknown): boolean {
  return e instanceof Error && isCommandError(e) && e.type === ErrorType.STREAM_NOT_FOUND;
}

function checkpointOf(e: KurrentRecordedEvent): Checkpoint {
  if (!e.position)
    throw new KinerjaError(
      'KURRENTDB_UNSUPPORTED',
      'the server returned an event without its log position: EventStoreDB 22.6 or later is needed',
      'UNAVAILABLE',
    );
  return { transactionId: e.position.commit.toString(), globalPosition: e.position.prepare.toString() };
}

function toPosition(c: Checkpoint): Position {
  return { commit: BigInt(c.transactionId), prepare: BigInt(c.globalPosition) };
}

/** Events of kinerja's streams: not KurrentDB's own (`$`-prefixed types such as `$>` links and
 * `$metadata`, `$` streams), nor those of another writer sharing the server. */
function isKinerja(e: KurrentRecordedEvent): boolean {
  return !e.type.startsWith('$') && STREAM_ID_RE.test(e.streamId);
}

function metadataOf(m: unknown): Record<string, unknown> {
  if (m instanceof Uint8Array) {
    const parsed = decodeBinary(m);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, unknown>) : {};
}

/** Events written by other clients may be binary: JSON if it parses, else base64 text. */
function decodeBinary(b: Uint8Array): unknown {
  const buf = Buffer.from(b);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return buf.toString('base64');
  }
}

export function createKurrentDbEventStore(options: KurrentDbEventStoreOptions): KurrentDbEventStore {
  return new KurrentDbEventStore(options);
}
