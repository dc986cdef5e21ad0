import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { OpdId, parseMonth } from '@kinerja/domain/shared';
import { GetDashboard } from '@kinerja/application';
import { DashboardQuery, parseInput } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { OpdIdPipe } from '../http';

/** The month of an OPD at a glance, for its head and the offices: one query. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dashboard/:opdId')
  @ApiQuery({ name: 'month', required: false })
  @ApiOperation({
    summary:
      'An OPD’s month: plans in force, daily reports filed and answered, appraisals rated and issued, objections open, the payroll run’s step (the head of the OPD, BKPSDM, BPKAD, the inspectorate)',
  })
  dashboard(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Query() q: Record<string, unknown>) {
    const { month } = parseInput(DashboardQuery, q);
    return this.queries.execute(new GetDashboard(opdId, month === undefined ? undefined : parseMonth(month), actor));
  }
}
