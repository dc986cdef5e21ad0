/**
 * The payroll use cases, behind the API and the CLI: who may do what (the access policy), then
 * load, decide and append (the deciders), then read the pay ledger. Controllers stay a few lines.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { Actor, badInput, canonicalJson, conflict, deterministicId, domainError, fold, forbidden, isValidNip, notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { handleCommand, OrgHistoryReader, type CommandContext } from '@kinerja/application';
import { accessActorOf, type Action, type Subject } from '@kinerja/domain/access';
import { isOpdByEndOf } from '@kinerja/domain/organisation';
import { OPD_ID_PATTERN } from '@kinerja/domain/shared';
import { policyDecider, policyStreamId } from '@kinerja/domain/policy';
import {
  amendmentStreamId,
  assertMonth,
  attendanceStreamId,
  budgetDecider,
  budgetStreamId,
  IMPORT_CHUNK,
  parseAttendanceCsv,
  parsePredikatCsv,
  payrollRunDecider,
  payrollRunStreamId,
  predikatAmendmentDecider,
  predikatStreamId,
  priceEmployee,
  runId as runIdOf,
  sanctionDecider,
  sanctionStreamId,
  STEPS,
  type ParsedImport,
  type PayrollRunState,
  totalsOf,
  currentCalculation,
  type PayrollRunStreamEvent,
  type RowError,
  type RunStatus,
  type StepName,
} from '@kinerja/domain/payroll';
import { compiledPolicy, policyByVersion, policyInForce, type PolicyDocument } from '@kinerja/policies';
import { payrollProjection, waitForProjection } from '@kinerja/projections';
import type { CalculationJobData } from './calculate';
import { employeeInputs, staleLines, waitForRun } from './reads';
import { explainLine } from './explain';

export interface PayrollDeps {
  store: EventStore;
  pool: Pool;
  /** The versions in force: shipped and published (read when needed, so a new version applies at once). */
  policies: readonly PolicyDocument[] | (() => Promise<readonly PolicyDocument[]>);
  enqueueCalculation(data: CalculationJobData): Promise<string>;
  calculationStatus(jobId: string): Promise<{ state: string; progress: unknown; failedReason: string | null } | null>;
  /**
   * The access policy with the org history of the day, so a supervisor asking for pay is known as
   * one (`PAY_IS_PRIVATE`); a run's OPD that does not exist is 404 `UNKNOWN_OPD` before it. Returns
   * the grant that allowed it, or throws the coded error.
   */
  authorize(actor: Actor, action: Action, subject: Subject): Promise<string>;
}

export type RequestContext = Pick<CommandContext, 'idempotencyKey' | 'expectedVersion' | 'requestId' | 'correlationId'>;

const IMPORT_ROLES = ['admin_kepegawaian'];
const BUDGET_ROLES = ['bpkad'];
/** The statuses in which a run waits for a signature. */
const SIGNABLE: readonly RunStatus[] = Object.values(STEPS).map((s) => s.from);
const STEP_ACTION: Record<StepName, Action> = { Submit: 'payroll.submit', Verify: 'payroll.verify', Approve: 'payroll.approve', Disburse: 'payroll.disburse' };

export const calculationJobId = (runId: string, calculation: number) => `payroll-calc.${runId.replace(/[^A-Za-z0-9_.-]/g, '_')}.${calculation}`;

function assertOpd(opdId: unknown): asserts opdId is string {
  if (typeof opdId !== 'string' || !OPD_ID_PATTERN.test(opdId)) throw badInput('INVALID_OPD_ID', 'an OPD id is letters, digits and _.@-', { opdId });
}

function requireRole(actor: Actor, roles: string[], what: string): string {
  const role = accessActorOf(actor).grants.find((g) => roles.includes(g.role))?.role;
  if (!role) throw forbidden('ROLE_REQUIRED', `${what} needs one of: ${roles.join(', ')}`, { roles });
  return role;
}

export class PayrollService {
  private readonly org: OrgHistoryReader;

  constructor(private readonly deps: PayrollDeps) {
    this.org = new OrgHistoryReader(deps.store);
  }

  policies(): Promise<readonly PolicyDocument[]> {
    const p = this.deps.policies;
    return typeof p === 'function' ? p() : Promise.resolve(p);
  }

