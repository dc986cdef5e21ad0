import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { badInput, type Actor } from '@kinerja/kernel';
import {
  cascadeProgress,
  curveOverTime,
  CurvePoint,
  LENIENCY_RULE,
  PREDIKAT_SCORE,
  RaterAnalytics,
  raterAnalytics,
  ReportWorkload,
  reportWorkload,
  ResultProgress,
  UnitProgress,
  WorkloadLine,
} from '@kinerja/domain/analytics';
import type { Month, OpdId } from '@kinerja/domain/shared';
import { namesOf, planFacts, ratingFacts, realisationFacts, reportFacts, unitIssues } from '@kinerja/projections';
import { PREDIKAT } from '@kinerja/policies';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';
import { csvCell } from '../audit/export';

// Issue 18, items 3 and 4: where the ratings lean and the workload, for BKPSDM and the inspectorate
// (`analytics.view`). Read from the rating_analytics and workload_analytics read models (with the
// work plans, realisations and directory), the statistics are the domain's (libs/domain/analytics).
// Nothing is appended.

const ORGANISATION = { kind: 'organisation' } as const;

export interface RatingAnalyticsView {
  year: number;
  opdId: string | null;
  rule: typeof LENIENCY_RULE;
  scores: typeof PREDIKAT_SCORE;
  ratings: number;
  raters: Array<RaterAnalytics & { raterName: string | null }>;
  flagged: number;
  curve: CurvePoint[];
}

/** Ratings of a year's periods (YYYY-MM and YYYY-Qn of the year), per rater and per unit. */
export class GetRatingAnalytics extends Query<RatingAnalyticsView> {
  constructor(
    readonly year: number | undefined,
    readonly opdId: OpdId | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetRatingAnalytics)
export class GetRatingAnalyticsHandler extends ApplicationHandler implements IQueryHandler<GetRatingAnalytics> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ year: asked, opdId, actor }: GetRatingAnalytics): Promise<RatingAnalyticsView> {
    await this.people.authorize(actor, 'analytics.view', ORGANISATION, this.now());
    const year = asked ?? Number(this.today().slice(0, 4));
    // The Pemda comparison needs every unit's ratings: the unit asked for filters the raters listed.
    const facts = await ratingFacts(this.db, { year });
    const raters = raterAnalytics(facts).filter((r) => opdId === undefined || r.opdId === opdId);
    const names = await namesOf(this.db, [...new Set(raters.map((r) => r.raterNip))]);
    return {
      year,
      opdId: opdId ?? null,
      rule: LENIENCY_RULE,
      scores: PREDIKAT_SCORE,
      ratings: opdId === undefined ? facts.length : facts.filter((f) => f.opdId === opdId).length,
      raters: raters.map((r) => ({ ...r, raterName: names.get(r.raterNip) ?? null })),
      flagged: raters.filter((r) => r.flag !== null).length,
      curve: curveOverTime(await unitIssues(this.db, { year, opdId })),
    };
  }
}

export interface WorkloadAnalyticsView {
  from: string;
  to: string;
  opdId: string | null;
  /** "Now" for the ages of the queues. */
  asOf: string;
  reports: ReportWorkload & { supervisorNames: Record<string, string> };
  cascade: { throughMonth: string; perUnit: UnitProgress[]; results: ResultProgress[] };
}

