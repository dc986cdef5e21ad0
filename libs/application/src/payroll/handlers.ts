import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { badInput, contentId, deterministicId, domainError, notFound } from '@kinerja/kernel';
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
  predikatAmendmentDecider,
  priceEmployee,
  runId as runIdOf,
  sanctionDecider,
  sanctionStreamId,
  STEPS,
  type ParsedImport,
  type RecordInputImport,
  type RowError,
} from '@kinerja/domain/payroll';
import { compiledPolicy, policyByVersion, policyInForce } from '@kinerja/policies';
import { employeeInputs, knownPayrollNips, slipLine, staleLines } from '@kinerja/projections';
import { handleCommand } from '../command-handler';
import { assertPredikatSourcesAgree } from '../reconciliation/agreement';
import { SEAL_JOBS, type SealJobs } from '../audit/seal-ports';
import {
  AmendPredikat,
  CalculatePayrollRun,
  ImportPayInputs,
  ImposeSanction,
  OpenPayrollRun,
  PublishPolicyVersion,
  RecalculateSlip,
  ReturnPayrollRun,
  SetTppBudget,
  SignPayrollRun,
} from './commands';

import { ORGANISATION, PayrollHandler, POLICY_VERSION_ID, STEP_ACTION, withActor } from './base';
import { PAYROLL_QUERY_HANDLERS } from './queries';

// One handler per command of the payroll area: authorise (the access policy through PeopleService; the
// register-keeping commands need their role), load, decide, append through `handleCommand`.

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
    const importId = contentId(command.rows);
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
      errors.push({
        line: parsed.lineOf.get(r.nip) ?? 0,
        nip: r.nip,
        code: 'UNKNOWN_EMPLOYEE',
        message: 'no employee with this NIP in the register',
      });
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
  @Inject(SEAL_JOBS) private readonly seals!: SealJobs;

  async execute({ opdId, month, step, signature, actor, ctx }: SignPayrollRun) {
    const role = await this.allow(actor, STEP_ACTION[step], { kind: 'payrollRun', opdId });
    const by = { userId: actor.userId, role };
    const at = this.now();
    const budget = step === 'Submit' ? await this.budgetOf(opdId, month) : null;
    await this.ledgerCaughtUp();
    const signing = { digest: signature.digest, staleLines: await staleLines(this.db, runIdOf(opdId, month)), by, at };
    // Issue 16: a month whose predikat differ from e-Kinerja BKN's, unresolved, is not submitted.
    if (step === 'Submit') await assertPredikatSourcesAgree(this.db, this.store, opdId, month);
    const command =
      step === 'Submit'
        ? { type: 'Submit' as const, budget, ...signing }
        : step === 'Disburse'
          ? { type: 'Disburse' as const, sp2dNumber: signature.sp2dNumber ?? '', sp2dDate: signature.sp2dDate ?? '', ...signing }
          : { type: step, ...signing };
    const r = await this.runCommand(opdId, month, command, withActor(actor, role, ctx));
    const runId = runIdOf(opdId, month);
    // A disbursed month is sealed (in the background: a seal reads every stream's head). Asked again
    // on a retry, it is the same job and the same seal (one per disbursement).
    if (step === 'Disburse' && r.events.some((e) => e.type === 'PayrollRunDisbursed'))
      await this.seals.request({ trigger: 'PAYROLL_DISBURSED', runId, key: `disbursed:${runId}:${r.version}` });
    return { runId, status: STEPS[step].to, version: r.version };
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
  ...PAYROLL_QUERY_HANDLERS,
];
