import type { Pool } from 'pg';
import { EventLink, iso, Page, pageOf } from '../rows';

// The reads of the appraisal ledger (the table `appraisal_ledger` of ./projection.ts).

export interface LedgerObjection {
  id: string;
  reasons: string;
  evidence: Array<{ kind: 'FILE' | 'LINK'; sha256?: string; url?: string }>;
  filedOn: string;
  /** The atasan pejabat penilai on the issue date: the only one who decides. */
  decider: string | null;
  deciderPositionId: string | null;
  decisionDue: string;
  decisionDueAt: string;
  escalated: boolean;
  escalatedAt: string | null;
}

export interface LedgerDecision {
  outcome: 'CONFIRM' | 'AMEND';
  reasons: string;
  decidedBy: string;
  previousPredikat: string;
  predikat: string;
  results: string;
  behaviour: string;
  /** The detail after an amendment (absent on decisions recorded before it was kept). */
  behaviourValues?: Record<string, string>;
  resultRatings?: Array<{ resultId: string; rating: string }>;
  decidedOn: string;
  late: boolean;
}

export type LedgerState = 'DRAFT' | 'ISSUED' | 'OBJECTED' | 'DECIDED' | 'FINAL';

export interface AppraisalLedgerRow {
  nip: string;
  period: string;
  year: number;
  opdId: string | null;
  raterNip: string | null;
  raterSupervisorNip: string | null;
  results: string | null;
  behaviour: string | null;
  reasons: { results?: string; behaviour?: string };
  behaviourValues: Record<string, string>;
  resultRatings: Array<{ resultId: string; rating: string }>;
  /** The predikat in force: as rated, as issued, or as decided on an objection. */
  predikat: string | null;
  issuedPredikat: string | null;
  state: LedgerState;
  revision: number;
  policyVersion: string | null;
  calibrationId: string | null;
  issuedOn: string | null;
  objectionDeadline: string | null;
  windowClosesAt: string | null;
  objection: LedgerObjection | null;
  decision: LedgerDecision | null;
  finalisedAt: string | null;
  /** The events behind the row, in stream order. */
  events: EventLink[];
  /** The stream's version the row reflects (for If-Match). */
  version: number;
  updatedAt: string;
}

const COLUMNS = `nip, period, year, opd_id, rater_nip, rater_supervisor_nip, results, behaviour, reasons, behaviour_values, result_ratings, predikat,
  issued_predikat, state, revision, policy_version, calibration_id, issued_on, objection_deadline, window_closes_at, objection, decision, finalised_at,
  events, stream_version, updated_at`;

export interface LedgerDbRow {
  nip: string;
  period: string;
  year: number;
  opd_id: string | null;
  rater_nip: string | null;
  rater_supervisor_nip: string | null;
  results: string | null;
  behaviour: string | null;
  reasons: AppraisalLedgerRow['reasons'];
  behaviour_values: AppraisalLedgerRow['behaviourValues'];
  result_ratings: AppraisalLedgerRow['resultRatings'];
  predikat: string | null;
  issued_predikat: string | null;
  state: LedgerState;
  revision: number;
  policy_version: string | null;
  calibration_id: string | null;
  issued_on: string | null;
  objection_deadline: string | null;
  window_closes_at: Date | null;
  objection: LedgerObjection | null;
  decision: LedgerDecision | null;
  finalised_at: Date | null;
  events: EventLink[];
  stream_version: number;
  updated_at: Date;
}

/** A stored row (or one folded in memory, `appraisalLedgerRowOf`) as the API shows it. */
export const ledgerRowOf = (r: LedgerDbRow): AppraisalLedgerRow => ({
  nip: r.nip,
  period: r.period,
  year: r.year,
  opdId: r.opd_id,
  raterNip: r.rater_nip,
  raterSupervisorNip: r.rater_supervisor_nip,
  results: r.results,
  behaviour: r.behaviour,
  reasons: r.reasons,
  behaviourValues: r.behaviour_values,
  resultRatings: r.result_ratings,
  predikat: r.predikat,
  issuedPredikat: r.issued_predikat,
  state: r.state,
  revision: r.revision,
  policyVersion: r.policy_version,
  calibrationId: r.calibration_id,
  issuedOn: r.issued_on,
  objectionDeadline: r.objection_deadline,
  windowClosesAt: iso(r.window_closes_at),
  objection: r.objection,
  decision: r.decision,
  finalisedAt: iso(r.finalised_at),
  events: r.events,
  version: r.stream_version,
  updatedAt: iso(r.updated_at),
});

