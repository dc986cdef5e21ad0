/**
 * A policy document turned into lookup tables once, so a payroll of a million lines does not
 * re-parse "0.5" a million times. Two forms side by side:
 * - decimals (decimal.js), read by the reference calculator;
 * - exact integer fractions over safe integers, read by the fast path. A percentage p becomes
 *   p·10^4 "units" (the schema allows at most 4 decimals, so this is exact) and 100% is 10^6 units.
 */
import { D, toRupiahString, type Dec } from '@kinerja/kernel';
import {
  ATTENDANCE_CODES,
  PREDIKAT,
  SANCTION_LEVELS,
  type AttendanceCode,
  type PolicyDocument,
  type Predikat,
  type SanctionLevel,
  type TerTable,
} from '../policy-document';

/** 100% in integer units (1 unit = 0.0001 percentage point). */
export const HUNDRED_PERCENT_UNITS = 1_000_000;

/** An exact fraction num/den of small safe integers. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export interface CompiledTer {
  readonly category: string;
  readonly table: TerTable;
  readonly bounds: readonly Dec[];
  readonly rates: readonly Dec[];
  readonly aboveLast: Dec;
  /** Fast path: bounds as safe integers and each rate as a fraction of the taxed amount. */
  readonly boundsInt: Float64Array;
  readonly rateFractions: readonly Fraction[];
  readonly aboveLastFraction: Fraction;
}

export interface CompiledTppPolicy {
  readonly policyVersion: string;
  readonly document: PolicyDocument;
  /** Index = position grade; undefined where the Perkada sets no ceiling. */
  readonly ceilingByGrade: ReadonlyArray<string | undefined>;
  readonly performancePercent: Dec;
  readonly disciplinePercent: Dec;
  readonly predikatPercent: Readonly<Record<Predikat, Dec>>;
  readonly attendancePercent: Readonly<Record<AttendanceCode, Dec>>;
  readonly deductionCapPercent: Dec;
  readonly sanctionPercent: Readonly<Record<SanctionLevel, Dec>>;
  readonly dailyReportCut: { readonly enabled: boolean; readonly percentPerMissingReport: Dec; readonly capPercent: Dec };
  readonly health: { readonly employeePercent: Dec; readonly employerPercent: Dec; readonly cap: Dec };
  readonly ter: ReadonlyMap<string, CompiledTer>;
  readonly categoryOfPtkp: ReadonlyMap<string, string>;
  readonly fast: FastTables;
}

