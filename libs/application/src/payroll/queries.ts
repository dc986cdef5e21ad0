import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, conflict, notFound } from '@kinerja/kernel';
import { runId as runIdOf, totalsOf } from '@kinerja/domain/payroll';
import {
  ledgerAsOf,
  ledgerOf,
  listSanctions,
  payingOpdOf,
  runLines,
  runLinesPage,
  runSteps,
  staleLines,
  waitForRun,
  type LedgerRow,
  type PayLineRow,
} from '@kinerja/projections';
import { calculationJobId } from './calculation-job';
import { explainLine } from './explain';
import {
  ExplainPay,
  GetApprovedRunLines,
  GetPay,
  GetPayrollRun,
  GetRunLines,
  GetTppBudgets,
  ListPolicyVersions,
  ListSanctions,
  PayLineView,
} from './commands';
import { budgetDecider, budgetStreamId } from '@kinerja/domain/payroll';
import { policyStreamId } from '@kinerja/domain/policy';
import { readState } from '../command-handler';
import { ORGANISATION } from './base';

import { PayrollHandler, SIGNABLE } from './base';
import { ReadAudit } from '../audit/reads';
import { asOfMoment } from '../audit/as-of';

// One handler per query of the payroll area: authorise (the access policy through PeopleService), then
// read the payroll read model's queries.

@QueryHandler(ListPolicyVersions)
export class ListPolicyVersionsHandler extends PayrollHandler implements IQueryHandler<ListPolicyVersions> {
  async execute() {
    const versions = [];
    for (const d of await this.policies()) {
      // A published version says why and when in its event; a shipped one has none.
      const [event] = await this.store.readStream(policyStreamId(d.policyVersion));
      const data = event?.data as { reason?: string } | undefined;
      versions.push({
        policyVersion: d.policyVersion,
        effectiveFrom: d.effectiveFrom,
        effectiveUntil: d.effectiveUntil ?? null,
        enactedBy: d.enactedBy,
        document: d,
        published: event ? { reason: data?.reason ?? '', at: event.recordedAt.toISOString() } : null,
      });
    }
    return { versions };
  }
}

@QueryHandler(ListSanctions)
export class ListSanctionsHandler extends PayrollHandler implements IQueryHandler<ListSanctions> {
  async execute({ filter, page, actor }: ListSanctions) {
    // Who records sanctions reads the register.
    await this.allow(actor, 'payroll.import', ORGANISATION);
    return { ...page, sanctions: await listSanctions(this.db, filter, page) };
  }
}

@QueryHandler(GetTppBudgets)
export class GetTppBudgetsHandler extends PayrollHandler implements IQueryHandler<GetTppBudgets> {
  async execute({ opdId, actor }: GetTppBudgets) {
    // Who sees the OPD's runs sees the budget they are checked against.
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state } = await readState(this.store, budgetStreamId(opdId), budgetDecider);
    const budgets = [...state].map(([month, amount]) => ({ month, amount })).sort((a, b) => a.month.localeCompare(b.month));
    return { opdId, budgets };
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
      // What submitting checks the total against (BUDGET_EXCEEDED), shown beside it.
      budget: await this.budgetOf(opdId, month),
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
export abstract class LedgerHandler extends PayrollHandler {
  @Inject(ReadAudit) protected readonly reads!: ReadAudit;

  /**
   * The lines, and the grant that allowed reading them (`role:…`, `self`): as the read model holds
   * them now, or (`asOf`) as the log held them at that moment, folded by the projection's code.
   */
  protected async ledger(actor: Actor, nip: string, month: string, asOf?: Date): Promise<{ rows: LedgerRow[]; via: string }> {
    const rows = asOf
      ? await ledgerAsOf(this.db, (id, options) => this.store.readStream(id, options), nip, month, asOf)
      : await ledgerOf(this.db, nip, month);
    const opd = rows[0]?.opd_id ?? (await payingOpdOf(this.db, nip)) ?? '';
    const via = await this.people.authorize(actor, 'pay.view', { kind: 'payLine', nip, opdId: opd }, this.now());
    for (const r of rows) if (r.opd_id !== opd) await this.allow(actor, 'pay.view', { kind: 'payLine', nip, opdId: r.opd_id });
    return { rows, via };
  }
}

@QueryHandler(GetPay)
export class GetPayHandler extends LedgerHandler implements IQueryHandler<GetPay> {
  async execute({ nip, month, actor, read, asOf }: GetPay) {
    const { rows, via } = await this.ledger(actor, nip, month, asOfMoment(asOf, this.now()));
    await this.reads.record(actor, via, nip, 'pay.ledger', month, read);
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
  async execute({ nip, month, actor, read }: ExplainPay) {
    const { rows, via } = await this.ledger(actor, nip, month);
    if (!rows.length) throw notFound('NO_PAY_LINES', `no pay lines for ${nip} in ${month}`, { nip, month });
    const policies = await this.policies();
    const lines = rows.map((r) => explainLine(r, policies));
    await this.reads.record(actor, via, nip, 'pay.explanation', month, read);
    return { nip, month, lines };
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

/** The payroll area's query handlers. */
export const PAYROLL_QUERY_HANDLERS = [
  ListPolicyVersionsHandler,
  ListSanctionsHandler,
  GetTppBudgetsHandler,
  GetPayrollRunHandler,
  GetRunLinesHandler,
  GetApprovedRunLinesHandler,
  GetPayHandler,
  ExplainPayHandler,
];
