import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, deterministicId, newId } from '@kinerja/kernel';
import { parseMonth, parseNip } from '@kinerja/domain/shared';
import { DailyReportRequest, PeopleService, PlanningService } from '@kinerja/application';
import { directReportsOf } from '@kinerja/domain/organisation';
import { holdsRole } from '@kinerja/domain/access';
import { AnswerDailyReportBody, FileDailyReportBody, parseInput, UnlockReportingDayBody } from '@kinerja/contracts';
import { appraisalsOf, escalatedObjections, objectionsToDecide, unansweredRealisationsOf } from '@kinerja/projections';
import {
  feedbackAskedOf,
  namesOf,
  openPlansOf,
  remindersOf,
  reportsToReviseOf,
  submittedPlansOf,
  unansweredReportsOf,
} from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { dateOrToday, now } from '../http/unconverted';

type Hdrs = Record<string, string | undefined>;

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class DailyReportsController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  @Get('daily-reports/:nip/:month')
  @ApiOperation({ summary: 'An employee’s daily reports of a month, with the supervisor’s answers and the unlocked days' })
  async list(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('month') monthText: string) {
    const nip = parseNip(nipText);
    const month = parseMonth(monthText);
    await this.people.authorize(actor, 'report.view', { kind: 'employee', nip }, now());
    const s = await this.planning.dailyReports(nip, month);
    const reports = [...s.reports.values()]
      .map((r) => ({
        ...r.report,
        answer: r.answer ? { kind: r.answer.kind, note: r.answer.note ?? null, answeredBy: r.answer.answeredBy } : null,
      }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reportId < b.reportId ? -1 : 1));
    return { nip, month, reports, unlockedDays: s.unlockedDays };
  }

  @Post('daily-reports/:nip')
  @HttpCode(201)
  @CommandDoc(FileDailyReportBody)
  @ApiOperation({
    summary: 'File one’s own daily report (laporan harian) on an RHK; not a future day, not more than the window back unless unlocked',
  })
  async file(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(FileDailyReportBody, body);
    const ctx = requestContext(h);
    const reportId =
      b.reportId ??
      (ctx.idempotencyKey
        ? `LH-${deterministicId('report', nip, ctx.idempotencyKey).slice(0, 12)}`
        : `LH-${newId().replace(/-/g, '').slice(0, 12)}`);
    const answer = await this.run({ type: 'FileDailyReport', ...b, reportId, nip: parseNip(nip), by: actor, now: now() }, h);
    return { ...answer, reportId };
  }

  @Post('daily-reports/:nip/:month/:reportId/answer')
  @HttpCode(201)
  @CommandDoc(AnswerDailyReportBody)
  @ApiOperation({
    summary: 'Answer a subordinate’s daily report: ACKNOWLEDGED, NOTE or NEEDS_REVISION (the supervisor of the day reported on)',
  })
  async answer(
    @CurrentActor() actor: Actor,
    @Param('nip') nip: string,
    @Param('month') month: string,
    @Param('reportId') reportId: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(AnswerDailyReportBody, body);
    return this.run({ type: 'AnswerDailyReport', nip: parseNip(nip), month: parseMonth(month), reportId, ...b, by: actor, now: now() }, h);
  }

  @Post('daily-reports/:nip/unlock')
  @HttpCode(201)
  @CommandDoc(UnlockReportingDayBody)
  @ApiOperation({ summary: 'Let a subordinate report a day after the window closed (the supervisor of that day)' })
  async unlock(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(UnlockReportingDayBody, body);
    return this.run({ type: 'UnlockReportingDay', nip: parseNip(nip), ...b, by: actor, now: now() }, h);
  }

  @Get('inbox')
  @ApiOperation({
    summary:
      'What waits on the caller: plans to approve and reports to answer (of today’s direct reports), own plans to finish, reports to revise, feedback asked for, reminders of the last week, objections to decide, own appraisals issued (the window open), escalated objections concerning the caller (all of them for BKPSDM)',
  })
  async inbox(@CurrentActor() actor: Actor) {
    const bkpsdm = holdsRole(actor, 'admin_kepegawaian');
    // Escalated objections show to everyone concerned: the employee, the rater, the decider, and BKPSDM.
    const escalated = (await escalatedObjections(this.rt.db.pool, { limit: 1000 }))
      .filter((o) => bkpsdm || (actor.nip !== undefined && [o.nip, o.raterNip, o.objection?.decider].includes(actor.nip)))
      .map((o) => ({
        nip: o.nip,
        period: o.period,
        objectionId: o.objection?.id ?? null,
        decider: o.objection?.decider ?? null,
        decisionDue: o.objection?.decisionDue ?? null,
      }));
    if (!actor.nip)
      return {
        nip: null,
        plansToApprove: [],
        reportsToAnswer: [],
        plansToFinish: [],
        reportsToRevise: [],
        feedbackAsked: [],
        realisationsToAnswer: [],
        reminders: [],
        objectionsToDecide: [],
        appraisalsIssued: [],
        escalatedObjections: escalated,
      };
    const today = dateOrToday(undefined);
    const team = directReportsOf(actor.nip, today, await this.people.org.current());
    const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const [plans, reports, mine, revise, asked, reminders, realisations, toDecide, own] = await Promise.all([
      submittedPlansOf(this.rt.db.pool, team),
      unansweredReportsOf(this.rt.db.pool, team),
      openPlansOf(this.rt.db.pool, actor.nip),
      reportsToReviseOf(this.rt.db.pool, actor.nip),
      feedbackAskedOf(this.rt.db.pool, actor.nip),
      remindersOf(this.rt.db.pool, actor.nip, weekAgo),
      unansweredRealisationsOf(this.rt.db.pool, team),
      objectionsToDecide(this.rt.db.pool, actor.nip),
      appraisalsOf(this.rt.db.pool, actor.nip),
    ]);
    const names = await namesOf(this.rt.db.pool, [...team, ...asked.map((a) => a.nip)]);
    return {
      nip: actor.nip,
      plansToApprove: plans.map((p) => ({ nip: p.nip, name: names.get(p.nip) ?? null, year: p.year, version: p.version })),
      reportsToAnswer: reports.map((r) => ({
        nip: r.nip,
        name: names.get(r.nip) ?? null,
        month: r.month,
        reportId: r.reportId,
        date: r.date,
        resultId: r.resultId,
        output: r.output,
      })),
      plansToFinish: mine.map((p) => ({ year: p.year, version: p.version, status: p.status })),
      reportsToRevise: revise.map((r) => ({ month: r.month, reportId: r.reportId, date: r.date, note: r.answer?.note ?? null })),
      feedbackAsked: asked.map((a) => ({ nip: a.nip, name: names.get(a.nip) ?? null, year: a.year, relation: a.relation })),
      realisationsToAnswer: realisations.map((r) => ({
        nip: r.nip,
        name: names.get(r.nip) ?? null,
        period: r.period,
        indicatorId: r.indicatorId,
        resultId: r.resultId,
      })),
      reminders,
      objectionsToDecide: toDecide.map((o) => ({
        nip: o.nip,
        period: o.period,
        objectionId: o.objection?.id ?? null,
        decisionDue: o.objection?.decisionDue ?? null,
        escalated: o.objection?.escalated ?? false,
      })),
      appraisalsIssued: own
        .filter((a) => a.state === 'ISSUED')
        .map((a) => ({ period: a.period, predikat: a.predikat, issuedOn: a.issuedOn, objectionDeadline: a.objectionDeadline })),
      escalatedObjections: escalated,
    };
  }

  private async run(cmd: DailyReportRequest, h: Hdrs) {
    return commandAnswer(await this.planning.dailyReportCommand(cmd, requestContext(h)));
  }
}
