import type { Pool } from 'pg';
import type { PredikatCounts, CurveCheck } from '@kinerja/domain/appraisal';
import type { ObjectionOutcome, PlanFact, RatingFact, RealisationFact, ReportFact, UnitIssue } from '@kinerja/domain/analytics';
import { versionInForce, type WorkPlanState } from '@kinerja/domain/workplan';
import type { Predikat } from '@kinerja/policies';
import { iso } from '../rows';

// The reads of the analytics read models (./projection.ts), with the work plans, the realisations
// and the employee directory they are put beside. Months compare as text (YYYY-MM).

export interface RatingFilter {
  /** The periods of a year (its months and its quarters); every year when absent. */
  year?: number;
  opdId?: string;
}

const OF_YEAR = '($1::integer IS NULL OR left(period, 4)::integer = $1)';

export async function ratingFacts(pool: Pool, f: RatingFilter): Promise<RatingFact[]> {
  const { rows } = await pool.query<{
    nip: string;
    period: string;
    opd_id: string;
    rater_nip: string;
    predikat: Predikat;
    first_rated_at: Date;
    objection: ObjectionOutcome;
  }>(
    `SELECT nip, period, opd_id, rater_nip, predikat, first_rated_at, objection FROM rating_fact
      WHERE ${OF_YEAR} AND ($2::text IS NULL OR opd_id = $2)
      ORDER BY rater_nip, opd_id, period, nip`,
    [f.year ?? null, f.opdId ?? null],
  );
  return rows.map((r) => ({
    nip: r.nip,
    period: r.period,
    opdId: r.opd_id,
    raterNip: r.rater_nip,
    predikat: r.predikat,
    firstRatedAt: iso(r.first_rated_at),
    objection: r.objection,
  }));
}

export async function unitIssues(pool: Pool, f: RatingFilter): Promise<UnitIssue[]> {
  const { rows } = await pool.query<{
    opd_id: string;
    period: string;
    organisation_result: string;
    counts: PredikatCounts;
    checks: CurveCheck[];
    exempt: boolean;
    within_curve: boolean;
    justified: boolean;
    issued_on: string;
  }>(
    `SELECT * FROM unit_issue
      WHERE ${OF_YEAR} AND ($2::text IS NULL OR opd_id = $2)
      ORDER BY opd_id, period`,
    [f.year ?? null, f.opdId ?? null],
  );
  return rows.map((r) => ({
    opdId: r.opd_id,
    period: r.period,
    organisationResult: r.organisation_result,
    counts: r.counts,
    checks: r.checks,
    exempt: r.exempt,
    withinCurve: r.within_curve,
    justified: r.justified,
    issuedOn: r.issued_on,
  }));
}

export interface MonthFilter {
  /** Months from and to (inclusive, YYYY-MM). */
  from: string;
  to: string;
  opdId?: string;
}

/** The daily reports of the months, each with its employee's unit in the directory today. */
export async function reportFacts(pool: Pool, f: MonthFilter): Promise<ReportFact[]> {
  const { rows } = await pool.query<{
    nip: string;
    opd_id: string | null;
    supervisor_nip: string | null;
    first_filed_at: Date;
    last_filed_at: Date;
    answered_at: Date | null;
  }>(
    `SELECT r.nip, d.opd_id, r.supervisor_nip, r.first_filed_at, r.last_filed_at, r.answered_at
       FROM report_fact r LEFT JOIN employee_directory d ON d.nip = r.nip
      WHERE r.month >= $1 AND r.month <= $2 AND ($3::text IS NULL OR d.opd_id = $3)
      ORDER BY r.nip, r.month, r.report_id`,
    [f.from, f.to, f.opdId ?? null],
  );
  return rows.map((r) => ({
    nip: r.nip,
    opdId: r.opd_id,
    supervisorNip: r.supervisor_nip,
    filedAt: iso(r.first_filed_at),
    lastFiledAt: iso(r.last_filed_at),
    answeredAt: iso(r.answered_at),
  }));
}

/** The plans in force of the year (their approved version), with the unit and the supervisor. */
export async function planFacts(pool: Pool, year: number, opdId?: string): Promise<PlanFact[]> {
  const { rows } = await pool.query<{ nip: string; opd_id: string | null; supervisor_nip: string | null; state: WorkPlanState }>(
    `SELECT p.nip, d.opd_id, p.supervisor_nip, p.state
       FROM work_plans p LEFT JOIN employee_directory d ON d.nip = p.nip
      WHERE p.year = $1 AND p.in_force IS NOT NULL AND ($2::text IS NULL OR d.opd_id = $2)
      ORDER BY p.nip`,
    [year, opdId ?? null],
  );
  return rows.flatMap((r) => {
    const v = versionInForce(r.state);
    return v ? [{ nip: r.nip, opdId: r.opd_id, supervisorNip: v.supervisorNip, results: v.results }] : [];
  });
}

/** The realisations of the year's months, January to `throughMonth`, of the given people. */
export async function realisationFacts(pool: Pool, throughMonth: string, nips: string[]): Promise<RealisationFact[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query<{ nip: string; period: string; indicator_id: string; quantity: number; quality: number }>(
    `SELECT nip, period, indicator_id, quantity, quality FROM realisations
      WHERE nip = ANY($1) AND period >= $2 AND period <= $3 ORDER BY nip, period`,
    [nips, `${throughMonth.slice(0, 4)}-01`, throughMonth],
  );
  return rows.map((r) => ({ nip: r.nip, month: r.period, indicatorId: r.indicator_id, quantity: r.quantity, quality: r.quality }));
}
