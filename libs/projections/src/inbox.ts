import type { Pool } from 'pg';
import { pageOf } from './rows';

// The inbox (`GET /inbox`): what waits on one person, across the planning, realisation, leave,
// reminder and appraisal read models, read in one statement.

/** Whom the inbox is read for. */
export interface InboxFor {
  /** The person; null for an account without one (only escalated objections can concern it). */
  nip: string | null;
  /** Their direct reports today (the org chart's answer, not a read model's). */
  team: readonly string[];
  /** Reminders from this day on (YYYY-MM-DD). */
  remindersSince: string;
  /** Every escalated objection (BKPSDM), instead of those concerning `nip`. */
  allEscalated: boolean;
}

/** Someone on a list, by NIP and (when the directory has them) name. */
interface Who {
  nip: string;
  name: string | null;
}

export interface InboxLists {
  plansToApprove: Array<Who & { year: number; version: number }>;
  reportsToAnswer: Array<Who & { month: string; reportId: string; date: string; resultId: string; output: string }>;
  plansToFinish: Array<{ year: number; version: number; status: string }>;
  reportsToRevise: Array<{ month: string; reportId: string; date: string; note: string | null }>;
  feedbackAsked: Array<Who & { year: number; relation: string }>;
  realisationsToAnswer: Array<Who & { period: string; indicatorId: string; resultId: string }>;
  reminders: Array<{ kind: string; day: string; count: number }>;
  objectionsToDecide: Array<{ nip: string; period: string; objectionId: string | null; decisionDue: string | null; escalated: boolean }>;
  leaveToDecide: Array<Who & { leaveId: string; kind: string; from: string; to: string; document: string; reason: string }>;
  appraisalsIssued: Array<{ period: string; predikat: string | null; issuedOn: string | null; objectionDeadline: string | null }>;
  escalatedObjections: Array<{
    nip: string;
    period: string;
    objectionId: string | null;
    decider: string | null;
    decisionDue: string | null;
  }>;
}

/** As many objections to decide, and of one's issued appraisals, as the inbox lists: a list's default page. */
const INBOX_SHOWN = pageOf().limit;
/** As many escalated objections as the inbox lists. */
const ESCALATED_SHOWN = 1000;

/**
 * One list of the statement: `rows` selects the list's rows in their order, with the keys the inbox
 * shows (every column text, integer, boolean or jsonb, so a row reads the same through JSON as through
 * pg's own parsing); `order` repeats that order for the aggregate, which does not keep a subquery's.
 */
const list = (rows: string, order: string) => `(SELECT coalesce(json_agg(q ORDER BY ${order}), '[]') FROM (${rows}) q)`;

/** The name of the person `x.nip` names, or null: the directory is keyed by NIP. */
const NAMED = 'LEFT JOIN employee_directory d ON d.nip = x.nip';

/**
 * $1 the person (or null), $2 the team, $3 reminders since, $4 every escalated objection, $5 INBOX_SHOWN,
 * $6 ESCALATED_SHOWN. The lists the inbox showed before as twelve statements (three rounds: the
 * names of the team and of feedback askers after the lists): sent together they cost this process
 * about 20 µs each on the wire and in pg (a query's own objects, its row description, its promise),
 * and PostgreSQL a transaction each; here one.
 */
const INBOX_SQL = `SELECT
  ${list(
    `SELECT x.nip, d.name, x.year, x.version FROM work_plans x ${NAMED} WHERE x.status = 'SUBMITTED' AND x.nip = ANY($2)`,
    'q.year, q.nip',
  )} AS "plansToApprove",
  ${list(
    `SELECT x.nip, d.name, x.month, x.report_id AS "reportId", x.date, x.result_id AS "resultId", x.output
       FROM daily_reports x ${NAMED} WHERE x.answer_kind IS NULL AND x.nip = ANY($2)`,
    'q.date, q.nip, q."reportId"',
  )} AS "reportsToAnswer",
  ${list(`SELECT year, version, status FROM work_plans WHERE nip = $1 AND status IN ('DRAFT', 'RETURNED')`, 'q.year')} AS "plansToFinish",
  ${list(
    `SELECT month, report_id AS "reportId", date, answer_note AS note FROM daily_reports WHERE answer_kind = 'NEEDS_REVISION' AND nip = $1`,
    'q.date, q."reportId"',
  )} AS "reportsToRevise",
  ${list(
    `SELECT x.nip, d.name, x.year, x.relation FROM feedback_invitations x ${NAMED} WHERE x.invitee = $1 AND NOT x.answered`,
    'q.year, q.nip',
  )} AS "feedbackAsked",
  ${list(
    `SELECT x.nip, d.name, x.period, x.indicator_id AS "indicatorId", x.result_id AS "resultId"
       FROM realisations x ${NAMED} WHERE x.answer_kind IS NULL AND x.nip = ANY($2)`,
    'q.period, q.nip, q."indicatorId"',
  )} AS "realisationsToAnswer",
  ${list(`SELECT kind, day, count FROM reminders WHERE nip = $1 AND day >= $3`, 'q.day DESC, q.kind')} AS reminders,
  ${list(
    `SELECT nip, period, objection->>'id' AS "objectionId", objection->>'decisionDue' AS "decisionDue",
            coalesce((objection->>'escalated')::boolean, false) AS escalated
       FROM appraisal_ledger WHERE state = 'OBJECTED' AND objection->>'decider' = $1
      ORDER BY objection->>'decisionDue', nip, period LIMIT $5`,
    'q."decisionDue", q.nip, q.period',
  )} AS "objectionsToDecide",
  ${list(
    `SELECT x.nip, d.name, x.leave_id AS "leaveId", x.kind, x.date_from AS "from", x.date_to AS "to", x.document, x.reason
       FROM att_leave x ${NAMED} WHERE x.status = 'DIAJUKAN' AND x.nip = ANY($2)`,
    'q."from", q.nip',
  )} AS "leaveToDecide",
  ${list(
    // A period begins with its year (the ledger's year is read off it): by period is by year, then period.
    `SELECT period, predikat, issued_on AS "issuedOn", objection_deadline AS "objectionDeadline"
       FROM appraisal_ledger WHERE nip = $1 AND state = 'ISSUED' ORDER BY year, period LIMIT $5`,
    'q.period',
  )} AS "appraisalsIssued",
  ${list(
    `SELECT nip, period, objection->>'id' AS "objectionId", objection->>'decider' AS decider, objection->>'decisionDue' AS "decisionDue"
       FROM appraisal_ledger WHERE state = 'OBJECTED' AND (objection->>'escalated')::boolean
        AND ($4 OR nip = $1 OR rater_nip = $1 OR objection->>'decider' = $1)
      ORDER BY objection->>'decisionDue', nip, period LIMIT $6`,
    'q."decisionDue", q.nip, q.period',
  )} AS "escalatedObjections"`;

/** The inbox's lists for one person, in one statement. */
export async function inboxOf(pool: Pool, who: InboxFor): Promise<InboxLists> {
  const { rows } = await pool.query<InboxLists>(INBOX_SQL, [
    who.nip,
    [...who.team],
    who.remindersSince,
    who.allEscalated,
    INBOX_SHOWN,
    ESCALATED_SHOWN,
  ]);
  return rows[0];
}
