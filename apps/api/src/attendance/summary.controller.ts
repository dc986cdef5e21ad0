import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { attendanceRecapPdf, attendanceRecapXlsx } from '@kinerja/documents';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month, OpdId } from '@kinerja/domain/shared';
import {
  GetAttendanceMonth,
  GetAttendanceRecap,
  GetAttendanceRecapDocument,
  RecordAttendanceSummary,
  RecordShiftRoster,
  RequestContext,
} from '@kinerja/application';
import { PageQuery, parseInput, RosterBody } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { CommandDoc, Ctx, MonthPipe, NipPipe, OpdIdPipe } from '../http';

/** The monthly attendance computed from schedules, scans and leave: each method parses, sends one message, maps the answer. */
@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/v1/attendance')
export class AttendanceSummaryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('employees/:nip/:month')
  @ApiOperation({
    summary:
      'An employee’s days of a month: each day’s category and why (first scan 08:12 on a 07:30 day: TL2), and the counts (the employee, their supervisor, the admins)',
  })
  month(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('month', MonthPipe) month: Month) {
    return this.queries.execute(new GetAttendanceMonth(nip, month, actor));
  }

  @Get('opds/:opdId/months/:month')
  @ApiOperation({ summary: 'The OPD’s month: each staff member’s counts (paged) and the totals, as the summary would record them' })
  recap(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Query() q: unknown,
  ) {
    return this.queries.execute(new GetAttendanceRecap(opdId, month, parseInput(PageQuery, q), actor));
  }

  @Get('opds/:opdId/months/:month/recap.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'The OPD’s attendance recap of the month as a PDF: per employee the working days, present, excused and each code',
  })
  async recapPdf(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('month', MonthPipe) month: Month) {
    const input = await this.queries.execute(new GetAttendanceRecapDocument(opdId, month, actor));
    return new StreamableFile(await attendanceRecapPdf(input), {
      type: 'application/pdf',
      disposition: `attachment; filename="rekap-kehadiran-${opdId}-${month}.pdf"`,
    });
  }

  @Get('opds/:opdId/months/:month/recap.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The same recap as an .xlsx: number cells and SUM totals' })
  async recapXlsx(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('month', MonthPipe) month: Month) {
    const input = await this.queries.execute(new GetAttendanceRecapDocument(opdId, month, actor));
    return new StreamableFile(await attendanceRecapXlsx(input), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="rekap-kehadiran-${opdId}-${month}.xlsx"`,
    });
  }

  @Post('opds/:opdId/months/:month/summary')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Record the OPD’s computed summary of an ended month as the pay input the TPP run prices (MONTH_NOT_OVER before; the same summary twice appends nothing)',
  })
  summary(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Ctx() ctx: RequestContext,
  ) {
    return this.commands.execute(new RecordAttendanceSummary(opdId, month, actor, ctx));
  }

  @Post('opds/:opdId/rosters/:month')
  @HttpCode(201)
  @CommandDoc(RosterBody)
  @ApiOperation({
    summary:
      'The shift roster of an OPD that works shifts, for a month (CSV nip,tanggal,shift; the whole month; dryRun checks only; the same roster twice appends nothing)',
  })
  roster(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { csv, dryRun } = parseInput(RosterBody, body);
    return this.commands.execute(new RecordShiftRoster(opdId, month, { csv, dryRun: dryRun ?? false }, actor, ctx));
  }
}
