/**
 * The fast path of the TPP calculator for bulk runs: the same steps as calculate.ts, on exact
 * integers. Every percentage is an integer count of units (100% = 10^6) and every multiplication
 * by a percentage is an exact fraction num/den, rounded half-up by integer division. JS numbers
 * are exact for integers up to 2^53; every product is checked against that bound, and when a
 * line does not fit (an amount of 16+ digits, an exotic policy) the function reports it and the
 * caller takes the decimal.js path. No float ever touches money here: only integers flow.
 * A property test checks this path against calculate.ts figure by figure.
 */
import type { CompiledTppPolicy, Fraction } from './compiled';
import { HUNDRED_PERCENT_UNITS } from './compiled';
import { terBracketIndex } from './ter';
import type { ResolvedTppInput } from './input';

/** The slip's amounts as safe integers (whole rupiah). */
export interface TppFigures {
  performancePart: number;
  disciplinePart: number;
  sanctionCut: number;
  gross: number;
  healthContribution: number;
  employerHealthContribution: number;
  incomeTax: number;
  net: number;
}

export function emptyFigures(): TppFigures {
  return {
    performancePart: 0,
    disciplinePart: 0,
    sanctionCut: 0,
    gross: 0,
    healthContribution: 0,
    employerHealthContribution: 0,
    incomeTax: 0,
    net: 0,
  };
}

const MAX = Number.MAX_SAFE_INTEGER;
const H = HUNDRED_PERCENT_UNITS;

/**
 * round-half-up(a × num / den) for non-negative safe integers, or -1 when a × num is past 2^53.
 * `%` and the division of an exact multiple are exact on integers below 2^53.
 */
export function mulDivHalfUp(a: number, num: number, den: number): number {
  const n = a * num;
  if (n > MAX) return -1;
  const r = n % den;
  return (n - r) / den + (r + r >= den ? 1 : 0);
}

/** Percentage units left after a capped deduction, as a fraction of the given split. */
function partFraction(split: Fraction, deductionUnits: number): Fraction | null {
  const num = split.num * (H - deductionUnits);
  const den = split.den * H;
  return num > MAX || den > MAX ? null : { num, den };
}

function attendanceUnits(policy: CompiledTppPolicy, attendance: ResolvedTppInput['attendance']): number {
  const fast = policy.fast;
  const cap = fast.deductionCapUnits;
  let total = 0;
  for (const code in attendance) {
    const n = attendance[code as keyof typeof attendance]!;
    const each = fast.attendanceUnits[code as keyof typeof fast.attendanceUnits];
    // n ≥ cap units already reaches the cap whenever the code costs anything; this keeps n × each small.
    total += n >= cap ? (each > 0 ? cap : 0) : n * each;
  }
  return total > cap ? cap : total;
}

/**
 * Fills `out` and returns true, or returns false when the line must go to the decimal.js path.
 * `out` is reused by bulk callers to avoid an allocation per line.
 */
export function calculateTppFigures(input: ResolvedTppInput, policy: CompiledTppPolicy, out: TppFigures): boolean {
  const ceiling = input.ceilingInt;
  const salaryBase = input.salaryBaseInt;
  const salaryGross = input.salaryGrossInt;
  if (ceiling !== ceiling || salaryBase !== salaryBase || salaryGross !== salaryGross) return false; // NaN: too long
  const fast = policy.fast;

  let performance = fast.performanceFraction[input.predikat];
  if (policy.dailyReportCut.enabled) {
    const each = fast.dailyReportUnitsEach;
    const cap = fast.dailyReportCapUnits;
    const missing = input.missingDailyReports;
    const cut = missing >= cap ? (each > 0 ? cap : 0) : Math.min(cap, missing * each);
    const f = partFraction(performance, cut);
    if (!f) return false;
    performance = f;
  }
  const performancePart = mulDivHalfUp(ceiling, performance.num, performance.den);

  const discipline = partFraction(fast.disciplineFraction, attendanceUnits(policy, input.attendance));
  if (!discipline) return false;
  const disciplinePart = mulDivHalfUp(ceiling, discipline.num, discipline.den);
  if (performancePart < 0 || disciplinePart < 0) return false;

  const parts = performancePart + disciplinePart;
  const sanction = fast.sanctionFraction[input.sanction];
  const sanctionCut = mulDivHalfUp(parts, sanction.num, sanction.den);
  if (sanctionCut < 0) return false;
  const gross = parts - sanctionCut;

  const cap = fast.healthCap;
  const upper = salaryBase + gross;
  const contributionBase = (upper < cap ? upper : cap) - (salaryBase < cap ? salaryBase : cap);
  const healthContribution = mulDivHalfUp(contributionBase, fast.employeeHealthFraction.num, fast.employeeHealthFraction.den);
  const employerHealthContribution = mulDivHalfUp(contributionBase, fast.employerHealthFraction.num, fast.employerHealthFraction.den);

  const ter = policy.ter.get(input.taxCategory)!;
  const i = terBracketIndex(ter.boundsInt, salaryGross + gross);
  const rate = i < ter.rateFractions.length ? ter.rateFractions[i] : ter.aboveLastFraction;
  const incomeTax = mulDivHalfUp(gross, rate.num, rate.den);
  if (healthContribution < 0 || employerHealthContribution < 0 || incomeTax < 0) return false;

  out.performancePart = performancePart;
  out.disciplinePart = disciplinePart;
  out.sanctionCut = sanctionCut;
  out.gross = gross;
  out.healthContribution = healthContribution;
  out.employerHealthContribution = employerHealthContribution;
  out.incomeTax = incomeTax;
  out.net = gross - healthContribution - incomeTax;
  return true;
}
