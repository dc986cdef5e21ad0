import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import {
  ApproveWorkPlan,
  AssignResultTemplate,
  DraftWorkPlan,
  GetParentResults,
  GetUnitCascade,
  GetWorkPlan,
  RequestContext,
  ReturnWorkPlan,
  ReviseWorkPlan,
  SubmitWorkPlan,
} from '@kinerja/application';
import {
  DraftWorkPlanBody,
  EmptyBody,
  parseInput,
  ResultTemplateBody,
  ReturnWorkPlanBody,
  ReviseWorkPlanBody,
  YearQueryParams,
} from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, NipPipe, PlanYearPipe } from '../http';

/** The SKP (work plan) of each employee per year, and a unit's cascade. Parse, send, map. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('api/v1')
export class WorkPlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('workplans/:nip/:year')
  @ApiOperation({ summary: 'An SKP with every version (the latest and the one in force)' })
  get(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('year', PlanYearPipe) year: number) {
    return this.queries.execute(new GetWorkPlan(nip, year, actor));
  }

  @Get('workplans/:nip/:year/parent-results')
  @ApiOperation({
    summary:
      'The RHK the employee may cascade from today: the approved plan (in force) of their supervisor for the year; empty, with that plan’s status, until it is approved',
  })
  parentResults(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('year', PlanYearPipe) year: number) {
    return this.queries.execute(new GetParentResults(nip, year, actor));
  }

  @Post('workplans/:nip/:year/draft')
  @HttpCode(201)
  @CommandDoc(DraftWorkPlanBody)
  @ApiOperation({ summary: 'Draft (or edit the draft of) one’s own SKP: planned results (RHK) with indicators (IKI)' })
  async draft(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { results } = parseInput(DraftWorkPlanBody, body);
    return commandAnswer(await this.commands.execute(new DraftWorkPlan(nip, year, results, actor, ctx)));
  }

  @Post('workplans/:nip/:year/result-templates')
  @HttpCode(201)
  @CommandDoc(ResultTemplateBody)
  @ApiOperation({
    summary:
      'The supervisor ({nip}) hands one of their RHK with its indicators to many subordinates’ draft SKP at once, with targets per person: all or nothing',
  })
  async assign(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const results = await this.commands.execute(
      new AssignResultTemplate({ supervisorNip: nip, year, ...parseInput(ResultTemplateBody, body) }, actor, ctx),
    );
    return { plans: results.map((r) => ({ nip: r.nip, ...commandAnswer(r) })) };
  }

  @Post('workplans/:nip/:year/submit')
  @HttpCode(201)
  @CommandDoc(EmptyBody)
  @ApiOperation({ summary: 'Submit the SKP to the rater (the supervisor on the day)' })
  async submit(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    parseInput(EmptyBody, body);
    return commandAnswer(await this.commands.execute(new SubmitWorkPlan(nip, year, actor, ctx)));
  }

  @Post('workplans/:nip/:year/approve')
  @HttpCode(201)
  @CommandDoc(EmptyBody)
  @ApiOperation({ summary: 'Approve a submitted SKP (the rater; the supervisor’s own SKP must be approved first)' })
  async approve(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    parseInput(EmptyBody, body);
    return commandAnswer(await this.commands.execute(new ApproveWorkPlan(nip, year, actor, ctx)));
  }

  @Post('workplans/:nip/:year/return')
  @HttpCode(201)
  @CommandDoc(ReturnWorkPlanBody)
  @ApiOperation({ summary: 'Return a submitted SKP with notes' })
  async returnPlan(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { notes } = parseInput(ReturnWorkPlanBody, body);
    return commandAnswer(await this.commands.execute(new ReturnWorkPlan(nip, year, notes, actor, ctx)));
  }

  @Post('workplans/:nip/:year/revise')
  @HttpCode(201)
  @CommandDoc(ReviseWorkPlanBody)
  @ApiOperation({ summary: 'Mid-year change: a new version with a reason, to be approved again; older versions stay readable' })
  async revise(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { reason, results } = parseInput(ReviseWorkPlanBody, body);
    return commandAnswer(await this.commands.execute(new ReviseWorkPlan(nip, year, reason, results, actor, ctx)));
  }

  @Get('org-units/:unitId/cascade')
  @ApiOperation({
    summary: 'The cascade of planned results (RHK) of a unit’s people for a year, as a tree from the head down (read model)',
  })
  cascade(@CurrentActor() actor: Actor, @Param('unitId') unitId: string, @Query() query: Record<string, string>) {
    return this.queries.execute(new GetUnitCascade(unitId, parseInput(YearQueryParams, query).year, actor));
  }
}
