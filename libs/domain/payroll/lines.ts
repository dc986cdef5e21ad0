/**
 * Pay lines: one per employee per calculation of a run (plus adjustment lines for earlier months),
 * each an event with an id derived from (run, calculation, employee, inputs), so a calculation job
 * killed halfway and run again appends each line once. Lines live in `PayLines-…` streams, never
 * in the run's own stream.
 */
import { deterministicId, DomainEvent, inKeyOrder, isKinerjaError } from '@kinerja/kernel';
import {
  calculateResolvedTpp,
  calculateTppFigures,
  emptyFigures,
  resolveTppInput,
  type CompiledTppPolicy,
  type Predikat,
  type SanctionLevel,
  type TppFigures,
} from '@kinerja/policies';
import { lineHash } from './digest';

export const AMOUNT_KEYS = [
  'performancePart',
  'disciplinePart',
  'sanctionCut',
  'gross',
  'healthContribution',
  'employerHealthContribution',
  'incomeTax',
  'net',
] as const;
export type Amounts = Record<(typeof AMOUNT_KEYS)[number], string>;

/** What the calculator was given, as recorded on the line (enough to recompute and explain it). */
export interface LineInputs {
  positionGrade: number;
  predikat: Predikat;
  attendance: Record<string, number>;
  sanction: SanctionLevel;
  salaryBase: string;
  salaryGross: string;
  taxCategory: string;
}

/** The events the inputs came from. */
export interface LineSources {
  /** Position of the last Employee event applied to the register row. */
  employeeVersion: number;
  predikatEventId: string;
  /** The amendment (objection) that set the predikat, if any. */
  objectionId: string | null;
  attendanceEventId: string | null;
  sanctionIds: string[];
}

type LineBase = {
  runId: string;
  opdId: string;
  month: string;
  calculation: number;
  /** 0 for the run's calculation; n for the n-th recalculation of this slip. */
  revision: number;
  nip: string;
  lineKey: string;
  policyVersion: string;
  amounts: Amounts;
  lineHash: string;
};
export type PayLineCalculated = DomainEvent<
  'PayLineCalculated',
  LineBase & { name: string; bankAccount: BankAccountRef; inputs: LineInputs; sources: LineSources }
>;
export type PayAdjustmentCalculated = DomainEvent<
  'PayAdjustmentCalculated',
  LineBase & {
    name: string;
    bankAccount: BankAccountRef;
    objectionId: string;
    adjustsMonth: string;
    adjustsRunId: string;
    originalLineId: string;
    previousPredikat: Predikat;
    predikat: Predikat;
    original: Amounts;
    recalculated: Amounts;
  }
>;
export type PayLineEvent = PayLineCalculated | PayAdjustmentCalculated;
export interface BankAccountRef {
  bankName: string;
  accountNumber: string;
  accountName: string;
}

/**
 * A batch of lines is named after its first line, not its place in the job: a line is appended
 * once, so no retry (whatever its batch size) can meet a stream of that name holding other lines.
 */
export const payLinesStreamId = (runId: string, calculation: number, firstLineId: string) =>
  `PayLines-${runId}.c${calculation}.l${firstLineId}`;
/**
 * Written to the calculation's index before a batch is appended: a retried job reads the index to
 * find every line already written, even a batch whose job died before announcing it.
 */
export type PayLinesBatchPlanned = DomainEvent<'PayLinesBatchPlanned', { runId: string; calculation: number; stream: string }>;
/**
 * Written after each batch of lines: the ledger copies the batch as soon as it is written, so a
 * run's ledger fills while the run is calculated. Its id is the batch's, so a retried job writes
 * it once. (Events before batches were named by their lines also carry `batch`, their index.)
 */
export type PayLinesBatchWritten = DomainEvent<
  'PayLinesBatchWritten',
  { runId: string; calculation: number; stream: string; lines: number }
>;
export const payLinesIndexStreamId = (runId: string, calculation: number) => `PayLinesIndex-${runId}.c${calculation}`;

export const paySlipRevisionStreamId = (runId: string, calculation: number, nip: string) => `PayLines-${runId}.c${calculation}.n${nip}`;

export function lineEventId(e: PayLineEvent['data'], inputs: string): string {
  return deterministicId('kinerja.payline', e.runId, e.calculation, e.revision, e.nip, e.lineKey, inputs);
}

/** The inputs and their sources as one fixed-order text, for the line's id. */
function inputsKey(i: LineInputs, s: LineSources, policyVersion: string): string {
  let att = '';
  for (const k of Object.keys(i.attendance).sort()) att += `${k}:${i.attendance[k]},`;
  return [
    policyVersion,
    i.positionGrade,
    i.predikat,
    att,
    i.sanction,
    i.salaryBase,
    i.salaryGross,
    i.taxCategory,
    s.employeeVersion,
    s.predikatEventId,
    s.objectionId ?? '',
    s.attendanceEventId ?? '',
    s.sanctionIds.join(','),
  ].join('|');
}

const figures = emptyFigures();
function toAmounts(f: TppFigures): Amounts {
  // Keys in code-point order, as every object of a line is built: the event store then writes its
  // canonical JSON without sorting (isInCanonicalOrder), 100,000 times a run.
  return {
    disciplinePart: String(f.disciplinePart),
    employerHealthContribution: String(f.employerHealthContribution),
    gross: String(f.gross),
    healthContribution: String(f.healthContribution),
    incomeTax: String(f.incomeTax),
    net: String(f.net),
    performancePart: String(f.performancePart),
    sanctionCut: String(f.sanctionCut),
  };
}

