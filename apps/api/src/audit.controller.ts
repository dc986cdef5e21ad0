import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, notFound } from '@kinerja/kernel';
import { PeopleService } from '@kinerja/application';
import { CurrentActor } from './auth.guard';
import { assertStreamId } from '@kinerja/event-store';
import { JobIdParam, parseInput, StreamQuery } from '@kinerja/contracts';
import { QUEUES, Runtime } from '@kinerja/platform';
import { RUNTIME } from './runtime.token';

@ApiTags('audit')
@Controller('api/v1')
export class AuditController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
  ) {}

  @Get('audit/streams/:streamId')
  @ApiOperation({
    summary: 'A stream as it was at a moment: its events with who, why and hashes (the inspectorate; an employee, the streams about them)',
  })
  async stream(@CurrentActor() actor: Actor, @Param('streamId') streamId: string, @Query() query: Record<string, string>) {
    assertStreamId(streamId);
    // A stream about an employee names their NIP (Appraisal-<nip>-<period>, Employee-<nip>, …): the
    // employee may replay it; anything else is the inspectorate's.
    const nip = /(?:^|[-.:])(\d{18})(?=$|[-.:])/.exec(streamId)?.[1];
    const at = new Date().toISOString();
    if (nip) await this.people.authorize(actor, 'audit.timeline', { kind: 'employee', nip }, at);
    else await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, at);
    const q = parseInput(StreamQuery, query);
    const events = await this.rt.store.readStream(streamId, {
      from: q.from,
      to: q.from + q.limit - 1,
      asOf: q.asOf ? new Date(q.asOf) : undefined,
      raw: true,
    });
    const version = await this.rt.store.streamVersion(streamId);
    if (version < 0) throw notFound('STREAM_NOT_FOUND', `no stream ${streamId}`, { streamId });
    return {
      streamId,
      asOf: q.asOf ?? null,
      events,
      page: { from: q.from, limit: q.limit, next: events.length === q.limit ? q.from + q.limit : null },
    };
  }

  @Post('audit/verify')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a full hash-chain verification; follow it at /api/v1/jobs/{id}' })
  async verify(@CurrentActor() actor: Actor) {
    await this.people.authorize(actor, 'audit.verify', { kind: 'auditLog' }, new Date().toISOString());
    const job = await this.rt.queues
      .queue(QUEUES.maintenance)
      .add('audit.verify', {}, { removeOnComplete: { age: 86400 }, removeOnFail: { age: 86400 } });
    return { jobId: job.id, status: `/api/v1/jobs/${job.id}` };
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A background job: state, progress, result' })
  async job(@Param() params: Record<string, string>) {
    const { id } = parseInput(JobIdParam, params);
    // State first, then the job: a job seen completed is read with its result (the other order
    // can catch it completing in between and show "completed" with no result).
    const queue = this.rt.queues.queue(QUEUES.maintenance);
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job || state === 'unknown') throw notFound('JOB_NOT_FOUND', `no job ${id}`, { id });
    return {
      id: job.id,
      name: job.name,
      state,
      progress: job.progress,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
    };
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projections with their checkpoints and lag' })
  async projections() {
    return { projections: await this.rt.runner.status() };
  }
}
