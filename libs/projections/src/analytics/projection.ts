import { AppraisalEvent, isAppraisalStream, UnitAppraisalsIssued } from '@kinerja/domain/appraisal';
import { DailyReportEvent, isDailyReportStream } from '@kinerja/domain/dailyreport';
import { isWorkPlanStream, WorkPlanEvent } from '@kinerja/domain/workplan';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { update, upsert } from '../sql';

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

/**
 * Workload (issue 18): one row per daily report with the supervisor of the plan it was filed under
 * (the plan's supervisor when the report was filed: the latest draft or revision of the employee's
 * plan for the year), when it was first and last filed and when the latest filing was answered.
 * The unit is the employee's in the directory, joined when asked.
 */
export const workloadAnalyticsProjection: Projection = {
  name: 'workload_analytics',
  version: 1,
  eventTypes: ['WorkPlanDrafted', 'WorkPlanRevisionStarted', 'DailyReportFiled', 'DailyReportAnswered'],
  tables: {
    plan_supervisor: `
      nip            text NOT NULL,
      year           integer NOT NULL,
      supervisor_nip text,
      PRIMARY KEY (nip, year)`,
    report_fact: `
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
      PRIMARY KEY (nip, month, report_id)`,
  },
  indexes: [
    'CREATE INDEX {report_fact}_month ON {report_fact} (month, supervisor_nip)',
    'CREATE INDEX {report_fact}_waiting ON {report_fact} (supervisor_nip, last_filed_at) WHERE answered_at IS NULL',
  ],
  async apply(events, { client, table }) {
    const plans = table('plan_supervisor');
    const reports = table('report_fact');
    for (const e of events) {
      if (isWorkPlanStream(e.streamId)) {
        const ev = { type: e.type, data: e.data } as WorkPlanEvent;
        if (ev.type !== 'WorkPlanDrafted' && ev.type !== 'WorkPlanRevisionStarted') continue;
        const row = { nip: ev.data.nip, year: ev.data.year, supervisor_nip: ev.data.supervisorNip };
        await client.query(upsert(plans, row, { key: ['nip', 'year'] }));
        continue;
      }
      const [ev] = domainEventsOn<DailyReportEvent>([e], isDailyReportStream);
      if (!ev) continue;
      if (ev.type === 'DailyReportFiled') {
        const d = ev.data;
        const { rows } = await client.query<{ supervisor_nip: string | null }>(
          `SELECT supervisor_nip FROM ${plans} WHERE nip = $1 AND year = $2`,
          [d.nip, Number(d.month.slice(0, 4))],
        );
        const row = {
          nip: d.nip,
          month: d.month,
          report_id: d.reportId,
          supervisor_nip: rows[0]?.supervisor_nip ?? null,
          first_filed_at: d.at,
          last_filed_at: d.at,
          revision: d.revision,
          // A revised report waits for a new answer.
          answered_at: null,
          answer_kind: null,
          answered_by: null,
        };
        await client.query(
          upsert(reports, row, {
            key: ['nip', 'month', 'report_id'],
            merge: {
              first_filed_at: '{table}.first_filed_at',
              supervisor_nip: 'coalesce({table}.supervisor_nip, excluded.supervisor_nip)',
            },
          }),
        );
      } else if (ev.type === 'DailyReportAnswered') {
        const d = ev.data;
        await client.query(
          update(
            reports,
            { nip: d.nip, month: d.month, report_id: d.reportId },
            { answered_at: d.at, answer_kind: d.kind, answered_by: d.answeredBy },
          ),
        );
      }
    }
  },
};
