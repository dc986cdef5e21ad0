import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { EVENT_STORE, MAINTENANCE_JOBS, MaintenanceJobs, PROJECTION_STATUS, ProjectionStatusPort } from '../ports';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';
import { GetAuditStream, GetJob, GetProjections, StartAuditVerification, VerifyEventLog } from './commands';

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

export const AUDIT_HANDLERS = [
  GetAuditStreamHandler,
  StartAuditVerificationHandler,
  VerifyEventLogHandler,
  GetJobHandler,
  GetProjectionsHandler,
];
