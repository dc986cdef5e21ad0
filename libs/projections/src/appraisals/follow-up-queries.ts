import type { Pool } from 'pg';
import { EventLink, iso, Page, pageOf } from '../rows';

// The reads of the follow-up lists, the training record and each unit's calibration (./projection.ts).

export interface TrainingRecommendationRow {
  recommendationId: string;
  nip: string;
  period: string;
  predikat: string;
  weakestBehaviours: string[];
  missedResults: string[];
  proposal: string;
  recommendedAt: string;
  eventId: string;
  streamId: string;
  closedByTrainingId: string | null;
  closedOn: string | null;
}

interface RecommendationDbRow {
  recommendation_id: string;
  nip: string;
  period: string;
  predikat: string;
  weakest_behaviours: string[];
  missed_results: string[];
  proposal: string;
  recommended_at: Date;
  event_id: string;
  stream_id: string;
  closed_by_training_id: string | null;
  closed_on: string | null;
}

const recommendationRow = (r: RecommendationDbRow): TrainingRecommendationRow => ({
  recommendationId: r.recommendation_id,
  nip: r.nip,
  period: r.period,
  predikat: r.predikat,
  weakestBehaviours: r.weakest_behaviours,
  missedResults: r.missed_results,
  proposal: r.proposal,
  recommendedAt: iso(r.recommended_at),
  eventId: r.event_id,
  streamId: r.stream_id,
  closedByTrainingId: r.closed_by_training_id,
  closedOn: r.closed_on,
});

export async function trainingRecommendationsOf(pool: Pool, nip: string, page?: Page): Promise<TrainingRecommendationRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<RecommendationDbRow>(
    `SELECT * FROM training_recommendation WHERE nip = $1 ORDER BY period, recommendation_id LIMIT $2 OFFSET $3`,
    [nip, limit, offset],
  );
  return rows.map(recommendationRow);
}

