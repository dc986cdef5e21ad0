import { DAILY_REPORT_EVENT_TYPES, DailyReportEvent, isDailyReportStream } from '@kinerja/domain/dailyreport';
import { FEEDBACK_EVENT_TYPES, FeedbackEvent, isFeedbackStream } from '@kinerja/domain/feedback';
import { isReminderStream, REMINDER_EVENT_TYPES, ReminderEvent } from '@kinerja/domain/reminder';
import {
  currentVersion,
  evolveWorkPlan,
  initialWorkPlanState,
  isWorkPlanStream,
  WORKPLAN_EVENT_TYPES,
  WorkPlanEvent,
  WorkPlanState,
  versionInForce,
} from '@kinerja/domain/workplan';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { AnswerColumns, answerColumns, UNANSWERED } from '../answer';
import { columnTypes, updateMany, upsert, upsertMany } from '../sql';

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
    for (const ev of domainEventsOn<WorkPlanEvent>(events, isWorkPlanStream)) {
      const key = `${ev.data.nip}|${ev.data.year}`;
      byPlan.set(key, [...(byPlan.get(key) ?? []), ev]);
    }
    for (const [key, evs] of byPlan) {
      const [nip, year] = key.split('|');
      const { rows } = await client.query(`SELECT state FROM ${t} WHERE nip = $1 AND year = $2`, [nip, Number(year)]);
      const state: WorkPlanState = evs.reduce(evolveWorkPlan, (rows[0]?.state as WorkPlanState) ?? initialWorkPlanState());
      const cur = currentVersion(state)!;
      const inForce = versionInForce(state);
      const row = {
        nip,
        year: Number(year),
        version: cur.version,
        status: cur.status,
        in_force: inForce?.version ?? null,
        supervisor_nip: cur.supervisorNip,
        results: JSON.stringify(cur.results),
        state: JSON.stringify(state),
        updated_at: evs[evs.length - 1].data.at,
      };
      await client.query(upsert(t, row, { key: ['nip', 'year'] }));
    }
  },
};

const DAILY_REPORTS_TABLE = `
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
      PRIMARY KEY (nip, month, report_id)`;
const DAILY_REPORT_TYPES = columnTypes(DAILY_REPORTS_TABLE);

type DailyReportKey = { nip: string; month: string; report_id: string };

/**
 * Daily reports as rows, one per report (its latest revision) with the supervisor's answer once given.
 * A batch of events is two statements at most, not one an event: the rows filed in it, each as its
 * last filing in the batch left it (a filing replaces the whole row, and an answer to a row filed in
 * the batch is written into it), and the answers to rows filed before the batch. Those answers go
 * first: a revision later in the batch clears the answer again.
 */
export const dailyReportsProjection: Projection = {
  name: 'daily_reports',
  version: 1,
  eventTypes: [...DAILY_REPORT_EVENT_TYPES],
  tables: { daily_reports: DAILY_REPORTS_TABLE },
  indexes: ['CREATE INDEX {daily_reports}_open ON {daily_reports} (nip) WHERE answer_kind IS NULL'],
  async apply(events, { client, table }) {
    const t = table('daily_reports');
    const filed = new Map<string, DailyReportKey & Record<string, unknown>>();
    const answered = new Map<string, DailyReportKey & AnswerColumns>();
    const keyOf = (d: { nip: string; month: string; reportId: string }) => {
      const at: DailyReportKey = { nip: d.nip, month: d.month, report_id: d.reportId };
      return { at, key: JSON.stringify([at.nip, at.month, at.report_id]) };
    };
    for (const ev of domainEventsOn<DailyReportEvent>(events, isDailyReportStream)) {
      if (ev.type === 'DailyReportFiled') {
        const d = ev.data;
        const { at, key } = keyOf(d);
        filed.set(key, {
          ...at,
          date: d.date,
          result_id: d.resultId,
          duration: d.durationMinutes,
          output: d.output,
          evidence_url: d.evidenceUrl ?? null,
          revision: d.revision,
          // A revised report waits for a new answer.
          ...UNANSWERED,
          filed_at: d.at,
        });
      } else if (ev.type === 'DailyReportAnswered') {
        const { at, key } = keyOf(ev.data);
        const row = filed.get(key);
        if (row) Object.assign(row, answerColumns(ev.data));
        else answered.set(key, { ...at, ...answerColumns(ev.data) });
      }
    }
    for (const q of updateMany(t, [...answered.values()], { key: ['nip', 'month', 'report_id'], types: DAILY_REPORT_TYPES }))
      await client.query(q);
    for (const q of upsertMany(t, [...filed.values()], { key: ['nip', 'month', 'report_id'], types: DAILY_REPORT_TYPES }))
      await client.query(q);
  },
};

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
    for (const ev of domainEventsOn<FeedbackEvent>(events, isFeedbackStream)) {
      if (ev.type === 'FeedbackInvited')
        await client.query(
          `INSERT INTO ${t} (nip, year, invitee, relation, answered, invited_at) VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT DO NOTHING`,
          [ev.data.nip, ev.data.year, ev.data.invitee, ev.data.relation, ev.data.at],
        );
      else
        await client.query(`UPDATE ${t} SET answered = true WHERE nip = $1 AND year = $2 AND invitee = $3`, [
          ev.data.nip,
          ev.data.year,
          ev.data.giver,
        ]);
    }
  },
};

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
    for (const ev of domainEventsOn<ReminderEvent>(events, isReminderStream)) {
      await client.query(`INSERT INTO ${t} (nip, kind, day, count, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
        ev.data.nip,
        ev.data.kind,
        ev.data.day,
        ev.data.count,
        ev.data.at,
      ]);
    }
  },
};
