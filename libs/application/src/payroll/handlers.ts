import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, badInput, canonicalJson, conflict, deterministicId, domainError, notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action, Subject } from '@kinerja/domain/access';
import { isOpdByEndOf } from '@kinerja/domain/organisation';
import { policyDecider, policyStreamId } from '@kinerja/domain/policy';
import {
  amendmentStreamId,
  budgetDecider,
  budgetStreamId,
  currentCalculation,
  importEventCount,
  inputImportDecider,
  inputImportStreamId,
  parseAttendanceCsv,
  parsePredikatCsv,
  payrollRunDecider,
  payrollRunStreamId,
  predikatAmendmentDecider,
  priceEmployee,
  runId as runIdOf,
  sanctionDecider,
  sanctionStreamId,
  STEPS,
  totalsOf,
  type PayrollRunState,
  type ParsedImport,
  type RecordInputImport,
  type RowError,
  type RunStatus,
  type StepName,
} from '@kinerja/domain/payroll';
import { compiledPolicy, policyByVersion, policyInForce, type PolicyDocument } from '@kinerja/policies';
import {
  employeeInputs,
  knownPayrollNips,
  ledgerOf,
  payingOpdOf,
  payrollProjection,
  runLines,
  runLinesPage,
  runSteps,
  slipLine,
  staleLines,
  waitForProjection,
  waitForRun,
  type LedgerRow,
  type PayLineRow,
} from '@kinerja/projections';
import { CommandContext, handleCommand, readState } from '../command-handler';
import { EVENT_STORE, PAYROLL_QUEUE, POLICIES } from '../ports';
import { ApplicationHandler } from '../handler';
import type { RequestContext } from '../people/service';
import { PeopleService } from '../people/service';
import { calculationJobId, type PayrollQueue } from './calculation-job';
import { explainLine } from './explain';
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
  ListPolicyVersions,
  OpenPayrollRun,
  PayLineView,
  PublishPolicyVersion,
  RecalculateSlip,
  ReturnPayrollRun,
  SetTppBudget,
  SignPayrollRun,
} from './commands';

// One handler per command or query of the payroll area: authorise (the access policy through
// PeopleService; the register-keeping commands need their role), load, decide, append through
// `handleCommand`; a query authorises and reads the payroll read model's queries.

/** The statuses in which a run waits for a signature. */
const SIGNABLE: readonly RunStatus[] = Object.values(STEPS).map((s) => s.from);
const STEP_ACTION: Record<StepName, Action> = {
  Submit: 'payroll.submit',
  Verify: 'payroll.verify',
  Approve: 'payroll.approve',
  Disburse: 'payroll.disburse',
};
/** The subject of the commands that are not about one run or one employee. */
const ORGANISATION: Subject = { kind: 'organisation' };
const POLICY_VERSION_ID = /^[a-z0-9][a-z0-9._/-]{0,99}$/;

const withActor = (actor: Actor, role: string, rc: RequestContext, extra: Partial<CommandContext> = {}): CommandContext => ({
  actor,
  role,
  ...rc,
  ...extra,
});

/** What each handler of the area is given. */
abstract class PayrollHandler extends ApplicationHandler {
  constructor(
    @Inject(PeopleService) protected readonly people: PeopleService,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(POLICIES) protected readonly policies: () => Promise<readonly PolicyDocument[]>,
    @Inject(PAYROLL_QUEUE) protected readonly queue: PayrollQueue,
  ) {
    super();
  }

  /** The role to act in (the grant that allowed it, without its `role:` prefix), or the coded refusal. */
  protected async allow(actor: Actor, action: Action, subject: Subject): Promise<string> {
    const via = await this.people.authorize(actor, action, subject, this.now());
    return via.startsWith('role:') ? via.slice(5) : via;
  }

  protected runState(opdId: string, month: string): Promise<{ state: PayrollRunState; version: number }> {
    return readState(this.store, payrollRunStreamId(opdId, month), payrollRunDecider);
  }

