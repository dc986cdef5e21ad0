import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month } from '@kinerja/domain/shared';
import type { Period } from '@kinerja/domain/appraisal';
import {
  ExportSiasnPerformance,
  ImportBknExport,
  ListPredikatDifferences,
  RequestContext,
  ResolvePredikatDifference,
} from '@kinerja/application';
import { BknImportBody, DifferencesQuery, parseInput, ResolveDifferenceBody, SiasnExportQuery } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { Ctx, MonthPipe, NipPipe, PeriodPipe } from '../http';

/** Reconciliation with e-Kinerja BKN and the SIASN export. Each method parses, sends one command or query, and maps the answer. */
@ApiTags('reconciliation')
@Controller('api/v1')
export class ReconciliationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('reconciliation/bkn/:period/import')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Import the predikat export of e-Kinerja BKN for a period (YYYY-MM or YYYY-Qn; CSV or .xlsx, base64); dryRun names every bad row and appends nothing; the same file again appends nothing',
  })
  importExport(
    @CurrentActor() actor: Actor,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const b = parseInput(BknImportBody, body);
    const content = Buffer.from(b.contentBase64, 'base64');
    return this.commands.execute(new ImportBknExport(period, { fileName: b.fileName, content, dryRun: b.dryRun ?? false }, actor, ctx));
  }

  @Get('reconciliation/bkn/differences')
  @ApiOperation({
    summary:
      'The differences between kinerja’s predikat and e-Kinerja BKN’s for the months an export was imported (different, BKN only, kinerja only), resolved or not, paged',
  })
  differences(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { limit, offset, ...filter } = parseInput(DifferencesQuery, query);
    return this.queries.execute(new ListPredikatDifferences(filter, { limit, offset }, actor));
  }

  @Post('reconciliation/bkn/:month/differences/:nip/resolve')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Resolve the difference of one employee in one month: the predikat to pay (KINERJA or BKN; absent: the policy’s predikatSource) and why. A choice other than the predikat in force becomes the month’s pay input (the run’s line goes stale)',
  })
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('month', MonthPipe) month: Month,
    @Param('nip', NipPipe) nip: Nip,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const r = await this.commands.execute(new ResolvePredikatDifference(month, nip, parseInput(ResolveDifferenceBody, body), actor, ctx));
    return {
      streamId: r.streamId,
      version: r.version,
      month: r.month,
      nip: r.nip,
      choice: r.choice,
      governingSource: r.governingSource,
      events: r.events,
    };
  }

  @Get('siasn/periodic-performance/:period')
  @ApiOperation({
    summary:
      'kinerja’s issued periodic appraisals of a period as SIASN periodic-performance rows (JSON, or CSV with ?format=csv) to upload to SIASN',
  })
  async siasn(
    @CurrentActor() actor: Actor,
    @Param('period', PeriodPipe) period: Period,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const q = parseInput(SiasnExportQuery, query);
    const out = await this.queries.execute(
      new ExportSiasnPerformance(period, { format: q.format, ...(q.opdId ? { opdId: q.opdId } : {}) }, actor),
    );
    if (out.delivered !== 'FILE') return out;
    if (out.format === 'json') return JSON.parse(out.body) as unknown;
    res.setHeader('content-type', out.contentType);
    res.setHeader('content-disposition', `attachment; filename="${out.fileName}"`);
    return out.body;
  }
}
