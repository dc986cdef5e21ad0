import { EventEmitter } from 'node:events';
import { Client, Pool, type QueryConfig } from 'pg';
import { badInput, KinerjaError, newId } from '@kinerja/kernel';
import { WrongExpectedVersion } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  Backlog,
  BacklogOptions,
  Checkpoint,
  IntegrityReport,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamHeads,
  StreamHeadsOptions,
  Subscription,
  SubscribeOptions,
  Upcasters,
} from '../port';
import { compareCheckpoints, START } from '../port';
import { upcast } from '../upcast';
import {
  assertCheckpoint,
  assertStreamId,
  DEFAULT_MAX_EVENT_BYTES,
  type EventTexts,
  jsonHasNul,
  nextAppend,
  streamTypeOf,
  validateAppend,
  type WokenTypes,
} from '../validate';
import { verifyEventLog } from './audit';
import { openStreamHeads } from './stream-heads';
import { canonicalContent, contentDigest } from './hash';
import { EVENT_COLUMNS, eventColumnsOf, EventRow, toRecordedEvent } from './rows';
import type { SnapshottingStore, StreamSnapshots } from '../snapshots';
import { PostgresStreamSnapshots, upcastersKey } from './snapshots';
import { notificationOf, parseNotification } from './notification';
import { timeOrderedId } from './event-ids';

export const NOTIFY_CHANNEL = 'kinerja_events';