/** Daily reports of the months from..to; realisation against target through `to`, in its year. */
export class GetWorkloadAnalytics extends Query<WorkloadAnalyticsView> {
  constructor(
    readonly from: Month | undefined,
    readonly to: Month | undefined,
    readonly opdId: OpdId | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** At most a year of months at once (the reports of a Pemda's year are read whole). */
const MAX_MONTHS = 12;

@QueryHandler(GetWorkloadAnalytics)
export class GetWorkloadAnalyticsHandler extends ApplicationHandler implements IQueryHandler<GetWorkloadAnalytics> {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {
    super();
  }

  async execute({ from: askedFrom, to: askedTo, opdId, actor }: GetWorkloadAnalytics): Promise<WorkloadAnalyticsView> {
    await this.people.authorize(actor, 'analytics.view', ORGANISATION, this.now());
    const to = askedTo ?? this.today().slice(0, 7);
    const from = askedFrom ?? to;
    const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    if (span < 1 || span > MAX_MONTHS)
      throw badInput('INVALID_MONTH_RANGE', `from is a month before to, at most ${MAX_MONTHS} months in all`, { from, to });
    const asOf = this.now();
    const reports = reportWorkload(await reportFacts(this.db, { from, to, opdId }), asOf);
    const plans = await planFacts(this.db, Number(to.slice(0, 4)), opdId);
    const cascade = cascadeProgress(
      plans,
      await realisationFacts(
        this.db,
        to,
        plans.map((p) => p.nip),
      ),
      to,
    );
    const names = await namesOf(
      this.db,
      reports.perSupervisor.flatMap((l) => (l.key ? [l.key] : [])),
    );
    return {
      from,
      to,
      opdId: opdId ?? null,
      asOf,
      reports: { ...reports, supervisorNames: Object.fromEntries(names) },
      cascade: { throughMonth: to, ...cascade },
    };
  }
}

export const ANALYTICS_HANDLERS = [GetRatingAnalyticsHandler, GetWorkloadAnalyticsHandler];

// ---------- CSV ----------

/**
 * A CSV file: a header row and one row per line. Text cells go through the audit export's
 * `csvCell` (quoted when needed, a formula defused); a number is written as the number it is (a
 * negative z is not a formula).
 */
export function csvOf(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  const cell = (v: string | number | boolean | null) =>
    typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : csvCell(v === null ? null : String(v));
  return [columns.map((c) => csvCell(c)).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export const ANALYTICS_CSV = ['raters', 'curve', 'workload', 'cascade'] as const;
export type AnalyticsCsv = (typeof ANALYTICS_CSV)[number];

export function ratersCsv(v: RatingAnalyticsView): string {
  const columns = [
    'rater_nip',
    'rater_name',
    'opd_id',
    'n',
    ...PREDIKAT.map((p) => p.toLowerCase()),
    'mean_score',
    'sangat_baik_share',
    'unit_others_n',
    'unit_others_mean',
    'unit_sd',
    'unit_difference',
    'unit_z',
    'unit_flag',
    'pemda_others_n',
    'pemda_others_mean',
    'pemda_sd',
    'pemda_difference',
    'pemda_z',
    'pemda_flag',
    'flag',
    'objections_filed',
    'objections_pending',
    'objections_confirmed',
    'objections_amended',
    'days_to_rating_median',
    'days_to_rating_max',
  ];
  return csvOf(
    columns,
    v.raters.map((r) => [
      r.raterNip,
      r.raterName,
      r.opdId,
      r.n,
      ...PREDIKAT.map((p) => r.counts[p]),
      r.mean,
      r.sangatBaikShare,
      r.unit.groupN,
      r.unit.groupMean,
      r.unit.groupSd,
      r.unit.difference,
      r.unit.z,
      r.unit.flag,
      r.pemda.groupN,
      r.pemda.groupMean,
      r.pemda.groupSd,
      r.pemda.difference,
      r.pemda.z,
      r.pemda.flag,
      r.flag,
      r.objections.filed,
      r.objections.pending,
      r.objections.confirmed,
      r.objections.amended,
      r.daysToRating.median,
      r.daysToRating.max,
    ]),
  );
}

export function curveCsv(v: RatingAnalyticsView): string {
  const columns = [
    'opd_id',
    'period',
    'organisation_result',
    'rated',
    ...PREDIKAT.map((p) => `${p.toLowerCase()}_share`),
    'within_curve',
    'exempt',
    'justified',
    'rules_failed',
    'issued_on',
  ];
  return csvOf(
    columns,
    v.curve.map((c) => [
      c.opdId,
      c.period,
      c.organisationResult,
      c.rated,
      ...PREDIKAT.map((p) => c.shares[p]),
      c.withinCurve,
      c.exempt,
      c.justified,
      c.rules
        .filter((r) => !r.ok)
        .map((r) => `${r.predikat.join('+')} ${r.kind} ${r.limit} (${r.actual})`)
        .join('; '),
      c.issuedOn,
    ]),
  );
}

export function workloadCsv(v: WorkloadAnalyticsView): string {
  const line = (level: string, l: WorkloadLine, name: string | null) => [
    level,
    l.key,
    name,
    l.filed,
    l.answered,
    l.waiting,
    l.answeredShare,
    l.medianHoursToAnswer,
    l.oldestWaitingSince,
    l.oldestWaitingDays,
  ];
  const names = new Map(Object.entries(v.reports.supervisorNames));
  return csvOf(
    [
      'level',
      'key',
      'name',
      'filed',
      'answered',
      'waiting',
      'answered_share',
      'median_hours_to_answer',
      'oldest_waiting_since',
      'oldest_waiting_days',
    ],
    [
      line('TOTAL', v.reports.total, null),
      ...v.reports.perUnit.map((l) => line('UNIT', l, null)),
      ...v.reports.perSupervisor.map((l) => line('SUPERVISOR', l, l.key ? (names.get(l.key) ?? null) : null)),
    ],
  );
}

export function cascadeCsv(v: WorkloadAnalyticsView): string {
  return csvOf(
    [
      'opd_id',
      'nip',
      'result_id',
      'text',
      'parent_nip',
      'parent_result_id',
      'indicators',
      'indicators_on_track',
      'on_track',
      'cascade_results',
      'cascade_on_track',
      'cascade_share',
    ],
    v.cascade.results.map((r) => [
      r.opdId,
      r.nip,
      r.resultId,
      r.text,
      r.parent?.nip ?? null,
      r.parent?.resultId ?? null,
      r.indicators.length,
      r.indicators.filter((i) => i.onTrack).length,
      r.onTrack,
      r.cascade.results,
      r.cascade.onTrack,
      r.cascade.share,
    ]),
  );
}
