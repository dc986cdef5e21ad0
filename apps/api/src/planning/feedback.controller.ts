import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { parseNip, parseYear, PLAN_YEARS } from '@kinerja/domain/shared';
import { PeopleService, PlanningService } from '@kinerja/application';
import { FeedbackCommand, feedbackAggregate } from '@kinerja/domain/feedback';
import { GiveFeedbackBody, InviteFeedbackBody, parseInput } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { now } from '../http/unconverted';

type Hdrs = Record<string, string | undefined>;

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class FeedbackController {
  constructor(
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  @Get(':nip/:year')
  @ApiOperation({ summary: 'The anonymous 360 aggregate of an employee: the rater only, averages once three have answered, never who said what' })
  async aggregate(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('year') yearText: string) {
    const nip = parseNip(nipText);
    const year = parseYear(yearText, PLAN_YEARS);
    await this.people.authorize(actor, 'feedback.view', { kind: 'employee', nip }, now());
    return { nip, year, ...feedbackAggregate(await this.planning.feedback(nip, year)) };
  }

  @Post(':nip/:year/invitations')
  @HttpCode(201)
  @CommandDoc(InviteFeedbackBody)
  @ApiOperation({ summary: 'The rater invites peers and subordinates to give 360 feedback' })
  async invite(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(InviteFeedbackBody, body);
    return this.run({ type: 'InviteFeedback', nip: parseNip(nip), year: parseYear(year, PLAN_YEARS), invitees: b.invitees, by: actor, now: now() }, h);
  }

  @Post(':nip/:year')
  @HttpCode(201)
  @CommandDoc(GiveFeedbackBody)
  @ApiOperation({ summary: 'Give 360 feedback on the seven BerAKHLAK values (invited people only, once)' })
  async give(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(GiveFeedbackBody, body);
    return this.run({ type: 'GiveFeedback', nip: parseNip(nip), year: parseYear(year, PLAN_YEARS), ...b, by: actor, now: now() }, h);
  }

  private async run(cmd: FeedbackCommand, h: Hdrs) {
    return commandAnswer(await this.planning.feedbackCommand(cmd, requestContext(h)));
  }
}
