import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import { GetFeedbackAggregate, GiveFeedback, InviteFeedback, RequestContext } from '@kinerja/application';
import { GiveFeedbackBody, InviteFeedbackBody, parseInput } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, NipPipe, PlanYearPipe } from '../http';

/** 360 feedback on the BerAKHLAK values. Parse, send, map. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class FeedbackController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':nip/:year')
  @ApiOperation({
    summary: 'The anonymous 360 aggregate of an employee: the rater only, averages once three have answered, never who said what',
  })
  aggregate(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('year', PlanYearPipe) year: number) {
    return this.queries.execute(new GetFeedbackAggregate(nip, year, actor));
  }

  @Post(':nip/:year/invitations')
  @HttpCode(201)
  @CommandDoc(InviteFeedbackBody)
  @ApiOperation({ summary: 'The rater invites peers and subordinates to give 360 feedback' })
  async invite(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { invitees } = parseInput(InviteFeedbackBody, body);
    return commandAnswer(await this.commands.execute(new InviteFeedback(nip, year, invitees, actor, ctx)));
  }

  @Post(':nip/:year')
  @HttpCode(201)
  @CommandDoc(GiveFeedbackBody)
  @ApiOperation({ summary: 'Give 360 feedback on the seven BerAKHLAK values (invited people only, once)' })
  async give(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(await this.commands.execute(new GiveFeedback(nip, year, parseInput(GiveFeedbackBody, body), actor, ctx)));
  }
}