export interface PostgresEventStoreOptions {
  pool: Pool;
  /** Largest event (data + metadata as JSON) accepted, in bytes. */
  maxEventBytes?: number;
  upcasters?: Upcasters;
  /** Append statements in flight at once; more concurrent callers share statements. */
  appendConcurrency?: number;
  /** Appends one statement may carry (each with its own expected-version check). */
  maxAppendsPerStatement?: number;
  /** Polling interval of subscriptions when no notification arrives. */
  pollIntervalMs?: number;
  /** Send NOTIFY after appends so subscribers in other processes wake at once. */
  notify?: boolean;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  /** The events' data and metadata as validated: the texts stored and hashed (later changes to the objects are not). */
  texts: EventTexts[];
  expected: ExpectedVersion;
  checkIds: boolean;
  ids: string[];
  /** Retried once already after a transient failure (a racing duplicate id, a deadlock). */
  retried?: boolean;
  /** Asked again once already after a wrong version (its ids may have been appended meanwhile). */
  rechecked?: boolean;
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

/**
 * What an append statement in flight must also wake readers for when it ends: the types of the events
 * other statements of this store committed meanwhile (it held them back from readers: the safe
 * horizon), and whether another process notified meanwhile (types unknown: every reader).
 */
interface Carried {
  types: Set<string>;
  all: boolean;
}

/** The safe horizon of a read, and whether an appender in progress held it back (migrations/0015). */
interface ReadHorizon {
  horizon: string;
  held: boolean;
}

interface AppendRow {
  append_index: number;
  status: 'ok' | 'wrong_version' | 'idempotent' | 'id_conflict';
  version: string | null;
  positions: string[] | null;
  stream_positions: string[] | null;
  tx: string;
}

// The events' data and metadata go as one JSON array each, not as jsonb[]: each text is valid JSON
// already, so the array is the texts joined, where a jsonb[] literal has every quote and backslash
// of every text escaped by the driver (5% of a payroll run's worker CPU, and as much garbage).
const APPEND_SQL = `SELECT append_index, status, version::text, positions::text[], stream_positions::text[], tx
  FROM kinerja_append($1::text[], $2::text[], $3::bigint[], $4::int[], $5::bool[], $6::uuid[], $7::text[], $8::int[],
    ARRAY(SELECT d FROM jsonb_array_elements($9::jsonb) WITH ORDINALITY AS x(d, n) ORDER BY n),
    ARRAY(SELECT d FROM jsonb_array_elements($10::jsonb) WITH ORDINALITY AS x(d, n) ORDER BY n),
    $11::bytea[])`;

/** Events that make a statement large enough to run beyond `appendConcurrency` (see mayStart). */
const LARGE_STATEMENT_EVENTS = 64;

function encodeExpected(e: ExpectedVersion): number {
  return e === 'any' ? -1 : e === 'no_stream' ? -2 : e === 'stream_exists' ? -3 : e;
}

/**
 * The PostgreSQL event store (DESIGN.md "The event store").
 *
 * Appends go through a small group-commit queue: when more callers append at once than there are
 * statements in flight, the waiting appends ride together in the next `kinerja_append` call, one
 * round trip and one commit for all, each still with its own expected-version check and outcome.
 */
export class PostgresEventStore implements EventStore, SnapshottingStore {
  private readonly pool: Pool;
  /** Snapshots of long streams, beside the log (`stream_snapshots`). */
  readonly snapshots: StreamSnapshots;
  private readonly maxEventBytes: number;
  private readonly upcasters?: Upcasters;
  /** The types the upcasters raise: a read of some keys of the data reads theirs whole (EventFields). */
  private readonly upcastedTypes: readonly string[];
  private readonly concurrency: number;
  private readonly maxPerStatement: number;
  private readonly pollIntervalMs: number;
  private readonly notify: boolean;
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  /** One per append statement in flight (see Carried). */
  private readonly carried = new Set<Carried>();
  private readonly wake = new EventEmitter();
  private listener?: Client;
  private notifyTimer?: NodeJS.Timeout;
  private closed = false;
  private horizonQuery?: { value: Promise<ReadHorizon>; wakes: number };
  /** Wake-ups so far (this store's appends and the notifications of others'): see readHorizon. */
  private wakes = 0;
  /** The types of the reads an appender held back since the last wake-up (see heldBack). */
  private readonly heldTypes = new Set<string>();
  /** What the next NOTIFY names: the types this store appended since the last one, or every type. */
  private notifyTypes = new Set<string>();
  private notifyAll = false;
  /** Names this store's notifications, which its own listener ignores. */
  private readonly origin = newId();

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.upcasters = options.upcasters;
    this.upcastedTypes = Object.keys(options.upcasters ?? {});
    // Two: since a one-event append costs PostgreSQL little more than a raw INSERT (migrations/0013),
    // two statements keep two cores busy and the other callers ride in the next one. On the 2-core
    // bench machine four in flight cost PostgreSQL 13-68% more CPU per event than two, in 8 of 8
    // paired runs (`npm run bench -- append --concurrency 2|4`, README), at rates as good or better.
    this.concurrency = options.appendConcurrency ?? 2;
    this.maxPerStatement = options.maxAppendsPerStatement ?? 64;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.notify = options.notify ?? true;
    this.wake.setMaxListeners(0);
    this.snapshots = new PostgresStreamSnapshots(this.pool, upcastersKey(options.upcasters));
  }

  /**
   * Whether this log is the `events` table behind `pool` and is read as stored (no upcaster): a
   * read model in that database may then read the log in SQL, in its own statement (a projection's
   * copy of a batch of pay lines), and get what `readStream` would give.
   */
  isStoredIn(pool: Pool): boolean {
    return pool === this.pool && !this.upcasters;
  }