/** Integer tables for the fast path; see tpp/fast.ts. */
export interface FastTables {
  /** performancePart = ceiling × this (split × pay percentage). */
  readonly performanceFraction: Readonly<Record<Predikat, Fraction>>;
  /** The discipline split as a fraction (e.g. 40% -> 2/5). */
  readonly disciplineFraction: Fraction;
  readonly attendanceUnits: Readonly<Record<AttendanceCode, number>>;
  readonly deductionCapUnits: number;
  readonly sanctionFraction: Readonly<Record<SanctionLevel, Fraction>>;
  readonly dailyReportUnitsEach: number;
  readonly dailyReportCapUnits: number;
  readonly employeeHealthFraction: Fraction;
  readonly employerHealthFraction: Fraction;
  readonly healthCap: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export function fraction(num: number, den: number): Fraction {
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

/** A validated percentage string as integer units; exact because the schema allows 4 decimals. */
export function percentUnits(p: string | Dec): number {
  return new D(p).times(10_000).toNumber();
}

const percentFraction = (p: string | Dec) => fraction(percentUnits(p), HUNDRED_PERCENT_UNITS);

function compileTer(category: string, table: TerTable): CompiledTer {
  return {
    category,
    table,
    bounds: table.brackets.map((b) => new D(b.upTo)),
    rates: table.brackets.map((b) => new D(b.ratePercent)),
    aboveLast: new D(table.aboveLastPercent),
    // Bounds are at most 15 digits (schema), so they are exact as doubles.
    boundsInt: Float64Array.from(table.brackets.map((b) => new D(b.upTo).toNumber())),
    rateFractions: table.brackets.map((b) => percentFraction(b.ratePercent)),
    aboveLastFraction: percentFraction(table.aboveLastPercent),
  };
}

function mapRecord<K extends string, V, W>(keys: readonly K[], source: Record<K, V>, f: (v: V) => W): Record<K, W> {
  return Object.fromEntries(keys.map((k) => [k, f(source[k])])) as Record<K, W>;
}

export function compileTppPolicy(doc: PolicyDocument): CompiledTppPolicy {
  const tpp = doc.tpp;
  const ceilingByGrade: Array<string | undefined> = [];
  for (const row of tpp.ceilings) ceilingByGrade[row.positionGrade] = toRupiahString(new D(row.ceiling));
  const performanceUnits = percentUnits(tpp.split.performancePercent);
  return {
    policyVersion: doc.policyVersion,
    document: doc,
    ceilingByGrade,
    performancePercent: new D(tpp.split.performancePercent),
    disciplinePercent: new D(tpp.split.disciplinePercent),
    predikatPercent: mapRecord(PREDIKAT, tpp.predikatPayPercent, (p) => new D(p)),
    attendancePercent: mapRecord(ATTENDANCE_CODES, tpp.attendanceDeductions, (r) => new D(r.percent)),
    deductionCapPercent: new D(tpp.deductionCapPercent),
    sanctionPercent: mapRecord(SANCTION_LEVELS, tpp.sanctionCutPercent, (p) => new D(p)),
    dailyReportCut: {
      enabled: tpp.dailyReportCut.enabled,
      percentPerMissingReport: new D(tpp.dailyReportCut.percentPerMissingReport),
      capPercent: new D(tpp.dailyReportCut.capPercent),
    },
    health: {
      employeePercent: new D(doc.healthContribution.employeePercent),
      employerPercent: new D(doc.healthContribution.employerPercent),
      cap: new D(doc.healthContribution.capAmount),
    },
    ter: new Map(Object.entries(doc.incomeTax.ter).map(([c, t]) => [c, compileTer(c, t)])),
    categoryOfPtkp: new Map(Object.entries(doc.incomeTax.categoryOfPtkp)),
    fast: {
      // split × pay percentage over (100%)², reduced: BAIK at 60% -> 3/5.
      performanceFraction: mapRecord(PREDIKAT, tpp.predikatPayPercent, (p) =>
        fraction(performanceUnits * percentUnits(p), HUNDRED_PERCENT_UNITS * HUNDRED_PERCENT_UNITS),
      ),
      disciplineFraction: percentFraction(tpp.split.disciplinePercent),
      attendanceUnits: mapRecord(ATTENDANCE_CODES, tpp.attendanceDeductions, (r) => percentUnits(r.percent)),
      deductionCapUnits: percentUnits(tpp.deductionCapPercent),
      sanctionFraction: mapRecord(SANCTION_LEVELS, tpp.sanctionCutPercent, percentFraction),
      dailyReportUnitsEach: percentUnits(tpp.dailyReportCut.percentPerMissingReport),
      dailyReportCapUnits: percentUnits(tpp.dailyReportCut.capPercent),
      employeeHealthFraction: percentFraction(doc.healthContribution.employeePercent),
      employerHealthFraction: percentFraction(doc.healthContribution.employerPercent),
      healthCap: new D(doc.healthContribution.capAmount).toNumber(),
    },
  };
}

const cache = new WeakMap<PolicyDocument, CompiledTppPolicy>();

/** Compiles a document once; documents are immutable values, so memoising keeps this pure. */
export function compiledPolicy(policy: PolicyDocument | CompiledTppPolicy): CompiledTppPolicy {
  if ('fast' in policy) return policy;
  let compiled = cache.get(policy);
  if (!compiled) cache.set(policy, (compiled = compileTppPolicy(policy)));
  return compiled;
}
