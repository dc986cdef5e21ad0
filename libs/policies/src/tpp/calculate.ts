/**
 * The reference TPP calculator: DOMAIN.md "TPP payroll", steps 1–8, on decimal.js only, each line
 * rounded half-up to whole rupiah in the order given there (later lines use the rounded earlier
 * ones, so the slip adds up exactly). It returns the policy rows it used, so a pay line can be
 * explained to an employee or an auditor. The fast path (fast.ts) must agree with it exactly.
 */
import { D, roundRupiah, toRupiahString, type Dec } from '@kinerja/kernel';
import { ATTENDANCE_CODES, type AttendanceCode, type PolicyDocument, type Predikat, type SanctionLevel } from '../policy-document';
import { compiledPolicy, type CompiledTer, type CompiledTppPolicy } from './compiled';
import { terBracketIndex } from './ter';
import { resolveTppInput, type ResolvedTppInput, type TppInput } from './input';

/** Every slip line; amounts are whole-rupiah strings, the two rates are percentages. */
export interface TppLines {
  ceiling: string;
  performancePart: string;
  disciplinePart: string;
  /** Attendance deductions in percent of the discipline part, after the cap. */
  deductionPercent: string;
  sanctionCut: string;
  gross: string;
  healthContribution: string;
  /** The employer's BPJS share on the same base: shown, not deducted. */
  employerHealthContribution: string;
  incomeTax: string;
  /** The TER rate in percent. */
  terRate: string;
  net: string;
}

export interface AttendanceDeductionRow {
  code: AttendanceCode;
  count: number;
  percentEach: string;
  per: 'OCCURRENCE' | 'DAY';
  percent: string;
}

export interface TerBracketRow {
  category: string;
  /** The bracket runs from above `above` (null: from zero) up to and including `upTo` (null: no bound). */
  above: string | null;
  upTo: string | null;
  ratePercent: string;
}

/** The policy rows a result came from: enough to explain the slip line by line. */
export interface TppPolicyRows {
  policyVersion: string;
  enactedBy: string;
  ceiling: { source: 'POSITION_GRADE'; positionGrade: number; ceiling: string } | { source: 'INPUT'; ceiling: string };
  split: { performancePercent: string; disciplinePercent: string };
  predikat: { predikat: Predikat; payPercent: string };
  dailyReportCut: { missingDailyReports: number; percentPerMissingReport: string; capPercent: string; percent: string } | null;
  attendanceDeductions: AttendanceDeductionRow[];
  deductionCapPercent: string;
  deductionCapped: boolean;
  sanction: { sanction: SanctionLevel; cutPercent: string };
  healthContribution: { employeePercent: string; employerPercent: string; capAmount: string; contributionBase: string };
  incomeTax: { method: 'TER_PP_58_2023'; ptkpStatus: string | null; taxBase: string; bracket: TerBracketRow };
}

export interface TppResult {
  policyVersion: string;
  lines: TppLines;
  rows: TppPolicyRows;
}

const HUNDRED = new D(100);
const pct = (x: Dec) => x.div(HUNDRED);

export function terBracket(ter: CompiledTer, taxBase: Dec): { rate: Dec; row: TerBracketRow } {
  const i = terBracketIndex(ter.bounds, taxBase);
  const last = ter.bounds.length;
  const rate = i < last ? ter.rates[i] : ter.aboveLast;
  return {
    rate,
    row: {
      category: ter.category,
      above: i === 0 ? null : ter.table.brackets[i - 1].upTo,
      upTo: i < last ? ter.table.brackets[i].upTo : null,
      ratePercent: rate.toString(),
    },
  };
}

/** Attendance deductions in percent, before the cap, with the row of each code used. */
function attendanceDeductions(policy: CompiledTppPolicy, attendance: ResolvedTppInput['attendance']) {
  const rows: AttendanceDeductionRow[] = [];
  let total = new D(0);
  // Policy order, not input order, so the explanation reads the same for every employee.
  for (const code of ATTENDANCE_CODES) {
    const n = attendance[code];
    if (!n) continue;
    const each = policy.attendancePercent[code];
    const percent = each.times(n);
    total = total.plus(percent);
    rows.push({
      code,
      count: n,
      percentEach: each.toString(),
      per: policy.document.tpp.attendanceDeductions[code].per,
      percent: percent.toString(),
    });
  }
  return { total, rows };
}