  /**
   * Waits until the payroll ledger holds every event recorded before this call, so that a decision
   * read from it (a signature's stale lines, a slip's current inputs) does not depend on its lag.
   */
  protected async ledgerCaughtUp(): Promise<void> {
    if (!(await waitForProjection(this.db, this.store, payrollProjection, { timeoutMs: 30_000 })))
      throw domainError(
        'READ_MODEL_BEHIND',
        { projection: payrollProjection.name },
        'the pay ledger is still catching up; try again in a moment',
        'UNAVAILABLE',
      );
  }

  protected runCommand(opdId: string, month: string, command: Parameters<typeof payrollRunDecider.decide>[0], ctx: CommandContext) {
    return handleCommand(this.store, payrollRunStreamId(opdId, month), payrollRunDecider, command, ctx);
  }
}

@CommandHandler(PublishPolicyVersion)
export class PublishPolicyVersionHandler extends PayrollHandler implements ICommandHandler<PublishPolicyVersion> {
  async execute({ document, reason, actor, ctx }: PublishPolicyVersion) {
    const role = await this.allow(actor, 'policy.publish', ORGANISATION);
    const version = document.policyVersion;
    if (typeof version !== 'string' || !POLICY_VERSION_ID.test(version))
      throw badInput('INVALID_POLICY_DOCUMENT', 'the document needs a policyVersion id', { policyVersion: version });
    const knownVersions = (await this.policies()).map((d) => d.policyVersion);
    const r = await handleCommand(
      this.store,
      policyStreamId(version),
      policyDecider,
      { type: 'PublishPolicyVersion', document, reason, knownVersions, at: this.now() },
      withActor(actor, role, ctx, { reason, policyVersion: version }),
    );
    return { policyVersion: version, streamId: r.streamId, version: r.version };
  }
}

@CommandHandler(ImportPayInputs)
export class ImportPayInputsHandler extends PayrollHandler implements ICommandHandler<ImportPayInputs> {
  async execute({ kind, month, file, actor }: ImportPayInputs) {
    const role = await this.allow(actor, 'payroll.import', ORGANISATION);
    const at = this.now();
    const checked =
      kind === 'attendance'
        ? await this.known(parseAttendanceCsv(file.csv), (rows): RecordInputImport => ({
            type: 'RecordAttendance',
            month,
            importId: '',
            rows,
            at,
          }))
        : await this.known(parsePredikatCsv(file.csv), (rows): RecordInputImport => ({
            type: 'IssuePredikat',
            month,
            importId: '',
            rows,
            at,
          }));
    const { command, errors } = checked;
    errors.sort((a, b) => a.line - b.line);
    const report = { month, dryRun: file.dryRun, rows: checked.total, valid: command.rows.length, errors };
    if (file.dryRun) return { ...report, appended: 0 };
    if (errors.length)
      throw badInput(
        'IMPORT_HAS_ERRORS',
        `${errors.length} bad row(s); nothing was imported (see details.errors; a dry run lists them too)`,
        report,
      );
    // The id of an import is its content: the same file imported twice appends nothing the second time.
    const importId = createHash('sha256').update(canonicalJson(command.rows)).digest('hex').slice(0, 16);
    const named = { ...command, importId };
    await handleCommand(this.store, inputImportStreamId(named), inputImportDecider, named, {
      actor,
      role,
      reason: `${kind} import for ${month}`,
      idempotencyKey: `import-${importId}`,
    });
    // The events the import is recorded as (now, or by the same file before).
    return { ...report, importId, appended: importEventCount(command.rows.length) };
  }

  /** The rows whose NIP the payroll register knows, as the command; the others are row errors. */
  private async known<R extends { nip: string }>(parsed: ParsedImport<R>, commandOf: (rows: R[]) => RecordInputImport) {
    const known = await knownPayrollNips(
      this.db,
      parsed.rows.map((r) => r.nip),
    );
    const errors: RowError[] = [...parsed.errors];
    const rows = parsed.rows.filter((r) => {
      if (known.has(r.nip)) return true;
      errors.push({ line: 0, nip: r.nip, code: 'UNKNOWN_EMPLOYEE', message: 'no employee with this NIP in the register' });
      return false;
    });
    return { command: commandOf(rows), errors, total: parsed.rows.length + parsed.errors.length };
  }
}

