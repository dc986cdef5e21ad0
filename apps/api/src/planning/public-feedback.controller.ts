import { Body, Controller, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import {
  ClosePublicFeedbackLink,
  GetPublicFeedbackForm,
  GetPublicFeedbackResults,
  GivePublicFeedback,
  OpenPublicFeedbackLink,
  RequestContext,
  ThrottlePublicFeedback,
} from '@kinerja/application';
import { GivePublicFeedbackBody, OpenPublicFeedbackLinkBody, parseInput } from '@kinerja/contracts';
import { CurrentActor, Public } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, NipPipe, PlanYearPipe } from '../http';

/** The rater's (or BKPSDM's) side of public feedback: open and close links, read the results. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class PublicFeedbackLinksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':nip/:year/public-links')
  @HttpCode(201)
  @CommandDoc(OpenPublicFeedbackLinkBody)
  @ApiOperation({
    summary: 'Open a public feedback link on the service an employee (and their unit) gives; answers with the token, shown only once',
  })
  async open(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { service } = parseInput(OpenPublicFeedbackLinkBody, body);
    const r = await this.commands.execute(new OpenPublicFeedbackLink(nip, year, service, actor, ctx));
    return { ...commandAnswer(r), linkId: r.linkId, token: r.token, path: `/api/v1/public-feedback/${r.token}` };
  }

  @Post(':nip/:year/public-links/:linkId/close')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close a public feedback link: it answers 404 from then on' })
  async close(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Param('linkId') linkId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(await this.commands.execute(new ClosePublicFeedbackLink(nip, year, linkId, actor, ctx)));
  }

  @Get(':nip/:year/public-links/:linkId')
  @ApiOperation({
    summary: 'The results of a public feedback link: number of answers, averages per service value, comments; never who or from where',
  })
  results(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('year', PlanYearPipe) year: number,
    @Param('linkId') linkId: string,
  ) {
    return this.queries.execute(new GetPublicFeedbackResults(nip, year, linkId, actor));
  }
}

/** The public side: no account. Rate-limited per client address and per link, in PostgreSQL. */
@ApiTags('public')
@Controller('api/v1/public-feedback')
export class PublicFeedbackController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What a public feedback link asks: the service and the values to rate (404 when closed or unknown)' })
  form(@Param('token') token: string) {
    return this.queries.execute(new GetPublicFeedbackForm(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(201)
  @CommandDoc(GivePublicFeedbackBody)
  @ApiOperation({
    summary: 'A member of the public rates a service (1..5 on each value, optional comment); 429 RATE_LIMITED over the limit',
  })
  async give(@Param('token') token: string, @Body() body: unknown, @Ip() ip: string) {
    // Counted before the body is parsed, so that a flood of bad bodies is limited too.
    await this.commands.execute(new ThrottlePublicFeedback(token, ip ?? 'unknown'));
    await this.commands.execute(new GivePublicFeedback(token, parseInput(GivePublicFeedbackBody, body)));
    return { accepted: true };
  }
}
