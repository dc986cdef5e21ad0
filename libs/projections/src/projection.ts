import type { PoolClient } from 'pg';
import type { PostgresEventStore, ReadStreamOptions, RecordedEvent } from '@kinerja/event-store';
import type { HeldRows } from './held';

/**
 * A projection: a name, a version, the tables it owns and how events change them.
 * `tables` maps each logical table (also the name of the view queries read) to its column
 * definitions; the runner creates it per generation as `<logical>__g<generation>`.
 */
export interface Projection {
  name: string;
  version: number;
  tables: Record<string, string>;
  /** Extra DDL run after the tables are made (indexes); `{table}` placeholders as in `tableName`. */
  indexes?: string[];
  /**
   * Its `apply` reads its own tables by primary key only, or not at all: a rebuild then fills the
   * new generation without `indexes` and builds them once before the switch, one sort per index
   * instead of an insertion into each index for every row. A projection that looks rows up by
   * another column while applying leaves this unset (its lookups would scan the table).
   */
  readsOnlyByKey?: boolean;
  /** Events per batch (one transaction), when this projection wants other than the runner's default. */
  batchSize?: number;
  /** Only these event types are read; empty or absent: all. */
  eventTypes?: string[];
  /**
   * The keys of an event's data `apply` reads, where it reads a few of a large whole (the audit
   * timeline reads four of the 600 bytes an event carries): only these are read from the log
   * (EventFields), except for the events of the types in `wholeData`. A key `apply` reads and this
   * list lacks is absent from every event it is given: the projection's spec folds the same events
   * read both ways.
   */
  dataKeys?: readonly string[];
  wholeData?: readonly string[];
  /** Applies a batch in the runner's transaction; the checkpoint commits with it. */
  apply(events: RecordedEvent[], ctx: ProjectionContext): Promise<void>;
  /**
   * Writes the rows `apply` held in memory during a rebuild's fill (ProjectionContext.held): given
   * when the fill has read the whole log, or before a build stops at an event it cannot apply (a
   * resumed build starts with nothing held, and finds those rows in its tables). A projection that
   * has it is given `held` while it fills.
   */
  flush?(rows: unknown[], ctx: ProjectionContext): Promise<void>;
}

export interface ProjectionContext {
  client: PoolClient;
  /** The physical table of a logical one, in the generation being written. */
  table(logical: string): string;
  /**
   * True while a rebuild fills its new generation: tables this build made empty, that nothing else
   * writes, and each event applied to them once (its checkpoint commits with its rows). Rows keyed by
   * their event are then new, and so is a row the batch's own read did not find (the appraisal ledger):
   * they may be sent by COPY (copyRows) instead of an INSERT … ON CONFLICT.
   */
  filling?: boolean;
  /**
   * While a rebuild fills a projection that has `flush`: rows it keeps from one batch to the next
   * instead of writing them, because a later batch is sure to change them (written once, then, not
   * twice). The runner keeps a batch's changes only when it commits. A row held is not in the tables:
   * nothing reads the generation while it fills, and the fill ends (or stops) with `flush`.
   */
  held?: HeldRows;
  /**
   * One stream of the log, read through the runner's EventStore port: the only way a projection
   * reads events besides the batch it is given (the log may be KurrentDB's, not in this database).
   */
  readStream(streamId: string, options?: Pick<ReadStreamOptions, 'from' | 'to'>): Promise<RecordedEvent[]>;
  /**
   * Present when the log is in this database, read as stored (PostgresEventStore on the runner's
   * pool, no upcaster): the adapter's SQL of a stream's events, for a projection to read them
   * inside its own statement instead of through `readStream`, with the same result. Absent for
   * KurrentDB or a log in another database.
   */
  logSql?: Pick<PostgresEventStore, 'streamEventsSql'>;
}

export function physicalTable(logical: string, generation: number): string {
  return `${logical}__g${generation}`;
}

export const PROJECTION_NAME_RE = /^[a-z][a-z0-9_]{0,40}$/;
