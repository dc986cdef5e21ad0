import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { badInput, notFound } from '@kinerja/kernel';
import { START, type Checkpoint, type EventStore } from '@kinerja/event-store';
import type { PolicyDocument } from '@kinerja/policies';
import { isLocalDate, localDateOf } from '@kinerja/domain/shared';
import { accessLogDecider, accessLogStreamId } from '@kinerja/domain/accesslog';
import {
  accessLogPage,
  APPRAISAL_EXPORT_COLUMNS,
  ledgerEventTypes,
  PAY_EXPORT_COLUMNS,
  readLedgerExport,
  timelineBatches,
  timelineCount,
  timelineHead,
  timelinePage,
} from '@kinerja/projections';
import { handleCommand } from '../command-handler';
import { EVENT_STORE, MAINTENANCE_JOBS, MaintenanceJobs, POLICIES, PROJECTION_STATUS, ProjectionStatusPort } from '../ports';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';
import {
  ExportAuditTimeline,
  ExportLedger,
  GetAccessLog,
  GetAuditStream,
  GetAuditTimeline,
  GetJob,
  GetProjections,
  ReplayDecisions,
  ReplayRange,
  StartAuditVerification,
  VerifyEventLog,
} from './commands';
import { ReadAudit, RecordDataAccess } from './reads';
import { sealConsistentWith, type ExportSeal } from './export';
import { recordedSeals } from './seal-handlers';
import { DecisionReplayer, REPLAY_EVENT_TYPES, ReplayTally } from './replay';

/** A stream about an employee names their NIP (Appraisal-<nip>-<period>, Employee-<nip>, …). */
const nipInStreamId = (streamId: string) => /(?:^|[-.:])(\d{18})(?=$|[-.:])/.exec(streamId)?.[1];

@QueryHandler(GetAuditStream)
export class GetAuditStreamHandler extends ApplicationHandler implements IQueryHandler<GetAuditStream> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async execute({ streamId, page, actor }: GetAuditStream) {
    // The employee a stream is about may replay it; anything else is the inspectorate's.
    const nip = nipInStreamId(streamId);
    const at = this.now();
    if (nip) await this.people.authorize(actor, 'audit.timeline', { kind: 'employee', nip }, at);
    else await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, at);
    const { from, limit, asOf } = page;
    const events = await this.store.readStream(streamId, {
      from,
      to: from + limit - 1,
      asOf: asOf ? new Date(asOf) : undefined,
      raw: true,
    });
    if ((await this.store.streamVersion(streamId)) < 0) throw notFound('STREAM_NOT_FOUND', `no stream ${streamId}`, { streamId });
    return { streamId, asOf: asOf ?? null, events, page: { from, limit, next: events.length === limit ? from + limit : null } };
  }
}

@CommandHandler(StartAuditVerification)
export class StartAuditVerificationHandler extends ApplicationHandler implements ICommandHandler<StartAuditVerification> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(MAINTENANCE_JOBS) private readonly jobs: MaintenanceJobs,
  ) {
    super();
  }

  async execute({ actor }: StartAuditVerification) {
    await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, this.now());
    const jobId = await this.jobs.start('audit.verify');
    return { jobId, status: `/api/v1/jobs/${jobId}` };
  }
}

@QueryHandler(VerifyEventLog)
export class VerifyEventLogHandler implements IQueryHandler<VerifyEventLog> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ onProgress }: VerifyEventLog) {
    return this.store.verifyIntegrity({ onProgress });
  }
}

@QueryHandler(GetJob)
export class GetJobHandler implements IQueryHandler<GetJob> {
  constructor(@Inject(MAINTENANCE_JOBS) private readonly jobs: MaintenanceJobs) {}

  async execute({ id }: GetJob) {
    const job = await this.jobs.status(id);
    if (!job) throw notFound('JOB_NOT_FOUND', `no job ${id}`, { id });
    return job;
  }
}

@QueryHandler(GetProjections)
export class GetProjectionsHandler implements IQueryHandler<GetProjections> {
  constructor(@Inject(PROJECTION_STATUS) private readonly projections: ProjectionStatusPort) {}

  async execute() {
    return { projections: await this.projections.status() };
  }
}