/** The slip amounts of one input: the exact integer path, or decimal.js when a figure is too long. */
export function priceInputs(inputs: LineInputs, policy: CompiledTppPolicy): Amounts {
  const resolved = resolveTppInput(inputs, policy);
  if (calculateTppFigures(resolved, policy, figures)) return toAmounts(figures);
  const r = calculateResolvedTpp(resolved, policy).lines;
  const out = {} as Amounts;
  for (const k of [...AMOUNT_KEYS].sort()) out[k] = r[k];
  return out;
}

export interface EmployeeInputs {
  nip: string;
  name: string;
  positionGrade: number;
  salaryBase: string;
  salaryGross: string;
  terCategory: string;
  bankAccount: BankAccountRef;
  employeeVersion: number;
  predikat: Predikat | null;
  predikatEventId: string | null;
  objectionId: string | null;
  attendance: Record<string, number> | null;
  attendanceEventId: string | null;
  sanction: SanctionLevel;
  sanctionIds: string[];
}

export interface LineContext {
  runId: string;
  opdId: string;
  month: string;
  calculation: number;
  revision: number;
  policy: CompiledTppPolicy;
}

export type PricedLine = { event: PayLineCalculated; id: string } | { skipped: { nip: string; code: string } };

/** What every pay line carries about its run and its employee. */
function lineHeader(ctx: Omit<LineContext, 'policy'>, emp: Pick<EmployeeInputs, 'nip' | 'name' | 'bankAccount'>, lineKey: string) {
  return {
    bankAccount: inKeyOrder(emp.bankAccount),
    calculation: ctx.calculation,
    lineKey,
    month: ctx.month,
    name: emp.name,
    nip: emp.nip,
    opdId: ctx.opdId,
    revision: ctx.revision,
    runId: ctx.runId,
  };
}

export function priceEmployee(emp: EmployeeInputs, ctx: LineContext): PricedLine {
  if (!emp.predikat || !emp.predikatEventId) return { skipped: { nip: emp.nip, code: 'PREDIKAT_NOT_ISSUED' } };
  const inputs: LineInputs = {
    // Objects read from jsonb come in jsonb's key order: copied in code-point order.
    attendance: inKeyOrder(emp.attendance ?? {}),
    positionGrade: emp.positionGrade,
    predikat: emp.predikat,
    salaryBase: emp.salaryBase,
    salaryGross: emp.salaryGross,
    sanction: emp.sanction,
    taxCategory: emp.terCategory,
  };
  let amounts: Amounts;
  try {
    amounts = priceInputs(inputs, ctx.policy);
  } catch (e) {
    if (isKinerjaError(e)) return { skipped: { nip: emp.nip, code: e.code } };
    throw e;
  }
  const lineKey = 'TPP';
  const header = lineHeader(ctx, emp, lineKey);
  // Every key in code-point order (see toAmounts).
  const data: PayLineCalculated['data'] = {
    amounts,
    bankAccount: header.bankAccount,
    calculation: header.calculation,
    inputs,
    lineHash: lineHash({ nip: emp.nip, lineKey, amounts }),
    lineKey,
    month: header.month,
    name: header.name,
    nip: header.nip,
    opdId: header.opdId,
    policyVersion: ctx.policy.policyVersion,
    revision: header.revision,
    runId: header.runId,
    sources: {
      attendanceEventId: emp.attendanceEventId,
      employeeVersion: emp.employeeVersion,
      objectionId: emp.objectionId,
      predikatEventId: emp.predikatEventId,
      sanctionIds: emp.sanctionIds,
    },
  };
  return { event: { type: 'PayLineCalculated', data }, id: lineEventId(data, inputsKey(inputs, data.sources, data.policyVersion)) };
}

/** What a paid (disbursed) line needs to be adjusted after its predikat was amended. */
export interface PaidLine {
  lineId: string;
  runId: string;
  month: string;
  policyVersion: string;
  inputs: LineInputs;
  amounts: Amounts;
}

/**
 * The adjustment for a paid month whose predikat an objection amended: the month recalculated
 * with the new predikat under the policy it was paid with, minus what was paid. The paid month's
 * lines are never rewritten; the difference (plus or minus) is paid in this run.
 */
export function adjustmentLine(
  paid: PaidLine,
  amendment: { objectionId: string; predikat: Predikat },
  emp: Pick<EmployeeInputs, 'nip' | 'name' | 'bankAccount'>,
  paidPolicy: CompiledTppPolicy,
  ctx: Omit<LineContext, 'policy'>,
): { event: PayAdjustmentCalculated; id: string } {
  const recalculated = priceInputs({ ...paid.inputs, predikat: amendment.predikat }, paidPolicy);
  const amounts = {} as Amounts;
  for (const k of AMOUNT_KEYS) amounts[k] = String(BigInt(recalculated[k]) - BigInt(paid.amounts[k]));
  const lineKey = `ADJ:${amendment.objectionId}`;
  const data: PayAdjustmentCalculated['data'] = {
    ...lineHeader(ctx, emp, lineKey),
    policyVersion: paid.policyVersion,
    objectionId: amendment.objectionId,
    adjustsMonth: paid.month,
    adjustsRunId: paid.runId,
    originalLineId: paid.lineId,
    previousPredikat: paid.inputs.predikat,
    predikat: amendment.predikat,
    original: paid.amounts,
    recalculated,
    amounts,
    lineHash: lineHash({ nip: emp.nip, lineKey, amounts }),
  };
  return { event: { type: 'PayAdjustmentCalculated', data }, id: lineEventId(data, `${paid.lineId}|${amendment.predikat}`) };
}
