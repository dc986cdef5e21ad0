import { D } from '@kinerja/kernel';
import { PREDIKAT, type AppraisalPolicy, type OrganisationResult, type Predikat } from '@kinerja/policies';

export type PredikatCounts = Record<Predikat, number>;

export const countPredikat = (predikat: readonly Predikat[]): PredikatCounts => {
  const counts = Object.fromEntries(PREDIKAT.map((p) => [p, 0])) as PredikatCounts;
  for (const p of predikat) counts[p] += 1;
  return counts;
};

/** The same number of each predikat (a justification holds for the counts it was written about). */
export const sameCounts = (a: PredikatCounts, b: PredikatCounts): boolean => PREDIKAT.every((p) => a[p] === b[p]);

/** One rule of the curve applied to the unit: how many it allows (max) or asks for (min), and how many there are. */
export interface CurveCheck {
  predikat: Predikat[];
  kind: 'max' | 'min';
  /** The policy's share, when the rule is a share; absent for an "at least N people" rule. */
  percent: string | null;
  /** max: at most this many; min: at least this many. */
  limit: number;
  actual: number;
  ok: boolean;
}

export interface DistributionCheck {
  organisationResult: OrganisationResult;
  rated: number;
  counts: PredikatCounts;
  /** Fewer rated employees than the policy's minimum unit size: not checked. */
  exempt: boolean;
  checks: CurveCheck[];
  withinCurve: boolean;
}

/**
 * The unit's distribution of predikat against the curve of its organisational result. A cap of p%
 * over n allows ⌊p·n/100⌋ people (70% of 7 allows 4); a floor asks for ⌈p·n/100⌉ (60% of 7 asks
 * for 5). Pure and exact: shares are decimal strings, never floats.
 */
export function checkDistribution(
  counts: PredikatCounts,
  organisationResult: OrganisationResult,
  policy: Pick<AppraisalPolicy, 'curve' | 'minUnitSize'>,
): DistributionCheck {
  const rated = PREDIKAT.reduce((n, p) => n + counts[p], 0);
  const exempt = rated < policy.minUnitSize;
  const checks: CurveCheck[] = [];
  for (const rule of policy.curve[organisationResult]) {
    const actual = rule.predikat.reduce((n, p) => n + counts[p], 0);
    const share = (pct: string) => new D(pct).times(rated).div(100);
    if (rule.maxPercent !== undefined) {
      const limit = share(rule.maxPercent).floor().toNumber();
      checks.push({ predikat: rule.predikat, kind: 'max', percent: rule.maxPercent, limit, actual, ok: exempt || actual <= limit });
    }
    if (rule.minPercent !== undefined) {
      const limit = share(rule.minPercent).ceil().toNumber();
      checks.push({ predikat: rule.predikat, kind: 'min', percent: rule.minPercent, limit, actual, ok: exempt || actual >= limit });
    }
    if (rule.minCount !== undefined)
      checks.push({
        predikat: rule.predikat,
        kind: 'min',
        percent: null,
        limit: rule.minCount,
        actual,
        ok: exempt || actual >= rule.minCount,
      });
  }
  return { organisationResult, rated, counts, exempt, checks, withinCurve: checks.every((c) => c.ok) };
}
