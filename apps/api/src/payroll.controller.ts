import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, badInput } from '@kinerja/kernel';
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
  StepBody,
} from '@kinerja/contracts';
import { payrollService, Runtime } from '@kinerja/platform';
import type { PayrollService } from '@kinerja/workflows';
import type { StepName } from '@kinerja/domain/payroll';
import { CurrentActor } from './auth.guard';
import { RUNTIME } from './runtime.token';
import { requestContext } from './http';

const STEP_OF: ReadonlyMap<string, StepName> = new Map([
  ['submit', 'Submit'],
  ['verify', 'Verify'],
  ['approve', 'Approve'],
  ['disburse', 'Disburse'],
]);

@ApiTags('payroll')
@Controller('api/v1')
export class PayrollController {
  private readonly payroll: PayrollService;
  constructor(@Inject(RUNTIME) rt: Runtime) {
    this.payroll = payrollService(rt);
  }

  @Post('policies')
  @ApiOperation({ summary: 'Publish a new policy version (a Perkada as a policy document), recorded with who and why (BPKAD)' })
  publishPolicy(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Record<string, string>) {
    const b = parseInput(PublishPolicyBody, body);
    return this.payroll.publishPolicy(actor, b.document, b.reason, requestContext(h));
  }

  @Get('policies')
  @ApiOperation({ summary: 'The policy versions known: shipped and published, with their Perkada and effective dates' })
  policies() {
    return this.payroll.listPolicies();
  }

  @Post('payroll/attendance/:month/import')
  @ApiOperation({ summary: 'Import the monthly attendance summary (CSV: nip,TL1..TL4,PSW1..PSW4,TK); dryRun reports bad rows and appends nothing' })
  importAttendance(@CurrentActor() actor: Actor, @Param('month') month: string, @Body() body: unknown, @Query('dryRun') dry?: string) {
    const b = parseInput(ImportBody, body);
    return this.payroll.importAttendance(actor, month, b.csv, b.dryRun ?? dry === 'true');
  }

  @Post('payroll/predikat/:month/import')
  @ApiOperation({ summary: 'Import issued predikat per NIP for a month (CSV: nip,predikat), until the appraisal ledger issues them' })
  importPredikat(@CurrentActor() actor: Actor, @Param('month') month: string, @Body() body: unknown, @Query('dryRun') dry?: string) {
    const b = parseInput(ImportBody, body);
    return this.payroll.importPredikat(actor, month, b.csv, b.dryRun ?? dry === 'true');
  }

  @Post('payroll/predikat-amendments')
  @ApiOperation({ summary: 'Record a predikat amended by a decided objection (a disbursed month gets an adjustment in the next run)' })
  amend(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Record<string, string>) {
    return this.payroll.amendPredikat(actor, parseInput(AmendmentBody, body), requestContext(h));
  }

  @Post('payroll/sanctions')
  @ApiOperation({ summary: 'Register a disciplinary sanction (type, start month, months)' })
  sanction(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Record<string, string>) {
    return this.payroll.imposeSanction(actor, parseInput(SanctionBody, body), requestContext(h));
  }

  @Post('payroll/opds/:opdId/budgets/:month')
  @ApiOperation({ summary: 'Set the OPD’s TPP budget for a month (BPKAD)' })
  budget(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string, @Body() body: unknown, @Headers() h: Record<string, string>) {
    return this.payroll.setBudget(actor, opdId, month, parseInput(BudgetBody, body), requestContext(h));
  }

  @Post('payroll/opds/:opdId/runs')
  @ApiOperation({ summary: 'Open the payroll run of an OPD for a month (DRAFT)' })
  open(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Body() body: unknown, @Headers() h: Record<string, string>) {
    return this.payroll.openRun(actor, opdId, parseInput(OpenRunBody, body).month, requestContext(h));
  }

  @Get('payroll/opds/:opdId/runs/:month')
  @ApiOperation({ summary: 'A run: status, totals, the digest to sign, its steps, and the calculation job’s progress' })
  run(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string) {
    return this.payroll.getRun(actor, opdId, month);
  }

  @Post('payroll/opds/:opdId/runs/:month/calculate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Calculate the run (a background job; follow its progress on the run)' })
  calculate(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string, @Headers() h: Record<string, string>) {
    return this.payroll.calculate(actor, opdId, month, requestContext(h));
  }

  @Post('payroll/opds/:opdId/runs/:month/return')
  @ApiOperation({ summary: 'Return the run to DRAFT with a reason' })
  returnRun(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string, @Body() body: unknown, @Headers() h: Record<string, string>) {
    return this.payroll.returnRun(actor, opdId, month, parseInput(ReturnBody, body).reason, requestContext(h));
  }

  @Post('payroll/opds/:opdId/runs/:month/slips/:nip/recalculate')
  @ApiOperation({ summary: 'Recalculate one slip from the current inputs (run CALCULATED)' })
  recalculate(
    @CurrentActor() actor: Actor,
    @Param('opdId') opdId: string,
    @Param('month') month: string,
    @Param('nip') nip: string,
    @Body() body: unknown,
    @Headers() h: Record<string, string>,
  ) {
    return this.payroll.recalculateSlip(actor, opdId, month, nip, parseInput(RecalculateBody, body).reason, requestContext(h));
  }

  @Post('payroll/opds/:opdId/runs/:month/:step')
  @ApiOperation({ summary: 'A signed step: submit (bendahara), verify (ppk_skpd), approve (kepala_opd), disburse (bpkad, with sp2dNumber and sp2dDate)' })
  step(
    @CurrentActor() actor: Actor,
    @Param('opdId') opdId: string,
    @Param('month') month: string,
    @Param('step') step: string,
    @Body() body: unknown,
    @Headers() h: Record<string, string>,
  ) {
    const name = STEP_OF.get(step);
    if (!name) throw badInput('UNKNOWN_STEP', `no step ${JSON.stringify(step)}; steps: ${[...STEP_OF.keys()].join(', ')}`, { step });
    return this.payroll.step(actor, opdId, month, name, parseInput(StepBody, body), requestContext(h));
  }

  @Get('payroll/opds/:opdId/runs/:month/lines')
  @ApiOperation({ summary: 'The lines of the run’s current calculation, paged by NIP' })
  lines(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string, @Query() q: Record<string, string>) {
    const { after, limit } = parseInput(LinesQuery, q);
    return this.payroll.runLines(actor, opdId, month, after, limit);
  }

  @Get('payroll/opds/:opdId/runs/:month/exports/bank-transfer.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The bank transfer file of an approved run (CSV)' })
  bank(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string) {
    return this.payroll.bankTransferCsv(actor, opdId, month);
  }

  @Get('payroll/opds/:opdId/runs/:month/exports/slips')
  @ApiOperation({ summary: 'The slip list of an approved run' })
  slips(@CurrentActor() actor: Actor, @Param('opdId') opdId: string, @Param('month') month: string) {
    return this.payroll.slipList(actor, opdId, month);
  }

  @Get('employees/:nip/pay/:month')
  @ApiOperation({ summary: 'The pay ledger of an employee for a month: every line, its run and state, event and policy version' })
  pay(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('month') month: string) {
    return this.payroll.payOf(actor, nip, month);
  }

  @Get('employees/:nip/pay/:month/explain')
  @ApiOperation({ summary: 'Why each pay line has its value, in words and numbers' })
  explain(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('month') month: string) {
    return this.payroll.explain(actor, nip, month);
  }
}
