import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import { parseMonth, type OpdId } from '@kinerja/domain/shared';
import { CancelLeave, DecideLeave, DeclareFaultDay, ListFaultDays, ListLeave, RequestContext, RequestLeave } from '@kinerja/application';
import {
  FaultDayBody,
  LeaveCancelBody,
  LeaveDecisionBody,
  LeaveIdParam,
  LeaveRequestBody,
  MonthQuery,
  PageQuery,
  parseInput,
} from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { CommandDoc, commandAnswer, Ctx, NipPipe, OpdIdPipe } from '../http';

/** Leave and official duty, and the OPDs' machine-fault days: each method parses, sends one message, maps the answer. */
@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/v1')
export class LeaveController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('leave/:nip')
  @HttpCode(201)
  @CommandDoc(LeaveRequestBody)
  @ApiOperation({
    summary: 'Request leave or official duty with its letter (the employee, or their OPD’s admin); LEAVE_OVERLAPS on days already asked',
  })
  async request(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const r = await this.commands.execute(new RequestLeave(nip, parseInput(LeaveRequestBody, body), actor, ctx));
    return { leaveId: r.leaveId, ...commandAnswer(r) };
  }

  @Get('leave/:nip')
  @ApiOperation({
    summary: 'An employee’s leave requests and their decisions, the latest first; paged (the employee, their supervisor, the admins)',
  })
  list(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query() q: unknown) {
    return this.queries.execute(new ListLeave(nip, parseInput(PageQuery, q), actor));
  }

  @Post('leave/:nip/:leaveId/decision')
  @HttpCode(201)
  @CommandDoc(LeaveDecisionBody)
  @ApiOperation({ summary: 'Approve or refuse a leave request (the supervisor of the day; a refusal says why)' })
  async decide(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('leaveId') leaveId: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new DecideLeave(nip, parseInput(LeaveIdParam, leaveId), parseInput(LeaveDecisionBody, body), actor, ctx)),
    );
  }

  @Post('leave/:nip/:leaveId/cancel')
  @HttpCode(201)
  @CommandDoc(LeaveCancelBody)
  @ApiOperation({ summary: 'Withdraw a request (an approved one only before its first day: LEAVE_ALREADY_STARTED)' })
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('leaveId') leaveId: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { reason } = parseInput(LeaveCancelBody, body);
    return commandAnswer(await this.commands.execute(new CancelLeave(nip, parseInput(LeaveIdParam, leaveId), reason, actor, ctx)));
  }

  @Post('attendance/opds/:opdId/fault-days')
  @HttpCode(201)
  @CommandDoc(FaultDayBody)
  @ApiOperation({
    summary: 'Declare a day the OPD’s attendance machine failed, with a reason: it excuses the OPD that day (the OPD’s admin, BKPSDM)',
  })
  async fault(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return commandAnswer(await this.commands.execute(new DeclareFaultDay(opdId, parseInput(FaultDayBody, body), actor, ctx)));
  }

  @Get('attendance/opds/:opdId/fault-days')
  @ApiOperation({ summary: 'The OPD’s declared machine-fault days of a month (?month=YYYY-MM)' })
  faults(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Query() q: unknown) {
    const { month } = parseInput(MonthQuery, q);
    return this.queries.execute(new ListFaultDays(opdId, parseMonth(month), actor));
  }
}
