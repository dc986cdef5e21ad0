import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@kinerja/kernel';
import { parseMonth, parseOpdId, parseYear } from '@kinerja/domain/shared';
import {
  cascadeCsv,
  curveCsv,
  GetRatingAnalytics,
  GetWorkloadAnalytics,
  ratersCsv,
  RatingAnalyticsView,
  workloadCsv,
  WorkloadAnalyticsView,
} from '@kinerja/application';
import { parseInput, RatingAnalyticsQuery, WorkloadAnalyticsQuery } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';

const opt = <T>(s: string | undefined, parse: (s: string) => T): T | undefined => (s === undefined ? undefined : parse(s));

/** Where the ratings lean and the workload (issue 18), for BKPSDM and the inspectorate: as JSON and as CSV files. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  private ratings(actor: Actor, q: Record<string, unknown>): Promise<RatingAnalyticsView> {
    const { year, opdId } = parseInput(RatingAnalyticsQuery, q);
    return this.queries.execute(
      new GetRatingAnalytics(
        opt(year, (y) => parseYear(y)),
        opt(opdId, parseOpdId),
        actor,
      ),
    );
  }

  private workload(actor: Actor, q: Record<string, unknown>): Promise<WorkloadAnalyticsView> {
    const { from, to, opdId } = parseInput(WorkloadAnalyticsQuery, q);
    return this.queries.execute(new GetWorkloadAnalytics(opt(from, parseMonth), opt(to, parseMonth), opt(opdId, parseOpdId), actor));
  }

  private static csv(res: Response, name: string, body: string) {
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
    res.send(body);
  }

  @Get('ratings')
  @ApiOperation({
    summary:
      'Per rater, the predikat they gave against the other raters of their OPD and of the Pemda (standardised difference, z, sample sizes, flagged only when the sample supports it), objections and how they were decided, days from the period’s end to the rating; per OPD and period the distribution against the curve (BKPSDM, the inspectorate)',
  })
  ratingAnalytics(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>) {
    return this.ratings(actor, q);
  }

  @Get('ratings.csv')
  @ApiOperation({ summary: 'The raters of GET /analytics/ratings as a CSV file, one row per rater and OPD' })
  async ratingsCsv(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const v = await this.ratings(actor, q);
    AnalyticsController.csv(res, `penilai-${v.year}${v.opdId ? `-${v.opdId}` : ''}`, ratersCsv(v));
  }

  @Get('curve.csv')
  @ApiOperation({ summary: 'The curve of GET /analytics/ratings as a CSV file, one row per OPD and period issued' })
  async curveCsv(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const v = await this.ratings(actor, q);
    AnalyticsController.csv(res, `kurva-${v.year}${v.opdId ? `-${v.opdId}` : ''}`, curveCsv(v));
  }

  @Get('workload')
  @ApiOperation({
    summary:
      'Daily reports filed and answered per OPD and per supervisor, the supervisors whose queue is oldest, and realisation against target per RHK up the cascade with the share of each OPD’s results on track (BKPSDM, the inspectorate)',
  })
  workloadAnalytics(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>) {
    return this.workload(actor, q);
  }

  @Get('workload.csv')
  @ApiOperation({ summary: 'The daily report lines of GET /analytics/workload as a CSV file (the total, per OPD, per supervisor)' })
  async workloadCsv(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const v = await this.workload(actor, q);
    AnalyticsController.csv(res, `beban-kerja-${v.from}-${v.to}`, workloadCsv(v));
  }

  @Get('cascade.csv')
  @ApiOperation({ summary: 'The RHK of GET /analytics/workload against target, up the cascade, as a CSV file' })
  async cascadeCsv(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const v = await this.workload(actor, q);
    AnalyticsController.csv(res, `capaian-rhk-${v.cascade.throughMonth}`, cascadeCsv(v));
  }
}