/** Steps 1–8 on an input already checked against the policy. */
export function calculateResolvedTpp(input: ResolvedTppInput, policy: CompiledTppPolicy): TppResult {
  const doc = policy.document;

  // 1. ceiling
  const ceiling = new D(input.ceiling);

  // 2. performancePart = ceiling × 60% × pay percentage of the predikat (× what daily reports leave, where that rule is on)
  const payPercent = policy.predikatPercent[input.predikat];
  let performanceFactor = pct(policy.performancePercent).times(pct(payPercent));
  let dailyReportCut: TppPolicyRows['dailyReportCut'] = null;
  if (policy.dailyReportCut.enabled) {
    const cut = D.min(policy.dailyReportCut.capPercent, policy.dailyReportCut.percentPerMissingReport.times(input.missingDailyReports));
    performanceFactor = performanceFactor.times(pct(HUNDRED.minus(cut)));
    dailyReportCut = {
      missingDailyReports: input.missingDailyReports,
      percentPerMissingReport: policy.dailyReportCut.percentPerMissingReport.toString(),
      capPercent: policy.dailyReportCut.capPercent.toString(),
      percent: cut.toString(),
    };
  }
  const performancePart = roundRupiah(ceiling.times(performanceFactor));

  // 3. disciplinePart = ceiling × 40% × (100% − deductions), deductions capped
  const deductions = attendanceDeductions(policy, input.attendance);
  const deductionCapped = deductions.total.gt(policy.deductionCapPercent);
  const deductionPercent = deductionCapped ? policy.deductionCapPercent : deductions.total;
  const disciplinePart = roundRupiah(ceiling.times(pct(policy.disciplinePercent)).times(pct(HUNDRED.minus(deductionPercent))));

  // 4. sanctionCut on the two parts together
  const sanctionPercent = policy.sanctionPercent[input.sanction];
  const sanctionCut = roundRupiah(performancePart.plus(disciplinePart).times(pct(sanctionPercent)));

  // 5. gross
  const gross = performancePart.plus(disciplinePart).minus(sanctionCut);

  // 6. BPJS Kesehatan on the part of gross that still fits under the cap after the salary base
  const salaryBase = new D(input.salaryBase);
  const cap = policy.health.cap;
  const contributionBase = D.min(cap, salaryBase.plus(gross)).minus(D.min(cap, salaryBase));
  const healthContribution = roundRupiah(contributionBase.times(pct(policy.health.employeePercent)));
  const employerHealthContribution = roundRupiah(contributionBase.times(pct(policy.health.employerPercent)));

  // 7. PPh 21, TER: the rate is found on salary + TPP, and applied to the TPP alone
  const ter = policy.ter.get(input.taxCategory)!;
  const taxBase = new D(input.salaryGross).plus(gross);
  const bracket = terBracket(ter, taxBase);
  const incomeTax = roundRupiah(gross.times(pct(bracket.rate)));

  // 8. net
  const net = gross.minus(healthContribution).minus(incomeTax);

  const ceilingText = toRupiahString(ceiling);
  return {
    policyVersion: policy.policyVersion,
    lines: {
      ceiling: ceilingText,
      performancePart: toRupiahString(performancePart),
      disciplinePart: toRupiahString(disciplinePart),
      deductionPercent: deductionPercent.toString(),
      sanctionCut: toRupiahString(sanctionCut),
      gross: toRupiahString(gross),
      healthContribution: toRupiahString(healthContribution),
      employerHealthContribution: toRupiahString(employerHealthContribution),
      incomeTax: toRupiahString(incomeTax),
      terRate: bracket.rate.toString(),
      net: toRupiahString(net),
    },
    rows: {
      policyVersion: policy.policyVersion,
      enactedBy: doc.enactedBy.shortTitle,
      ceiling:
        input.positionGrade !== null
          ? { source: 'POSITION_GRADE', positionGrade: input.positionGrade, ceiling: ceilingText }
          : { source: 'INPUT', ceiling: ceilingText },
      split: { performancePercent: policy.performancePercent.toString(), disciplinePercent: policy.disciplinePercent.toString() },
      predikat: { predikat: input.predikat, payPercent: payPercent.toString() },
      dailyReportCut,
      attendanceDeductions: deductions.rows,
      deductionCapPercent: policy.deductionCapPercent.toString(),
      deductionCapped,
      sanction: { sanction: input.sanction, cutPercent: sanctionPercent.toString() },
      healthContribution: {
        employeePercent: policy.health.employeePercent.toString(),
        employerPercent: policy.health.employerPercent.toString(),
        capAmount: toRupiahString(cap),
        contributionBase: toRupiahString(contributionBase),
      },
      incomeTax: { method: doc.incomeTax.method, ptkpStatus: input.ptkpStatus, taxBase: toRupiahString(taxBase), bracket: bracket.row },
    },
  };
}

/**
 * TPP of one employee for one month under one policy version. Throws a KinerjaError (BAD_INPUT)
 * for an input the policy cannot price: unknown predikat, attendance code, position grade, tax
 * category or sanction, a negative or fractional count, an amount that is not whole rupiah.
 */
export function calculateTpp(input: TppInput, policy: PolicyDocument | CompiledTppPolicy): TppResult {
  const compiled = compiledPolicy(policy);
  return calculateResolvedTpp(resolveTppInput(input, compiled), compiled);
}
