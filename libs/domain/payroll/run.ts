/**
 * PayrollRun: one run per OPD per month (DOMAIN.md, "Approval chain"). The run's own stream holds
 * only its steps and the totals and digest of its lines; the lines live in streams of their own
 * (`PayLines-…`), so a step on a run of 100,000 lines replays a handful of events, not the lines.
 */
import { D, Decider, DomainEvent, domainError, conflict, Instant, badInput, toRupiahString } from '@kinerja/kernel';
import { replaceInDigest } from './digest';
import type { PayLineCalculated } from './lines';

export const RUN_STATUSES = ['NONE', 'DRAFT', 'CALCULATING', 'CALCULATION_FAILED', 'CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED', 'DISBURSED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The signed steps, in order, with the role that takes each and the status it leaves. */
export const STEPS = {
  Submit: { from: 'CALCULATED', to: 'SUBMITTED', role: 'bendahara' },
  Verify: { from: 'SUBMITTED', to: 'VERIFIED', role: 'ppk_skpd' },
  Approve: { from: 'VERIFIED', to: 'APPROVED', role: 'kepala_opd' },
  Disburse: { from: 'APPROVED', to: 'DISBURSED', role: 'bpkad' },
} as const satisfies Record<string, { from: RunStatus; to: RunStatus; role: string }>;
export type StepName = keyof typeof STEPS;

/** Who acts, as the handler established it: the user and the role the access policy granted. */
export interface RunActor {
  userId: string;
  role: string;
}

/** The inputs of a pay line that can change after it was priced (DOMAIN.md, "TPP payroll"). */
export const LINE_INPUTS = ['register', 'predikat', 'attendance', 'sanction'] as const;
export type LineInput = (typeof LINE_INPUTS)[number];
/** A line whose recorded input versions are no longer the current ones: it must be priced again. */
export interface StaleLine {
  nip: string;
  lineKey: string;
  inputs: LineInput[];
}
/** How many stale lines a refusal names; the rest are counted. */
export const STALE_LINES_NAMED = 100;

export const runId = (opdId: string, month: string) => `${opdId}:${month}`;
export const payrollRunStreamId = (opdId: string, month: string) => `PayrollRun-${runId(opdId, month)}`;

interface Base {
  by: RunActor;
  at: Instant;
}
/**
 * A signature: the digest the signer reviewed, and the lines of the current calculation whose
 * inputs changed since they were priced, as the handler found them when the step was asked for.
 */
interface Signing extends Base {
  digest: string;
  staleLines: { count: number; lines: StaleLine[] };
}
export type PayrollRunCommand =
  | (Base & { type: 'OpenRun'; opdId: string; month: string; policyVersion: string })
  | (Base & { type: 'StartCalculation'; policyVersion: string })
  | (Base & {
      type: 'CompleteCalculation';
      calculation: number;
      /** How many `PayLines-<run>.c<n>.…` streams hold the lines. */
      batches: number;
      lineCount: number;
      adjustmentCount: number;
      skipped: Array<{ nip: string; code: string }>;
      totalGross: string;
      totalNet: string;
      digest: string;
    })
  | (Base & { type: 'FailCalculation'; calculation: number; code: string; reason: string })
  | (Base & {
      type: 'RecalculateSlip';
      /** The slip as recalculated now (revision = previous + 1), and what it replaces. */
      line: PayLineCalculated['data'];
      previousLineHash: string;
      previousGross: string;
      previousNet: string;
      reason: string;
    })
  | (Signing & { type: 'Submit'; budget: string | null })
  | (Signing & { type: 'Verify' })
  | (Signing & { type: 'Approve' })
  | (Signing & { type: 'Disburse'; sp2dNumber: string; sp2dDate: string })
  | (Base & { type: 'ReturnRun'; reason: string });

type Ev<T extends string, D> = DomainEvent<T, D & { runId: string; at: Instant }>;
export type PayrollRunEvent =
  | Ev<'PayrollRunOpened', { opdId: string; month: string; policyVersion: string; openedBy: string }>
  | Ev<'PayrollCalculationStarted', { calculation: number; policyVersion: string; requestedBy: string }>
  | Ev<
      'PayrollCalculated',
      { calculation: number; batches: number; lineCount: number; adjustmentCount: number; skipped: Array<{ nip: string; code: string }>; totalGross: string; totalNet: string; digest: string }
    >
  | Ev<'PayrollCalculationFailed', { calculation: number; code: string; reason: string }>
  | Ev<
      'PaySlipRecalculated',
      { nip: string; calculation: number; revision: number; previousLineHash: string; lineHash: string; totalGross: string; totalNet: string; digest: string; reason: string; by: string }
    >
  | Ev<'PayrollRunSubmitted', { digest: string; totalGross: string; budget: string; by: string }>
  | Ev<'PayrollRunVerified', { digest: string; by: string }>
  | Ev<'PayrollRunApproved', { digest: string; by: string }>
  | Ev<'PayrollRunDisbursed', { digest: string; sp2dNumber: string; sp2dDate: string; by: string }>
  | Ev<'PayrollRunReturned', { fromStatus: RunStatus; reason: string; by: string; role: string }>;

export const PAYROLL_RUN_EVENT_TYPES: PayrollRunEvent['type'][] = [
  'PayrollRunOpened',
  'PayrollCalculationStarted',
  'PayrollCalculated',
  'PayrollCalculationFailed',
  'PaySlipRecalculated',
  'PayrollRunSubmitted',
  'PayrollRunVerified',
  'PayrollRunApproved',
  'PayrollRunDisbursed',
  'PayrollRunReturned',
];

export interface PayrollRunState {
  status: RunStatus;
  runId: string;
  opdId: string;
  month: string;
  policyVersion: string;
  calculation: number;
  lineCount: number;
  adjustmentCount: number;
  skipped: Array<{ nip: string; code: string }>;
  totalGross: string;
  totalNet: string;
  digest: string;
  /** Who signed which step since the run last left DRAFT: nobody signs two. */
  signers: Partial<Record<StepName, string>>;
  /** Revision of each recalculated slip within the current calculation. */
  revisions: Record<string, number>;
  sp2d?: { number: string; date: string };
  /** Why the current calculation could not finish (status CALCULATION_FAILED). */
  failure?: { calculation: number; code: string; reason: string; at: Instant };
}

export const initialRunState = (): PayrollRunState => ({
  status: 'NONE',
  runId: '',
  opdId: '',
  month: '',
  policyVersion: '',
  calculation: 0,
  lineCount: 0,
  adjustmentCount: 0,
  skipped: [],
  totalGross: '0',
  totalNet: '0',
  digest: '',
  signers: {},
  revisions: {},
});

const RETURNABLE: readonly RunStatus[] = ['CALCULATING', 'CALCULATION_FAILED', 'CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED'];
const RETURN_ROLES = ['ppk_skpd', 'kepala_opd', 'bpkad', 'bendahara'];
const SP2D_DATE = /^\d{4}-\d{2}-\d{2}$/;

function requireOpen(s: PayrollRunState) {
  if (s.status === 'NONE') throw domainError('RUN_NOT_FOUND', {}, 'no payroll run has been opened for this OPD and month', 'NOT_FOUND');
  if (s.status === 'DISBURSED') throw domainError('MONTH_ALREADY_DISBURSED', { runId: s.runId, month: s.month }, `the run for ${s.month} has been disbursed; corrections go into a later month as adjustments`);
}

function step(name: StepName, cmd: Signing, s: PayrollRunState) {
  requireOpen(s);
  const spec = STEPS[name];
  if (s.status !== spec.from)
    throw domainError('STEP_OUT_OF_ORDER', { status: s.status, step: name, requires: spec.from }, `${name} needs the run ${spec.from}; it is ${s.status} (no step may be skipped)`);
  if (cmd.by.role !== spec.role) throw domainError('STEP_ROLE_REQUIRED', { step: name, role: spec.role, actingAs: cmd.by.role }, `${name} is taken by ${spec.role}`, 'FORBIDDEN');
  const already = (Object.entries(s.signers) as Array<[StepName, string]>).find(([, u]) => u === cmd.by.userId);
  if (already)
    throw domainError('SEGREGATION_OF_DUTIES', { step: name, alreadySigned: already[0], userId: cmd.by.userId }, `${cmd.by.userId} already took the ${already[0]} step of this run; each step needs a different person`);
  if (cmd.digest !== s.digest)
    throw domainError('DIGEST_MISMATCH', { signed: cmd.digest, current: s.digest }, 'the lines changed since you saw them; review the run again and sign its current digest', 'CONFLICT');
  // A line priced on inputs that have changed since (a predikat amended, attendance re-imported, a
  // sanction recorded, the register changed) would be signed and paid as it was: refuse until it
  // is priced again.
  const { count, lines } = cmd.staleLines;
  if (count > 0)
    throw domainError(
      'INPUTS_CHANGED',
      { count, nips: lines.map((l) => l.nip), lines },
      `the inputs of ${count} line(s) changed after they were priced (${lines
        .slice(0, 5)
        .map((l) => `${l.nip}: ${l.inputs.join(', ')}`)
        .join('; ')}${count > 5 ? '; …' : ''}); recalculate those slips (or return the run and calculate it again) before ${name}`,
      'CONFLICT',
    );
}

/** A recalculated slip is few and small: its line travels in the run's stream with the step that records it. */
export type PayrollRunStreamEvent = PayrollRunEvent | PayLineCalculated;

export function decideRun(cmd: PayrollRunCommand, s: PayrollRunState): PayrollRunStreamEvent[] {
  const at = cmd.at;
  switch (cmd.type) {
    case 'OpenRun': {
      if (s.status === 'DISBURSED') return requireOpen(s) as never;
      if (s.status !== 'NONE') throw conflict('RUN_ALREADY_OPEN', `the run for ${s.month} is already open (${s.status})`, { runId: s.runId, status: s.status });
      return [{ type: 'PayrollRunOpened', data: { runId: runId(cmd.opdId, cmd.month), opdId: cmd.opdId, month: cmd.month, policyVersion: cmd.policyVersion, openedBy: cmd.by.userId, at } }];
    }
    case 'StartCalculation':
      requireOpen(s);
      if (s.status !== 'DRAFT' && s.status !== 'CALCULATED' && s.status !== 'CALCULATION_FAILED')
        throw domainError(
          'STEP_OUT_OF_ORDER',
          { status: s.status, step: 'Calculate', requires: 'DRAFT, CALCULATION_FAILED or CALCULATED' },
          `a run is calculated from DRAFT (again after a failed calculation, or before submission); it is ${s.status}`,
        );
      return [{ type: 'PayrollCalculationStarted', data: { runId: s.runId, calculation: s.calculation + 1, policyVersion: cmd.policyVersion, requestedBy: cmd.by.userId, at } }];
    case 'CompleteCalculation':
      requireOpen(s);
      if (s.status === 'CALCULATED' && s.calculation === cmd.calculation && s.digest === cmd.digest) return []; // a retried job
      if (s.status !== 'CALCULATING' || s.calculation !== cmd.calculation)
        throw domainError('CALCULATION_SUPERSEDED', { calculation: cmd.calculation, current: s.calculation, status: s.status }, 'this calculation is no longer the run’s current one');
      return [
        {
          type: 'PayrollCalculated',
          data: {
            runId: s.runId,
            calculation: cmd.calculation,
            batches: cmd.batches,
            lineCount: cmd.lineCount,
            adjustmentCount: cmd.adjustmentCount,
            skipped: cmd.skipped,
            totalGross: cmd.totalGross,
            totalNet: cmd.totalNet,
            digest: cmd.digest,
            at,
          },
        },
      ];
    case 'FailCalculation':
      requireOpen(s);
      // Only the current calculation can fail the run: a late report of a superseded or finished
      // one (a job that outlived its calculation), or a repeated one, changes nothing.
      if (s.status !== 'CALCULATING' || s.calculation !== cmd.calculation) return [];
      return [{ type: 'PayrollCalculationFailed', data: { runId: s.runId, calculation: cmd.calculation, code: cmd.code, reason: cmd.reason, at } }];
    case 'RecalculateSlip': {
      requireOpen(s);
      if (s.status !== 'CALCULATED')
        throw domainError('STEP_OUT_OF_ORDER', { status: s.status, step: 'RecalculateSlip', requires: 'CALCULATED' }, `a slip is recalculated while the run is CALCULATED (return it first); it is ${s.status}`);
      if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why the slip is recalculated');
      const line = cmd.line;
      if (line.runId !== s.runId || line.calculation !== s.calculation || line.revision !== (s.revisions[line.nip] ?? 0) + 1)
        throw conflict('SLIP_CHANGED', 'the slip changed while it was recalculated; try again', { nip: line.nip });
      return [
        {
          type: 'PaySlipRecalculated',
          data: {
            runId: s.runId,
            nip: line.nip,
            calculation: line.calculation,
            revision: line.revision,
            previousLineHash: cmd.previousLineHash,
            lineHash: line.lineHash,
            totalGross: toRupiahString(new D(s.totalGross).minus(cmd.previousGross).plus(line.amounts.gross)),
            totalNet: toRupiahString(new D(s.totalNet).minus(cmd.previousNet).plus(line.amounts.net)),
            digest: replaceInDigest(s.digest, cmd.previousLineHash, line.lineHash),
            reason: cmd.reason,
            by: cmd.by.userId,
            at,
          },
        },
        { type: 'PayLineCalculated', data: line },
      ];
    }
    case 'Submit':
      step('Submit', cmd, s);
      if (cmd.budget === null) throw domainError('BUDGET_NOT_SET', { opdId: s.opdId, month: s.month }, `no TPP budget is set for ${s.opdId} in ${s.month}`);
      if (new D(s.totalGross).gt(cmd.budget))
        throw domainError('BUDGET_EXCEEDED', { totalGross: s.totalGross, budget: cmd.budget }, `the run's total ${s.totalGross} exceeds the OPD's TPP budget ${cmd.budget} for ${s.month}`);
      return [{ type: 'PayrollRunSubmitted', data: { runId: s.runId, digest: cmd.digest, totalGross: s.totalGross, budget: cmd.budget, by: cmd.by.userId, at } }];
    case 'Verify':
      step('Verify', cmd, s);
      return [{ type: 'PayrollRunVerified', data: { runId: s.runId, digest: cmd.digest, by: cmd.by.userId, at } }];
    case 'Approve':
      step('Approve', cmd, s);
      return [{ type: 'PayrollRunApproved', data: { runId: s.runId, digest: cmd.digest, by: cmd.by.userId, at } }];
    case 'Disburse':
      step('Disburse', cmd, s);
      if (!cmd.sp2dNumber?.trim()) throw badInput('SP2D_REQUIRED', 'disbursement records the SP2D number');
      if (!SP2D_DATE.test(cmd.sp2dDate ?? '')) throw badInput('SP2D_DATE_REQUIRED', 'disbursement records the SP2D date (YYYY-MM-DD)');
      return [{ type: 'PayrollRunDisbursed', data: { runId: s.runId, digest: cmd.digest, sp2dNumber: cmd.sp2dNumber, sp2dDate: cmd.sp2dDate, by: cmd.by.userId, at } }];
    case 'ReturnRun':
      requireOpen(s);
      if (!RETURNABLE.includes(s.status)) throw domainError('STEP_OUT_OF_ORDER', { status: s.status, step: 'Return' }, `a ${s.status} run cannot be returned`);
      if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'a returned run needs a reason');
      if (!RETURN_ROLES.includes(cmd.by.role)) throw domainError('STEP_ROLE_REQUIRED', { step: 'Return', role: RETURN_ROLES }, 'a run is returned by finance', 'FORBIDDEN');
      return [{ type: 'PayrollRunReturned', data: { runId: s.runId, fromStatus: s.status, reason: cmd.reason, by: cmd.by.userId, role: cmd.by.role, at } }];
  }
}

