/**
 * PayrollRun: one run per OPD per month (DOMAIN.md, "Approval chain"). The run's own stream holds
 * only its steps and the totals and digest of its lines; the lines live in streams of their own
 * (`PayLines-…`), so a step on a run of 100,000 lines replays a handful of events, not the lines.
 */
import { D, Decider, DomainEvent, domainError, conflict, Instant, badInput, toRupiahString } from '@kinerja/kernel';
import { unknownCommand } from '../shared';
import { replaceInDigest } from './digest';
import type { PayLineCalculated } from './lines';

export const RUN_STATUSES = [
  'NONE',
  'DRAFT',
  'CALCULATING',
  'CALCULATION_FAILED',
  'CALCULATED',
  'SUBMITTED',
  'VERIFIED',
  'APPROVED',
  'DISBURSED',
] as const;
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
  | (Base &
      RunTotals & {
        type: 'CompleteCalculation';
        calculation: number;
        /** How many `PayLines-<run>.c<n>.…` streams hold the lines. */
        batches: number;
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
  | Ev<'PayrollCalculated', RunTotals & { calculation: number; batches: number }>
  | Ev<'PayrollCalculationFailed', { calculation: number; code: string; reason: string }>
  | Ev<
      'PaySlipRecalculated',
      {
        nip: string;
        calculation: number;
        revision: number;
        previousLineHash: string;
        lineHash: string;
        totalGross: string;
        totalNet: string;
        digest: string;
        reason: string;
        by: string;
      }
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

/** What a finished calculation established: its lines' count, totals and digest (what is signed). */
export interface RunTotals {
  lineCount: number;
  adjustmentCount: number;
  skipped: Array<{ nip: string; code: string }>;
  totalGross: string;
  totalNet: string;
  digest: string;
}

/** What every opened run knows, whatever its stage. */
interface OpenedRun {
  runId: string;
  opdId: string;
  month: string;
  policyVersion: string;
  /** The current calculation's number; 0 before the first. */
  calculation: number;
  /** Who signed which step since the run last left DRAFT: nobody signs two. */
  signers: Partial<Record<StepName, string>>;
  /** Revision of each recalculated slip within the current calculation. */
  revisions: Record<string, number>;
}

/** No run has been opened for the OPD and month. */
export interface NoRun {
  status: 'NONE';
}
/** Opened, or returned: `totals` are those of the calculation returned, if one had finished. */
export interface DraftRun extends OpenedRun {
  status: 'DRAFT';
  totals: RunTotals | null;
}
/** The calculation job is pricing the lines. */
export interface CalculatingRun extends OpenedRun {
  status: 'CALCULATING';
}
/** The current calculation could not finish, and why. */
export interface FailedRun extends OpenedRun {
  status: 'CALCULATION_FAILED';
  failure: { calculation: number; code: string; reason: string; at: Instant };
}
/** Calculated, and on its way through the signed steps. */
export interface CalculatedRun extends OpenedRun {
  status: 'CALCULATED' | 'SUBMITTED' | 'VERIFIED' | 'APPROVED';
  totals: RunTotals;
}
/** Paid: closed for good; corrections go into a later month. */
export interface DisbursedRun extends OpenedRun {
  status: 'DISBURSED';
  totals: RunTotals;
  sp2d: { number: string; date: string };
}

export type PayrollRunState = NoRun | DraftRun | CalculatingRun | FailedRun | CalculatedRun | DisbursedRun;

export const initialRunState = (): PayrollRunState => ({ status: 'NONE' });

/** The number of the run's current calculation: 0 before the first (and before the run is opened). */
export const currentCalculation = (s: PayrollRunState): number => (s.status === 'NONE' ? 0 : s.calculation);

/** The totals of the run's finished calculation, if it has one (returned or not). */
export const totalsOf = (s: PayrollRunState): RunTotals | null => ('totals' in s ? s.totals : null);

const RETURNABLE: readonly RunStatus[] = ['CALCULATING', 'CALCULATION_FAILED', 'CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED'];
const RETURN_ROLES = ['ppk_skpd', 'kepala_opd', 'bpkad', 'bendahara'];
const SP2D_DATE = /^\d{4}-\d{2}-\d{2}$/;

const noRun = () => domainError('RUN_NOT_FOUND', {}, 'no payroll run has been opened for this OPD and month', 'NOT_FOUND');
const disbursed = (s: DisbursedRun) =>
  domainError(
    'MONTH_ALREADY_DISBURSED',
    { runId: s.runId, month: s.month },
    `the run for ${s.month} has been disbursed; corrections go into a later month as adjustments`,
  );

/** A run that can still change: opened, not disbursed. */
function open(s: PayrollRunState): DraftRun | CalculatingRun | FailedRun | CalculatedRun {
  if (s.status === 'NONE') throw noRun();
  if (s.status === 'DISBURSED') throw disbursed(s);
  return s;
}

/** The checks every signed step makes; the run it is taken on (calculated, in the step's order). */
function signable(name: StepName, cmd: Signing, s: PayrollRunState): CalculatedRun {
  const run = open(s);
  const spec = STEPS[name];
  if (run.status !== spec.from || !('totals' in run))
    throw domainError(
      'STEP_OUT_OF_ORDER',
      { status: run.status, step: name, requires: spec.from },
      `${name} needs the run ${spec.from}; it is ${run.status} (no step may be skipped)`,
    );
  if (cmd.by.role !== spec.role)
    throw domainError(
      'STEP_ROLE_REQUIRED',
      { step: name, role: spec.role, actingAs: cmd.by.role },
      `${name} is taken by ${spec.role}`,
      'FORBIDDEN',
    );
  const already = (Object.entries(run.signers) as Array<[StepName, string]>).find(([, u]) => u === cmd.by.userId);
  if (already)
    throw domainError(
      'SEGREGATION_OF_DUTIES',
      { step: name, alreadySigned: already[0], userId: cmd.by.userId },
      `${cmd.by.userId} already took the ${already[0]} step of this run; each step needs a different person`,
    );
  if (cmd.digest !== run.totals.digest)
    throw domainError(
      'DIGEST_MISMATCH',
      { signed: cmd.digest, current: run.totals.digest },
      'the lines changed since you saw them; review the run again and sign its current digest',
      'CONFLICT',
    );
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
  return run;
}

/** A recalculated slip is few and small: its line travels in the run's stream with the step that records it. */
export type PayrollRunStreamEvent = PayrollRunEvent | PayLineCalculated;

type Command<T extends PayrollRunCommand['type']> = Extract<PayrollRunCommand, { type: T }>;

function openRun(cmd: Command<'OpenRun'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  if (s.status === 'DISBURSED') throw disbursed(s);
  if (s.status !== 'NONE')
    throw conflict('RUN_ALREADY_OPEN', `the run for ${s.month} is already open (${s.status})`, { runId: s.runId, status: s.status });
  return [
    {
      type: 'PayrollRunOpened',
      data: {
        runId: runId(cmd.opdId, cmd.month),
        opdId: cmd.opdId,
        month: cmd.month,
        policyVersion: cmd.policyVersion,
        openedBy: cmd.by.userId,
        at: cmd.at,
      },
    },
  ];
}

function startCalculation(cmd: Command<'StartCalculation'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = open(s);
  if (run.status !== 'DRAFT' && run.status !== 'CALCULATED' && run.status !== 'CALCULATION_FAILED')
    throw domainError(
      'STEP_OUT_OF_ORDER',
      { status: run.status, step: 'Calculate', requires: 'DRAFT, CALCULATION_FAILED or CALCULATED' },
      `a run is calculated from DRAFT (again after a failed calculation, or before submission); it is ${run.status}`,
    );
  return [
    {
      type: 'PayrollCalculationStarted',
      data: {
        runId: run.runId,
        calculation: run.calculation + 1,
        policyVersion: cmd.policyVersion,
        requestedBy: cmd.by.userId,
        at: cmd.at,
      },
    },
  ];
}

function completeCalculation(cmd: Command<'CompleteCalculation'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = open(s);
  if (run.status === 'CALCULATED' && run.calculation === cmd.calculation && run.totals.digest === cmd.digest) return []; // a retried job
  if (run.status !== 'CALCULATING' || run.calculation !== cmd.calculation)
    throw domainError(
      'CALCULATION_SUPERSEDED',
      { calculation: cmd.calculation, current: run.calculation, status: run.status },
      'this calculation is no longer the run’s current one',
    );
  const { calculation, batches, lineCount, adjustmentCount, skipped, totalGross, totalNet, digest } = cmd;
  return [
    {
      type: 'PayrollCalculated',
      data: { runId: run.runId, calculation, batches, lineCount, adjustmentCount, skipped, totalGross, totalNet, digest, at: cmd.at },
    },
  ];
}

function failCalculation(cmd: Command<'FailCalculation'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = open(s);
  // Only the current calculation can fail the run: a late report of a superseded or finished
  // one (a job that outlived its calculation), or a repeated one, changes nothing.
  if (run.status !== 'CALCULATING' || run.calculation !== cmd.calculation) return [];
  return [
    {
      type: 'PayrollCalculationFailed',
      data: { runId: run.runId, calculation: cmd.calculation, code: cmd.code, reason: cmd.reason, at: cmd.at },
    },
  ];
}

function recalculateSlip(cmd: Command<'RecalculateSlip'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = open(s);
  if (run.status !== 'CALCULATED')
    throw domainError(
      'STEP_OUT_OF_ORDER',
      { status: run.status, step: 'RecalculateSlip', requires: 'CALCULATED' },
      `a slip is recalculated while the run is CALCULATED (return it first); it is ${run.status}`,
    );
  if (!cmd.reason.trim()) throw badInput('REASON_REQUIRED', 'say why the slip is recalculated');
  const { line } = cmd;
  if (line.runId !== run.runId || line.calculation !== run.calculation || line.revision !== (run.revisions[line.nip] ?? 0) + 1)
    throw conflict('SLIP_CHANGED', 'the slip changed while it was recalculated; try again', { nip: line.nip });
  const { totals } = run;
  return [
    {
      type: 'PaySlipRecalculated',
      data: {
        runId: run.runId,
        nip: line.nip,
        calculation: line.calculation,
        revision: line.revision,
        previousLineHash: cmd.previousLineHash,
        lineHash: line.lineHash,
        totalGross: toRupiahString(new D(totals.totalGross).minus(cmd.previousGross).plus(line.amounts.gross)),
        totalNet: toRupiahString(new D(totals.totalNet).minus(cmd.previousNet).plus(line.amounts.net)),
        digest: replaceInDigest(totals.digest, cmd.previousLineHash, line.lineHash),
        reason: cmd.reason,
        by: cmd.by.userId,
        at: cmd.at,
      },
    },
    { type: 'PayLineCalculated', data: line },
  ];
}

function submit(cmd: Command<'Submit'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = signable('Submit', cmd, s);
  const { totalGross } = run.totals;
  if (cmd.budget === null)
    throw domainError('BUDGET_NOT_SET', { opdId: run.opdId, month: run.month }, `no TPP budget is set for ${run.opdId} in ${run.month}`);
  if (new D(totalGross).gt(cmd.budget))
    throw domainError(
      'BUDGET_EXCEEDED',
      { totalGross, budget: cmd.budget },
      `the run's total ${totalGross} exceeds the OPD's TPP budget ${cmd.budget} for ${run.month}`,
    );
  return [
    {
      type: 'PayrollRunSubmitted',
      data: { runId: run.runId, digest: cmd.digest, totalGross, budget: cmd.budget, by: cmd.by.userId, at: cmd.at },
    },
  ];
}

function verify(cmd: Command<'Verify'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = signable('Verify', cmd, s);
  return [{ type: 'PayrollRunVerified', data: { runId: run.runId, digest: cmd.digest, by: cmd.by.userId, at: cmd.at } }];
}

function approve(cmd: Command<'Approve'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = signable('Approve', cmd, s);
  return [{ type: 'PayrollRunApproved', data: { runId: run.runId, digest: cmd.digest, by: cmd.by.userId, at: cmd.at } }];
}

function disburse(cmd: Command<'Disburse'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = signable('Disburse', cmd, s);
  if (!cmd.sp2dNumber.trim()) throw badInput('SP2D_REQUIRED', 'disbursement records the SP2D number');
  if (!SP2D_DATE.test(cmd.sp2dDate)) throw badInput('SP2D_DATE_REQUIRED', 'disbursement records the SP2D date (YYYY-MM-DD)');
  return [
    {
      type: 'PayrollRunDisbursed',
      data: { runId: run.runId, digest: cmd.digest, sp2dNumber: cmd.sp2dNumber, sp2dDate: cmd.sp2dDate, by: cmd.by.userId, at: cmd.at },
    },
  ];
}

function returnRun(cmd: Command<'ReturnRun'>, s: PayrollRunState): PayrollRunStreamEvent[] {
  const run = open(s);
  if (!RETURNABLE.includes(run.status))
    throw domainError('STEP_OUT_OF_ORDER', { status: run.status, step: 'Return' }, `a ${run.status} run cannot be returned`);
  if (!cmd.reason.trim()) throw badInput('REASON_REQUIRED', 'a returned run needs a reason');
  if (!RETURN_ROLES.includes(cmd.by.role))
    throw domainError('STEP_ROLE_REQUIRED', { step: 'Return', role: RETURN_ROLES }, 'a run is returned by finance', 'FORBIDDEN');
  return [
    {
      type: 'PayrollRunReturned',
      data: { runId: run.runId, fromStatus: run.status, reason: cmd.reason, by: cmd.by.userId, role: cmd.by.role, at: cmd.at },
    },
  ];
}

export function decideRun(cmd: PayrollRunCommand, s: PayrollRunState): PayrollRunStreamEvent[] {
  switch (cmd.type) {
    case 'OpenRun':
      return openRun(cmd, s);
    case 'StartCalculation':
      return startCalculation(cmd, s);
    case 'CompleteCalculation':
      return completeCalculation(cmd, s);
    case 'FailCalculation':
      return failCalculation(cmd, s);
    case 'RecalculateSlip':
      return recalculateSlip(cmd, s);
    case 'Submit':
      return submit(cmd, s);
    case 'Verify':
      return verify(cmd, s);
    case 'Approve':
      return approve(cmd, s);
    case 'Disburse':
      return disburse(cmd, s);
    case 'ReturnRun':
      return returnRun(cmd, s);
    default:
      return unknownCommand(cmd);
  }
}

/** The signed stage each step leaves the run in. */
const signed = (s: PayrollRunState, status: CalculatedRun['status'], step: StepName, by: string): PayrollRunState =>
  s.status === 'CALCULATED' || s.status === 'SUBMITTED' || s.status === 'VERIFIED'
    ? { ...s, status, signers: { ...s.signers, [step]: by } }
    : s;

/** An event out of its stage's order changes nothing: the decider never appends one. */
export function evolveRun(s: PayrollRunState, e: PayrollRunStreamEvent): PayrollRunState {
  switch (e.type) {
    case 'PayrollRunOpened': {
      const { runId, opdId, month, policyVersion } = e.data;
      return { status: 'DRAFT', runId, opdId, month, policyVersion, calculation: 0, signers: {}, revisions: {}, totals: null };
    }
    case 'PayrollCalculationStarted':
      if (s.status === 'NONE' || s.status === 'DISBURSED') return s;
      return {
        ...header(s),
        status: 'CALCULATING',
        calculation: e.data.calculation,
        policyVersion: e.data.policyVersion,
        signers: {},
        revisions: {},
      };
    case 'PayrollCalculated': {
      if (s.status === 'NONE' || s.status === 'DISBURSED') return s;
      const { lineCount, adjustmentCount, skipped, totalGross, totalNet, digest } = e.data;
      return { ...header(s), status: 'CALCULATED', totals: { lineCount, adjustmentCount, skipped, totalGross, totalNet, digest } };
    }
    case 'PayrollCalculationFailed':
      if (s.status === 'NONE' || s.status === 'DISBURSED') return s;
      return {
        ...header(s),
        status: 'CALCULATION_FAILED',
        failure: { calculation: e.data.calculation, code: e.data.code, reason: e.data.reason, at: e.data.at },
      };
    case 'PaySlipRecalculated':
      if (s.status !== 'CALCULATED') return s;
      return {
        ...s,
        totals: { ...s.totals, totalGross: e.data.totalGross, totalNet: e.data.totalNet, digest: e.data.digest },
        revisions: { ...s.revisions, [e.data.nip]: e.data.revision },
      };
    case 'PayrollRunSubmitted':
      return signed(s, 'SUBMITTED', 'Submit', e.data.by);
    case 'PayrollRunVerified':
      return signed(s, 'VERIFIED', 'Verify', e.data.by);
    case 'PayrollRunApproved':
      return signed(s, 'APPROVED', 'Approve', e.data.by);
    case 'PayrollRunDisbursed':
      return s.status === 'APPROVED'
        ? {
            ...s,
            status: 'DISBURSED',
            signers: { ...s.signers, Disburse: e.data.by },
            sp2d: { number: e.data.sp2dNumber, date: e.data.sp2dDate },
          }
        : s;
    case 'PayrollRunReturned':
      if (s.status === 'NONE' || s.status === 'DISBURSED') return s;
      return { ...header(s), status: 'DRAFT', signers: {}, totals: totalsOf(s) };
    default:
      return s;
  }
}

/** What an opened run carries from stage to stage (the stage's own facts are dropped). */
const header = (s: OpenedRun): OpenedRun => ({
  runId: s.runId,
  opdId: s.opdId,
  month: s.month,
  policyVersion: s.policyVersion,
  calculation: s.calculation,
  signers: s.signers,
  revisions: s.revisions,
});

export const payrollRunDecider: Decider<PayrollRunCommand, PayrollRunStreamEvent, PayrollRunState> = {
  decide: decideRun,
  evolve: evolveRun,
  initialState: initialRunState,
};
