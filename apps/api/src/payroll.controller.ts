import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, badInput, Nip } from '@kinerja/kernel';
import {
  AmendPredikat,
  CalculatePayrollRun,
  ExplainPay,
  GetApprovedRunLines,
  GetPay,
  GetPayrollRun,
  GetRunLines,
  ImportPayInputs,
  ImposeSanction,
  GetTppBudgets,
  ListPolicyVersions,
  ListSanctions,
  OpenPayrollRun,
  PublishPolicyVersion,
  ReadContext,
  RecalculateSlip,
  RequestContext,
  ReturnPayrollRun,
  SetTppBudget,
  SignPayrollRun,
  SimulatePolicies,
} from '@kinerja/application';
import {
  AmendmentBody,
  BudgetBody,
  ImportBody,
  LinesQuery,
  OpenRunBody,
  PublishPolicyBody,
  parseInput,
  RecalculateBody,
  ReturnBody,
  SanctionBody,
  SanctionsQuery,
  SimulationBody,
  StepBody,
} from '@kinerja/contracts';
import type { StepName } from '@kinerja/domain/payroll';
import type { Month, OpdId } from '@kinerja/domain/shared';
import { CurrentActor } from './auth.guard';
import { asOfParam, Ctx, MonthPipe, NipPipe, OpdIdPipe, Read } from './http';
import { bankTransferCsv, slipList } from './payroll/exports';

const STEP_OF: ReadonlyMap<string, StepName> = new Map([
  ['submit', 'Submit'],
  ['verify', 'Verify'],
  ['approve', 'Approve'],
  ['disburse', 'Disburse'],
]);

/** A payroll command's answer: the stream and version it wrote, with the events themselves. */
const written = <E>({ streamId, version, events }: { streamId: string; version: number; events: E[] }) => ({ streamId, version, events });

