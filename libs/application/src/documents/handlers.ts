import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { conflict, notFound } from '@kinerja/kernel';
import { localDateOf } from '@kinerja/domain/shared';
import { PAYROLL_RUN_EVENT_TYPES, payrollRunStreamId, runId as runIdOf, totalsOf, type StepName } from '@kinerja/domain/payroll';
import type { RecordedEvent } from '@kinerja/event-store';
import { policyByVersion } from '@kinerja/policies';
import { namesOf, positionNamesOf, rekapLines, unitNameOf, verifiableRuns, waitForRun, type VerifiableRun } from '@kinerja/projections';
import {
  normaliseCode,
  sameCode,
  verificationCode,
  verificationUrl,
  type RekapInput,
  type RekapSignature,
  type SlipInput,
} from '@kinerja/documents';
import { DOCUMENTS, RATE_LIMITER, type DocumentSettings, type RateLimiter } from '../ports';
import { PayrollHandler } from '../payroll/base';
import { LedgerHandler } from '../payroll/queries';
import { explainLine } from '../payroll/explain';
import { GetRekapDocument, GetSlipDocument, ThrottleVerification, VerificationView, VerifyRekap } from './commands';

/** The run's events that sign a step, and the step each signs. */
const SIGNED: ReadonlyMap<string, StepName> = new Map([
  ['PayrollRunSubmitted', 'Submit'],
  ['PayrollRunVerified', 'Verify'],
  ['PayrollRunApproved', 'Approve'],
  ['PayrollRunDisbursed', 'Disburse'],
]);
/** The run's events after which nothing signed before counts any more (a return, a new calculation). */
const RESETS = new Set(['PayrollRunReturned', 'PayrollCalculationStarted']);

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set(PAYROLL_RUN_EVENT_TYPES);

/** The last day of a month (YYYY-MM-DD), for "the org chart of that month". */
const monthEnd = (month: string) => `${month}-31`;

@QueryHandler(GetRekapDocument)
export class GetRekapDocumentHandler extends PayrollHandler implements IQueryHandler<GetRekapDocument> {
  @Inject(DOCUMENTS) private readonly settings!: DocumentSettings;

  async execute({ opdId, month, actor, origin }: GetRekapDocument): Promise<RekapInput> {
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state } = await this.runState(opdId, month);
    if (state.status === 'NONE') throw notFound('RUN_NOT_FOUND', `no payroll run for ${opdId} in ${month}`, { opdId, month });
    const totals = totalsOf(state);
    if (!totals || state.status === 'CALCULATING' || state.status === 'CALCULATION_FAILED')
      throw conflict('RUN_NOT_CALCULATED', `the run has no finished calculation to print (status ${state.status})`, {
        status: state.status,
      });
    const runId = runIdOf(opdId, month);
    const events = await this.store.readStream(payrollRunStreamId(opdId, month));
    // The ledger's run row follows the run's own events (a recalculated slip's line, in the same stream, is not one).
    const lastRunEvent = events.filter((e) => RUN_EVENT_TYPES.has(e.type)).pop();
    await waitForRun(this.db, runId, lastRunEvent?.streamPosition ?? 0);
    const rows = await rekapLines(this.db, runId);
    const nips = [...new Set(rows.map((r) => r.nip))];
    const positions = await positionNamesOf(this.db, nips, monthEnd(month));
    const signatures = await this.signatures(events);
    const policy = policyByVersion(await this.policies(), state.policyVersion);
    const code = verificationCode(this.settings.verificationSecret(), runId, totals.digest);
    return {
      pemda: this.settings.pemdaName,
      opd: { id: opdId, name: (await unitNameOf(this.db, opdId, monthEnd(month))) ?? opdId },
      month,
      runId,
      status: state.status,
      calculation: state.calculation,
      policy: { version: state.policyVersion, title: policy.enactedBy.title },
      digest: totals.digest,
      totals: { lineCount: totals.lineCount, totalGross: totals.totalGross, totalNet: totals.totalNet },
      lines: rows.map((r) => ({
        nip: r.nip,
        name: r.name,
        lineKey: r.line_key,
        kind: r.kind,
        position: positions.get(r.nip) ?? '-',
        positionGrade: r.position_grade,
        adjustsMonth: r.adjusts_month,
        amounts: r.amounts,
      })),
      signatures,
      verification: { code, url: verificationUrl(this.settings.publicUrl ?? origin, code) },
      printedAt: this.now(),
    };
  }

  /** The steps signed since the run last left DRAFT (or was calculated again), as their events recorded them. */
  private async signatures(events: readonly RecordedEvent[]): Promise<RekapSignature[]> {
    let signed: RekapSignature[] = [];
    for (const e of events) {
      if (RESETS.has(e.type)) signed = [];
      const step = SIGNED.get(e.type);
      if (!step) continue;
      const d = e.data as { by: string; at: string; sp2dNumber?: string; sp2dDate?: string };
      const m = e.metadata as { actor?: string; actorNip?: string; role?: string } | undefined;
      signed.push({
        step,
        name: m?.actor ?? d.by,
        nip: m?.actorNip ?? null,
        role: m?.role ?? '',
        at: localDateOf(d.at),
        ...(step === 'Disburse' && d.sp2dNumber ? { sp2d: { number: d.sp2dNumber, date: d.sp2dDate ?? '' } } : {}),
      });
    }
    // The register's names of the signers who have a NIP.
    const names = await namesOf(
      this.db,
      signed.flatMap((s) => (s.nip ? [s.nip] : [])),
    );
    return signed.map((s) => ({ ...s, name: (s.nip && names.get(s.nip)) || s.name }));
  }
}