@QueryHandler(GetAuditTimeline)
export class GetAuditTimelineHandler extends ApplicationHandler implements IQueryHandler<GetAuditTimeline> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ filter, page, actor }: GetAuditTimeline) {
    const at = this.now();
    let scoped = filter;
    // The whole log is the inspectorate's; an employee reads the events about themselves.
    if (filter.nip) await this.people.authorize(actor, 'audit.timeline', { kind: 'employee', nip: filter.nip }, at);
    else if (actor.nip && !(await this.people.allows(actor, 'audit.verify', { kind: 'auditLog' }, at))) {
      await this.people.authorize(actor, 'audit.timeline', { kind: 'employee', nip: actor.nip }, at);
      scoped = { ...filter, nip: actor.nip };
    } else await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, at);
    const { rows, next } = await timelinePage(this.db, scoped, page);
    return {
      events: rows.map(({ checkpoint, ...r }) => ({ ...r, globalPosition: checkpoint.globalPosition })),
      page: { limit: page.limit, order: page.order, next },
    };
  }
}

@QueryHandler(ExportAuditTimeline)
export class ExportAuditTimelineHandler extends ApplicationHandler implements IQueryHandler<ExportAuditTimeline> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async execute({ filter, actor, batchSize }: ExportAuditTimeline) {
    const generatedAt = this.now();
    await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, generatedAt);
    // The export holds what the log held when it started, whatever is appended while it streams.
    const head = await timelineHead(this.db);
    if (!head) return { head, seal: null, total: 0, generatedAt, batches: (async function* () {})() };
    const seals = await sealsOf(this.store);
    const total = await timelineCount(this.db, filter, head);
    return { head, seal: sealConsistentWith(seals, head), total, generatedAt, batches: timelineBatches(this.db, filter, head, batchSize) };
  }
}

/** Every seal, as an export names it. */
async function sealsOf(store: EventStore): Promise<ExportSeal[]> {
  return (await recordedSeals(store)).map(({ data: d }) => ({ seal: d.seal, sealedAt: d.sealedAt, cut: d.cut, root: d.root }));
}

@QueryHandler(ExportLedger)
export class ExportLedgerHandler extends ApplicationHandler implements IQueryHandler<ExportLedger> {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async execute({ kind, filter, actor, batchSize }: ExportLedger) {
    const generatedAt = this.now();
    await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, generatedAt);
    const seals = await sealsOf(this.store);
    const read = await readLedgerExport(this.db, kind, filter, batchSize);
    let seal: ExportSeal | null;
    try {
      seal = await this.sealReached(seals, read.head, ledgerEventTypes(kind));
    } catch (e) {
      await read.close();
      throw e;
    }
    return {
      head: read.head,
      seal,
      total: read.total,
      generatedAt,
      columns: kind === 'appraisals' ? APPRAISAL_EXPORT_COLUMNS : PAY_EXPORT_COLUMNS,
      batches: read.batches,
      close: read.close,
    };
  }

  /**
   * The newest seal whose cut the ledger reaches: every event of the ledger's kinds below the cut is
   * applied. Its position is at or past the cut, or the first event of its kinds after its position
   * (read through the EventStore port) is at or past the cut: nothing of its kinds lay between.
   */
  private async sealReached(seals: readonly ExportSeal[], head: Checkpoint | null, types: readonly string[]): Promise<ExportSeal | null> {
    if (seals.length === 0) return null;
    const position = head ?? START;
    const next = (await this.store.readAll({ after: position, limit: 1, types: [...types] })).events[0];
    const reaches = (cut: string) =>
      BigInt(position.transactionId) >= BigInt(cut) || !next || BigInt(next.checkpoint.transactionId) >= BigInt(cut);
    return [...seals].sort((a, b) => b.seal - a.seal).find((s) => reaches(s.cut)) ?? null;
  }
}

@QueryHandler(GetAccessLog)
export class GetAccessLogHandler extends ApplicationHandler implements IQueryHandler<GetAccessLog> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ nip, page, actor }: GetAccessLog) {
    await this.people.authorize(actor, 'audit.timeline', { kind: 'employee', nip }, this.now());
    const { rows, next } = await accessLogPage(this.db, nip, page);
    return { nip, reads: rows.map(({ checkpoint: _, ...r }) => r), page: { limit: page.limit, next } };
  }
}

