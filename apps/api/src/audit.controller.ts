import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { GetAuditStream, GetJob, GetProjections, StartAuditVerification } from '@kinerja/application';
import { JobIdParam, parseInput, StreamQuery } from '@kinerja/contracts';
import { CurrentActor } from './auth.guard';
import { StreamIdPipe } from './http';

/** The event log as it was, its verification, the background jobs and the read models' lag. Parse, send, map. */
@ApiTags('audit')
@Controller('api/v1')
export class AuditController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('audit/streams/:streamId')
  @ApiOperation({
    summary: 'A stream as it was at a moment: its events with who, why and hashes (the inspectorate; an employee, the streams about them)',
  })
  stream(@CurrentActor() actor: Actor, @Param('streamId', StreamIdPipe) streamId: string, @Query() query: Record<string, string>) {
    return this.queries.execute(new GetAuditStream(streamId, parseInput(StreamQuery, query), actor));
  }

  @Post('audit/verify')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a full hash-chain verification; follow it at /api/v1/jobs/{id}' })
  verify(@CurrentActor() actor: Actor) {
    return this.commands.execute(new StartAuditVerification(actor));
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A background job: state, progress, result' })
  job(@Param() params: Record<string, string>) {
    return this.queries.execute(new GetJob(parseInput(JobIdParam, params).id));
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projections with their checkpoints and lag' })
  projections() {
    return this.queries.execute(new GetProjections());
  }
}