@CommandHandler(AmendPredikat)
export class AmendPredikatHandler extends PayrollHandler implements ICommandHandler<AmendPredikat> {
  async execute({ amendment, actor, ctx }: AmendPredikat) {
    const role = await this.allow(actor, 'payroll.import', ORGANISATION);
    const at = this.now();
    return handleCommand(
      this.store,
      amendmentStreamId(amendment.objectionId),
      predikatAmendmentDecider,
      { type: 'AmendPredikat', ...amendment, decidedOn: amendment.decidedOn ?? at.slice(0, 10), at },
      withActor(actor, role, ctx, { reason: amendment.reason }),
    );
  }
}

@CommandHandler(ImposeSanction)
export class ImposeSanctionHandler extends PayrollHandler implements ICommandHandler<ImposeSanction> {
  async execute({ sanction: s, actor, ctx }: ImposeSanction) {
    const role = await this.allow(actor, 'payroll.import', ORGANISATION);
    const sanctionId = s.sanctionId ?? deterministicId('kinerja.sanction', s.nip, s.type, s.startMonth, s.decreeNumber ?? '');
    const r = await handleCommand(
      this.store,
      sanctionStreamId(s.nip),
      sanctionDecider,
      {
        type: 'ImposeSanction',
        sanctionId,
        nip: s.nip,
        sanctionType: s.type,
        startMonth: s.startMonth,
        months: s.months,
        decreeNumber: s.decreeNumber ?? '',
        reason: s.reason,
        at: this.now(),
      },
      withActor(actor, role, ctx, { reason: s.reason }),
    );
    return { ...r, sanctionId };
  }
}

@CommandHandler(SetTppBudget)
export class SetTppBudgetHandler extends PayrollHandler implements ICommandHandler<SetTppBudget> {
  async execute({ opdId, month, budget, actor, ctx }: SetTppBudget) {
    const role = await this.allow(actor, 'payroll.budget', ORGANISATION);
    const opdKnown = isOpdByEndOf(opdId, month, await this.people.org.current());
    const cmd = { type: 'SetTppBudget' as const, opdId, month, amount: budget.amount, reason: budget.reason, opdKnown, at: this.now() };
    // The decider reads no state: its refusals come before the stream is named (an id nobody
    // created may not even make a valid stream name).
    budgetDecider.decide(cmd, budgetDecider.initialState());
    return handleCommand(this.store, budgetStreamId(opdId), budgetDecider, cmd, withActor(actor, role, ctx, { reason: budget.reason }));
  }
}

@CommandHandler(OpenPayrollRun)
export class OpenPayrollRunHandler extends PayrollHandler implements ICommandHandler<OpenPayrollRun> {
  async execute({ opdId, month, actor, ctx }: OpenPayrollRun) {
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const policy = policyInForce(await this.policies(), month);
    const r = await this.runCommand(
      opdId,
      month,
      { type: 'OpenRun', opdId, month, policyVersion: policy.policyVersion, by: { userId: actor.userId, role }, at: this.now() },
      withActor(actor, role, ctx, { policyVersion: policy.policyVersion }),
    );
    return { runId: runIdOf(opdId, month), status: 'DRAFT' as const, version: r.version, policyVersion: policy.policyVersion };
  }
}

@CommandHandler(CalculatePayrollRun)
export class CalculatePayrollRunHandler extends PayrollHandler implements ICommandHandler<CalculatePayrollRun> {
  async execute({ opdId, month, actor, ctx }: CalculatePayrollRun) {
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const policy = policyInForce(await this.policies(), month);
    const r = await this.runCommand(
      opdId,
      month,
      { type: 'StartCalculation', policyVersion: policy.policyVersion, by: { userId: actor.userId, role }, at: this.now() },
      withActor(actor, role, ctx, { policyVersion: policy.policyVersion }),
    );
    const started = r.events.find((e) => e.type === 'PayrollCalculationStarted');
    const calculation =
      started?.type === 'PayrollCalculationStarted'
        ? started.data.calculation
        : currentCalculation((await this.runState(opdId, month)).state);
    const runId = runIdOf(opdId, month);
    const jobId = await this.queue.enqueue({ runId, opdId, month, calculation, runVersion: r.version });
    return { runId, calculation, jobId, status: `/api/v1/payroll/opds/${opdId}/runs/${month}` };
  }
}

