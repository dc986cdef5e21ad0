import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Period } from '@kinerja/domain/appraisal';
import { OpdId, parseYear } from '@kinerja/domain/shared';
import {
  GetAppraisal,
  GetAppraisalLedger,
  GetAppraisalRules,
  GetEmployeeFollowUp,
  GetFollowUpList,
  GetTeamAppraisals,
  GetUnitAppraisals,
  RecordTraining,
  RecordYearPredikat,
  ReadContext,
  RequestContext,
} from '@kinerja/application';
import { PageQuery, parseInput, RecordTrainingBody, YearPredikatBody } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { asOfParam, commandAnswer, CommandDoc, Ctx, NipPipe, OpdIdPipe, parseAppraisalPeriod, PeriodPipe, Read } from '../http';

const page = (q: Record<string, unknown>) => parseInput(PageQuery, { limit: q.limit, offset: q.offset });
const optionalYear = (s: string | undefined) => (s === undefined ? undefined : parseYear(s));

/** Read models of stage 3 and 4: the appraisal ledger, the unit's issue, and the follow-up lists. */
@ApiTags('appraisal')
@ApiBearerAuth()
@Controller('api/v1')
export class FollowUpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('appraisals/:nip')
  @ApiQuery({ name: 'year', required: false })
  @ApiOperation({
    summary:
      'An employee’s appraisal ledger: ratings, predikat, state (DRAFT, ISSUED, OBJECTED, DECIDED, FINAL) per period, with the events behind each',
  })
  employeeLedger(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Query() q: Record<string, string>,
    @Read() read: ReadContext,
  ) {
    const { year, ...rest } = q;
    const p = page(rest);
    return this.queries.execute(new GetAppraisalLedger(nip, optionalYear(year), p, actor, read, asOfParam(q)));
  }

  @Get('appraisals/:nip/:period')
  @ApiOperation({ summary: 'One appraisal as the ledger holds it, with the events behind it (read model)' })
  one(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', PeriodPipe) period: Period,
    @Query() q: Record<string, string>,
    @Read() read: ReadContext,
  ) {
    return this.queries.execute(new GetAppraisal(nip, period, actor, read, asOfParam(q)));
  }

  @Get('appraisal-rules/:period')
  @ApiOperation({
    summary:
      'The appraisal rules of the policy in force for a period: the predikat matrix (results × behaviour), the objection window and decision days',
  })
  rules(@CurrentActor() actor: Actor, @Param('period', PeriodPipe) period: Period) {
    return this.queries.execute(new GetAppraisalRules(period, actor));
  }

  @Get('team-appraisals/:period')
  @ApiOperation({
    summary:
      'The signed-in supervisor’s direct reports on the period’s last day (whom they rate), each with their appraisal of the period (null: not rated yet)',
  })
  team(@CurrentActor() actor: Actor, @Param('period', PeriodPipe) period: Period) {
    return this.queries.execute(new GetTeamAppraisals(period, actor));
  }

  @Get('appraisal-units/:opdId/:period')
  @ApiOperation({
    summary: 'An OPD’s appraisals for a period (ledger rows) and its calibration: organisational result, justification, issue',
  })
  unit(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('period', PeriodPipe) period: Period,
    @Query() q: Record<string, string>,
  ) {
    return this.queries.execute(new GetUnitAppraisals(opdId, period, page(q), actor));
  }

  @Post('trainings/:nip')
  @HttpCode(201)
  @CommandDoc(RecordTrainingBody)
  @ApiOperation({
    summary:
      'Record a completed training {course, hours (JP), completedOn, recommendationId?}: the employee or BKPSDM; naming a recommendation closes it',
  })
  async recordTraining(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return commandAnswer(await this.commands.execute(new RecordTraining(nip, parseInput(RecordTrainingBody, body), actor, ctx)));
  }

  @Post('follow-up/employees/:nip/year-predikat')
  @HttpCode(201)
  @CommandDoc(YearPredikatBody)
  @ApiOperation({
    summary:
      'Record the predikat of a year appraised before kinerja {year, predikat, source, reason} (BKPSDM): promotion eligibility counts it; a year appraised in kinerja is refused',
  })
  async recordYearPredikat(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(await this.commands.execute(new RecordYearPredikat(nip, parseInput(YearPredikatBody, body), actor, ctx)));
  }

  @Get('follow-up/employees/:nip')
  @ApiQuery({ name: 'year', required: false, description: 'for the competence development hours; this year by default' })
  @ApiOperation({
    summary:
      'An employee’s follow-up: training recommendations (open or closed by a training), competence development hours of the year, promotion eligibility per year',
  })
  employeeFollowUp(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query('year') year?: string) {
    return this.queries.execute(new GetEmployeeFollowUp(nip, optionalYear(year), actor));
  }

  @Get('follow-up/rewards')
  @ApiQuery({ name: 'period', required: false })
  @ApiOperation({ summary: 'The rewards list: SANGAT_BAIK once settled (BKPSDM, the inspectorate)' })
  rewards(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    const { period, ...rest } = q;
    const p = page(rest);
    return this.queries.execute(new GetFollowUpList('rewards', p, actor, period === undefined ? undefined : parseAppraisalPeriod(period)));
  }

  @Get('follow-up/sanction-cases')
  @ApiOperation({ summary: 'Cases flagged to BKPSDM after two consecutive SANGAT_KURANG periods' })
  sanctions(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    return this.queries.execute(new GetFollowUpList('sanction-cases', page(q), actor));
  }

  @Get('follow-up/training-recommendations')
  @ApiOperation({
    summary: 'Open training recommendations (BUTUH_PERBAIKAN or worse), naming the weakest behaviour values and the RHK missed',
  })
  trainings(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    return this.queries.execute(new GetFollowUpList('training-recommendations', page(q), actor));
  }

  @Get('follow-up/promotion-eligibility')
  @ApiQuery({ name: 'year', required: false })
  @ApiOperation({
    summary:
      'Promotion eligibility determined at each year’s last period (at least BAIK that year and the year before), every employee, by year then NIP',
  })
  promotions(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    const { year, ...rest } = q;
    return this.queries.execute(new GetFollowUpList('promotion-eligibility', page(rest), actor, undefined, optionalYear(year)));
  }

  @Get('follow-up/escalated-objections')
  @ApiOperation({ summary: 'Objections undecided at their due date, escalated to BKPSDM (never decided by default)' })
  escalated(@CurrentActor() actor: Actor, @Query() q: Record<string, string>) {
    return this.queries.execute(new GetFollowUpList('escalated-objections', page(q), actor));
  }
}
