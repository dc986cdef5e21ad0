import { D } from '@kinerja/kernel';
import { PREDIKAT, type Predikat } from '@kinerja/policies';
import { countPredikat, endOfLocalDay, lastDayOf, type CurveCheck, type Period, type PredikatCounts } from '../appraisal';
import { DEFAULT_TIME_ZONE } from '../shared';

/**
 * Where the ratings lean (issue 18): per rater, the predikat they gave beside those the other raters
 * of their unit and of the Pemda gave; per unit and period the distribution against the curve; the
 * objections against each rater and how they were decided; the days from a period's end to its
 * rating. Pure: fed by the rows of the `rating_analytics` read model.
 *
 * The score of a predikat: SANGAT_BAIK 5, BAIK 4, BUTUH_PERBAIKAN 3, KURANG 2, SANGAT_KURANG 1.
 */
export const PREDIKAT_SCORE: Readonly<Record<Predikat, number>> = {
  SANGAT_BAIK: 5,
  BAIK: 4,
  BUTUH_PERBAIKAN: 3,
  KURANG: 2,
  SANGAT_KURANG: 1,
};

/**
 * When a rater is flagged. With the rater's n ratings (mean m_r) and the comparison group's other
 * ratings (those given by every other rater of the group: n_g of them, mean m_g), and s the standard
 * deviation (n−1) of the scores of the whole group (the rater's and the others'):
 *
 *   difference d = (m_r − m_g) / s                       (the standardised difference, an effect size)
 *   z            = (m_r − m_g) / (s · √(1/n_r + 1/n_g))   (its standard error shrinks as n grows)
 *
 * A rater is flagged LENIENT (z > 0) or SEVERE (z < 0) only when n_r ≥ minSample, n_g ≥ minComparison
 * and |z| ≥ zThreshold (1.96: two-sided, 5%). A rater of two people is never flagged, whatever they gave.
 * Every score equal (s = 0): d = z = 0.
 */
export const LENIENCY_RULE = { minSample: 5, minComparison: 5, zThreshold: 1.96 } as const;
export type LeniencyRule = { minSample: number; minComparison: number; zThreshold: number };

export type ObjectionOutcome = 'NONE' | 'PENDING' | 'CONFIRM' | 'AMEND';

/** One appraisal as the read model keeps it: the rater's own predikat (the latest rating, before any objection). */
export interface RatingFact {
  nip: string;
  period: Period;
  opdId: string;
  raterNip: string;
  predikat: Predikat;
  /** The first rating of the period (an instant). */
  firstRatedAt: string;
  objection: ObjectionOutcome;
}

export type Flag = 'LENIENT' | 'SEVERE' | null;

export interface Comparison {
  /** The other raters' ratings in the group. */
  groupN: number;
  groupMean: number | null;
  /** Standard deviation of the whole group's scores (the rater's included). */
  groupSd: number | null;
  difference: number | null;
  z: number | null;
  flag: Flag;
  /** Why not flagged when there is a difference: too few ratings, or the difference is within chance. */
  note: 'FEW_RATINGS' | 'FEW_TO_COMPARE' | 'WITHIN_CHANCE' | null;
}

export interface RaterAnalytics {
  raterNip: string;
  opdId: string;
  n: number;
  counts: PredikatCounts;
  mean: number;
  sangatBaikShare: number;
  unit: Comparison;
  pemda: Comparison;
  /** The stronger of the two comparisons' flags (the unit's first). */
  flag: Flag;
  objections: { filed: number; pending: number; confirmed: number; amended: number };
  /** Days from the period's end (midnight after its last day, in the Pemda's zone) to the first rating. */
  daysToRating: { median: number | null; max: number | null };
}

/** Statistics, not money: a float rounded half up for showing (decimal.js does the rounding). */
export const round = (x: number, places = 3) => new D(x).toDecimalPlaces(places, D.ROUND_HALF_UP).toNumber();
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The standardised difference of a rater's scores from the others' in a group, and whether the sample supports a flag. */
export function compareRater(mine: readonly number[], others: readonly number[], rule: LeniencyRule = LENIENCY_RULE): Comparison {
  if (!others.length) return { groupN: 0, groupMean: null, groupSd: null, difference: null, z: null, flag: null, note: 'FEW_TO_COMPARE' };
  const mr = mean(mine);
  const mg = mean(others);
  const s = sd([...mine, ...others]);
  const d = s === 0 ? 0 : (mr - mg) / s;
  const z = s === 0 ? 0 : (mr - mg) / (s * Math.sqrt(1 / mine.length + 1 / others.length));
  const base = { groupN: others.length, groupMean: round(mg), groupSd: round(s), difference: round(d), z: round(z) };
  if (mine.length < rule.minSample) return { ...base, flag: null, note: 'FEW_RATINGS' };
  if (others.length < rule.minComparison) return { ...base, flag: null, note: 'FEW_TO_COMPARE' };
  if (Math.abs(z) < rule.zThreshold) return { ...base, flag: null, note: 'WITHIN_CHANCE' };
  return { ...base, flag: z > 0 ? 'LENIENT' : 'SEVERE', note: null };
}