@CommandHandler(SignPayrollRun)
export class SignPayrollRunHandler extends PayrollHandler implements ICommandHandler<SignPayrollRun> {
  async execute({ opdId, month, step, signature, actor, ctx }: SignPayrollRun) {
    const role = await this.allow(actor, STEP_ACTION[step], { kind: 'payrollRun', opdId });
    const by = { userId: actor.userId, role };
    const at = this.now();
    const budget = step === 'Submit' ? await this.budgetOf(opdId, month) : null;
    await this.ledgerCaughtUp();
    const signing = { digest: signature.digest, staleLines: await staleLines(this.db, runIdOf(opdId, month)), by, at };
    const command =
      step === 'Submit'
        ? { type: 'Submit' as const, budget, ...signing }
        : step === 'Disburse'
          ? { type: 'Disburse' as const, sp2dNumber: signature.sp2dNumber ?? '', sp2dDate: signature.sp2dDate ?? '', ...signing }
          : { type: step, ...signing };
    const r = await this.runCommand(opdId, month, command, withActor(actor, role, ctx));
    return { runId: runIdOf(opdId, month), status: STEPS[step].to, version: r.version };
  }

  private async budgetOf(opdId: string, month: string): Promise<string | null> {
    return (await readState(this.store, budgetStreamId(opdId), budgetDecider)).state.get(month) ?? null;
  }
}

@CommandHandler(ReturnPayrollRun)
export class ReturnPayrollRunHandler extends PayrollHandler implements ICommandHandler<ReturnPayrollRun> {
  async execute({ opdId, month, reason, actor, ctx }: ReturnPayrollRun) {
    const role = await this.allow(actor, 'payroll.return', { kind: 'payrollRun', opdId });
    const r = await this.runCommand(
      opdId,
      month,
      { type: 'ReturnRun', reason, by: { userId: actor.userId, role }, at: this.now() },
      withActor(actor, role, ctx, { reason }),
    );
    return { runId: runIdOf(opdId, month), status: 'DRAFT' as const, version: r.version };
  }
}

@CommandHandler(RecalculateSlip)
export class RecalculateSlipHandler extends PayrollHandler implements ICommandHandler<RecalculateSlip> {
  async execute({ opdId, month, nip, reason, actor, ctx }: RecalculateSlip) {
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const runId = runIdOf(opdId, month);
    const { state, version } = await this.runState(opdId, month);
    if (state.status !== 'CALCULATED')
      throw domainError(
        'STEP_OUT_OF_ORDER',
        { status: state.status, step: 'RecalculateSlip', requires: 'CALCULATED' },
        `a slip is recalculated while the run is CALCULATED; it is ${state.status}`,
      );
    await this.ledgerCaughtUp();
    const slip = await slipLine(this.db, runId, state.calculation, nip);
    if (!slip) throw notFound('SLIP_NOT_FOUND', `no slip for ${nip} in ${runId}`, { nip, runId });
    const [emp] = await employeeInputs(this.db, opdId, month, nip);
    if (!emp) throw notFound('EMPLOYEE_NOT_FOUND', `${nip} is not an active employee of ${opdId}`, { nip });
    const policy = compiledPolicy(policyByVersion(await this.policies(), state.policyVersion));
    const priced = priceEmployee(emp, {
      runId,
      opdId,
      month,
      calculation: state.calculation,
      revision: (state.revisions[nip] ?? 0) + 1,
      policy,
    });
    if ('skipped' in priced) throw domainError(priced.skipped.code, { nip }, `the slip cannot be priced: ${priced.skipped.code}`);
    const r = await this.runCommand(
      opdId,
      month,
      {
        type: 'RecalculateSlip',
        line: priced.event.data,
        previousLineHash: slip.line_hash,
        previousGross: slip.amounts.gross,
        previousNet: slip.amounts.net,
        reason,
        by: { userId: actor.userId, role },
        at: this.now(),
      },
      withActor(actor, role, ctx, { reason, expectedVersion: ctx.expectedVersion ?? version }),
    );
    const recalculated = r.events.find((e) => e.type === 'PaySlipRecalculated');
    return {
      runId,
      nip,
      version: r.version,
      amounts: priced.event.data.amounts,
      digest: recalculated?.type === 'PaySlipRecalculated' ? recalculated.data.digest : undefined,
    };
  }
}

