import type { ReadContext } from '../audit/reads';
import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month, OpdId } from '@kinerja/domain/shared';
import type {
  Amounts,
  BankAccountRef,
  PredikatAmended,
  RowError,
  RunStatus,
  SanctionEvent,
  StaleLine,
  StepName,
  TppBudgetSet,
} from '@kinerja/domain/payroll';
import type { PolicyDocument } from '@kinerja/policies';
import type { SanctionRow } from '@kinerja/projections';
import type { CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';
import type { CalculationJobStatus } from './calculation-job';

// The payroll area's commands and queries, as the edges (HTTP, CLI, the demo loader) send them: input
// already parsed into its types, the actor and (for a command) the request context. The handler adds
// "now" from the Clock.

/** A new Perkada version, recorded with who published it and why (BPKAD). */
export class PublishPolicyVersion extends Command<{ policyVersion: string; streamId: string; version: number }> {
  constructor(
    readonly document: Readonly<Record<string, unknown>>,
    readonly reason: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export interface ImportReport {
  month: string;
  dryRun: boolean;
  rows: number;
  valid: number;
  errors: RowError[];
  appended: number;
  importId?: string;
}

/** A month's attendance summary or issued predikat from a CSV file, all or nothing; `dryRun` checks only. */
export class ImportPayInputs extends Command<ImportReport> {
  constructor(
    readonly kind: 'attendance' | 'predikat',
    readonly month: Month,
    readonly file: { csv: string; dryRun: boolean },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A predikat amended by a decided objection (a disbursed month gets an adjustment in the next run). */
export class AmendPredikat extends Command<CommandResult<PredikatAmended>> {
  constructor(
    readonly amendment: { objectionId: string; nip: string; month: Month; predikat: string; reason: string; decidedOn?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A disciplinary sanction; without an id one is derived from what it is. */
export class ImposeSanction extends Command<CommandResult<SanctionEvent> & { sanctionId: string }> {
  constructor(
    readonly sanction: {
      sanctionId?: string;
      nip: string;
      type: string;
      startMonth: Month;
      months: number;
      decreeNumber?: string;
      reason: string;
    },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An OPD's TPP budget for a month (BPKAD). */
export class SetTppBudget extends Command<CommandResult<TppBudgetSet>> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly budget: { amount: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A command on the payroll run of an OPD for a month that needs nothing else. */
abstract class RunCommand<R> extends Command<R> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Opens the payroll run of an OPD for a month, under the policy version in force for it. */
export class OpenPayrollRun extends RunCommand<{ runId: string; status: 'DRAFT'; version: number; policyVersion: string }> {}

/** Starts calculation n+1 of a run and queues its job. */
export class CalculatePayrollRun extends RunCommand<{ runId: string; calculation: number; jobId: string; status: string }> {}

/** A signed step of the approval chain, on the digest of the lines the signer reviewed. */
export class SignPayrollRun extends Command<{ runId: string; status: RunStatus; version: number }> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly step: StepName,
    readonly signature: { digest: string; sp2dNumber?: string; sp2dDate?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Returns a run to DRAFT with a reason. */
export class ReturnPayrollRun extends Command<{ runId: string; status: 'DRAFT'; version: number }> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly reason: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** Recalculates one slip from the current inputs, inside a CALCULATED run. */
export class RecalculateSlip extends Command<{
  runId: string;
  nip: string;
  version: number;
  amounts: Amounts;
  digest: string | undefined;
}> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly nip: Nip,
    readonly reason: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export interface PolicyVersionView {
  policyVersion: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  enactedBy: PolicyDocument['enactedBy'];
  /** The whole document, so that a new version can be compared with it before it is published. */
  document: PolicyDocument;
  /** Why and when it was published through the API; null for a version shipped with kinerja. */
  published: { reason: string; at: string } | null;
}

/** The policy versions known: shipped and published. */
export class ListPolicyVersions extends Query<{ versions: PolicyVersionView[] }> {}

/** The sanctions register (admin_kepegawaian), filtered and paged. */
export class ListSanctions extends Query<{ limit: number; offset: number; sanctions: SanctionRow[] }> {
  constructor(
    readonly filter: { nip?: string; month?: string; opdId?: string },
    readonly page: { limit: number; offset: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The OPD's TPP budget, month by month, as its stream holds it (whoever sees the OPD's runs). */
export class GetTppBudgets extends Query<{ opdId: string; budgets: { month: string; amount: string }[] }> {
  constructor(
    readonly opdId: OpdId,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A line of a run or of the pay ledger, as the API shows it. */
export interface PayLineView {
  nip: string;
  name: string;
  lineKey: string;
  kind: string;
  revision: number;
  amounts: Amounts;
  policyVersion: string;
  eventId: string;
  objectionId: string | null;
  adjustsMonth: string | null;
}

export interface PayrollRunView {
  runId: string;
  opdId: string;
  month: string;
  status: RunStatus;
  version: number;
  policyVersion: string;
  calculation: number;
  lineCount: number;
  totalGross: string;
  totalNet: string;
  digest: string;
  signers: unknown;
  sp2d: unknown;
  skipped: Array<{ nip: string; code: string }>;
  adjustmentCount: number;
  failure: { calculation: number; code: string; reason: string } | null;
  staleLineCount: number;
  staleLines: StaleLine[];
  steps: unknown[];
  calculationJob: ({ jobId: string } & CalculationJobStatus) | null;
}

/** A run: status, totals, the digest to sign, its steps, and the calculation job's progress. */
export class GetPayrollRun extends Query<PayrollRunView> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A page of the lines of the run's current calculation, by NIP. */
export class GetRunLines extends Query<{
  lines: Array<PayLineView & { inputsChanged: boolean; changedInputs: string[] }>;
  next: string | null;
}> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly page: { after: string; limit: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A line of an approved run, with what the exports need. */
export interface ExportLine {
  nip: string;
  name: string;
  lineKey: string;
  kind: string;
  objectionId: string | null;
  adjustsMonth: string | null;
  amounts: Amounts;
  bankAccount: BankAccountRef;
}

/** Every line of an approved (or disbursed) run, for its exports (bank transfer file, slips). */
export class GetApprovedRunLines extends Query<{
  runId: string;
  month: string;
  status: RunStatus;
  totalGross: string;
  totalNet: string;
  lines: ExportLine[];
}> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The pay ledger of an employee for a month: every line, its run and state, event and policy version. */
export class GetPay extends Query<{ nip: string; month: string; lines: Array<PayLineView & Record<string, unknown>>; net: string }> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly actor: Actor,
    readonly read?: ReadContext,
    /** The ledger as the log held it at this moment (ISO timestamp, checked by the handler). */
    readonly asOf?: string,
  ) {
    super();
  }
}

/** Why each pay line of an employee in a month has its value, in words and numbers. */
export class ExplainPay extends Query<{ nip: string; month: string; lines: unknown[] }> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly actor: Actor,
    readonly read?: ReadContext,
  ) {
    super();
  }
}
