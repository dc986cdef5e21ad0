/**
 * The event store port. Two adapters implement it (PostgreSQL, KurrentDB) and pass one contract
 * suite (`contract.ts`). Everything above this line of the architecture speaks only this port.
 */

/** Positions in the global log. A checkpoint is the pair, never the position alone: positions of
 * concurrent transactions commit out of order, and a position-only checkpoint skips events. */
export interface Checkpoint {
  /** PostgreSQL: the appending transaction's xid8. KurrentDB: the commit position. */
  transactionId: string;
  /** PostgreSQL: the identity column. KurrentDB: the prepare position. */
  globalPosition: string;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: '0' };

/** `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must.
 * A number: the stream's current version (position of its last event; the first event is 0). */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventMetadata {
  actor?: string;
  role?: string;
  reason?: string;
  correlationId?: string;
  causationId?: string;
  policyVersion?: string;
  requestId?: string;
  [key: string]: unknown;
}

export interface NewEvent<T extends string = string, D = unknown> {
  /** Supply it to make the append idempotent: re-appending the same ids is a no-op. */
  id?: string;
  type: T;
  data: D;
  metadata?: EventMetadata;
  /** Version of the data's schema; upcasters raise older versions on read. Default 1. */
  schemaVersion?: number;
}

export interface RecordedEvent<T extends string = string, D = unknown> {
  id: string;
  streamId: string;
  streamType: string;
  /** 0-based position in its stream. */
  streamPosition: number;
  checkpoint: Checkpoint;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  recordedAt: Date;
  hash?: string;
  prevHash?: string;
}

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append (position of its last event). */
  nextExpectedVersion: number;
  /** Where each appended event sits, in order. On an idempotent re-append, the original places. */
  positions: Array<{ streamPosition: number; checkpoint: Checkpoint }>;
  /** True when every event id was already in the stream and nothing was appended. */
  alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  /** First stream position to return (inclusive). */
  from?: number;
  /** Last stream position to return (inclusive). */
  to?: number;
  /** Only events recorded at or before this moment (a time or a global checkpoint). */
  asOf?: Date | Checkpoint;
  /** Skip upcasting (audit tools read the bytes as stored). */
  raw?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this checkpoint. Default: from the start. */
  after?: Checkpoint;
  limit?: number;
  /** Only these event types (the checkpoint still advances past the others). */
  types?: string[];
  /** What of each event the reader uses, where it is less than the whole (an adapter may give more). */
  fields?: EventFields;
}

/**
 * The parts of an event a reader of the log uses, where it is less than the whole: the PostgreSQL
 * store then reads only those from the server. The projection runner reads no hash, and the audit
 * timeline a few keys of each event's data: its rebuild carried, an event, 600 bytes of data and
 * two hex hashes that it never looked at, read, sent, parsed and collected (issue 17).
 */
export interface EventFields {
  /** The chain hashes (`hash`, `prevHash`); false leaves them out. Default: read. */
  hashes?: boolean;
  /**
   * Only these top-level keys of each event's data, those the data has, with their values (an event
   * whose data is not an object has none of them). Absent: the whole data. Events of the types in
   * `wholeData`, and of types the store upcasts (an upcaster reads the whole), are read whole.
   */
  dataKeys?: readonly string[];
  wholeData?: readonly string[];
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read should start: past the last event returned, or past filtered ones. */
  checkpoint: Checkpoint;
}

export interface SubscribeOptions extends Pick<ReadAllOptions, 'types'> {
  after?: Checkpoint;
  batchSize?: number;
  /** Called with each batch in log order; the subscription waits for it before reading more. */
  handler: (events: RecordedEvent[], checkpoint: Checkpoint) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** The events past a checkpoint, for a reader's lag: counted up to `max`. */
export interface BacklogOptions {
  /** Exclusive. */
  after: Checkpoint;
  /** Inclusive: only events at or before this checkpoint (default: the log's end). */
  upTo?: Checkpoint;
  types?: string[];
  /** Stop counting here: a reader far behind is told "at least max", cheaply. */
  max?: number;
}

export interface Backlog {
  /** Events past the checkpoint (at most `max`). */
  events: number;
  /** Seconds since the oldest of them was recorded, by the clock that recorded it; null: none. */
  oldestAgeSeconds: number | null;
}

/** What `verifyIntegrity` found, and what this store can and cannot prove about its log. */
export interface IntegrityReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The first problem found, in log order. */
  firstBroken?: { streamId: string; streamPosition: number; globalPosition: string; problem: string };
  /** Asked with `all` (PostgreSQL): the first problem of every broken stream, not only the first one. */
  broken?: Array<{ streamId: string; streamPosition: number; globalPosition: string; problem: string }>;
  /** A passing check in a few words, e.g. "every hash chain intact". */
  summary: string;
  /** What a passing check establishes on this store. */
  proves: string[];
  /** What this store keeps no evidence for, so no check can establish it. */
  cannotProve: string[];
}