@QueryHandler(ListPolicyVersions)
export class ListPolicyVersionsHandler extends PayrollHandler implements IQueryHandler<ListPolicyVersions> {
  async execute() {
    return {
      versions: (await this.policies()).map((d) => ({
        policyVersion: d.policyVersion,
        effectiveFrom: d.effectiveFrom,
        effectiveUntil: d.effectiveUntil ?? null,
        enactedBy: d.enactedBy,
      })),
    };
  }
}

@QueryHandler(GetPayrollRun)
export class GetPayrollRunHandler extends PayrollHandler implements IQueryHandler<GetPayrollRun> {
  async execute({ opdId, month, actor }: GetPayrollRun) {
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state, version } = await this.runState(opdId, month);
    if (state.status === 'NONE') throw notFound('RUN_NOT_FOUND', `no payroll run for ${opdId} in ${month}`, { opdId, month });
    const runId = runIdOf(opdId, month);
    const job = state.calculation ? await this.queue.status(calculationJobId(runId, state.calculation)) : null;
    // What a signature would be refused for, as far as the ledger knows now (the step itself waits for it).
    const stale = SIGNABLE.includes(state.status) ? await staleLines(this.db, runId) : { count: 0, lines: [] };
    // While no calculation has finished (or since a new one started) the run shows none.
    const totals = totalsOf(state) ?? { lineCount: 0, adjustmentCount: 0, skipped: [], totalGross: '0', totalNet: '0', digest: '' };
    return {
      runId,
      opdId,
      month,
      status: state.status,
      version,
      policyVersion: state.policyVersion,
      calculation: state.calculation,
      lineCount: totals.lineCount,
      totalGross: totals.totalGross,
      totalNet: totals.totalNet,
      digest: totals.digest,
      signers: state.signers,
      sp2d: state.status === 'DISBURSED' ? state.sp2d : null,
      skipped: totals.skipped,
      adjustmentCount: totals.adjustmentCount,
      failure: state.status === 'CALCULATION_FAILED' ? state.failure : null,
      staleLineCount: stale.count,
      staleLines: stale.lines,
      // The state is the run's stream (never behind); the step history comes from the read model.
      steps: await runSteps(this.db, runId),
      calculationJob: job ? { jobId: calculationJobId(runId, state.calculation), ...job } : null,
    };
  }
}

@QueryHandler(GetRunLines)
export class GetRunLinesHandler extends PayrollHandler implements IQueryHandler<GetRunLines> {
  async execute({ opdId, month, page, actor }: GetRunLines) {
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const runId = runIdOf(opdId, month);
    const rows = await runLinesPage(this.db, runId, page.after, page.limit);
    const stale = await staleLines(this.db, runId, { nips: rows.map((r) => r.nip), limit: rows.length || 1 });
    const changed = new Map(stale.lines.map((l) => [`${l.nip}|${l.lineKey}`, l.inputs]));
    return {
      lines: rows.map((r) => {
        const inputs = changed.get(`${r.nip}|${r.line_key}`) ?? [];
        return { ...lineView(r), inputsChanged: inputs.length > 0, changedInputs: inputs };
      }),
      next: rows.length ? rows[rows.length - 1].nip : null,
    };
  }
}