@QueryHandler(GetSlipDocument)
export class GetSlipDocumentHandler extends LedgerHandler implements IQueryHandler<GetSlipDocument> {
  @Inject(DOCUMENTS) private readonly settings!: DocumentSettings;

  async execute({ nip, month, actor, read }: GetSlipDocument): Promise<SlipInput> {
    const { rows, via } = await this.ledger(actor, nip, month);
    if (!rows.length) throw notFound('NO_PAY_LINES', `no pay lines for ${nip} in ${month}`, { nip, month });
    const policies = await this.policies();
    const opdId = rows[0].opd_id;
    const tpp = rows.find((r) => r.kind === 'TPP');
    const position = (await positionNamesOf(this.db, [nip], monthEnd(month))).get(nip);
    await this.reads.record(actor, via, nip, 'pay.explanation', month, read);
    return {
      pemda: this.settings.pemdaName,
      opd: { id: opdId, name: (await unitNameOf(this.db, opdId, monthEnd(month))) ?? opdId },
      month,
      employee: {
        nip,
        name: rows[0].name,
        ...(position ? { position } : {}),
        positionGrade: tpp?.kind === 'TPP' ? tpp.detail.inputs.positionGrade : null,
      },
      lines: rows.map((r) => {
        const x = explainLine(r, policies);
        return {
          runId: r.run_id,
          runStatus: r.status,
          lineKey: r.line_key,
          kind: r.kind,
          policyVersion: r.policy_version,
          amounts: r.amounts,
          steps: x.steps,
          ...('summary' in x && x.summary ? { summary: x.summary } : {}),
          sp2d: r.sp2d_number ? { number: r.sp2d_number, date: r.sp2d_date ?? '' } : null,
        };
      }),
      printedAt: this.now(),
    };
  }
}

@QueryHandler(VerifyRekap)
export class VerifyRekapHandler extends PayrollHandler implements IQueryHandler<VerifyRekap> {
  @Inject(DOCUMENTS) private readonly settings!: DocumentSettings;

  async execute({ code }: VerifyRekap): Promise<VerificationView> {
    const wanted = normaliseCode(code);
    const found = wanted ? this.match(wanted, await verifiableRuns(this.db)) : undefined;
    if (!found) throw notFound('VERIFICATION_NOT_FOUND', 'no calculation has this verification code');
    const { run, digest } = found;
    const current = digest === run.digest;
    const result: VerificationView['result'] = !current ? 'SUPERSEDED' : SIGNABLE_OR_PAID.has(run.status) ? 'VALID' : 'RETURNED';
    return {
      result,
      opd: { id: run.opd_id, name: (await unitNameOf(this.db, run.opd_id, monthEnd(run.month))) ?? run.opd_id },
      month: run.month,
      status: run.status,
      lineCount: run.line_count,
      totalNet: run.total_net,
      disbursed: run.status === 'DISBURSED' && run.sp2d_date ? { sp2dDate: run.sp2d_date } : null,
    };
  }

  /** The run and digest whose code is `code` (every digest each run had is tried; codes compared in constant time). */
  private match(code: string, runs: VerifiableRun[]): { run: VerifiableRun; digest: string } | undefined {
    const secret = this.settings.verificationSecret();
    for (const run of runs)
      for (const digest of new Set([run.digest, ...run.digests]))
        if (digest && sameCode(verificationCode(secret, run.run_id, digest), code)) return { run, digest };
    return undefined;
  }
}

/** The statuses in which a run's current calculation stands: calculated, on its way through the steps, or paid. */
const SIGNABLE_OR_PAID = new Set(['CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED', 'DISBURSED']);

@CommandHandler(ThrottleVerification)
export class ThrottleVerificationHandler implements ICommandHandler<ThrottleVerification> {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(DOCUMENTS) private readonly settings: DocumentSettings,
  ) {}

  async execute({ clientAddress }: ThrottleVerification) {
    const { verificationPerClient, windowSeconds } = this.settings;
    await this.limiter.hit(`public-verification:client:${this.limiter.clientKey(clientAddress)}`, verificationPerClient, windowSeconds);
  }
}

export const DOCUMENT_HANDLERS = [GetRekapDocumentHandler, GetSlipDocumentHandler, VerifyRekapHandler, ThrottleVerificationHandler];
