import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Period } from '@kinerja/domain/appraisal';
import type { OpdId } from '@kinerja/domain/shared';
import {
  DecideAppraisalObjection,
  FileAppraisalObjection,
  GetDistribution,
  IssueUnitAppraisals,
  JustifyDistribution,
  RateEmployee,
  RecordOrganisationResult,
  RequestContext,
} from '@kinerja/application';
import {
  DecideObjectionBody,
  FileObjectionBody,
  JustifyDistributionBody,
  OrganisationResultBody,
  parseInput,
  RateAppraisalBody,
} from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, NipPipe, OpdIdPipe, PeriodPipe } from '../http';

/** Stage 3 and objections. Each method parses, sends one command or query, and maps the answer. */
@ApiTags('appraisal')
@ApiBearerAuth()
@Controller('api/v1')
export class AppraisalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('appraisals/:nip/:period/rating')
  @HttpCode(201)
  @CommandDoc(RateAppraisalBody)
  @ApiOperation({
    summary:
      'Rate results and behaviour for a period (the supervisor on the period’s last day): DI_ATAS_EKSPEKTASI / SESUAI_EKSPEKTASI / DI_BAWAH_EKSPEKTASI, a written reason for anything not SESUAI; the predikat follows from the policy matrix. Rated again while a draft.',
  })
  async rate(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const r = await this.commands.execute(new RateEmployee(nip, period, parseInput(RateAppraisalBody, body), actor, ctx));
    return { ...commandAnswer(r), predikat: r.predikat };
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
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new FileAppraisalObjection(nip, period, parseInput(FileObjectionBody, body), actor, ctx)),
    );
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
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new DecideAppraisalObjection(nip, period, parseInput(DecideObjectionBody, body), actor, ctx)),
    );
  }

  @Get('appraisal-units/:opdId/:period/distribution')
  @ApiOperation({
    summary:
      'An OPD’s predikat distribution beside the curve of its organisational result: counts, caps and floors, which rule fails, the justification',
  })
  async distribution(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('period', PeriodPipe) period: Period) {
    return this.queries.execute(new GetDistribution(opdId, period, actor));
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
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const result = parseInput(OrganisationResultBody, body);
    return commandAnswer(await this.commands.execute(new RecordOrganisationResult(opdId, period, result, actor, ctx)));
  }

  @Post('appraisal-units/:opdId/:period/justification')
  @HttpCode(201)
  @CommandDoc(JustifyDistributionBody)
  @ApiOperation({
    summary: 'Justify in writing a distribution off the curve (the head of the OPD); it holds for the distribution as it is now',
  })
  async justify(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('period', PeriodPipe) period: Period,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const { justification } = parseInput(JustifyDistributionBody, body);
    return commandAnswer(await this.commands.execute(new JustifyDistribution(opdId, period, justification, actor, ctx)));
  }

  @Post('appraisal-units/:opdId/:period/issue')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Issue the OPD’s appraisals for the period (the head of the OPD): every employee rated, the distribution within the curve or justified (DISTRIBUTION_EXCEEDED with counts and caps otherwise); opens each employee’s objection window',
  })
  async issue(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('period', PeriodPipe) period: Period,
    @Ctx() ctx: RequestContext,
  ) {
    return this.commands.execute(new IssueUnitAppraisals(opdId, period, actor, ctx));
  }
}
