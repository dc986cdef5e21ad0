import type { Pool } from 'pg';
import { currentVersion, evolveWorkPlan, initialWorkPlanState, PlannedResult, versionInForce, WORKPLAN_EVENT_TYPES, WorkPlanEvent, WorkPlanState } from '@kinerja/domain/workplan';
import { DAILY_REPORT_EVENT_TYPES, DailyReportEvent } from '@kinerja/domain/dailyreport';
import { FEEDBACK_EVENT_TYPES, FeedbackEvent } from '@kinerja/domain/feedback';
import { REMINDER_EVENT_TYPES, ReminderEvent } from '@kinerja/domain/reminder';
import type { Projection } from './projection';

/**
 * Work plans as rows: per employee and year the latest version (what is being worked on) and the
 * version in force, with the domain's own evolve over a stored state, so the read model and the
 * decider cannot disagree. Feeds the cascade tree and the inbox.
 */
export const workPlansProjection: Projection = {
  name: 'work_plans',
  version: 1,
  eventTypes: [...WORKPLAN_EVENT_TYPES],
  tables: {
    work_plans: `
      nip            text NOT NULL,
      year           integer NOT NULL,
      version        integer NOT NULL,
      status         text NOT NULL,
      in_force       integer,
      supervisor_nip text,
      results        jsonb NOT NULL,
      state          jsonb NOT NULL,
      updated_at     timestamptz NOT NULL,
      PRIMARY KEY (nip, year)`,
  },
  indexes: ['CREATE INDEX {work_plans}_status ON {work_plans} (status, year)'],
  async apply(events, { client, table }) {
    const t = table('work_plans');
    const byPlan = new Map<string, WorkPlanEvent[]>();
    for (const e of events) {
      if (!e.streamId.startsWith('WorkPlan-')) continue;
      const ev = { type: e.type, data: e.data } as WorkPlanEvent;
      const key = `${ev.data.nip}|${ev.data.year}`;
      byPlan.set(key, [...(byPlan.get(key) ?? []), ev]);
    }
    for (const [key, evs] of byPlan) {
      const [nip, year] = key.split('|');
      const { rows } = await client.query(`SELECT state FROM ${t} WHERE nip = $1 AND year = $2`, [nip, Number(year)]);
      const state: WorkPlanState = evs.reduce(evolveWorkPlan, (rows[0]?.state as WorkPlanState) ?? initialWorkPlanState());
      const cur = currentVersion(state)!;
      const inForce = versionInForce(state);
      await client.query(
        `INSERT INTO ${t} (nip, year, version, status, in_force, supervisor_nip, results, state, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (nip, year) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, in_force = EXCLUDED.in_force,
           supervisor_nip = EXCLUDED.supervisor_nip, results = EXCLUDED.results, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
        [nip, Number(year), cur.version, cur.status, inForce?.version ?? null, cur.supervisorNip, JSON.stringify(cur.results), JSON.stringify(state), evs[evs.length - 1].data.at],
      );
    }
  },
};

export interface WorkPlanRow {
  nip: string;
  year: number;
  version: number;
  status: string;
  inForce: number | null;
  supervisorNip: string | null;
  results: PlannedResult[];
}

export async function workPlansOf(pool: Pool, year: number, nips: string[]): Promise<WorkPlanRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query(
    'SELECT nip, year, version, status, in_force, supervisor_nip, results FROM work_plans WHERE year = $1 AND nip = ANY($2) ORDER BY nip',
    [year, nips],
  );
  return rows.map((r) => ({ nip: r.nip, year: r.year, version: r.version, status: r.status, inForce: r.in_force, supervisorNip: r.supervisor_nip, results: r.results }));
}

/** Plans waiting on a rater: submitted plans of the given people (the rater's direct reports today). */
export async function submittedPlansOf(pool: Pool, nips: string[]): Promise<WorkPlanRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query("SELECT nip, year, version, status, in_force, supervisor_nip, results FROM work_plans WHERE status = 'SUBMITTED' AND nip = ANY($1) ORDER BY year, nip", [nips]);
  return rows.map((r) => ({ nip: r.nip, year: r.year, version: r.version, status: r.status, inForce: r.in_force, supervisorNip: r.supervisor_nip, results: r.results }));
}

export interface CascadeNode {
  resultId: string;
  nip: string;
  text: string;
  planVersion: number;
  planStatus: string;
  indicators: PlannedResult['indicators'];
  children: CascadeNode[];
}

/**
 * The cascade as a tree: every RHK of the latest version of each plan, hung under the RHK it names
 * as parent; an RHK whose parent is not among the plans shown is a root (the head of the OPD's).
 */
export function cascadeTree(plans: WorkPlanRow[]): CascadeNode[] {
  // Result ids are unique within a plan only: a node is keyed by its holder, and a parent is looked
  // for in the plan of the supervisor the plan was drafted under.
  const key = (nip: string | null, resultId: string) => `${nip}\u0000${resultId}`;
  const nodes = new Map<string, { node: CascadeNode; parentKey?: string }>();
  for (const p of plans)
    for (const r of p.results)
      nodes.set(key(p.nip, r.resultId), {
        node: { resultId: r.resultId, nip: p.nip, text: r.text, planVersion: p.version, planStatus: p.status, indicators: r.indicators, children: [] },
        ...(r.parentResultId ? { parentKey: key(p.supervisorNip, r.parentResultId) } : {}),
      });
  const roots: CascadeNode[] = [];
  for (const { node, parentKey } of nodes.values()) {
    const parent = parentKey ? nodes.get(parentKey) : undefined;
    if (parent && parent.node !== node) parent.node.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Daily reports as rows, one per report (its latest revision) with the supervisor's answer once given. */
export const dailyReportsProjection: Projection = {
  name: 'daily_reports',
  version: 1,
  eventTypes: [...DAILY_REPORT_EVENT_TYPES],
  tables: {
    daily_reports: `
      nip          text NOT NULL,
      report_id    text NOT NULL,
      month        text NOT NULL,
      date         text NOT NULL,
      result_id    text NOT NULL,
      duration     integer NOT NULL,
      output       text NOT NULL,
      evidence_url text,
      revision     integer NOT NULL,
      answer_kind  text,
      answer_note  text,
      answered_by  text,
      filed_at     timestamptz NOT NULL,
      PRIMARY KEY (nip, month, report_id)`,
  },
  indexes: ['CREATE INDEX {daily_reports}_open ON {daily_reports} (nip) WHERE answer_kind IS NULL'],
  async apply(events, { client, table }) {
    const t = table('daily_reports');
    for (const e of events) {
      if (!e.streamId.startsWith('DailyReport-')) continue;
      const ev = { type: e.type, data: e.data } as DailyReportEvent;
      if (ev.type === 'DailyReportFiled') {
        const d = ev.data;
        await client.query(
          `INSERT INTO ${t} (nip, report_id, month, date, result_id, duration, output, evidence_url, revision, filed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (nip, month, report_id) DO UPDATE SET date = EXCLUDED.date, result_id = EXCLUDED.result_id, duration = EXCLUDED.duration,
             output = EXCLUDED.output, evidence_url = EXCLUDED.evidence_url, revision = EXCLUDED.revision, filed_at = EXCLUDED.filed_at,
             answer_kind = NULL, answer_note = NULL, answered_by = NULL`,
          [d.nip, d.reportId, d.month, d.date, d.resultId, d.durationMinutes, d.output, d.evidenceUrl ?? null, d.revision, d.at],
        );
      } else if (ev.type === 'DailyReportAnswered') {
        const d = ev.data;
        await client.query(`UPDATE ${t} SET answer_kind = $4, answer_note = $5, answered_by = $6 WHERE nip = $1 AND month = $2 AND report_id = $3`, [
          d.nip, d.month, d.reportId, d.kind, d.note ?? null, d.answeredBy,
        ]);
      }
    }
  },
};

export interface DailyReportRow {
  nip: string;
  reportId: string;
  month: string;
  date: string;
  resultId: string;
  durationMinutes: number;
  output: string;
  evidenceUrl: string | null;
  revision: number;
  answer: { kind: string; note: string | null; answeredBy: string | null } | null;
}

interface ReportDbRow {
  nip: string;
  report_id: string;
  month: string;
  date: string;
  result_id: string;
  duration: number;
  output: string;
  evidence_url: string | null;
  revision: number;
  answer_kind: string | null;
  answer_note: string | null;
  answered_by: string | null;
}

const reportRow = (r: ReportDbRow): DailyReportRow => ({
  nip: r.nip,
  reportId: r.report_id,
  month: r.month,
  date: r.date,
  resultId: r.result_id,
  durationMinutes: r.duration,
  output: r.output,
  evidenceUrl: r.evidence_url,
  revision: r.revision,
  answer: r.answer_kind ? { kind: r.answer_kind, note: r.answer_note, answeredBy: r.answered_by } : null,
});

/** Reports not yet answered, of the given people (a rater's direct reports). */
export async function unansweredReportsOf(pool: Pool, nips: string[]): Promise<DailyReportRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query<ReportDbRow>('SELECT * FROM daily_reports WHERE answer_kind IS NULL AND nip = ANY($1) ORDER BY date, nip, report_id', [nips]);
  return rows.map(reportRow);
}

/** One's own reports sent back for revision. */
export async function reportsToReviseOf(pool: Pool, nip: string): Promise<DailyReportRow[]> {
  const { rows } = await pool.query<ReportDbRow>("SELECT * FROM daily_reports WHERE answer_kind = 'NEEDS_REVISION' AND nip = $1 ORDER BY date, report_id", [nip]);
  return rows.map(reportRow);
}

/** One's own plans that wait on oneself: drafts and returned plans. */
export async function openPlansOf(pool: Pool, nip: string): Promise<WorkPlanRow[]> {
  const { rows } = await pool.query("SELECT nip, year, version, status, in_force, supervisor_nip, results FROM work_plans WHERE nip = $1 AND status IN ('DRAFT', 'RETURNED') ORDER BY year", [nip]);
  return rows.map((r) => ({ nip: r.nip, year: r.year, version: r.version, status: r.status, inForce: r.in_force, supervisorNip: r.supervisor_nip, results: r.results }));
}

/** Who has been asked for 360 feedback and whether they answered (never what they said). */
export const feedbackInvitationsProjection: Projection = {
  name: 'feedback_invitations',
  version: 1,
  eventTypes: [...FEEDBACK_EVENT_TYPES],
  tables: {
    feedback_invitations: `
      nip        text NOT NULL,
      year       integer NOT NULL,
      invitee    text NOT NULL,
      relation   text NOT NULL,
      answered   boolean NOT NULL,
      invited_at timestamptz NOT NULL,
      PRIMARY KEY (nip, year, invitee)`,
  },
  indexes: ['CREATE INDEX {feedback_invitations}_invitee ON {feedback_invitations} (invitee) WHERE NOT answered'],
  async apply(events, { client, table }) {
    const t = table('feedback_invitations');
    for (const e of events) {
      if (!e.streamId.startsWith('Feedback-')) continue;
      const ev = { type: e.type, data: e.data } as FeedbackEvent;
      if (ev.type === 'FeedbackInvited')
        await client.query(`INSERT INTO ${t} (nip, year, invitee, relation, answered, invited_at) VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT DO NOTHING`, [
          ev.data.nip, ev.data.year, ev.data.invitee, ev.data.relation, ev.data.at,
        ]);
      else await client.query(`UPDATE ${t} SET answered = true WHERE nip = $1 AND year = $2 AND invitee = $3`, [ev.data.nip, ev.data.year, ev.data.giver]);
    }
  },
};

/** The feedback one has been asked for and not yet given. */
export async function feedbackAskedOf(pool: Pool, invitee: string): Promise<Array<{ nip: string; year: number; relation: string }>> {
  const { rows } = await pool.query('SELECT nip, year, relation FROM feedback_invitations WHERE invitee = $1 AND NOT answered ORDER BY year, nip', [invitee]);
  return rows.map((r) => ({ nip: r.nip, year: r.year, relation: r.relation }));
}

/** Reminders sent (no report for three working days, items waiting on a rater): shown in the inbox. */
export const remindersProjection: Projection = {
  name: 'reminders',
  version: 1,
  eventTypes: [...REMINDER_EVENT_TYPES],
  tables: {
    reminders: `
      nip     text NOT NULL,
      kind    text NOT NULL,
      day     text NOT NULL,
      count   integer NOT NULL,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (nip, kind, day)`,
  },
  async apply(events, { client, table }) {
    const t = table('reminders');
    for (const e of events) {
      if (!e.streamId.startsWith('Reminder-')) continue;
      const ev = { type: e.type, data: e.data } as ReminderEvent;
      await client.query(`INSERT INTO ${t} (nip, kind, day, count, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
        ev.data.nip, ev.data.kind, ev.data.day, ev.data.count, ev.data.at,
      ]);
    }
  },
};

/** One's reminders of the last `days` days, latest first. */
export async function remindersOf(pool: Pool, nip: string, since: string): Promise<Array<{ kind: string; day: string; count: number }>> {
  const { rows } = await pool.query('SELECT kind, day, count FROM reminders WHERE nip = $1 AND day >= $2 ORDER BY day DESC, kind', [nip, since]);
  return rows.map((r) => ({ kind: r.kind, day: r.day, count: r.count }));
}

/** The read-model rows the reminder check needs, for `today` (reports of the last three weeks suffice). */
export async function reminderInputRows(pool: Pool, year: number, since: string) {
  const plans = await pool.query('SELECT nip, supervisor_nip, status, in_force FROM work_plans WHERE year = $1 ORDER BY nip', [year]);
  const reports = await pool.query('SELECT nip, date, answer_kind FROM daily_reports WHERE date >= $1 ORDER BY nip, date', [since]);
  return {
    // Expected to report: whoever has a plan in force this year.
    employees: plans.rows.filter((p) => p.in_force !== null).map((p) => ({ nip: p.nip as string, supervisorNip: (p.supervisor_nip as string | null) ?? null })),
    reports: reports.rows.map((r) => ({ nip: r.nip as string, date: r.date as string, answered: r.answer_kind !== null })),
    submittedPlans: plans.rows.filter((p) => p.status === 'SUBMITTED').map((p) => ({ nip: p.nip as string, supervisorNip: (p.supervisor_nip as string | null) ?? null })),
  };
}