  /** A new Perkada version, recorded with who published it and why. */
  async publishPolicy(actor: Actor, document: unknown, reason: string, rc?: RequestContext) {
    const role = requireRole(actor, BUDGET_ROLES, 'publishing a policy version');
    const version = (document as { policyVersion?: unknown })?.policyVersion;
    if (typeof version !== 'string' || !/^[a-z0-9][a-z0-9._/-]{0,99}$/.test(version))
      throw badInput('INVALID_POLICY_DOCUMENT', 'the document needs a policyVersion id', { policyVersion: version });
    const known = (await this.policies()).map((d) => d.policyVersion);
    const r = await handleCommand(
      this.deps.store,
      policyStreamId(version),
      policyDecider,
      { type: 'PublishPolicyVersion', document, reason, knownVersions: known, at: new Date().toISOString() },
      this.ctx(actor, role, rc, { reason, policyVersion: version }),
    );
    return { policyVersion: version, streamId: r.streamId, version: r.version };
  }

  async listPolicies() {
    return {
      versions: (await this.policies()).map((d) => ({ policyVersion: d.policyVersion, effectiveFrom: d.effectiveFrom, effectiveUntil: d.effectiveUntil ?? null, enactedBy: d.enactedBy })),
    };
  }

  /** The role to act in (the grant, without its `role:` prefix). */
  private async allow(actor: Actor, action: Action, subject: Subject): Promise<string> {
    const via = await this.deps.authorize(actor, action, subject);
    return via.startsWith('role:') ? via.slice(5) : via;
  }

  private ctx(actor: Actor, role: string, rc: RequestContext = {}, extra: Partial<CommandContext> = {}): CommandContext {
    return { actor, role, ...rc, ...extra };
  }

  /**
   * Waits until the payroll ledger holds every event recorded before this call, so that a decision
   * read from it (a signature's stale lines, a slip's current inputs) does not depend on its lag.
   */
  private async ledgerCaughtUp(): Promise<void> {
    if (!(await waitForProjection(this.deps.pool, this.deps.store, payrollProjection, { timeoutMs: 30_000 })))
      throw domainError('READ_MODEL_BEHIND', { projection: payrollProjection.name }, 'the pay ledger is still catching up; try again in a moment', 'UNAVAILABLE');
  }

  private async runState(opdId: string, month: string): Promise<{ state: PayrollRunState; version: number }> {
    const events = await this.deps.store.readStream(payrollRunStreamId(opdId, month));
    return { state: fold(payrollRunDecider, events.map((e) => ({ type: e.type, data: e.data }) as PayrollRunStreamEvent)), version: events.length - 1 };
  }

  // ---------- inputs ----------

  private async knownNips(nips: string[]): Promise<Set<string>> {
    const { rows } = await this.deps.pool.query<{ nip: string }>('SELECT nip FROM pay_employee WHERE nip = ANY($1)', [nips]);
    return new Set(rows.map((r) => r.nip));
  }