/** One employee's appraisal of a period, or null when it has not been rated. */
export async function appraisalOf(pool: Pool, nip: string, period: string): Promise<AppraisalLedgerRow | null> {
  const { rows } = await pool.query<LedgerDbRow>(`SELECT ${COLUMNS} FROM appraisal_ledger WHERE nip = $1 AND period = $2`, [nip, period]);
  return rows[0] ? ledgerRowOf(rows[0]) : null;
}

/** An employee's ledger, period by period (of one year when given). */
export async function appraisalsOf(pool: Pool, nip: string, year?: number, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE nip = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year, period LIMIT $3 OFFSET $4`,
    [nip, year ?? null, limit, offset],
  );
  return rows.map(ledgerRowOf);
}

/** The appraisals of a unit (OPD) for a period, by NIP. */
export async function unitLedger(pool: Pool, opdId: string, period: string, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE opd_id = $1 AND period = $2 ORDER BY nip LIMIT $3 OFFSET $4`,
    [opdId, period, limit, offset],
  );
  return rows.map(ledgerRowOf);
}

/** Undecided objections past their due date: escalated to BKPSDM and shown in the inbox of everyone concerned. */
export async function escalatedObjections(pool: Pool, page?: Page): Promise<AppraisalLedgerRow[]> {
  return escalatedObjectionsConcerning(pool, null, page);
}

/**
 * The escalated objections that concern `nip` (as the employee, the rater or the decider), or all of
 * them when `nip` is null (BKPSDM's inbox).
 */
export async function escalatedObjectionsConcerning(pool: Pool, nip: string | null, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE state = 'OBJECTED' AND (objection->>'escalated')::boolean
       AND ($1::text IS NULL OR nip = $1 OR rater_nip = $1 OR objection->>'decider' = $1)
     ORDER BY objection->>'decisionDue', nip, period LIMIT $2 OFFSET $3`,
    [nip, limit, offset],
  );
  return rows.map(ledgerRowOf);
}

/** A deadline the objection timers must fire (the same shape as the application's `Deadline`). */
export interface PendingDeadline {
  kind: 'OBJECTION_WINDOW' | 'OBJECTION_DECISION';
  nip: string;
  period: string;
  dueAt: string;
}

/**
 * The deadlines still to fire, as the ledger knows them: an issued appraisal's window end, and an
 * objection's decision due date until it is escalated. In due order, keyset-paged: pass the last
 * one returned as `after` for the next page (default 1000 a page); `dueBefore` keeps those due sooner.
 */
export async function pendingDeadlines(
  pool: Pool,
  page: { dueBefore?: string; after?: { dueAt: string; nip: string; period: string }; limit?: number } = {},
): Promise<PendingDeadline[]> {
  const limit = Math.min(Math.max(1, Math.floor(page.limit ?? 1000)), 10_000);
  const { rows } = await pool.query<{ nip: string; period: string; deadline_kind: PendingDeadline['kind']; deadline_at: Date }>(
    `SELECT nip, period, deadline_kind, deadline_at FROM appraisal_ledger
      WHERE deadline_at IS NOT NULL
        AND ($1::timestamptz IS NULL OR deadline_at < $1)
        AND ($2::timestamptz IS NULL OR (deadline_at, nip, period) > ($2::timestamptz, $3::text, $4::text))
      ORDER BY deadline_at, nip, period LIMIT $5`,
    [page.dueBefore ?? null, page.after?.dueAt ?? null, page.after?.nip ?? null, page.after?.period ?? null, limit],
  );
  return rows.map((r) => ({ kind: r.deadline_kind, nip: r.nip, period: r.period, dueAt: r.deadline_at.toISOString() }));
}

/** The periods of an employee's ledger (of one year when given), in order: where the as-of fold finds their streams. */
export async function appraisalPeriodsOf(pool: Pool, nip: string, year?: number): Promise<string[]> {
  const { rows } = await pool.query<{ period: string }>(
    'SELECT period FROM appraisal_ledger WHERE nip = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year, period',
    [nip, year ?? null],
  );
  return rows.map((r) => r.period);
}
