import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, deterministicId, newId } from '@kinerja/kernel';
import { parseMonth, parseNip } from '@kinerja/domain/shared';
import { DailyReportRequest, PeopleService, PlanningService } from '@kinerja/application';
import { AnswerDailyReportBody, FileDailyReportBody, parseInput, UnlockReportingDayBody } from '@kinerja/contracts';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { now } from '../http/unconverted';

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

  private async run(cmd: DailyReportRequest, h: Hdrs) {
    return commandAnswer(await this.planning.dailyReportCommand(cmd, requestContext(h)));
  }
}