/** Payroll runs, their inputs and exports, the pay ledger. Each method parses, sends one command or query, and maps the answer. */
@ApiTags('payroll')
@Controller('api/v1')
export class PayrollController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('policies')
  @ApiOperation({ summary: 'Publish a new policy version (a Perkada as a policy document), recorded with who and why (BPKAD)' })
  publishPolicy(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const b = parseInput(PublishPolicyBody, body);
    return this.commands.execute(new PublishPolicyVersion(b.document, b.reason, actor, ctx));
  }

  @Get('policies')
  @ApiOperation({ summary: 'The policy versions known: shipped and published, with their Perkada and effective dates' })
  policies() {
    return this.queries.execute(new ListPolicyVersions());
  }

  @Post('payroll/attendance/:month/import')
  @ApiOperation({
    summary: 'Import the monthly attendance summary (CSV: nip,TL1..TL4,PSW1..PSW4,TK); dryRun reports bad rows and appends nothing',
  })
  importAttendance(
    @CurrentActor() actor: Actor,
    @Param('month', MonthPipe) month: Month,
    @Body() body: unknown,
    @Query('dryRun') dry?: string,
  ) {
    return this.importInputs('attendance', month, body, dry, actor);
  }

  @Post('payroll/predikat/:month/import')
  @ApiOperation({ summary: 'Import issued predikat per NIP for a month (CSV: nip,predikat), until the appraisal ledger issues them' })
  importPredikat(
    @CurrentActor() actor: Actor,
    @Param('month', MonthPipe) month: Month,
    @Body() body: unknown,
    @Query('dryRun') dry?: string,
  ) {
    return this.importInputs('predikat', month, body, dry, actor);
  }

  /** Both monthly input files: `dryRun` in the body, or else as a query flag. */
  private importInputs(kind: ImportPayInputs['kind'], month: Month, body: unknown, dry: string | undefined, actor: Actor) {
    const b = parseInput(ImportBody, body);
    return this.commands.execute(new ImportPayInputs(kind, month, { csv: b.csv, dryRun: b.dryRun ?? dry === 'true' }, actor));
  }

  @Post('payroll/predikat-amendments')
  @ApiOperation({ summary: 'Record a predikat amended by a decided objection (a disbursed month gets an adjustment in the next run)' })
  async amend(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return written(await this.commands.execute(new AmendPredikat(parseInput(AmendmentBody, body), actor, ctx)));
  }

  @Post('payroll/sanctions')
  @ApiOperation({ summary: 'Register a disciplinary sanction (type, start month, months)' })
  async sanction(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const r = await this.commands.execute(new ImposeSanction(parseInput(SanctionBody, body), actor, ctx));
    return { sanctionId: r.sanctionId, ...written(r) };
  }

  @Get('payroll/sanctions')
  @ApiOperation({ summary: 'The sanctions register, filtered by nip, a month they run in and the OPD; paged (admin_kepegawaian)' })
  sanctions(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { limit, offset, ...filter } = parseInput(SanctionsQuery, query);
    return this.queries.execute(new ListSanctions(filter, { limit, offset }, actor));
  }

  @Post('payroll/simulations')
  @ApiOperation({
    summary:
      'Simulate draft policy documents against the recorded inputs of past months, beside the policy in force, with the budget projection (BPKAD, BKPSDM, inspectorate); records only that it ran',
  })
  simulate(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.commands.execute(new SimulatePolicies(parseInput(SimulationBody, body), actor, ctx));
  }

  @Get('payroll/opds/:opdId/budgets')
  @ApiOperation({ summary: 'The OPD’s TPP budget month by month (whoever sees the OPD’s runs)' })
  budgets(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId) {
    return this.queries.execute(new GetTppBudgets(opdId, actor));
  }

  @Post('payroll/opds/:opdId/budgets/:month')
  @ApiOperation({ summary: 'Set the OPD’s TPP budget for a month (BPKAD)' })
  async budget(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return written(await this.commands.execute(new SetTppBudget(opdId, month, parseInput(BudgetBody, body), actor, ctx)));
  }

  @Post('payroll/opds/:opdId/runs')
  @ApiOperation({ summary: 'Open the payroll run of an OPD for a month (DRAFT)' })
  open(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.commands.execute(new OpenPayrollRun(opdId, parseInput(OpenRunBody, body).month, actor, ctx));
  }

  @Get('payroll/opds/:opdId/runs/:month')
  @ApiOperation({ summary: 'A run: status, totals, the digest to sign, its steps, and the calculation job’s progress' })
  run(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('month', MonthPipe) month: Month) {
    return this.queries.execute(new GetPayrollRun(opdId, month, actor));
  }

  @Post('payroll/opds/:opdId/runs/:month/calculate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Calculate the run (a background job; follow its progress on the run)' })
  calculate(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Ctx() ctx: RequestContext,
  ) {
    return this.commands.execute(new CalculatePayrollRun(opdId, month, actor, ctx));
  }

  @Post('payroll/opds/:opdId/runs/:month/return')
  @ApiOperation({ summary: 'Return the run to DRAFT with a reason' })
  returnRun(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return this.commands.execute(new ReturnPayrollRun(opdId, month, parseInput(ReturnBody, body).reason, actor, ctx));
  }

  @Post('payroll/opds/:opdId/runs/:month/slips/:nip/recalculate')
  @ApiOperation({ summary: 'Recalculate one slip from the current inputs (run CALCULATED)' })
  recalculate(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Param('nip', NipPipe) nip: Nip,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return this.commands.execute(new RecalculateSlip(opdId, month, nip, parseInput(RecalculateBody, body).reason, actor, ctx));
  }

  @Post('payroll/opds/:opdId/runs/:month/:step')
  @ApiOperation({
    summary: 'A signed step: submit (bendahara), verify (ppk_skpd), approve (kepala_opd), disburse (bpkad, with sp2dNumber and sp2dDate)',
  })
  step(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Param('step') step: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    const name = STEP_OF.get(step);
    if (!name) throw badInput('UNKNOWN_STEP', `no step ${JSON.stringify(step)}; steps: ${[...STEP_OF.keys()].join(', ')}`, { step });
    return this.commands.execute(new SignPayrollRun(opdId, month, name, parseInput(StepBody, body), actor, ctx));
  }

  @Get('payroll/opds/:opdId/runs/:month/lines')
  @ApiOperation({ summary: 'The lines of the run’s current calculation, paged by NIP' })
  lines(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Query() q: Record<string, string>,
  ) {
    return this.queries.execute(new GetRunLines(opdId, month, parseInput(LinesQuery, q), actor));
  }

  @Get('payroll/opds/:opdId/runs/:month/exports/bank-transfer.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The bank transfer file of an approved run (CSV)' })
  async bank(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('month', MonthPipe) month: Month) {
    return bankTransferCsv(await this.queries.execute(new GetApprovedRunLines(opdId, month, actor)));
  }

  @Get('payroll/opds/:opdId/runs/:month/exports/slips')
  @ApiOperation({ summary: 'The slip list of an approved run' })
  async slips(@CurrentActor() actor: Actor, @Param('opdId', OpdIdPipe) opdId: OpdId, @Param('month', MonthPipe) month: Month) {
    return slipList(await this.queries.execute(new GetApprovedRunLines(opdId, month, actor)));
  }

  @Get('employees/:nip/pay/:month')
  @ApiOperation({ summary: 'The pay ledger of an employee for a month: every line, its run and state, event and policy version' })
  pay(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('month', MonthPipe) month: Month,
    @Query() q: Record<string, string>,
    @Read() read: ReadContext,
  ) {
    return this.queries.execute(new GetPay(nip, month, actor, read, asOfParam(q)));
  }

  @Get('employees/:nip/pay/:month/explain')
  @ApiOperation({ summary: 'Why each pay line has its value, in words and numbers' })
  explain(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('month', MonthPipe) month: Month,
    @Read() read: ReadContext,
  ) {
    return this.queries.execute(new ExplainPay(nip, month, actor, read));
  }
}
