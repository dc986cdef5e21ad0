import { AppraisalEvent, isAppraisalStream, UnitAppraisalsIssued } from '@kinerja/domain/appraisal';
import { DailyReportEvent, isDailyReportStream } from '@kinerja/domain/dailyreport';
import { isWorkPlanStream, WorkPlanEvent } from '@kinerja/domain/workplan';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { columnTypes, update, updateMany, upsert, upsertMany } from '../sql';

const RATING_EVENTS = ['AppraisalRated', 'ObjectionFiled', 'ObjectionDecided'] as const satisfies readonly AppraisalEvent['type'][];

/**
 * Where the ratings lean (issue 18): one row per appraisal with the rater's own predikat (their
 * latest rating, before any objection), when it was first rated, and how an objection against it
 * was decided; and one row per unit and period as issued against the curve. The statistics are the
 * domain's (libs/domain/analytics), computed over these rows when asked.
 */
export const ratingAnalyticsProjection: Projection = {
  name: 'rating_analytics',
  version: 1,
  eventTypes: [...RATING_EVENTS, 'UnitAppraisalsIssued'],
  tables: {
    rating_fact: `
      nip              text NOT NULL,
      period           text NOT NULL,
      opd_id           text NOT NULL,
      rater_nip        text NOT NULL,
      predikat         text NOT NULL,
      results          text NOT NULL,
      behaviour        text NOT NULL,
      revision         integer NOT NULL,
      first_rated_at   timestamptz NOT NULL,
      rated_at         timestamptz NOT NULL,
      objection        text NOT NULL DEFAULT 'NONE',
      decided_predikat text,
      decided_by       text,
      PRIMARY KEY (nip, period)`,
    unit_issue: `
      opd_id              text NOT NULL,
      period              text NOT NULL,
      organisation_result text NOT NULL,
      counts              jsonb NOT NULL,
      checks              jsonb NOT NULL,
      exempt              boolean NOT NULL,
      within_curve        boolean NOT NULL,
      justified           boolean NOT NULL,
      issued_on           text NOT NULL,
      PRIMARY KEY (opd_id, period)`,
  },
  indexes: [
    'CREATE INDEX {rating_fact}_period ON {rating_fact} (period, opd_id)',
    'CREATE INDEX {unit_issue}_period ON {unit_issue} (period)',
  ],
  async apply(events, { client, table }) {
    const facts = table('rating_fact');
    for (const e of events) {
      if (e.type === 'UnitAppraisalsIssued') {
        const d = (e as unknown as UnitAppraisalsIssued).data;
        const row = {
          opd_id: d.opdId,
          period: d.period,
          organisation_result: d.organisationResult,
          counts: JSON.stringify(d.counts),
          checks: JSON.stringify(d.checks),
          exempt: d.exempt,
          within_curve: d.withinCurve,
          justified: d.justification !== null,
          issued_on: d.issuedOn,
        };
        await client.query(upsert(table('unit_issue'), row, { key: ['opd_id', 'period'] }));
      }
    }
    for (const ev of domainEventsOn<AppraisalEvent>(events, isAppraisalStream)) {
      if (ev.type === 'AppraisalRated') {
        const d = ev.data;
        const row = {
          nip: d.nip,
          period: d.period,
          opd_id: d.opdId,
          rater_nip: d.rater.nip,
          predikat: d.predikat,
          results: d.results,
          behaviour: d.behaviour,
          revision: d.revision,
          first_rated_at: d.at,
          rated_at: d.at,
        };
        // A rating revised keeps the instant of the first one: the time to rating is to the first.
        await client.query(upsert(facts, row, { key: ['nip', 'period'], merge: { first_rated_at: '{table}.first_rated_at' } }));
      } else if (ev.type === 'ObjectionFiled') {
        await client.query(update(facts, { nip: ev.data.nip, period: ev.data.period }, { objection: 'PENDING' }));
      } else if (ev.type === 'ObjectionDecided') {
        const d = ev.data;
        await client.query(
          update(facts, { nip: d.nip, period: d.period }, { objection: d.outcome, decided_predikat: d.predikat, decided_by: d.decidedBy }),
        );
      }
    }
  },
};

const PLAN_SUPERVISOR_TABLE = `
      nip            text NOT NULL,
      year           integer NOT NULL,
      supervisor_nip text,
      PRIMARY KEY (nip, year)`;
const REPORT_FACT_TABLE = `
      nip            text NOT NULL,
      month          text NOT NULL,
      report_id      text NOT NULL,
      supervisor_nip text,
      first_filed_at timestamptz NOT NULL,
      last_filed_at  timestamptz NOT NULL,
      revision       integer NOT NULL,
      answered_at    timestamptz,
      answer_kind    text,
      answered_by    text,
      PRIMARY KEY (nip, month, report_id)`;
const PLAN_SUPERVISOR_TYPES = columnTypes(PLAN_SUPERVISOR_TABLE);
const REPORT_FACT_TYPES = columnTypes(REPORT_FACT_TABLE);

interface ReportFactRow {
  nip: string;
  month: string;
  report_id: string;
  supervisor_nip: string | null;
  first_filed_at: string;
  last_filed_at: string;
  revision: number;
  answered_at: string | null;
  answer_kind: string | null;
  answered_by: string | null;
}

type ReportAnswer = Pick<ReportFactRow, 'nip' | 'month' | 'report_id' | 'answered_at' | 'answer_kind' | 'answered_by'>;

