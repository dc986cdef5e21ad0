// The TPP payroll run's pure logic (payroll.spec.ts): who may take which step, the OPDs a role
// scope names, the calculation's progress, totals and the budget's headroom (decimal.js, whole rupiah).
import Decimal from 'decimal.js';

/** A signed step of the approval chain, as the API's path names it. */
export type StepPath = 'submit' | 'verify' | 'approve' | 'disburse';

export interface StepRule {
  path: StepPath;
  /** The run's status the step is taken from. */
  from: string;
  /** The role that signs it (scoped to the OPD, except bpkad). */
  role: 'bendahara' | 'ppk_skpd' | 'kepala_opd' | 'bpkad';
  label: string;
  /** What the signer prepares, in the Pemda's words. */
  document: string;
}

/** The chain in order (README "TPP payroll"): none skipped, each by its own role. */
export const STEP_RULES: readonly StepRule[] = [
  { path: 'submit', from: 'CALCULATED', role: 'bendahara', label: 'Ajukan (SPP-LS)', document: 'SPP-LS' },
  { path: 'verify', from: 'SUBMITTED', role: 'ppk_skpd', label: 'Verifikasi (SPM)', document: 'SPM' },
  { path: 'approve', from: 'VERIFIED', role: 'kepala_opd', label: 'Setujui', document: 'persetujuan kepala OPD' },
  { path: 'disburse', from: 'APPROVED', role: 'bpkad', label: 'Cairkan (SP2D)', document: 'SP2D' },
];

/** Holds `role` for this OPD: scoped (`bendahara:DINKES`), or bpkad, which is not scoped. */
export function holdsFor(roles: readonly string[], role: string, opdId: string): boolean {
  if (role === 'bpkad') return roles.includes('bpkad');
  return roles.includes(`${role}:${opdId}`);
}

/** The signed step this person may take on a run in `status`, if any (the API still decides). */
export function stepFor(roles: readonly string[], opdId: string, status: string): StepRule | null {
  return STEP_RULES.find((s) => s.from === status && holdsFor(roles, s.role, opdId)) ?? null;
}

/** Opening, calculating and recalculating a slip: the bendahara of the OPD. */
export const mayPrepare = (roles: readonly string[], opdId: string): boolean => holdsFor(roles, 'bendahara', opdId);

/** Calculating (again) is possible from these statuses. */
export const CALCULABLE: ReadonlySet<string> = new Set(['DRAFT', 'CALCULATION_FAILED', 'CALCULATED']);

/** The statuses a run may be returned from (the run decider's RETURNABLE): any before disbursement, past DRAFT. */
export const RETURNABLE: ReadonlySet<string> = new Set([
  'CALCULATING',
  'CALCULATION_FAILED',
  'CALCULATED',
  'SUBMITTED',
  'VERIFIED',
  'APPROVED',
]);

/** Returning (with a reason): ppk_skpd and kepala_opd of the OPD, and bpkad (the access policy's payroll.return). */
export function mayReturn(roles: readonly string[], opdId: string, status: string): boolean {
  if (!RETURNABLE.has(status)) return false;
  return ['ppk_skpd', 'kepala_opd', 'bpkad'].some((r) => holdsFor(roles, r, opdId));
}

/** The OPDs a person's finance roles name (`bendahara:DINKES` -> DINKES), in order, once each. */
export function opdsOfRoles(roles: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roles) {
    const m = /^(bendahara|ppk_skpd|kepala_opd):(.+)$/.exec(r);
    if (m && !out.includes(m[2])) out.push(m[2]);
  }
  return out;
}

/** May see the payroll pages at all: a finance role of some OPD, or bpkad. */
export const isFinance = (roles: readonly string[]): boolean => roles.includes('bpkad') || opdsOfRoles(roles).length > 0;

export interface Progress {
  percent: number;
  linesDone: number | null;
  linesTotal: number | null;
  state: string;
}

/** The calculation job's progress as the run view carries it (`calculationJob`), read defensively. */
export function progressOf(job: unknown): Progress | null {
  if (!job || typeof job !== 'object') return null;
  const j = job as { state?: unknown; progress?: unknown };
  const p = (j.progress && typeof j.progress === 'object' ? j.progress : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const percent = num(p.percent) ?? (typeof j.progress === 'number' ? j.progress : 0);
  return {
    percent: Math.max(0, Math.min(100, Math.floor(percent))),
    linesDone: num(p.linesDone),
    linesTotal: num(p.linesTotal),
    state: typeof j.state === 'string' ? j.state : 'unknown',
  };
}

/** The sum of one amount over lines (whole rupiah strings), as a whole-rupiah string. */
export function sumOf(lines: ReadonlyArray<{ amounts: Record<string, string> }>, key: string): string {
  return lines.reduce((t, l) => t.plus(new Decimal(l.amounts[key] ?? '0')), new Decimal(0)).toFixed(0);
}

export interface Headroom {
  /** budget − total; negative when over. */
  left: string;
  over: boolean;
  /** The share of the budget used, whole percent (rounded down); null without a budget. */
  percentUsed: number | null;
}

/** How the run's gross total stands against the OPD's budget for the month (null when none is set). */
export function headroom(total: string, budget: string | null | undefined): Headroom | null {
  if (budget === null || budget === undefined) return null;
  const b = new Decimal(budget);
  const left = b.minus(new Decimal(total));
  return {
    left: left.toFixed(0),
    over: left.isNegative(),
    percentUsed: b.isZero() ? null : new Decimal(total).times(100).dividedToIntegerBy(b).toNumber(),
  };
}

export interface AmountChange {
  key: string;
  before: string;
  after: string;
  /** after − before, with its sign ("+1000", "-500", "0"). */
  change: string;
}

/** One slip before and after its recalculation, amount by amount (the keys of either). */
export function slipChanges(before: Record<string, string>, after: Record<string, string>): AmountChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => {
    const d = new Decimal(after[key] ?? '0').minus(new Decimal(before[key] ?? '0'));
    return {
      key,
      before: before[key] ?? '0',
      after: after[key] ?? '0',
      change: d.isPositive() && !d.isZero() ? `+${d.toFixed(0)}` : d.toFixed(0),
    };
  });
}

