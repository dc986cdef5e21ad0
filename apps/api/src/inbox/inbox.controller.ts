import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { GetInbox } from '@kinerja/application';
import { CurrentActor } from '../auth.guard';

/** What waits on the caller, across planning and appraisal: one query. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get('inbox')
  @ApiOperation({
    summary:
      'What waits on the caller: plans to approve and reports to answer (of today’s direct reports), own plans to finish, reports to revise, feedback asked for, reminders of the last week, objections to decide, own appraisals issued (the window open), escalated objections concerning the caller (all of them for BKPSDM)',
  })
  inbox(@CurrentActor() actor: Actor) {
    return this.queries.execute(new GetInbox(actor));
  }
}