/** Recommendations no training has closed yet, oldest period first. */
export async function openTrainingRecommendations(pool: Pool, page?: Page): Promise<TrainingRecommendationRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<RecommendationDbRow>(
    `SELECT * FROM training_recommendation WHERE closed_by_training_id IS NULL ORDER BY period, nip, recommendation_id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return rows.map(recommendationRow);
}

export interface RewardRow {
  nip: string;
  period: string;
  predikat: string;
  listedAt: string;
  eventId: string;
  streamId: string;
}

/** The rewards list (SANGAT_BAIK), of one period when given. */
export async function rewardList(pool: Pool, period?: string, page?: Page): Promise<RewardRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query(
    `SELECT * FROM reward_list WHERE ($1::text IS NULL OR period = $1) ORDER BY period, nip LIMIT $2 OFFSET $3`,
    [period ?? null, limit, offset],
  );
  return rows.map((r) => ({
    nip: r.nip,
    period: r.period,
    predikat: r.predikat,
    listedAt: iso(r.listed_at),
    eventId: r.event_id,
    streamId: r.stream_id,
  }));
}

export interface SanctionCaseRow {
  caseId: string;
  nip: string;
  periods: [string, string];
  flaggedAt: string;
  eventId: string;
  streamId: string;
}

/** Cases flagged to BKPSDM: two consecutive SANGAT_KURANG. */
export async function sanctionCases(pool: Pool, page?: Page): Promise<SanctionCaseRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query(`SELECT * FROM sanction_case ORDER BY flagged_at, case_id LIMIT $1 OFFSET $2`, [limit, offset]);
  return rows.map((r) => ({
    caseId: r.case_id,
    nip: r.nip,
    periods: r.periods,
    flaggedAt: iso(r.flagged_at),
    eventId: r.event_id,
    streamId: r.stream_id,
  }));
}

export interface PromotionEligibilityRow {
  nip: string;
  year: number;
  eligible: boolean;
  yearPredikat: Record<string, string | null>;
  period: string;
  determinedAt: string;
  eventId: string;
  streamId: string;
}

/** An employee's promotion eligibility, year by year. */
export async function promotionEligibility(pool: Pool, nip: string): Promise<PromotionEligibilityRow[]> {
  const { rows } = await pool.query<PromotionDbRow>(`SELECT * FROM promotion_eligibility WHERE nip = $1 ORDER BY year`, [nip]);
  return rows.map(promotionRow);
}

/** Every employee's promotion eligibility determined for a year (or for every year), by year then NIP. */
export async function promotionEligibilityList(pool: Pool, year?: number, page?: Page): Promise<PromotionEligibilityRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<PromotionDbRow>(
    `SELECT * FROM promotion_eligibility WHERE ($1::integer IS NULL OR year = $1) ORDER BY year, nip LIMIT $2 OFFSET $3`,
    [year ?? null, limit, offset],
  );
  return rows.map(promotionRow);
}

interface PromotionDbRow {
  nip: string;
  year: number;
  eligible: boolean;
  year_predikat: Record<string, string | null>;
  period: string;
  determined_at: Date;
  event_id: string;
  stream_id: string;
}

function promotionRow(r: PromotionDbRow): PromotionEligibilityRow {
  return {
    nip: r.nip,
    year: r.year,
    eligible: r.eligible,
    yearPredikat: r.year_predikat,
    period: r.period,
    determinedAt: iso(r.determined_at),
    eventId: r.event_id,
    streamId: r.stream_id,
  };
}

export interface YearPredikatRow {
  year: number;
  predikat: string;
  source: string;
  reason: string;
  recordedAt: string;
  eventId: string;
  streamId: string;
}

/** The year predikat recorded for years before kinerja (BKPSDM, from e-Kinerja BKN or a paper SKP). */
export async function yearPredikatHistory(pool: Pool, nip: string): Promise<YearPredikatRow[]> {
  const { rows } = await pool.query(`SELECT * FROM year_predikat WHERE nip = $1 ORDER BY year`, [nip]);
  return rows.map((r) => ({
    year: r.year,
    predikat: r.predikat,
    source: r.source,
    reason: r.reason,
    recordedAt: iso(r.recorded_at),
    eventId: r.event_id,
    streamId: r.stream_id,
  }));
}

export interface TrainingRecordRow {
  trainingId: string;
  course: string;
  hours: number;
  completedOn: string;
  recommendationId: string | null;
  eventId: string;
  streamId: string;
}

/** The competence development hours (JP) of an employee in a year, with the trainings behind them. */
export async function competenceHours(
  pool: Pool,
  nip: string,
  year: number,
): Promise<{ year: number; hours: number; trainings: TrainingRecordRow[] }> {
  const { rows } = await pool.query(`SELECT * FROM training_record WHERE nip = $1 AND year = $2 ORDER BY completed_on, training_id`, [
    nip,
    year,
  ]);
  const trainings = rows.map((r) => ({
    trainingId: r.training_id,
    course: r.course,
    hours: r.hours,
    completedOn: r.completed_on,
    recommendationId: r.recommendation_id,
    eventId: r.event_id,
    streamId: r.stream_id,
  }));
  return { year, hours: trainings.reduce((n, t) => n + t.hours, 0), trainings };
}

export interface UnitCalibrationRow {
  opdId: string;
  period: string;
  organisationResult: string | null;
  organisationResultReason: string | null;
  justification: {
    text: string;
    counts: Record<string, number>;
    organisationResult: string;
    justifiedBy: string | null;
    at: string;
  } | null;
  issued: Record<string, unknown> | null;
  events: EventLink[];
}

export async function unitCalibration(pool: Pool, opdId: string, period: string): Promise<UnitCalibrationRow | null> {
  const { rows } = await pool.query(`SELECT * FROM unit_calibration WHERE opd_id = $1 AND period = $2`, [opdId, period]);
  const r = rows[0];
  return r
    ? {
        opdId: r.opd_id,
        period: r.period,
        organisationResult: r.organisation_result,
        organisationResultReason: r.organisation_result_reason,
        justification: r.justification,
        issued: r.issued,
        events: r.events,
      }
    : null;
}
