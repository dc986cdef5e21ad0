import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import type { Checkpoint, IntegrityReport, RecordedEvent } from '@kinerja/event-store';
import type {
  AccessLogRow,
  LedgerExportFilter,
  LedgerExportKind,
  LedgerExportRow,
  ProjectionStatus,
  TimelineFilter,
  TimelineRow,
} from '@kinerja/projections';
import type { JobView } from '../ports';
import type { ReplaySummary } from './replay';
import type { ExportSeal } from './export';

// The audit area's commands and queries: the event log as it was, its verification, and the state
// of the background jobs and read models that serve it.

/** One page of a stream as it was at `asOf` (now when absent), with who, why and hashes. */
export class GetAuditStream extends Query<{
  streamId: string;
  asOf: string | null;
  events: RecordedEvent[];
  page: { from: number; limit: number; next: number | null };
}> {
  constructor(
    /** Already checked as a stream id at the edge. */
    readonly streamId: string,
    readonly page: { asOf?: string; from: number; limit: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Starts a full verification of the log in the background; its state is read with `GetJob`. */
export class StartAuditVerification extends Command<{ jobId: string; status: string }> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/**
 * Checks the whole log with what its store keeps (PostgreSQL: every hash chain). Sent by the
 * maintenance job the API starts (which authorised the caller) and by `kinerja audit verify` on the
 * operator's console: both trusted, so it names no actor.
 */
export class VerifyEventLog extends Query<IntegrityReport> {
  constructor(readonly onProgress?: (p: { checked: number; total: number }) => void) {
    super();
  }
}

/** A background job of the maintenance queue: state, progress, result. */
export class GetJob extends Query<JobView> {
  constructor(readonly id: string) {
    super();
  }
}

/** Every projection with its checkpoint and lag. */
export class GetProjections extends Query<{ projections: ProjectionStatus[] }> {}

/** An event of the timeline as the API shows it. */
export type TimelineEventView = Omit<TimelineRow, 'checkpoint'> & { globalPosition: string };

/**
 * One page of the audit timeline: the inspectorate reads every event; an employee the events about
 * themselves (`filter.nip` their own NIP, which it defaults to); anyone else is refused.
 */
export class GetAuditTimeline extends Query<{
  events: TimelineEventView[];
  page: { limit: number; order: 'asc' | 'desc'; next: Checkpoint | null };
}> {
  constructor(
    readonly filter: TimelineFilter,
    readonly page: { cursor?: Checkpoint; limit: number; order: 'asc' | 'desc' },
    readonly actor: Actor,
  ) {
    super();
  }
}

/**
 * The events of the timeline for an export, as batches read one after the other up to the log head
 * taken when the export starts (`head`: the last event it can hold; null when the log is empty), and
 * how many there are. The inspectorate only (the action `audit.verify`: verify and export the log).
 */
export class ExportAuditTimeline extends Query<{
  head: Checkpoint | null;
  /** The last seal the export is consistent with (null before the first). */
  seal: ExportSeal | null;
  total: number;
  generatedAt: string;
  batches: AsyncIterable<TimelineRow[]>;
}> {
  constructor(
    readonly filter: TimelineFilter,
    readonly actor: Actor,
    readonly batchSize = 500,
  ) {
    super();
  }
}

/**
 * The appraisal or the pay ledger of an OPD over a range of months, for an export: read in one
 * snapshot, with the projection's position in it and the last seal that position reaches. The
 * inspectorate only, as the timeline's export. `close` ends the snapshot if the batches are dropped.
 */
export class ExportLedger extends Query<{
  head: Checkpoint | null;
  seal: ExportSeal | null;
  total: number;
  generatedAt: string;
  columns: readonly string[];
  batches: AsyncIterable<LedgerExportRow[]>;
  close(): Promise<void>;
}> {
  constructor(
    readonly kind: LedgerExportKind,
    readonly filter: LedgerExportFilter,
    readonly actor: Actor,
    readonly batchSize = 1000,
  ) {
    super();
  }
}

/** The reads of an employee's data by others through a role, newest first: the employee and the inspectorate. */
export class GetAccessLog extends Query<{
  nip: string;
  reads: Array<Omit<AccessLogRow, 'checkpoint'>>;
  page: { limit: number; next: Checkpoint | null };
}> {
  constructor(
    readonly nip: string,
    readonly page: { cursor?: Checkpoint; limit: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/**
 * Re-runs every recorded decision (ratings, calibration, objection decisions, pay lines) through
 * today's deciders and calculator on its recorded inputs and policy version, and reports "same" or
 * the difference field by field. Reads the whole log (the deciders' states are folded from it) and
 * reports the decisions recorded in `range` (dates on the Pemda's calendar; one stream when given).
 * Appends nothing. Sent by `kinerja audit replay` on the operator's console: names no actor.
 */
export class ReplayDecisions extends Query<ReplaySummary & { range: ReplayRange; eventsRead: number }> {
  constructor(
    readonly range: ReplayRange,
    readonly onProgress?: (p: { read: number; total: number }) => void,
  ) {
    super();
  }
}

export interface ReplayRange {
  from?: string;
  to?: string;
  stream?: string;
}