  private async importRows<R extends { nip: string }>(
    actor: Actor,
    kind: 'attendance' | 'predikat',
    month: string,
    csv: unknown,
    dryRun: boolean,
    parse: (t: string) => ParsedImport<R>,
  ) {
    const role = requireRole(actor, IMPORT_ROLES, `importing ${kind}`);
    assertMonth(month);
    if (typeof csv !== 'string') throw badInput('CSV_REQUIRED', 'send the file as { "csv": "..." } or text/csv');
    const parsed = parse(csv);
    const known = await this.knownNips(parsed.rows.map((r) => r.nip));
    const errors: RowError[] = [...parsed.errors];
    const rows = parsed.rows.filter((r) => {
      if (known.has(r.nip)) return true;
      errors.push({ line: 0, nip: r.nip, code: 'UNKNOWN_EMPLOYEE', message: 'no employee with this NIP in the register' });
      return false;
    });
    errors.sort((a, b) => a.line - b.line);
    const report = { month, dryRun, rows: parsed.rows.length + parsed.errors.length, valid: rows.length, errors };
    if (dryRun) return { ...report, appended: 0 };
    if (errors.length) throw badInput('IMPORT_HAS_ERRORS', `${errors.length} bad row(s); nothing was imported (see details.errors; a dry run lists them too)`, report);
    // The id of an import is its content: the same file imported twice appends nothing the second time.
    const importId = createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 16);
    const stream = kind === 'attendance' ? attendanceStreamId(month, importId) : predikatStreamId(month, importId);
    const at = new Date().toISOString();
    const events = [];
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
      const chunk = rows.slice(i, i + IMPORT_CHUNK);
      events.push({
        id: deterministicId('kinerja.import', stream, i),
        type: kind === 'attendance' ? 'AttendanceSummaryRecorded' : 'PredikatIssued',
        data: kind === 'attendance' ? { month, importId, rows: chunk, at } : { month, importId, rows: chunk, source: 'IMPORT', at },
        metadata: { actor: actor.userId, role, reason: `${kind} import for ${month}` },
      });
    }
    if (events.length) await this.deps.store.append(stream, events, { expectedVersion: 'any' });
    return { ...report, importId, appended: events.length };
  }

  importAttendance(actor: Actor, month: string, csv: unknown, dryRun = false) {
    return this.importRows(actor, 'attendance', month, csv, dryRun, parseAttendanceCsv);
  }

  /** Until the appraisal ledger issues predikat, they are imported (per NIP, per month). */
  importPredikat(actor: Actor, month: string, csv: unknown, dryRun = false) {
    return this.importRows(actor, 'predikat', month, csv, dryRun, parsePredikatCsv);
  }

  async amendPredikat(actor: Actor, body: { objectionId: string; nip: string; month: string; predikat: string; reason: string; decidedOn?: string }, rc?: RequestContext) {
    const role = requireRole(actor, IMPORT_ROLES, 'recording an objection decision');
    const r = await handleCommand(
      this.deps.store,
      amendmentStreamId(String(body.objectionId)),
      predikatAmendmentDecider,
      { type: 'AmendPredikat', ...body, decidedOn: body.decidedOn ?? new Date().toISOString().slice(0, 10), at: new Date().toISOString() },
      this.ctx(actor, role, rc, { reason: body.reason }),
    );
    return { streamId: r.streamId, version: r.version, events: r.events };
  }

  async imposeSanction(
    actor: Actor,
    body: { sanctionId?: string; nip: string; type: string; startMonth: string; months: number; decreeNumber?: string; reason: string },
    rc?: RequestContext,
  ) {
    const role = requireRole(actor, IMPORT_ROLES, 'registering a sanction');
    if (!isValidNip(body.nip)) throw badInput('INVALID_NIP', `not a NIP: ${JSON.stringify(body.nip)}`, { nip: body.nip });
    const sanctionId = body.sanctionId ?? deterministicId('kinerja.sanction', body.nip, body.type, body.startMonth, body.decreeNumber ?? '');
    const r = await handleCommand(
      this.deps.store,
      sanctionStreamId(body.nip),
      sanctionDecider,
      {
        type: 'ImposeSanction',
        sanctionId,
        nip: body.nip,
        sanctionType: body.type,
        startMonth: body.startMonth,
        months: body.months,
        decreeNumber: body.decreeNumber ?? '',
        reason: body.reason,
        at: new Date().toISOString(),
      },
      this.ctx(actor, role, rc, { reason: body.reason }),
    );
    return { sanctionId, streamId: r.streamId, version: r.version, events: r.events };
  }

  async setBudget(actor: Actor, opdId: string, month: string, body: { amount: string; reason: string }, rc?: RequestContext) {
    const role = requireRole(actor, BUDGET_ROLES, 'setting an OPD’s TPP budget');
    assertOpd(opdId);
    assertMonth(month);
    const opdKnown = isOpdByEndOf(opdId, month, await this.org.current());
    const cmd = { type: 'SetTppBudget' as const, opdId, month, amount: body.amount, reason: body.reason, opdKnown, at: new Date().toISOString() };
    // The decider reads no state: its refusals come before the stream is named (an id nobody
    // created may not even make a valid stream name).
    budgetDecider.decide(cmd, budgetDecider.initialState());
    const r = await handleCommand(
      this.deps.store,
      budgetStreamId(opdId),
      budgetDecider,
      cmd,
      this.ctx(actor, role, rc, { reason: body.reason }),
    );
    return { streamId: r.streamId, version: r.version, events: r.events };
  }

  private async budgetOf(opdId: string, month: string): Promise<string | null> {
    const events = await this.deps.store.readStream(budgetStreamId(opdId));
    return fold(budgetDecider, events.map((e) => ({ type: e.type, data: e.data }) as any)).get(month) ?? null;
  }

  // ---------- the run ----------

  async openRun(actor: Actor, opdId: string, month: string, rc?: RequestContext) {
    assertOpd(opdId);
    assertMonth(month);
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const policy = policyInForce(await this.policies(), month);
    const r = await handleCommand(
      this.deps.store,
      payrollRunStreamId(opdId, month),
      payrollRunDecider,
      { type: 'OpenRun', opdId, month, policyVersion: policy.policyVersion, by: { userId: actor.userId, role }, at: new Date().toISOString() },
      this.ctx(actor, role, rc, { policyVersion: policy.policyVersion }),
    );
    return { runId: runIdOf(opdId, month), status: 'DRAFT', version: r.version, policyVersion: policy.policyVersion };
  }

  /** Starts calculation n+1 and queues its job; follow it at GET …/runs/{month}. */
  async calculate(actor: Actor, opdId: string, month: string, rc?: RequestContext) {
    assertOpd(opdId);
    assertMonth(month);
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const policy = policyInForce(await this.policies(), month);
    const r = await handleCommand(
      this.deps.store,
      payrollRunStreamId(opdId, month),
      payrollRunDecider,
      { type: 'StartCalculation', policyVersion: policy.policyVersion, by: { userId: actor.userId, role }, at: new Date().toISOString() },
      this.ctx(actor, role, rc, { policyVersion: policy.policyVersion }),
    );
    const started = r.events.find((e) => e.type === 'PayrollCalculationStarted');
    const calculation = started ? (started.data as { calculation: number }).calculation : currentCalculation((await this.runState(opdId, month)).state);
    const runId = runIdOf(opdId, month);
    const jobId = await this.deps.enqueueCalculation({ runId, opdId, month, calculation, runVersion: r.version });
    return { runId, calculation, jobId, status: `/api/v1/payroll/opds/${opdId}/runs/${month}` };
  }

  async step(actor: Actor, opdId: string, month: string, step: StepName, body: { digest?: string; sp2dNumber?: string; sp2dDate?: string }, rc?: RequestContext) {
    assertOpd(opdId);
    assertMonth(month);
    const role = await this.allow(actor, STEP_ACTION[step], { kind: 'payrollRun', opdId });
    if (typeof body.digest !== 'string') throw badInput('DIGEST_REQUIRED', 'sign the digest of the lines you reviewed (GET the run for it)');
    const by = { userId: actor.userId, role: STEPS[step].role === role ? role : role };
    const at = new Date().toISOString();
    const budget = step === 'Submit' ? await this.budgetOf(opdId, month) : null;
    await this.ledgerCaughtUp();
    const signing = { digest: body.digest, staleLines: await staleLines(this.deps.pool, runIdOf(opdId, month)), by, at };
    const command =
      step === 'Submit'
        ? { type: 'Submit' as const, budget, ...signing }
        : step === 'Disburse'
          ? { type: 'Disburse' as const, sp2dNumber: String(body.sp2dNumber ?? ''), sp2dDate: String(body.sp2dDate ?? ''), ...signing }
          : { type: step, ...signing };
    const r = await handleCommand(this.deps.store, payrollRunStreamId(opdId, month), payrollRunDecider, command, this.ctx(actor, role, rc));
    return { runId: runIdOf(opdId, month), status: STEPS[step].to, version: r.version };
  }

  async returnRun(actor: Actor, opdId: string, month: string, reason: string, rc?: RequestContext) {
    assertOpd(opdId);
    assertMonth(month);
    const role = await this.allow(actor, 'payroll.return', { kind: 'payrollRun', opdId });
    const r = await handleCommand(
      this.deps.store,
      payrollRunStreamId(opdId, month),
      payrollRunDecider,
      { type: 'ReturnRun', reason, by: { userId: actor.userId, role }, at: new Date().toISOString() },
      this.ctx(actor, role, rc, { reason }),
    );
    return { runId: runIdOf(opdId, month), status: 'DRAFT', version: r.version };
  }

  /** Recalculates one slip from the current inputs, inside a CALCULATED run. */
  async recalculateSlip(actor: Actor, opdId: string, month: string, nip: string, reason: string, rc?: RequestContext) {
    assertOpd(opdId);
    assertMonth(month);
    const role = await this.allow(actor, 'payroll.calculate', { kind: 'payrollRun', opdId });
    const runId = runIdOf(opdId, month);
    const { state, version } = await this.runState(opdId, month);
    if (state.status !== 'CALCULATED')
      throw domainError('STEP_OUT_OF_ORDER', { status: state.status, step: 'RecalculateSlip', requires: 'CALCULATED' }, `a slip is recalculated while the run is CALCULATED; it is ${state.status}`);
    await this.ledgerCaughtUp();
    const { rows } = await this.deps.pool.query(
      `SELECT line_hash, amounts FROM pay_line WHERE run_id = $1 AND calculation = $2 AND nip = $3 AND line_key = 'TPP'`,
      [runId, state.calculation, nip],
    );
    if (!rows[0]) throw notFound('SLIP_NOT_FOUND', `no slip for ${nip} in ${runId}`, { nip, runId });
    const [emp] = await employeeInputs(this.deps.pool, opdId, month, nip);
    if (!emp) throw notFound('EMPLOYEE_NOT_FOUND', `${nip} is not an active employee of ${opdId}`, { nip });
    const policy = compiledPolicy(policyByVersion(await this.policies(), state.policyVersion));
    const priced = priceEmployee(emp, { runId, opdId, month, calculation: state.calculation, revision: (state.revisions[nip] ?? 0) + 1, policy });
    if ('skipped' in priced) throw domainError(priced.skipped.code, { nip }, `the slip cannot be priced: ${priced.skipped.code}`);
    const r = await handleCommand(
      this.deps.store,
      payrollRunStreamId(opdId, month),
      payrollRunDecider,
      {
        type: 'RecalculateSlip',
        line: priced.event.data,
        previousLineHash: rows[0].line_hash,
        previousGross: rows[0].amounts.gross,
        previousNet: rows[0].amounts.net,
        reason,
        by: { userId: actor.userId, role },
        at: new Date().toISOString(),
      },
      this.ctx(actor, role, rc, { reason, expectedVersion: rc?.expectedVersion ?? version }),
    );
    const recalculated = r.events.find((e) => e.type === 'PaySlipRecalculated');
    return { runId, nip, version: r.version, amounts: priced.event.data.amounts, digest: recalculated ? (recalculated.data as any).digest : undefined };
  }

  async getRun(actor: Actor, opdId: string, month: string) {
    assertOpd(opdId);
    assertMonth(month);
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state, version } = await this.runState(opdId, month);
    if (state.status === 'NONE') throw notFound('RUN_NOT_FOUND', `no payroll run for ${opdId} in ${month}`, { opdId, month });
    const runId = runIdOf(opdId, month);
    const job = state.calculation ? await this.deps.calculationStatus(calculationJobId(runId, state.calculation)) : null;
    // The state is the run's stream (never behind); the step history comes from the read model.
    const { rows } = await this.deps.pool.query('SELECT steps FROM pay_run WHERE run_id = $1', [runId]);
    // What a signature would be refused for, as far as the ledger knows now (the step itself waits for it).
    const stale = SIGNABLE.includes(state.status) ? await staleLines(this.deps.pool, runId) : { count: 0, lines: [] };
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
      steps: rows[0]?.steps ?? [],
      calculationJob: job ? { jobId: calculationJobId(runId, state.calculation), ...job } : null,
    };
  }

  /** The lines of the run's current calculation (the read model; paged by NIP). */
  async runLines(actor: Actor, opdId: string, month: string, after = '', limit = 500) {
    assertOpd(opdId);
    assertMonth(month);
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { rows } = await this.deps.pool.query(
      `SELECT l.nip, l.name, l.line_key, l.kind, l.revision, l.amounts, l.policy_version, l.event_id, l.objection_id, l.adjusts_month
         FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
        WHERE l.run_id = $1 AND (l.nip, l.line_key) > ($2, '') ORDER BY l.nip, l.line_key LIMIT $3`,
      [runIdOf(opdId, month), after, Math.min(Math.max(1, limit), 5000)],
    );
    const stale = await staleLines(this.deps.pool, runIdOf(opdId, month), { nips: rows.map((r) => r.nip), limit: rows.length || 1 });
    const changed = new Map(stale.lines.map((l) => [`${l.nip}|${l.lineKey}`, l.inputs]));
    return {
      lines: rows.map((r) => {
        const inputs = changed.get(`${r.nip}|${r.line_key}`) ?? [];
        return { ...lineView(r), inputsChanged: inputs.length > 0, changedInputs: inputs };
      }),
      next: rows.length ? rows[rows.length - 1].nip : null,
    };
  }

  private async approvedLines(actor: Actor, opdId: string, month: string) {
    assertOpd(opdId);
    assertMonth(month);
    await this.allow(actor, 'payroll.view', { kind: 'payrollRun', opdId });
    const { state } = await this.runState(opdId, month);
    if (state.status !== 'APPROVED' && state.status !== 'DISBURSED')
      throw conflict('RUN_NOT_APPROVED', `exports are made from an approved run; this one is ${state.status}`, { status: state.status });
    await waitForRun(this.deps.pool, runIdOf(opdId, month), 0);
    const { rows } = await this.deps.pool.query(
      `SELECT l.nip, l.name, l.line_key, l.kind, l.amounts, l.bank_account, l.objection_id, l.adjusts_month
         FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
        WHERE l.run_id = $1 ORDER BY l.nip, l.line_key`,
      [runIdOf(opdId, month)],
    );
    return { state, rows };
  }

  /** The bank transfer file: one row per employee, the net of the TPP line plus any adjustments. */
  async bankTransferCsv(actor: Actor, opdId: string, month: string): Promise<string> {
    const { rows, state } = await this.approvedLines(actor, opdId, month);
    const byNip = new Map<string, { name: string; bank: any; net: bigint }>();
    for (const r of rows) {
      const cur = byNip.get(r.nip) ?? { name: r.name, bank: r.bank_account, net: 0n };
      cur.net += BigInt(r.amounts.net);
      byNip.set(r.nip, cur);
    }
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const out = ['nip,name,bank,account_number,account_name,amount,description'];
    for (const [nip, r] of byNip) {
      if (r.net <= 0n) continue; // a net of zero or less is recovered, not transferred
      out.push([nip, r.name, r.bank.bankName, r.bank.accountNumber, r.bank.accountName, r.net.toString(), `TPP ${month} ${state.runId}`].map((v) => q(String(v))).join(','));
    }
    return out.join('\n') + '\n';
  }

  async slipList(actor: Actor, opdId: string, month: string) {
    const { rows, state } = await this.approvedLines(actor, opdId, month);
    const slips = new Map<string, { nip: string; name: string; lines: Array<Record<string, unknown>>; net: bigint }>();
    for (const r of rows) {
      const s = slips.get(r.nip) ?? { nip: r.nip, name: r.name, lines: [] as Array<Record<string, unknown>>, net: 0n };
      s.lines.push({ lineKey: r.line_key, kind: r.kind, objectionId: r.objection_id, adjustsMonth: r.adjusts_month, amounts: r.amounts });
      s.net += BigInt(r.amounts.net);
      slips.set(r.nip, s);
    }
    return { runId: state.runId, status: state.status, totalGross: state.totals.totalGross, totalNet: state.totals.totalNet, slips: [...slips.values()].map((s) => ({ ...s, net: s.net.toString() })) };
  }

  // ---------- the pay ledger ----------

  private async ledger(actor: Actor, nip: string, month: string) {
    if (!isValidNip(nip)) throw badInput('INVALID_NIP', `not a NIP: ${JSON.stringify(nip)}`, { nip });
    assertMonth(month);
    const { rows } = await this.deps.pool.query(
      `SELECT l.*, r.status, r.calculation AS run_calculation, r.sp2d_number, r.sp2d_date, r.policy_version AS run_policy_version
         FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
        WHERE l.nip = $1 AND l.month = $2 ORDER BY l.run_id, l.line_key`,
      [nip, month],
    );
    const opd = rows[0]?.opd_id ?? (await this.deps.pool.query('SELECT opd_id FROM pay_employee WHERE nip = $1', [nip])).rows[0]?.opd_id ?? '';
    await this.allow(actor, 'pay.view', { kind: 'payLine', nip, opdId: opd });
    for (const r of rows) if (r.opd_id !== opd) await this.allow(actor, 'pay.view', { kind: 'payLine', nip, opdId: r.opd_id });
    return rows;
  }

  /** Per employee per month: every line, its run and state, the event behind it and its policy version. */
  async payOf(actor: Actor, nip: string, month: string) {
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

  /** Why each line has its value, in words and numbers. */
  async explain(actor: Actor, nip: string, month: string) {
    const rows = await this.ledger(actor, nip, month);
    if (!rows.length) throw notFound('NO_PAY_LINES', `no pay lines for ${nip} in ${month}`, { nip, month });
    const policies = await this.policies();
    return {
      nip,
      month,
      lines: rows.map((r) => explainLine(r, policies)),
    };
  }
}

function lineView(r: any) {
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