  /**
   * The SQL of one stream's stored events of some types (columns `data`, `event_type`, `event_id`,
   * `stream_id`, `stream_position`, `recorded_at`, in stream order), for a statement of a read model
   * in this database (`isStoredIn`): the events table stays named in this adapter only.
   */
  streamEventsSql(streamParam: string, typesParam: string): string {
    return `SELECT data, event_type, event_id, stream_id, stream_position, recorded_at FROM events
              WHERE stream_id = ${streamParam} AND event_type = ANY(${typesParam}) ORDER BY stream_position`;
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    let texts: EventTexts[];
    try {
      texts = validateAppend(streamId, events, options, this.maxEventBytes);
      texts.forEach((t, index) => {
        if (jsonHasNul(t.data) || jsonHasNul(t.metadata))
          throw badInput('INVALID_EVENT_DATA', 'event data may not contain the NUL character', { index });
      });
      if (this.closed) throw new KinerjaError('STORE_CLOSED', 'the event store is closed', 'UNAVAILABLE');
    } catch (e) {
      return Promise.reject(e);
    }
    const checkIds = events.some((e) => e.id !== undefined);
    const ids = events.map((e) => e.id ?? timeOrderedId());
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, texts, expected: options.expectedVersion ?? 'any', checkIds, ids, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.mayStart()) {
      const batch: PendingAppend[] = [];
      let events = 0;
      while (this.queue.length > 0 && batch.length < this.maxPerStatement && (batch.length === 0 || events < 5000)) {
        const next = this.queue.shift()!;
        events += next.events.length;
        batch.push(next);
      }
      this.inFlight++;
      this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /**
   * Whether another statement may start now: below `concurrency`, or up to twice that for a
   * statement of at least LARGE_STATEMENT_EVENTS events. Two in flight suit small appends (the
   * callers behind them ride in the next statement; more in flight cost PostgreSQL more CPU per
   * event, see the constructor). A large statement's fixed cost is a small share of its work, and
   * held to two, the imports' batches of 100 took turns with their own preparation and commit waits:
   * both cores busy 78% of the time (`npm run bench -- append --only batch`, README).
   */
  private mayStart(): boolean {
    if (this.inFlight < this.concurrency) return true;
    if (this.inFlight >= 2 * this.concurrency) return false;
    let events = 0;
    for (const p of this.queue) if ((events += p.events.length) >= LARGE_STATEMENT_EVENTS) return true;
    return false;
  }

  private async runBatch(batch: PendingAppend[]): Promise<void> {
    // Lock streams in one global order (stable, so appends to one stream keep their order).
    const ordered = batch.length > 1 ? [...batch].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)) : batch;
    let rows: AppendRow[];
    const carried: Carried = { types: new Set(), all: false };
    this.carried.add(carried);
    try {
      rows = await this.execute(ordered);
    } catch (e) {
      this.carried.delete(carried);
      this.announce(undefined, carried); // it held the horizon back too (see below): every reader
      // One append's failure (a racing duplicate id, a deadlock) must not fail its neighbours:
      // run each on its own; a lone append that still fails reports its own error.
      if (ordered.length > 1) {
        await Promise.all(ordered.map((p) => this.runBatch([p])));
        return;
      }
      if (isRetryable(e) && !ordered[0].retried) {
        ordered[0].retried = true;
        return this.runBatch(ordered);
      }
      ordered[0].reject(e);
      return;
    }
    this.carried.delete(carried);
    // Announced even when nothing was appended (every append a replay or a wrong version): while the
    // statement ran it held the safe horizon back, so a reader woken by another append meanwhile read
    // only up to it, and nothing else would wake that reader before its poll. Those readers are the
    // ones of the types carried; the others need no wake-up for events they do not read.
    const appended = new Set<string>();
    for (const row of rows) if (row.status === 'ok') for (const e of ordered[row.append_index - 1].events) appended.add(e.type);
    this.announce(appended, carried);
    const rechecks: PendingAppend[] = [];
    for (const row of rows) {
      const p = ordered[row.append_index - 1];
      switch (row.status) {
        case 'ok':
          p.resolve(toResult(row, false));
          break;
        case 'idempotent':
          p.resolve(toResult(row, true));
          break;
        case 'wrong_version':
          // The ids are checked under the statement's first snapshot, the version under the stream's
          // lock: a retry racing its own original (a client's retry to another replica, the rerun of
          // an import cut off while appends were in flight) sees the original commit in between, and
          // its version then looks wrong. Asked once more, it sees the ids and is the no-op it is.
          if (p.checkIds && !p.rechecked) {
            p.rechecked = true;
            rechecks.push(p);
          } else p.reject(new WrongExpectedVersion(p.streamId, p.expected, Number(row.version)));
          break;
        case 'id_conflict':
          p.reject(
            new KinerjaError(
              'EVENT_ID_CONFLICT',
              'some of these event ids were already appended, not all of them to this stream',
              'CONFLICT',
              {
                streamId: p.streamId,
              },
            ),
          );
          break;
      }
    }
    await Promise.all(rechecks.map((p) => this.runBatch([p])));
  }

  private async execute(batch: PendingAppend[]): Promise<AppendRow[]> {
    const streamIds: string[] = [];
    const streamTypes: string[] = [];
    const expected: number[] = [];
    const counts: number[] = [];
    const checkIds: boolean[] = [];
    const eventIds: string[] = [];
    const types: string[] = [];
    const schema: number[] = [];
    const data: string[] = [];
    const metadata: string[] = [];
    const digests: Buffer[] = [];
    for (const p of batch) {
      streamIds.push(p.streamId);
      streamTypes.push(streamTypeOf(p.streamId));
      expected.push(encodeExpected(p.expected));
      counts.push(p.events.length);
      checkIds.push(p.checkIds);
      p.events.forEach((e, i) => {
        const sv = e.schemaVersion ?? 1;
        // Canonical JSON is valid JSON: the one serialisation validateAppend made serves the row and its digest.
        const { data: d, metadata: m } = p.texts[i];
        eventIds.push(p.ids[i]);
        types.push(e.type);
        schema.push(sv);
        data.push(d);
        metadata.push(m);
        digests.push(contentDigest(canonicalContent(p.ids[i], e.type, sv, d, m)));
      });
    }
    // Named: each connection parses and plans the statement once, not on every append. Not
    // pipelined (PreparedPool): it commits, and what a lane sends behind it would wait for its flush.
    const append: QueryConfig & { pipelined: false } = {
      pipelined: false,
      name: 'kinerja_append',
      text: APPEND_SQL,
      values: [
        streamIds,
        streamTypes,
        expected,
        counts,
        checkIds,
        eventIds,
        types,
        schema,
        `[${data.join(',')}]`,
        `[${metadata.join(',')}]`,
        digests,
      ],
    };
    return (await this.pool.query<AppendRow>(append)).rows;
  }

  /**
   * An append committed or ended, here or (notified) in another process: wake this store's readers
   * of `types` (all when undefined), and those whose read was held back since the last wake-up.
   * Not `counted` (heldBack's): no new event came, so a horizon taken before it is still good.
   */
  private woken(types: WokenTypes, counted = true): void {
    if (counted) this.wakes++;
    let wake = types;
    if (types && this.heldTypes.size) wake = new Set([...types, ...this.heldTypes]);
    this.heldTypes.clear();
    this.wake.emit('append', wake);
  }

  /**
   * Another process appended (its NOTIFY, naming the types it appended, or none: every type). Every
   * append statement of ours in flight may be holding those events back: it wakes their readers too
   * when it ends.
   */
  private notified(payload: string): void {
    const note = parseNotification(payload);
    if (note.origin === this.origin) return;
    for (const c of this.carried)
      if (note.types) for (const t of note.types) c.types.add(t);
      else c.all = true;
    this.woken(note.types ? new Set(note.types) : undefined);
  }

  /**
   * A read of `types` found its horizon held back by an appender in progress (in any process): events
   * committed above the holder were left for later, and what releases them is the holder's end, whose
   * wake-up names the holder's types, not these. The next wake-up of any type wakes this reader too;
   * one since the horizon was taken (`since`) may have been that end already: it is woken now. That
   * wake-up is not counted as one (`wakes`): it brings no new event, and counted, two readers held
   * back at once woke each other in turn for as long as the holder ran.
   */
  private heldBack(types: readonly string[], since: number): void {
    for (const t of types) this.heldTypes.add(t);
    if (this.wakes !== since) this.woken(new Set(), false);
  }

  /**
   * An append statement ended, having appended events of `appended` (undefined: it failed). Wake the
   * local readers of those types and of the types it held back, now (a reader of other types is let
   * sleep: at every append all of a worker's projections woke and read, most of them for nothing);
   * the statements still in flight hold these events back in turn, so they will wake their readers
   * when they end. Other processes are woken (debounced) by NOTIFY, naming the types appended
   * meanwhile: there, the readers this statement held back are woken whatever it appended (heldBack).
   */
  private announce(appended: ReadonlySet<string> | undefined, carried: Carried): void {
    for (const other of this.carried) for (const t of appended ?? []) other.types.add(t);
    this.woken(appended === undefined || carried.all ? undefined : new Set([...appended, ...carried.types]));
    if (!this.notify || this.closed) return;
    if (appended === undefined) this.notifyAll = true;
    else for (const t of appended) this.notifyTypes.add(t);
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const payload = notificationOf(this.origin, this.notifyAll ? undefined : this.notifyTypes);
      this.notifyTypes = new Set();
      this.notifyAll = false;
      // Best effort: polling delivers the events if this notification is lost. It names this store,
      // whose own listener ignores it: its subscribers were woken at the append.
      this.pool
        .query({ name: 'kinerja_notify', text: `SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, values: [payload] })
        .catch(() => undefined);
    }, 5);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const params: unknown[] = [streamId, options.from ?? 0, options.to ?? Number.MAX_SAFE_INTEGER];
    let asOf = '';
    if (options.asOf instanceof Date) {
      if (Number.isNaN(options.asOf.getTime())) throw badInput('INVALID_AS_OF', 'asOf is not a valid time');
      params.push(options.asOf);
      asOf = 'AND recorded_at <= $4';
    } else if (options.asOf) {
      assertCheckpoint(options.asOf);
      params.push(options.asOf.transactionId, options.asOf.globalPosition);
      asOf = 'AND (transaction_id, global_position) <= ($4::xid8, $5::bigint)';
    }
    // Named, one per shape: each connection plans it once (planning cost more than running it under load).
    const { rows } = await this.pool.query<EventRow>({
      name: `kinerja_read_stream${params.length === 3 ? '' : params.length === 4 ? '_as_of_time' : '_as_of_checkpoint'}`,
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_position BETWEEN $2 AND $3 ${asOf} ORDER BY stream_position`,
      values: params,
    });
    return rows.map((r) => this.toEvent(r, options.raw));
  }

  async streamVersion(streamId: string): Promise<number> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query<{ v: string }>({
      name: 'kinerja_stream_version',
      text: 'SELECT version::text AS v FROM streams WHERE stream_id = $1',
      values: [streamId],
    });
    return rows.length ? Number(rows[0].v) : -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    assertCheckpoint(after);
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), 100_000);
    const types = options.types?.length ? options.types : undefined;
    // Only transactions below the horizon: no appender can still commit a row there. It waits for
    // kinerja's own appenders only (migrations/0004), and must be taken before the snapshot that
    // reads, so it is a statement of its own (never inside a caller's transaction: a pooled one).
    const horizonQuery = this.readHorizon();
    const { horizon, held } = await horizonQuery.value;
    // Less than the whole event where the reader said so (EventFields): the select list and its values follow the query's own.
    const lean = options.fields && eventColumnsOf(options.fields, this.upcastedTypes, types ? 6 : 5);
    const columns = lean?.sql ?? EVENT_COLUMNS;
    const shape = lean ? `_${lean.shape}` : '';
    const { rows } = await this.pool.query<EventRow>(
      types
        ? {
            // In the index's order whatever the statistics say (migrations/0012).
            name: `kinerja_read_all_types${shape}`,
            text: `SELECT ${columns} FROM kinerja_read_typed($1::xid8, $2::bigint, $3::xid8, $4::text[], $5::int)`,
            values: [after.transactionId, after.globalPosition, horizon, types, limit, ...(lean?.values ?? [])],
          }
        : {
            name: `kinerja_read_all${shape}`,
            text: `SELECT ${columns} FROM events
                    WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8
                    ORDER BY transaction_id, global_position
                    LIMIT $4`,
            values: [after.transactionId, after.globalPosition, horizon, limit, ...(lean?.values ?? [])],
          },
    );
    const dataKeys = options.fields?.dataKeys;
    const events = rows.map((r) => this.toEvent(r, false, dataKeys));
    // A full page is read past at once; a short one is where its reader may go to sleep.
    if (held && types && events.length < limit) this.heldBack(types, horizonQuery.wakes);
    if (events.length === limit || !types) return { events, checkpoint: events.length ? events[events.length - 1].checkpoint : after };
    // A page short of the limit holds every event of these types below the horizon: the next read
    // starts past the others too (the port's promise), at the last event below the horizon. Without
    // it a reader of rare types scanned the same other events again at every poll: 1.7 ms a read
    // and growing with the log, the largest share of PostgreSQL's CPU under the load bench.
    const { rows: last } = await this.pool.query<{ tx: string; gp: string }>({
      name: 'kinerja_read_all_scanned',
      text: `SELECT transaction_id::text AS tx, global_position::text AS gp FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      values: [after.transactionId, after.globalPosition, horizon],
    });
    const scanned = last.length ? { transactionId: last[0].tx, globalPosition: last[0].gp } : after;
    const lastReturned = events.length ? events[events.length - 1].checkpoint : after;
    return { events, checkpoint: compareCheckpoints(scanned, lastReturned) > 0 ? scanned : lastReturned };
  }

  /**
   * The safe horizon, one query shared by the readers that ask while it runs (the projections of a
   * worker wake together at each append). A value taken a moment before a reader asked is still
   * safe for it: the horizon only moves forward, and every transaction below an older one has ended.
   * But not one taken before the wake-up the reader answers: it may lie below the append that woke
   * it, whose events the read would then leave out, and a reader that then finds nothing waits for
   * the next append (or its poll) to see them. A wake-up starts a new query.
   */
  private readHorizon(): { value: Promise<ReadHorizon>; wakes: number } {
    if (this.horizonQuery?.wakes !== this.wakes) {
      const q = {
        wakes: this.wakes,
        value: this.pool
          .query<{ h: string; held: boolean }>({
            name: 'kinerja_read_horizon',
            text: 'SELECT horizon::text AS h, held FROM kinerja_read_horizon()',
            // With its (empty) values: a one-shot read, which a PreparedPool pipelines on its lanes.
            values: [],
          })
          .then((r) => ({ horizon: r.rows[0].h, held: r.rows[0].held }))
          .finally(() => {
            if (this.horizonQuery === q) this.horizonQuery = undefined;
          }),
      };
      this.horizonQuery = q;
    }
    return this.horizonQuery;
  }

  async head(): Promise<Checkpoint> {
    const { rows } = await this.pool.query<{ tx: string; gp: string }>(
      'SELECT transaction_id::text AS tx, global_position::text AS gp FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    );
    return rows.length ? { transactionId: rows[0].tx, globalPosition: rows[0].gp } : START;
  }

  async backlog(options: BacklogOptions): Promise<Backlog> {
    assertCheckpoint(options.after);
    const params: unknown[] = [options.after.transactionId, options.after.globalPosition, Math.max(1, options.max ?? 100_000)];
    let where = '';
    if (options.upTo) {
      assertCheckpoint(options.upTo);
      params.push(options.upTo.transactionId, options.upTo.globalPosition);
      where += ` AND (transaction_id, global_position) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`;
    }
    if (options.types?.length) {
      params.push(options.types);
      where += ` AND event_type = ANY($${params.length}::text[])`;
    }
    // Past the checkpoint in log order, the pair: positions alone are not ordered by commit. The
    // age is taken on the database's clock, which stamped recorded_at.
    const { rows } = await this.pool.query<{ n: string; age: number | null }>(
      `SELECT count(*)::text AS n, floor(extract(epoch FROM clock_timestamp() - min(recorded_at)))::int AS age
         FROM (SELECT recorded_at FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) ${where}
               ORDER BY transaction_id, global_position LIMIT $3) x`,
      params,
    );
    return { events: Number(rows[0].n), oldestAgeSeconds: rows[0].age === null ? null : Math.max(0, rows[0].age) };
  }

  /** The hash chains, recomputed from the stored rows (audit.ts). */
  async verifyIntegrity(
    options: { onProgress?: (p: { checked: number; total: number }) => void; all?: boolean } = {},
  ): Promise<IntegrityReport> {
    const r = await verifyEventLog(this.pool, options);
    return {
      ...r,
      summary: 'every hash chain intact',
      proves: [
        "every event's content still gives the hash stored with it (none was changed)",
        "every event links to its stream predecessor's hash, and each stream's head to its last event (none inserted, removed or cut off)",
      ],
      cannotProve: [
        'that a whole stream was not deleted, or rewritten with recomputed hashes, by someone with write access to the database (the chains alone have no outside anchor; `kinerja audit verify --seal` checks the log against a seal an outsider keeps)',
      ],
    };
  }

  /** Every stream's head at one cut, from the `streams` table (stream-heads.ts). */
  streamHeads(options: StreamHeadsOptions = {}): Promise<StreamHeads> {
    return openStreamHeads(this.pool, options);
  }

  subscribe(options: SubscribeOptions): Subscription {
    let checkpoint = options.after ?? START;
    let stopped = false;
    const stopping = new AbortController();
    const loop = (async () => {
      while (!stopped) {
        try {
          const { events, checkpoint: next } = await this.readAll({
            after: checkpoint,
            limit: options.batchSize ?? 500,
            types: options.types,
          });
          if (events.length > 0) {
            await options.handler(events, next);
            checkpoint = next;
            continue;
          }
        } catch (e) {
          if (stopped) break;
          options.onError?.(e);
        }
        if (!stopped) await this.waitForEvents(this.pollIntervalMs, stopping.signal);
      }
    })();
    return {
      get checkpoint() {
        return checkpoint;
      },
      stop: async () => {
        stopped = true;
        stopping.abort();
        await loop;
      },
    };
  }

  waitForEvents(timeoutMs: number, signal?: AbortSignal, types?: readonly string[]): Promise<void> {
    this.ensureListener();
    return nextAppend(this.wake, timeoutMs, signal, types);
  }

  /** One LISTEN connection per store, made on first need, kept until close; reconnects after a failure. */
  private ensureListener(): void {
    if (this.listener || !this.notify || this.closed) return;
    const c = new Client(this.pool.options);
    this.listener = c;
    // Its own appends' notifications come back here too: a second wake-up for each, and a second read
    // of every projection of the process that found nothing.
    c.on('notification', (n) => this.notified(n.payload ?? ''));
    c.on('error', () => {
      if (this.listener === c) this.listener = undefined; // the next wait makes a new one
      c.end().catch(() => undefined);
    });
    c.connect()
      .then(() => c.query(`LISTEN ${NOTIFY_CHANNEL}`))
      .catch(() => c.emit('error', new Error('listen failed')));
  }

  private toEvent(r: EventRow, raw = false, dataKeys?: readonly string[]): RecordedEvent {
    const e = toRecordedEvent(r, dataKeys);
    return raw ? e : upcast(e, this.upcasters);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    const l = this.listener;
    this.listener = undefined;
    if (l) {
      l.removeAllListeners('error');
      l.on('error', () => undefined);
      await l.end().catch(() => undefined);
    }
  }
}

function toResult(row: AppendRow, alreadyAppended: boolean): AppendResult {
  const positions = (row.positions ?? []).map((gp, i) => ({
    streamPosition: Number(row.stream_positions![i]),
    checkpoint: { transactionId: row.tx, globalPosition: gp },
  }));
  return { nextExpectedVersion: Number(row.version), positions, alreadyAppended };
}

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

export function createPostgresEventStore(options: PostgresEventStoreOptions): PostgresEventStore {
  return new PostgresEventStore(options);
}