/** Appends one read to the employee's access log (sent by ReadAudit after a read succeeded). */
@CommandHandler(RecordDataAccess)
export class RecordDataAccessHandler extends ApplicationHandler implements ICommandHandler<RecordDataAccess> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  execute({ nip, what, scope, via, actor, read }: RecordDataAccess) {
    const now = this.now();
    const reader = { userId: actor.userId, ...(actor.nip ? { nip: actor.nip } : {}) };
    return handleCommand(
      this.store,
      accessLogStreamId(nip, now),
      accessLogDecider,
      { type: 'RecordDataAccess', nip, what, scope, reader, via, ...(read.reason ? { reason: read.reason } : {}), now },
      {
        actor,
        role: via.startsWith('role:') ? via.slice(5) : via,
        ...(read.reason ? { reason: read.reason } : {}),
        ...(read.requestId ? { requestId: read.requestId } : {}),
        ...(read.correlationId ? { correlationId: read.correlationId } : {}),
      },
    );
  }
}

/** A replay's range, checked before anything is read: dates on the Pemda's calendar, from before to, a stream that exists. */
async function checkedRange(store: EventStore, range: ReplayRange): Promise<ReplayRange> {
  for (const field of ['from', 'to'] as const) {
    const d = range[field];
    if (d !== undefined && !isLocalDate(d))
      throw badInput('INVALID_DATE', `${field} must be a date YYYY-MM-DD`, { field, value: String(d).slice(0, 40) });
  }
  if (range.from && range.to && range.from > range.to)
    throw badInput('INVALID_RANGE', `the range ends (${range.to}) before it begins (${range.from})`, { from: range.from, to: range.to });
  if (range.stream !== undefined && (await store.streamVersion(range.stream)) < 0)
    throw notFound('STREAM_NOT_FOUND', `no stream ${range.stream.slice(0, 200)}`, { streamId: range.stream.slice(0, 200) });
  return range;
}

@QueryHandler(ReplayDecisions)
export class ReplayDecisionsHandler implements IQueryHandler<ReplayDecisions> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICIES) private readonly policies: () => Promise<readonly PolicyDocument[]>,
  ) {}

  async execute({ range: asked, onProgress }: ReplayDecisions) {
    const range = await checkedRange(this.store, asked);
    const replayer = new DecisionReplayer(await this.policies());
    const tally = new ReplayTally();
    const head = await this.store.head();
    const total = (await this.store.backlog({ after: START, upTo: head, types: REPLAY_EVENT_TYPES, max: Number.MAX_SAFE_INTEGER })).events;
    const inRange = (e: { streamId: string; recordedAt: Date }) => {
      if (range.stream !== undefined && e.streamId !== range.stream) return false;
      if (range.from === undefined && range.to === undefined) return true;
      const day = localDateOf(e.recordedAt);
      return (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);
    };
    // The whole log up to its head as of now, in order: every decider's state is folded from it,
    // the decisions outside the range included (they are folded, not reported).
    // The next page is read while this one is replayed.
    const readAfter = (after: Checkpoint) => this.store.readAll({ after, limit: 5000, types: REPLAY_EVENT_TYPES });
    let read = 0;
    let next = readAfter(START);
    for (;;) {
      const page = await next;
      if (page.events.length > 0) next = readAfter(page.checkpoint);
      for (const e of page.events) {
        const verdict = replayer.apply(e);
        if (verdict && inRange(e)) tally.add(verdict);
      }
      read += page.events.length;
      if (page.events.length > 0) {
        onProgress?.({ read, total: Math.max(total, read) });
        continue;
      }
      if ((await this.store.backlog({ after: page.checkpoint, upTo: head, types: REPLAY_EVENT_TYPES, max: 1 })).events === 0) break;
      await new Promise((r) => setTimeout(r, 20));
      next = readAfter(page.checkpoint);
    }
    return { range, eventsRead: read, ...tally.summary() };
  }
}

export const AUDIT_HANDLERS = [
  ReadAudit,
  GetAuditTimelineHandler,
  ExportAuditTimelineHandler,
  ExportLedgerHandler,
  GetAccessLogHandler,
  RecordDataAccessHandler,
  ReplayDecisionsHandler,
  GetAuditStreamHandler,
  StartAuditVerificationHandler,
  VerifyEventLogHandler,
  GetJobHandler,
  GetProjectionsHandler,
];