/** A stream's head: its version (position of its last event) and that event's chain hash. */
export interface StreamHead {
  streamId: string;
  version: number;
  /** The chain hash of the event at `version` (32 bytes). */
  headHash: Buffer;
  /** Asked with `leafHashes`: the head's Merkle leaf hash (kernel `streamHeadLeafHash`), computed by the store beside its read. */
  leafHash?: Buffer;
}

export interface StreamHeadsOptions {
  /** The cut of the log to read the heads at: a value an earlier read returned as `cut`. Default:
   * now (PostgreSQL: the safe horizon, below which no appending transaction is still running). */
  cut?: string;
  /** Take each head from the events themselves (the last event of the stream below the cut), not
   * from the store's bookkeeping of heads: slower, for checking a seal. */
  fromEvents?: boolean;
  /** Heads per batch (default 10,000). */
  batchSize?: number;
  /** Also give each head's Merkle leaf hash, computed by the store (PostgreSQL: in the database, in
   * parallel with the caller's hashing of the tree): what a seal of a million streams needs to be fast. */
  leafHashes?: boolean;
}

/** Every stream's head at one cut of the log, in batches sorted by stream id (code-point order). */
export interface StreamHeads extends AsyncIterable<StreamHead[]> {
  /** The cut these heads are at: pass it back to read the same heads again later. */
  readonly cut: string;
  /** Ends the read early (a read iterated to its end closes itself). */
  close(): Promise<void>;
}

export interface Subscription {
  /** Resolves when the subscription has stopped and no handler is running. */
  stop(): Promise<void>;
  readonly checkpoint: Checkpoint;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's version (position of its last event), or -1 if it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribe(options: SubscribeOptions): Subscription;
  /** The checkpoint of the last event recorded (START when the log is empty). */
  head(): Promise<Checkpoint>;
  /** How many events (of `types`) lie past a checkpoint, and how old the oldest is. */
  backlog(options: BacklogOptions): Promise<Backlog>;
  /** Re-checks the whole log with what this store keeps, and says what that cannot show. */
  verifyIntegrity(options?: { onProgress?: (p: { checked: number; total: number }) => void; all?: boolean }): Promise<IntegrityReport>;
  /**
   * Every stream's head (id, version, head hash) at one consistent cut of the log, streamed in
   * batches sorted by stream id: what an audit seal is computed over. Stores that keep no hash
   * chain refuse it with STREAM_HEADS_NOT_SUPPORTED.
   */
  streamHeads(options?: StreamHeadsOptions): Promise<StreamHeads>;
  /**
   * Resolves when events may have been appended since (a notification), or after timeoutMs. With
   * `types`, a store may let pass the appends that cannot concern a reader of those types (and
   * wake it, besides, when an append that held such events back from readers ends); a store that
   * cannot tell wakes it at every append.
   */
  waitForEvents(timeoutMs: number, signal?: AbortSignal, types?: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Raises an event's data from an older schema version to the next one. Written as a method's type so
 * an upcaster may name the old shape it expects (method parameters are compared bivariantly).
 */
export type Upcaster = { upcast(data: unknown, event: Omit<RecordedEvent, 'data'>): unknown }['upcast'];
/** eventType -> fromVersion -> upcaster (to fromVersion + 1). */
export type Upcasters = Record<string, Record<number, Upcaster>>;

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const pa = BigInt(a.globalPosition);
  const pb = BigInt(b.globalPosition);
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}
