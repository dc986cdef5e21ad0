import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@kinerja/kernel';
import {
  ExportAuditTimeline,
  ExportFormat,
  ExportLedger,
  exportChunks,
  GetAuditStream,
  GetAuditTimeline,
  GetJob,
  GetProjections,
  StartAuditVerification,
  timelineExportChunks,
} from '@kinerja/application';
import {
  checkpointOfCursor,
  cursorOf,
  JobIdParam,
  LedgerExportQuery,
  ledgerFilterOf,
  parseInput,
  StreamQuery,
  TimelineExportQuery,
  timelineFilterOf,
  TimelineQuery,
} from '@kinerja/contracts';
import { CurrentActor } from './auth.guard';
import { StreamIdPipe } from './http';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The event log as it was, its timeline and exports, its verification, the background jobs and the read models' lag. Parse, send, map. */
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

  @Get('audit/timeline')
  @ApiOperation({
    summary:
      'Every event with actor, role, reason, time, policy version, correlation id and stream, filtered and paged by cursor (the inspectorate; an employee, the events about them)',
  })
  async timeline(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const q = parseInput(TimelineQuery, query);
    const filter = timelineFilterOf(q);
    const page = {
      ...(q.cursor ? { cursor: checkpointOfCursor(q.cursor) } : {}),
      limit: Number(q.limit ?? 100),
      order: q.order ?? ('asc' as const),
    };
    const r = await this.queries.execute(new GetAuditTimeline(filter, page, actor));
    return { ...r, page: { ...r.page, next: cursorOf(r.page.next) } };
  }

  @Get('audit/exports/timeline.jsonl')
  @ApiOperation({
    summary: 'The timeline as JSON Lines, streamed: a header line naming the log head it is consistent with, then one event per line',
  })
  exportJsonl(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.export('jsonl', actor, query, res);
  }

  @Get('audit/exports/timeline.csv')
  @ApiOperation({
    summary: 'The timeline as CSV, streamed: a first row naming the log head it is consistent with, the header, one event per row',
  })
  exportCsv(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.export('csv', actor, query, res);
  }

  @Get('audit/exports/appraisals.jsonl')
  @ApiOperation({ summary: 'The appraisal ledger of an OPD over months as JSON Lines, streamed from one snapshot (the inspectorate)' })
  appraisalsJsonl(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.ledger('appraisals', 'jsonl', actor, query, res);
  }

  @Get('audit/exports/appraisals.csv')
  @ApiOperation({ summary: 'The appraisal ledger of an OPD over months as CSV, streamed from one snapshot (the inspectorate)' })
  appraisalsCsv(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.ledger('appraisals', 'csv', actor, query, res);
  }

  @Get('audit/exports/pay.jsonl')
  @ApiOperation({
    summary:
      'The pay ledger (the lines of every run’s current calculation) of an OPD over months as JSON Lines, streamed (the inspectorate)',
  })
  payJsonl(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.ledger('pay', 'jsonl', actor, query, res);
  }

  @Get('audit/exports/pay.csv')
  @ApiOperation({
    summary: 'The pay ledger (the lines of every run’s current calculation) of an OPD over months as CSV, streamed (the inspectorate)',
  })
  payCsv(@CurrentActor() actor: Actor, @Query() query: Record<string, string>, @Res() res: Response) {
    return this.ledger('pay', 'csv', actor, query, res);
  }

  /** A ledger's export: the same header and streaming as the timeline's, from the ledger's snapshot. */
  private async ledger(kind: 'appraisals' | 'pay', format: ExportFormat, actor: Actor, query: Record<string, string>, res: Response) {
    const filter = ledgerFilterOf(parseInput(LedgerExportQuery, query));
    const r = await this.queries.execute(new ExportLedger(kind, filter, actor));
    const name = kind === 'appraisals' ? 'appraisal-ledger' : 'pay-ledger';
    this.exportHeaders(res, format, name, r);
    const chunks = exportChunks(
      { export: name, format, filter, logHead: r.head, events: r.total, seal: r.seal, generatedAt: r.generatedAt },
      r.columns,
      (row) => row,
      r.batches,
    );
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), res)
      .catch(() => res.destroy())
      .finally(() => r.close());
  }

  private exportHeaders(
    res: Response,
    format: ExportFormat,
    name: string,
    r: { head: { transactionId: string; globalPosition: string } | null; total: number; seal: { seal: number } | null },
  ) {
    res.status(200);
    res.setHeader('content-type', CONTENT_TYPE[format]);
    res.setHeader('content-disposition', `attachment; filename="${name}.${format}"`);
    res.setHeader('x-kinerja-log-head', cursorOf(r.head) ?? 'none');
    res.setHeader('x-kinerja-events', String(r.total));
    res.setHeader('x-kinerja-seal', r.seal ? String(r.seal.seal) : 'none');
  }

  /** Streams the export with the response's backpressure: one batch of events in memory at a time. */
  private async export(format: ExportFormat, actor: Actor, query: Record<string, string>, res: Response) {
    const filter = timelineFilterOf(parseInput(TimelineExportQuery, query));
    const r = await this.queries.execute(new ExportAuditTimeline(filter, actor));
    this.exportHeaders(res, format, 'audit-timeline', r);
    const chunks = timelineExportChunks(
      { export: 'audit-timeline', format, filter, logHead: r.head, events: r.total, seal: r.seal, generatedAt: r.generatedAt },
      r.batches,
    );
    // Once the first byte is out, a failure can only cut the response: the client sees it short of `events`.
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), res).catch(() => res.destroy());
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