/** Lines matched by a search (NIP or name, case-insensitive). */
export function matches(line: { nip: string; name: string | null }, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || line.nip.includes(q) || (line.name ?? '').toLowerCase().includes(q);
}

/** The events that can be a run's last step in each status (the run stream's own events). */
const LAST_STEP_OF: ReadonlyMap<string, readonly string[]> = new Map([
  ['DRAFT', ['PayrollRunOpened', 'PayrollRunReturned']],
  ['CALCULATING', ['PayrollCalculationStarted']],
  ['CALCULATED', ['PayrollCalculated', 'PaySlipRecalculated']],
  ['CALCULATION_FAILED', ['PayrollCalculationFailed']],
  ['SUBMITTED', ['PayrollRunSubmitted']],
  ['VERIFIED', ['PayrollRunVerified']],
  ['APPROVED', ['PayrollRunApproved']],
  ['DISBURSED', ['PayrollRunDisbursed']],
]);

/**
 * The status comes from the run's stream, the history from the ledger, which may lag a moment behind
 * it: true while the history's last step cannot be the one that led to the status (read again).
 */
export function historyBehind(status: string, steps: ReadonlyArray<Record<string, unknown>>): boolean {
  const expected = LAST_STEP_OF.get(status);
  if (!expected) return false;
  const last = steps[steps.length - 1]?.event;
  return typeof last !== 'string' || !expected.includes(last);
}

export type ChainState = 'done' | 'current' | 'todo';

/** The chain as a list: calculated, then each signed step, each done, the one waiting now, or still to come. */
export function chainOf(status: string): Array<{ label: string; role: string; state: ChainState }> {
  const order = ['CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED', 'DISBURSED'];
  const reached = order.indexOf(status);
  const items = [
    { label: 'Dihitung', role: 'Bendahara' },
    { label: 'Diajukan (SPP-LS)', role: 'Bendahara' },
    { label: 'Diverifikasi (SPM)', role: 'PPK-SKPD' },
    { label: 'Disetujui', role: 'Kepala OPD' },
    { label: 'Dicairkan (SP2D)', role: 'BPKAD' },
  ];
  // Before CALCULATED (draft, calculating, failed) nothing is done and the calculation is what waits.
  return items.map((it, i) => ({ ...it, state: i <= reached ? 'done' : i === reached + 1 ? 'current' : 'todo' }));
}

/**
 * A search that is a NIP or its first digits (4 or more): the cursor to ask the API from, since its
 * lines are paged by NIP and `after=<prefix>` starts at the first NIP that begins with it. Null otherwise.
 */
export function nipSearch(query: string): string | null {
  const q = query.trim();
  return /^\d{4,18}$/.test(q) ? q : null;
}

/** The name of a signed step's event in the run's history. */
export const STEP_EVENT_LABEL: ReadonlyMap<string, string> = new Map([
  ['PayrollRunOpened', 'Dibuka'],
  ['PayrollCalculationStarted', 'Penghitungan dimulai'],
  ['PayrollCalculated', 'Selesai dihitung'],
  ['PayrollCalculationFailed', 'Penghitungan gagal'],
  ['PaySlipRecalculated', 'Slip dihitung ulang'],
  ['PayrollRunSubmitted', 'Diajukan (SPP-LS)'],
  ['PayrollRunVerified', 'Diverifikasi (SPM)'],
  ['PayrollRunApproved', 'Disetujui kepala OPD'],
  ['PayrollRunDisbursed', 'Dicairkan (SP2D)'],
  ['PayrollRunReturned', 'Dikembalikan'],
]);

/** A role as the Pemda names it. */
export function roleLabel(role: string | null | undefined): string {
  if (!role) return '–';
  const [name, opd] = role.split(':');
  const names: Record<string, string> = {
    bendahara: 'Bendahara',
    ppk_skpd: 'PPK-SKPD',
    kepala_opd: 'Kepala OPD',
    bpkad: 'BPKAD',
    admin_kepegawaian: 'Admin kepegawaian',
    inspektorat: 'Inspektorat',
    admin_opd: 'Admin OPD',
  };
  const n = Object.prototype.hasOwnProperty.call(names, name) ? names[name] : name;
  return opd ? `${n} ${opd}` : n;
}