export function evolveRun(s: PayrollRunState, e: PayrollRunStreamEvent): PayrollRunState {
  switch (e.type) {
    case 'PayrollRunOpened':
      return { ...initialRunState(), status: 'DRAFT', runId: e.data.runId, opdId: e.data.opdId, month: e.data.month, policyVersion: e.data.policyVersion };
    case 'PayrollCalculationStarted':
      return { ...s, status: 'CALCULATING', failure: undefined, calculation: e.data.calculation, policyVersion: e.data.policyVersion, signers: {}, revisions: {}, digest: '', lineCount: 0, adjustmentCount: 0, skipped: [], totalGross: '0', totalNet: '0' };
    case 'PayrollCalculated':
      return { ...s, status: 'CALCULATED', lineCount: e.data.lineCount, adjustmentCount: e.data.adjustmentCount, skipped: e.data.skipped, totalGross: e.data.totalGross, totalNet: e.data.totalNet, digest: e.data.digest };
    case 'PayrollCalculationFailed':
      return { ...s, status: 'CALCULATION_FAILED', failure: { calculation: e.data.calculation, code: e.data.code, reason: e.data.reason, at: e.data.at } };
    case 'PaySlipRecalculated':
      return { ...s, totalGross: e.data.totalGross, totalNet: e.data.totalNet, digest: e.data.digest, revisions: { ...s.revisions, [e.data.nip]: e.data.revision } };
    case 'PayrollRunSubmitted':
      return { ...s, status: 'SUBMITTED', signers: { ...s.signers, Submit: e.data.by } };
    case 'PayrollRunVerified':
      return { ...s, status: 'VERIFIED', signers: { ...s.signers, Verify: e.data.by } };
    case 'PayrollRunApproved':
      return { ...s, status: 'APPROVED', signers: { ...s.signers, Approve: e.data.by } };
    case 'PayrollRunDisbursed':
      return { ...s, status: 'DISBURSED', signers: { ...s.signers, Disburse: e.data.by }, sp2d: { number: e.data.sp2dNumber, date: e.data.sp2dDate } };
    case 'PayrollRunReturned':
      return { ...s, status: 'DRAFT', signers: {}, failure: undefined };
    default:
      return s;
  }
}

export const payrollRunDecider: Decider<PayrollRunCommand, PayrollRunStreamEvent, PayrollRunState> = {
  decide: decideRun,
  evolve: evolveRun,
  initialState: initialRunState,
};