/**
 * Workload (issue 18): one row per daily report with the supervisor of the plan it was filed under
 * (the plan's supervisor when the report was filed: the latest draft or revision of the employee's
 * plan for the year), when it was first and last filed and when the latest filing was answered.
 * The unit is the employee's in the directory, joined when asked.
 *
 * A batch is four statements at most, not one or two an event: the stored supervisors of the plans
 * its reports were filed under, read at once and moved on in memory by the batch's plan events in
 * order (a report takes the supervisor of that moment); then the plans, the answers to reports filed
 * before the batch, and the batch's reports, each row as its filings and answers in the batch left
 * it (its first filing's instant and supervisor kept, as the upsert keeps the stored ones).
 */
export const workloadAnalyticsProjection: Projection = {
  name: 'workload_analytics',
  version: 1,
  eventTypes: ['WorkPlanDrafted', 'WorkPlanRevisionStarted', 'DailyReportFiled', 'DailyReportAnswered'],
  tables: { plan_supervisor: PLAN_SUPERVISOR_TABLE, report_fact: REPORT_FACT_TABLE },
  indexes: [
    'CREATE INDEX {report_fact}_month ON {report_fact} (month, supervisor_nip)',
    'CREATE INDEX {report_fact}_waiting ON {report_fact} (supervisor_nip, last_filed_at) WHERE answered_at IS NULL',
  ],
  async apply(events, { client, table }) {
    const plans = table('plan_supervisor');
    const reports = table('report_fact');
    const planKey = (nip: string, year: number) => JSON.stringify([nip, year]);
    // The batch's plan and report events, in their order.
    const batch: Array<WorkPlanEvent | DailyReportEvent> = [];
    const wanted = new Map<string, { nip: string; year: number }>();
    for (const e of events) {
      const ev = { type: e.type, data: e.data } as WorkPlanEvent | DailyReportEvent;
      if (
        isWorkPlanStream(e.streamId)
          ? ev.type === 'WorkPlanDrafted' || ev.type === 'WorkPlanRevisionStarted'
          : isDailyReportStream(e.streamId)
      )
        batch.push(ev);
      if (isDailyReportStream(e.streamId) && ev.type === 'DailyReportFiled') {
        const year = Number(ev.data.month.slice(0, 4));
        wanted.set(planKey(ev.data.nip, year), { nip: ev.data.nip, year });
      }
    }
    const supervisors = new Map<string, string | null>();
    if (wanted.size) {
      const { rows } = await client.query<{ nip: string; year: number; supervisor_nip: string | null }>(
        `SELECT p.nip, p.year, p.supervisor_nip FROM ${plans} p JOIN unnest($1::text[], $2::int[]) AS w(nip, year) ON p.nip = w.nip AND p.year = w.year`,
        [[...wanted.values()].map((w) => w.nip), [...wanted.values()].map((w) => w.year)],
      );
      for (const r of rows) supervisors.set(planKey(r.nip, r.year), r.supervisor_nip);
    }
    const planRows = new Map<string, { nip: string; year: number; supervisor_nip: string | null }>();
    const filed = new Map<string, ReportFactRow>();
    const answered = new Map<string, ReportAnswer>();
    for (const ev of batch) {
      if (ev.type === 'WorkPlanDrafted' || ev.type === 'WorkPlanRevisionStarted') {
        const key = planKey(ev.data.nip, ev.data.year);
        supervisors.set(key, ev.data.supervisorNip);
        planRows.set(key, { nip: ev.data.nip, year: ev.data.year, supervisor_nip: ev.data.supervisorNip });
      } else if (ev.type === 'DailyReportFiled') {
        const d = ev.data;
        const key = JSON.stringify([d.nip, d.month, d.reportId]);
        const before = filed.get(key);
        const supervisor = supervisors.get(planKey(d.nip, Number(d.month.slice(0, 4)))) ?? null;
        filed.set(key, {
          nip: d.nip,
          month: d.month,
          report_id: d.reportId,
          supervisor_nip: before ? (before.supervisor_nip ?? supervisor) : supervisor,
          first_filed_at: before ? before.first_filed_at : d.at,
          last_filed_at: d.at,
          revision: d.revision,
          // A revised report waits for a new answer.
          answered_at: null,
          answer_kind: null,
          answered_by: null,
        });
      } else if (ev.type === 'DailyReportAnswered') {
        const d = ev.data;
        const key = JSON.stringify([d.nip, d.month, d.reportId]);
        const answer = { answered_at: d.at, answer_kind: d.kind, answered_by: d.answeredBy };
        const before = filed.get(key);
        if (before) Object.assign(before, answer);
        else answered.set(key, { nip: d.nip, month: d.month, report_id: d.reportId, ...answer });
      }
    }
    for (const q of upsertMany(plans, [...planRows.values()], { key: ['nip', 'year'], types: PLAN_SUPERVISOR_TYPES }))
      await client.query(q);
    // Answers to reports filed before the batch go before its filings: a revision clears an answer.
    for (const q of updateMany(reports, [...answered.values()], { key: ['nip', 'month', 'report_id'], types: REPORT_FACT_TYPES }))
      await client.query(q);
    const merge = { first_filed_at: '{table}.first_filed_at', supervisor_nip: 'coalesce({table}.supervisor_nip, excluded.supervisor_nip)' };
    for (const q of upsertMany(reports, [...filed.values()], { key: ['nip', 'month', 'report_id'], merge, types: REPORT_FACT_TYPES }))
      await client.query(q);
  },
};
