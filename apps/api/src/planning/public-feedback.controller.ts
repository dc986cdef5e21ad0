import { Body, Controller, Get, Headers, HttpCode, Inject, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, notFound } from '@kinerja/kernel';
import { parseNip, parseYear, PLAN_YEARS } from '@kinerja/domain/shared';
import { PlanningService, publicLinkIdOf } from '@kinerja/application';
import { publicFeedbackResults, SERVICE_VALUES } from '@kinerja/domain/publicfeedback';
import { GivePublicFeedbackBody, OpenPublicFeedbackLinkBody, parseInput } from '@kinerja/contracts';
import { clientKey, hitRateLimit, Runtime } from '@kinerja/platform';
import { CurrentActor, Public } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { now } from '../http/unconverted';

type Hdrs = Record<string, string | undefined>;

/** The rater's (or BKPSDM's) side of public feedback: open and close links, read the results. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/feedback')
export class PublicFeedbackLinksController {
  constructor(@Inject(PlanningService) private readonly planning: PlanningService) {}

  @Post(':nip/:year/public-links')
  @HttpCode(201)
  @CommandDoc(OpenPublicFeedbackLinkBody)
  @ApiOperation({ summary: 'Open a public feedback link on the service an employee (and their unit) gives; answers with the token, shown only once' })
  async open(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(OpenPublicFeedbackLinkBody, body);
    const r = await this.planning.openPublicFeedbackLink({ nip: parseNip(nip), year: parseYear(year, PLAN_YEARS), service: b.service, by: actor, now: now() }, requestContext(h));
    return { ...commandAnswer(r), linkId: r.linkId, token: r.token, path: `/api/v1/public-feedback/${r.token}` };
  }

  @Post(':nip/:year/public-links/:linkId/close')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close a public feedback link: it answers 404 from then on' })
  async close(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('year') year: string, @Param('linkId') linkId: string, @Headers() h: Hdrs) {
    return commandAnswer(await this.planning.closePublicFeedbackLink({ nip: parseNip(nip), year: parseYear(year, PLAN_YEARS), linkId, by: actor, now: now() }, requestContext(h)));
  }

  @Get(':nip/:year/public-links/:linkId')
  @ApiOperation({ summary: 'The results of a public feedback link: number of answers, averages per service value, comments; never who or from where' })
  async results(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('year') yearText: string, @Param('linkId') linkId: string) {
    const nip = parseNip(nipText);
    const year = parseYear(yearText, PLAN_YEARS);
    const { state } = await this.planning.authorizePublicLink(actor, nip, year, linkId, now());
    return { nip, year, linkId, ...publicFeedbackResults(state) };
  }
}

/** The public side: no account. Rate-limited per client address and per link, in PostgreSQL. */
@ApiTags('public')
@Controller('api/v1/public-feedback')
export class PublicFeedbackController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What a public feedback link asks: the service and the values to rate (404 when closed or unknown)' })
  async form(@Param('token') token: string) {
    const s = await this.planning.publicFeedback(publicLinkIdOf(token));
    if (!s.link?.open) throw notFound('FEEDBACK_LINK_NOT_FOUND', 'this feedback link does not exist or is closed');
    return { service: s.link.service, values: SERVICE_VALUES, scale: { min: 1, max: 5 }, commentMax: 500 };
  }

  @Public()
  @Post(':token')
  @HttpCode(201)
  @CommandDoc(GivePublicFeedbackBody)
  @ApiOperation({ summary: 'A member of the public rates a service (1..5 on each value, optional comment); 429 RATE_LIMITED over the limit' })
  async give(@Param('token') token: string, @Body() body: unknown, @Ip() ip: string) {
    const limits = this.rt.config.publicFeedback;
    await hitRateLimit(this.rt.db.pool, `public-feedback:client:${clientKey(ip ?? 'unknown')}`, limits.perClient, limits.windowSeconds);
    const linkId = publicLinkIdOf(token);
    const state = await this.planning.publicFeedback(linkId);
    if (state.link?.open) await hitRateLimit(this.rt.db.pool, `public-feedback:link:${linkId}`, limits.perLink, limits.windowSeconds);
    const b = parseInput(GivePublicFeedbackBody, body);
    await this.planning.givePublicFeedback(token, b, now());
    return { accepted: true };
  }
}
