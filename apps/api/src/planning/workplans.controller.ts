import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, newId, Nip, notFound } from '@kinerja/kernel';
import { parseNip, parseYear, PLAN_YEARS } from '@kinerja/domain/shared';
import { PeopleService, PlanningService, WorkPlanRequest } from '@kinerja/application';
import { opdOfUnit, positionAsOf, positionOf, unitAsOf } from '@kinerja/domain/organisation';
import { currentVersion, PlannedResult, versionInForce } from '@kinerja/domain/workplan';
import { DraftWorkPlanBody, EmptyBody, parseInput, ResultTemplateBody, ReturnWorkPlanBody, ReviseWorkPlanBody, YearQueryParams } from '@kinerja/contracts';
import { cascadeTree, namesOf, workPlansOf } from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import type { z } from 'zod';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { dateOrToday, now } from '../http/unconverted';

type Hdrs = Record<string, string | undefined>;

/** Ids the caller left out are made here: a result keeps its id across drafts and versions once given. */
function withIds(results: z.infer<typeof DraftWorkPlanBody>['results']): PlannedResult[] {
  const short = () => newId().replace(/-/g, '').slice(0, 12).toUpperCase();
  return results.map((r) => ({
    ...r,
    resultId: r.resultId ?? `RHK-${short()}`,
    indicators: r.indicators.map((k) => ({ ...k, indicatorId: k.indicatorId ?? `IKI-${short()}` })),
  }));
}

@ApiTags('planning')
@ApiBearerAuth()
@Controller('api/v1')
export class WorkPlansController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  @Get('workplans/:nip/:year')
  @ApiOperation({ summary: 'An SKP with every version (the latest and the one in force)' })
  async get(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('year') yearText: string) {
    const nip = parseNip(nipText);
    const year = parseYear(yearText, PLAN_YEARS);
    await this.people.authorize(actor, 'workplan.view', { kind: 'employee', nip }, now());
    const state = await this.planning.workPlan(nip, year);
    return { nip, year, current: currentVersion(state)?.version ?? null, inForce: versionInForce(state)?.version ?? null, versions: state.versions };
  }

  @Get('workplans/:nip/:year/parent-results')
  @ApiOperation({
    summary:
      'The RHK the employee may cascade from today: the approved plan (in force) of their supervisor for the year; empty, with that plan’s status, until it is approved',
  })
  async parentResults(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('year') yearText: string) {
    const nip = parseNip(nipText);
    const year = parseYear(yearText, PLAN_YEARS);
    const at = now();
    await this.people.authorize(actor, 'workplan.view', { kind: 'employee', nip }, at);
    // The line a draft made today is checked against: the supervisor of today.
    const date = dateOrToday(undefined);
    return { nip, year, date, ...(await this.planning.parentResults(nip, year, date)) };
  }

  @Post('workplans/:nip/:year/draft')
  @HttpCode(201)
  @CommandDoc(DraftWorkPlanBody)
  @ApiOperation({ summary: 'Draft (or edit the draft of) one’s own SKP: planned results (RHK) with indicators (IKI)' })
  async draft(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(DraftWorkPlanBody, body);
    return this.run({ type: 'DraftWorkPlan', ...this.subject(nip, year, actor), results: withIds(b.results) }, h);
  }

  @Post('workplans/:nip/:year/result-templates')
  @HttpCode(201)
  @CommandDoc(ResultTemplateBody)
  @ApiOperation({ summary: 'The supervisor ({nip}) hands one of their RHK with its indicators to many subordinates’ draft SKP at once, with targets per person: all or nothing' })
  async assign(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(ResultTemplateBody, body);
    const results = await this.planning.assignResultTemplate({ supervisorNip: parseNip(nip), year: parseYear(year, PLAN_YEARS), ...b, by: actor, now: now() }, requestContext(h));
    return { plans: results.map((r) => ({ nip: r.nip, ...commandAnswer(r) })) };
  }

  @Post('workplans/:nip/:year/submit')
  @HttpCode(201)
  @CommandDoc(EmptyBody)
  @ApiOperation({ summary: 'Submit the SKP to the rater (the supervisor on the day)' })
  async submit(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    parseInput(EmptyBody, body);
    return this.run({ type: 'SubmitWorkPlan', ...this.subject(nip, year, actor) }, h);
  }

  @Post('workplans/:nip/:year/approve')
  @HttpCode(201)
  @CommandDoc(EmptyBody)
  @ApiOperation({ summary: 'Approve a submitted SKP (the rater; the supervisor’s own SKP must be approved first)' })
  async approve(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    parseInput(EmptyBody, body);
    return this.run({ type: 'ApproveWorkPlan', ...this.subject(nip, year, actor) }, h);
  }

  @Post('workplans/:nip/:year/return')
  @HttpCode(201)
  @CommandDoc(ReturnWorkPlanBody)
  @ApiOperation({ summary: 'Return a submitted SKP with notes' })
  async returnPlan(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(ReturnWorkPlanBody, body);
    return this.run({ type: 'ReturnWorkPlan', ...this.subject(nip, year, actor), notes: b.notes }, h);
  }

  @Post('workplans/:nip/:year/revise')
  @HttpCode(201)
  @CommandDoc(ReviseWorkPlanBody)
  @ApiOperation({ summary: 'Mid-year change: a new version with a reason, to be approved again; older versions stay readable' })
  async revise(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(ReviseWorkPlanBody, body);
    return this.run({ type: 'ReviseWorkPlan', ...this.subject(nip, year, actor), reason: b.reason, results: withIds(b.results) }, h);
  }

  @Get('org-units/:unitId/cascade')
  @ApiOperation({ summary: 'The cascade of planned results (RHK) of a unit’s people for a year, as a tree from the head down (read model)' })
  async cascade(@CurrentActor() actor: Actor, @Param('unitId') unitId: string, @Query() query: Record<string, string>) {
    const { year } = parseInput(YearQueryParams, query);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, now());
    const today = dateOrToday(undefined);
    const date = today.startsWith(String(year)) ? today : `${year}-12-31`;
    const h = await this.people.org.current();
    if (!unitAsOf(unitId, date, h)) throw notFound('UNKNOWN_ORG_UNIT', 'no such org unit in that year', { unitId, date });
    // The unit's people on the date: those whose position's unit lies inside it.
    const inside = (u: string | undefined) => {
      for (let id = u, guard = 0; id && guard < 1000; guard++) {
        if (id === unitId) return true;
        id = unitAsOf(id, date, h)?.parentUnitId ?? undefined;
      }
      return false;
    };
    const nips = [...new Set([...h.assignments.values()].map((a) => a.nip))].filter((nip: Nip) => {
      const p = positionOf(nip, date, h);
      return p !== undefined && inside(positionAsOf(p, date, h)?.unitId);
    });
    const plans = await workPlansOf(this.rt.db.pool, year, nips);
    const names = await namesOf(this.rt.db.pool, plans.map((p) => p.nip));
    return {
      unitId,
      opdId: opdOfUnit(unitId, date, h) ?? null,
      year,
      date,
      plans: plans.map((p) => ({ nip: p.nip, name: names.get(p.nip) ?? null, version: p.version, status: p.status, inForce: p.inForce })),
      tree: cascadeTree(plans),
    };
  }

  private subject(nip: string, year: string, by: Actor) {
    return { nip: parseNip(nip), year: parseYear(year, PLAN_YEARS), by, now: now() };
  }

  private async run(cmd: WorkPlanRequest, h: Hdrs) {
    return commandAnswer(await this.planning.workPlanCommand(cmd, requestContext(h)));
  }
}
