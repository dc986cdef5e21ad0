import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Instant } from '@kinerja/kernel';
import { parseNip, parseOpdId } from '@kinerja/domain/shared';
import { AppraisalService } from '@kinerja/application';
import {
  DecideObjectionBody,
  FileObjectionBody,
  JustifyDistributionBody,
  OrganisationResultBody,
  parseInput,
  RateAppraisalBody,
} from '@kinerja/contracts';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext, parseAppraisalPeriod } from '../http';

type Hdrs = Record<string, string | undefined>;

/**
 * Stage 3 and objections. "Now" is the runtime's clock (the machine's in production), carried in
 * each command, so a decision about a deadline replays exactly.
 */
@ApiTags('appraisal')
@ApiBearerAuth()
@Controller('api/v1')
export class AppraisalsController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(AppraisalService) private readonly appraisals: AppraisalService,
  ) {}

  private now(): Instant {
    return this.rt.clock.now().toISOString();
  }

  @Post('appraisals/:nip/:period/rating')
  @HttpCode(201)
  @CommandDoc(RateAppraisalBody)
  @ApiOperation({
    summary:
      'Rate results and behaviour for a period (the supervisor on the period’s last day): DI_ATAS_EKSPEKTASI / SESUAI_EKSPEKTASI / DI_BAWAH_EKSPEKTASI, a written reason for anything not SESUAI; the predikat follows from the policy matrix. Rated again while a draft.',
  })
  async rate(
    @CurrentActor() actor: Actor,
    @Param('nip') nip: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(RateAppraisalBody, body);
    const r = await this.appraisals.rate(
      { ...b, nip: parseNip(nip), period: parseAppraisalPeriod(period), by: actor, now: this.now() },
      requestContext(h),
    );
    const rated = r.events.find((e) => e.type === 'AppraisalRated');
    return { ...commandAnswer(r), predikat: rated ? (rated.data as { predikat: string }).predikat : null };
  }

  @Post('appraisals/:nip/:period/objection')
  @HttpCode(201)
  @CommandDoc(FileObjectionBody)
  @ApiOperation({
    summary:
      'Object to one’s own issued appraisal, once, with written reasons and evidence, within the window (OBJECTION_WINDOW_CLOSED after it)',
  })
  async object(
    @CurrentActor() actor: Actor,
    @Param('nip') nip: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(FileObjectionBody, body);
    return commandAnswer(await this.appraisals.fileObjection(parseNip(nip), parseAppraisalPeriod(period), b, actor, this.now(), requestContext(h)));
  }

  @Post('appraisals/:nip/:period/objection/decision')
  @HttpCode(201)
  @CommandDoc(DecideObjectionBody)
  @ApiOperation({
    summary:
      'Decide an objection: CONFIRM, or AMEND with new ratings; with reasons (only the rater’s supervisor on the issue date; never the rater). Final.',
  })
  async decide(
    @CurrentActor() actor: Actor,
    @Param('nip') nip: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(DecideObjectionBody, body);
    return commandAnswer(
      await this.appraisals.decideObjection(parseNip(nip), parseAppraisalPeriod(period), b, actor, this.now(), requestContext(h)),
    );
  }

  @Get('appraisal-units/:opdId/:period/distribution')
  @ApiOperation({
    summary:
      'An OPD’s predikat distribution beside the curve of its organisational result: counts, caps and floors, which rule fails, the justification',
  })
  async distribution(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('period') period: string) {
    return this.appraisals.distribution(parseOpdId(opdId), parseAppraisalPeriod(period), actor, this.now());
  }

  @Post('appraisal-units/:opdId/:period/organisation-result')
  @HttpCode(201)
  @CommandDoc(OrganisationResultBody)
  @ApiOperation({
    summary:
      'Record the OPD’s organisational result for the period (BKPSDM): ISTIMEWA, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG; it picks the curve',
  })
  async organisationResult(
    @CurrentActor() actor: Actor,
    @Param('opdId') opdId: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(OrganisationResultBody, body);
    return commandAnswer(
      await this.appraisals.setOrganisationResult(parseOpdId(opdId), parseAppraisalPeriod(period), b, actor, this.now(), requestContext(h)),
    );
  }

  @Post('appraisal-units/:opdId/:period/justification')
  @HttpCode(201)
  @CommandDoc(JustifyDistributionBody)
  @ApiOperation({
    summary: 'Justify in writing a distribution off the curve (the head of the OPD); it holds for the distribution as it is now',
  })
  async justify(
    @CurrentActor() actor: Actor,
    @Param('opdId') opdId: string,
    @Param('period') period: string,
    @Body() body: unknown,
    @Headers() h: Hdrs,
  ) {
    const b = parseInput(JustifyDistributionBody, body);
    return commandAnswer(
      await this.appraisals.justify(parseOpdId(opdId), parseAppraisalPeriod(period), b.justification, actor, this.now(), requestContext(h)),
    );
  }

  @Post('appraisal-units/:opdId/:period/issue')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Issue the OPD’s appraisals for the period (the head of the OPD): every employee rated, the distribution within the curve or justified (DISTRIBUTION_EXCEEDED with counts and caps otherwise); opens each employee’s objection window',
  })
  async issue(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('period') period: string, @Headers() h: Hdrs) {
    return this.appraisals.issueUnit(parseOpdId(opdId), parseAppraisalPeriod(period), actor, this.now(), requestContext(h));
  }
}