/** Days (one decimal) from the end of the period's last day in the zone to an instant. */
export function daysFromPeriodEnd(period: Period, at: string, timeZone: string = DEFAULT_TIME_ZONE): number {
  const end = Date.parse(endOfLocalDay(lastDayOf(period), timeZone));
  return round((Date.parse(at) - end) / 86_400_000, 1);
}

/**
 * Every rater of the facts, per rater and OPD (a rater who rated in two OPDs has a row in each),
 * beside the other raters of the same OPD and of the whole Pemda. Ordered by |z| against the unit,
 * the flagged first.
 */
export function raterAnalytics(
  facts: readonly RatingFact[],
  rule: LeniencyRule = LENIENCY_RULE,
  timeZone = DEFAULT_TIME_ZONE,
): RaterAnalytics[] {
  const score = (f: RatingFact) => PREDIKAT_SCORE[f.predikat];
  const groups = new Map<string, RatingFact[]>();
  const byOpd = new Map<string, RatingFact[]>();
  for (const f of facts) {
    const key = JSON.stringify([f.raterNip, f.opdId]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
    byOpd.set(f.opdId, [...(byOpd.get(f.opdId) ?? []), f]);
  }
  const out: RaterAnalytics[] = [];
  for (const [key, mine] of groups) {
    const [raterNip, opdId] = JSON.parse(key) as [string, string];
    const scores = mine.map(score);
    const unitOthers = (byOpd.get(opdId) ?? []).filter((f) => f.raterNip !== raterNip).map(score);
    const pemdaOthers = facts.filter((f) => f.raterNip !== raterNip).map(score);
    const unit = compareRater(scores, unitOthers, rule);
    const pemda = compareRater(scores, pemdaOthers, rule);
    const days = mine.map((f) => daysFromPeriodEnd(f.period, f.firstRatedAt, timeZone));
    const counts = countPredikat(mine.map((f) => f.predikat));
    out.push({
      raterNip,
      opdId,
      n: mine.length,
      counts,
      mean: round(mean(scores)),
      sangatBaikShare: round(counts.SANGAT_BAIK / mine.length),
      unit,
      pemda,
      flag: unit.flag ?? pemda.flag,
      objections: {
        filed: mine.filter((f) => f.objection !== 'NONE').length,
        pending: mine.filter((f) => f.objection === 'PENDING').length,
        confirmed: mine.filter((f) => f.objection === 'CONFIRM').length,
        amended: mine.filter((f) => f.objection === 'AMEND').length,
      },
      daysToRating: { median: median(days), max: days.length ? Math.max(...days) : null },
    });
  }
  return out.sort(
    (a, b) =>
      Number(b.flag !== null) - Number(a.flag !== null) ||
      Math.abs(b.unit.z ?? 0) - Math.abs(a.unit.z ?? 0) ||
      a.raterNip.localeCompare(b.raterNip) ||
      a.opdId.localeCompare(b.opdId),
  );
}

/** A unit's issue as recorded (UnitAppraisalsIssued): its distribution and the curve's checks. */
export interface UnitIssue {
  opdId: string;
  period: Period;
  organisationResult: string;
  counts: PredikatCounts;
  checks: CurveCheck[];
  exempt: boolean;
  withinCurve: boolean;
  justified: boolean;
  issuedOn: string;
}

export interface CurvePoint extends UnitIssue {
  rated: number;
  /** Each predikat's share of the unit (0..1). */
  shares: Record<Predikat, number>;
  /** Each rule of the curve with the share it allows (max) or asks for (min) beside the unit's. */
  rules: Array<CurveCheck & { allowedShare: number | null; actualShare: number }>;
}

/** Per OPD, its issued periods in order, each predikat's share beside the curve's rules. */
export function curveOverTime(issues: readonly UnitIssue[]): CurvePoint[] {
  return [...issues]
    .sort((a, b) => a.opdId.localeCompare(b.opdId) || a.period.localeCompare(b.period))
    .map((u) => {
      const rated = PREDIKAT.reduce((n, p) => n + u.counts[p], 0);
      const share = (k: number) => (rated ? round(k / rated) : 0);
      return {
        ...u,
        rated,
        shares: Object.fromEntries(PREDIKAT.map((p) => [p, share(u.counts[p])])) as Record<Predikat, number>,
        rules: u.checks.map((c) => ({
          ...c,
          allowedShare: c.percent === null ? null : round(Number(c.percent) / 100),
          actualShare: share(c.actual),
        })),
      };
    });
}
