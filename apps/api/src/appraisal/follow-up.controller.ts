import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, Instant, notFound } from '@kinerja/kernel';
import { parseNip, parseOpdId, parseYear } from '@kinerja/domain/shared';
import { AppraisalService, PeopleService } from '@kinerja/application';
import { PageQuery, parseInput, RecordTrainingBody, YearPredikatBody } from '@kinerja/contracts';
import {
  appraisalOf,
  appraisalsOf,
  competenceHours,
  escalatedObjections,
  openTrainingRecommendations,
  promotionEligibility,
  rewardList,
  sanctionCases,
  trainingRecommendationsOf,
  unitCalibration,
  unitLedger,
  yearPredikatHistory,
} from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext, parseAppraisalPeriod } from '../http';

type Hdrs = Record<string, string | undefined>;

const page = (q: Record<string, unknown>) => parseInput(PageQuery, { limit: q.limit, offset: q.offset });

/** Read models of stage 3 and 4: the appraisal ledger, the unit's issue, and the follow-up lists. */
@ApiTags('appraisal')
@ApiBearerAuth()
@Controller('api/v1')
export class FollowUpController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(AppraisalService) private readonly appraisals: AppraisalService,
  ) {}

  private now(): Instant {
    return this.rt.clock.now().toISOString();
  }

  private get pool() {
    return this.rt.db.pool;
  }

  @Get('appraisals/:nip')
  @ApiQuery({ name: 'year', required: false })
  @ApiOperation({
    summary:
      'An employee’s appraisal ledger: ratings, predikat, state (DRAFT, ISSUED, OBJECTED, DECIDED, FINAL) per period, with the events behind each',
  })
  async employeeLedger(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Query() q: Record<string, string>) {
    const nip = parseNip(nipText);
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, this.now());
    const { year, ...rest } = q;
    const p = page(rest);
    return { nip, ...p, appraisals: await appraisalsOf(this.pool, nip, (year === undefined ? undefined : parseYear(year)), p) };
  }

  @Get('appraisals/:nip/:period')
  @ApiOperation({ summary: 'One appraisal as the ledger holds it, with the events behind it (read model)' })
  async one(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('period') periodText: string) {
    const nip = parseNip(nipText);
    const period = parseAppraisalPeriod(periodText);
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, this.now());
    const row = await appraisalOf(this.pool, nip, period);
    if (!row) throw notFound('APPRAISAL_NOT_FOUND', 'no appraisal of the employee for the period', { nip, period });
    return row;
  }

  @Get('appraisal-units/:opdId/:period')
  @ApiOperation({
    summary: 'An OPD’s appraisals for a period (ledger rows) and its calibration: organisational result, justification, issue',
  })
  async unit(
    @CurrentActor() actor: Actor,
    @Param('opdId') opdText: string,
    @Param('period') periodText: string,
    @Query() q: Record<string, string>,
  ) {
    const opdId = parseOpdId(opdText);
    const period = parseAppraisalPeriod(periodText);
    await this.people.authorize(actor, 'appraisal.distribution', { kind: 'unit', opdId }, this.now());
    const p = page(q);
    return {
      opdId,
      period,
      calibration: await unitCalibration(this.pool, opdId, period),
      ...p,
      appraisals: await unitLedger(this.pool, opdId, period, p),
    };
  }

  @Post('trainings/:nip')
  @HttpCode(201)
  @CommandDoc(RecordTrainingBody)
  @ApiOperation({
    summary:
      'Record a completed training {course, hours (JP), completedOn, recommendationId?}: the employee or BKPSDM; naming a recommendation closes it',
  })
  async recordTraining(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(RecordTrainingBody, body);
    return commandAnswer(await this.appraisals.recordTraining(parseNip(nip), b, actor, this.now(), requestContext(h)));
  }

  @Post('follow-up/employees/:nip/year-predikat')
  @HttpCode(201)
  @CommandDoc(YearPredikatBody)
  @ApiOperation({
    summary:
      'Record the predikat of a year appraised before kinerja {year, predikat, source, reason} (BKPSDM): promotion eligibility counts it; a year appraised in kinerja is refused',
  })
  async recordYearPredikat(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(YearPredikatBody, body);
    return commandAnswer(await this.appraisals.recordYearPredikat(parseNip(nip), b, actor, this.now(), requestContext(h)));
  }

  @Get('follow-up/employees/:nip')
  @ApiQuery({ name: 'year', required: false, description: 'for the competence development hours; this year by default' })
  @ApiOperation({
    summary:
      'An employee’s follow-up: training recommendations (open or closed by a training), competence development hours of the year, promotion eligibility per year',
  })
  async employeeFollowUp(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Query('year') yearText?: string) {
    const nip = parseNip(nipText);
    await this.people.authorize(actor, 'appraisal.view', { kind: 'employee', nip }, this.now());
    const year = (yearText === undefined ? Number(this.now().slice(0, 4)) : parseYear(yearText));
    const [recommendations, hours, promotion, history] = await Promise.all([
      trainingRecommendationsOf(this.pool, nip),
      competenceHours(this.pool, nip, year),
      promotionEligibility(this.pool, nip),
      yearPredikatHistory(this.pool, nip),
    ]);
    return {
      nip,
      trainingRecommendations: recommendations,
      competenceDevelopment: hours,
      promotionEligibility: promotion,
      yearPredikatBeforeKinerja: history,
    };
  }

  @Get('follow-up/rewards')
  @ApiQuery({ name: 'period', required: false })
  @ApiOperation({ summary: 'The rewards list: SANGAT_BAIK once settled (BKPSDM, the inspectorate)' })
  async rewards(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    await this.people.authorize(actor, 'followup.view', { kind: 'organisation' }, this.now());
    const { period, ...rest } = q;
    const p = page(rest);
    return { ...p, rewards: await rewardList(this.pool, period === undefined ? undefined : parseAppraisalPeriod(period), p) };
  }

  @Get('follow-up/sanction-cases')
  @ApiOperation({ summary: 'Cases flagged to BKPSDM after two consecutive SANGAT_KURANG periods' })
  async sanctions(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    await this.people.authorize(actor, 'followup.view', { kind: 'organisation' }, this.now());
    const p = page(q);
    return { ...p, cases: await sanctionCases(this.pool, p) };
  }

  @Get('follow-up/training-recommendations')
  @ApiOperation({
    summary: 'Open training recommendations (BUTUH_PERBAIKAN or worse), naming the weakest behaviour values and the RHK missed',
  })
  async trainings(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    await this.people.authorize(actor, 'followup.view', { kind: 'organisation' }, this.now());
    const p = page(q);
    return { ...p, recommendations: await openTrainingRecommendations(this.pool, p) };
  }

  @Get('follow-up/escalated-objections')
  @ApiOperation({ summary: 'Objections undecided at their due date, escalated to BKPSDM (never decided by default)' })
  async escalated(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    await this.people.authorize(actor, 'followup.view', { kind: 'organisation' }, this.now());
    const p = page(q);
    return { ...p, objections: await escalatedObjections(this.pool, p) };
  }
}