@QueryHandler(GetApprovedRunLines)
export class GetApprovedRunLinesHandler extends PayrollHandler implements IQueryHandler<GetApprovedRunLines> {
  async execute({ opdId, month, actor }: GetApprovedRunLines) {
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state } = await this.runState(opdId, month);
    if (state.status !== 'APPROVED' && state.status !== 'DISBURSED')
      throw conflict('RUN_NOT_APPROVED', `exports are made from an approved run; this one is ${state.status}`, { status: state.status });
    const runId = runIdOf(opdId, month);
    await waitForRun(this.db, runId, 0);
    const lines = (await runLines(this.db, runId)).map((r) => ({
      nip: r.nip,
      name: r.name,
      lineKey: r.line_key,
      kind: r.kind,
      objectionId: r.objection_id,
      adjustsMonth: r.adjusts_month,
      amounts: r.amounts,
      bankAccount: r.bank_account,
    }));
    return { runId: state.runId, month, status: state.status, totalGross: state.totals.totalGross, totalNet: state.totals.totalNet, lines };
  }
}

/** The ledger lines of an employee in a month, each OPD that paid them allowing the actor to see them. */
abstract class LedgerHandler extends PayrollHandler {
  protected async ledger(actor: Actor, nip: string, month: string): Promise<LedgerRow[]> {
    const rows = await ledgerOf(this.db, nip, month);
    const opd = rows[0]?.opd_id ?? (await payingOpdOf(this.db, nip)) ?? '';
    await this.allow(actor, 'pay.view', { kind: 'payLine', nip, opdId: opd });
    for (const r of rows) if (r.opd_id !== opd) await this.allow(actor, 'pay.view', { kind: 'payLine', nip, opdId: r.opd_id });
    return rows;
  }
}

@QueryHandler(GetPay)
export class GetPayHandler extends LedgerHandler implements IQueryHandler<GetPay> {
  async execute({ nip, month, actor }: GetPay) {
    const rows = await this.ledger(actor, nip, month);
    return {
      nip,
      month,
      lines: rows.map((r) => ({
        ...lineView(r),
        runId: r.run_id,
        runStatus: r.status,
        calculation: r.calculation,
        sp2d: r.sp2d_number ? { number: r.sp2d_number, date: r.sp2d_date } : null,
        streamId: r.stream_id,
        detail: r.detail,
      })),
      net: rows.reduce((s, r) => s + BigInt(r.amounts.net), 0n).toString(),
    };
  }
}

@QueryHandler(ExplainPay)
export class ExplainPayHandler extends LedgerHandler implements IQueryHandler<ExplainPay> {
  async execute({ nip, month, actor }: ExplainPay) {
    const rows = await this.ledger(actor, nip, month);
    if (!rows.length) throw notFound('NO_PAY_LINES', `no pay lines for ${nip} in ${month}`, { nip, month });
    const policies = await this.policies();
    return { nip, month, lines: rows.map((r) => explainLine(r, policies)) };
  }
}

function lineView(r: PayLineRow): PayLineView {
  return {
    nip: r.nip,
    name: r.name,
    lineKey: r.line_key,
    kind: r.kind,
    revision: r.revision,
    amounts: r.amounts,
    policyVersion: r.policy_version,
    eventId: r.event_id,
    objectionId: r.objection_id ?? null,
    adjustsMonth: r.adjusts_month ?? null,
  };
}

export const PAYROLL_HANDLERS = [
  PublishPolicyVersionHandler,
  ImportPayInputsHandler,
  AmendPredikatHandler,
  ImposeSanctionHandler,
  SetTppBudgetHandler,
  OpenPayrollRunHandler,
  CalculatePayrollRunHandler,
  SignPayrollRunHandler,
  ReturnPayrollRunHandler,
  RecalculateSlipHandler,
  ListPolicyVersionsHandler,
  GetPayrollRunHandler,
  GetRunLinesHandler,
  GetApprovedRunLinesHandler,
  GetPayHandler,
  ExplainPayHandler,
];
