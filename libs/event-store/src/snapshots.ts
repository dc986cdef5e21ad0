import type { EventStore, RecordedEvent } from './port';

/**
 * A stream's state as a decider folded it up to a version, stored beside the log: what lets a
 * command on a long stream (the organisation over years, an employee over a career) read only the
 * events after it instead of the whole stream. Never a source of truth: a snapshot is used only
 * when the event at its version is still the one it was folded up to (`head`), and only by a
 * decider whose key (`stateKey`: its code and state version, see libs/application
 * `stream-state.ts`) it was written under; anything else is ignored and the stream folded whole.
 */
export interface StreamSnapshot {
  /** The position of the last event folded in. */
  version: number;
  /** That event's identity: its chain hash where the store keeps one, else its id (`snapshotHead`). */
  head: string;
  /** The state, as `encodeState` (libs/kernel) wrote it. */
  state: string;
}

export interface StreamSnapshots {
  /** What this store's reading adds to a fold (its upcasters): part of every snapshot's key. */
  readonly readerKey: string;
  /** The newest snapshot of the stream under this key, or null. */
  read(streamId: string, stateKey: string): Promise<StreamSnapshot | null>;
  /** Keeps the snapshot unless one at a later version is already there (`replace`: whatever is
   * there, for a snapshot the log did not bear out). */
  write(streamId: string, stateKey: string, snapshot: StreamSnapshot, replace?: boolean): Promise<void>;
  /** The position of an event of the stream by its id, or null: a command's idempotency check
   * without reading the stream. */
  positionOf(streamId: string, eventId: string): Promise<number | null>;
}

/** A store that keeps snapshots (PostgreSQL: the `stream_snapshots` table). */
export interface SnapshottingStore {
  readonly snapshots: StreamSnapshots;
}

export function snapshotsOf(store: EventStore): StreamSnapshots | undefined {
  return (store as Partial<SnapshottingStore>).snapshots;
}

/** What a snapshot is pinned to: the event at its version, by chain hash (which covers every
 * earlier event of the stream) or, on a store without a hash chain, by id. */
export function snapshotHead(e: Pick<RecordedEvent, 'id' | 'hash'>): string {
  return e.hash ? `h:${e.hash}` : `id:${e.id}`;
}
