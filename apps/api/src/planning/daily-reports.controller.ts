import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month } from '@kinerja/domain/shared';
import { AnswerDailyReport, FileDailyReport, GetDailyReports, RequestContext, UnlockReportingDay } from '@kinerja/application';
import { AnswerDailyReportBody, FileDailyReportBody, parseInput, UnlockReportingDayBody } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, MonthPipe, NipPipe } from '../http';

/** Daily reports (laporan harian) and their answers. Parse, send, map. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class DailyReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('daily-reports/:nip/:month')
  @ApiOperation({ summary: 'An employee’s daily reports of a month, with the supervisor’s answers and the unlocked days' })
  list(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('month', MonthPipe) month: Month) {
    return this.queries.execute(new GetDailyReports(nip, month, actor));
  }

  @Post('daily-reports/:nip')
  @HttpCode(201)
  @CommandDoc(FileDailyReportBody)
  @ApiOperation({
    summary: 'File one’s own daily report (laporan harian) on an RHK; not a future day, not more than the window back unless unlocked',
  })
  async file(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const { reportId, ...answer } = await this.commands.execute(
      new FileDailyReport(nip, parseInput(FileDailyReportBody, body), actor, ctx),
    );
    return { ...commandAnswer(answer), reportId };
  }

  @Post('daily-reports/:nip/:month/:reportId/answer')
  @HttpCode(201)
  @CommandDoc(AnswerDailyReportBody)
  @ApiOperation({
    summary: 'Answer a subordinate’s daily report: ACKNOWLEDGED, NOTE or NEEDS_REVISION (the supervisor of the day reported on)',
  })
  async answer(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('month', MonthPipe) month: Month,
    @Param('reportId') reportId: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new AnswerDailyReport(nip, month, reportId, parseInput(AnswerDailyReportBody, body), actor, ctx)),
    );
  }

  @Post('daily-reports/:nip/unlock')
  @HttpCode(201)
  @CommandDoc(UnlockReportingDayBody)
  @ApiOperation({ summary: 'Let a subordinate report a day after the window closed (the supervisor of that day)' })
  async unlock(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return commandAnswer(await this.commands.execute(new UnlockReportingDay(nip, parseInput(UnlockReportingDayBody, body), actor, ctx)));
  }
}
