import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import {
  APPRAISAL_EVENT_TYPES,
  AppraisalEvent,
  AppraisalState,
  CALIBRATION_EVENT_TYPES,
  CalibrationEvent,
  evolveAppraisal,
  FollowUpEvent,
  initialAppraisalState,
  TRAINING_EVENT_TYPES,
  TrainingRecorded,
  YEAR_PREDIKAT_EVENT_TYPES,
  YearPredikatRecorded,
} from '@kinerja/domain/appraisal';
import type { Projection } from './projection';

/**
 * The appraisal ledger: one row per employee per period, folded with the domain's own evolve (so
 * the read model and the decider cannot disagree), with the list of events behind each row; the
 * follow-up lists (training, rewards, sanction cases, promotion eligibility), the training record,
 * and each unit's calibration. The objection timers re-create their deadlines from this ledger.
 */
export const appraisalsProjection: Projection = {
  name: 'appraisals',
  // 2: the year predikat of years before kinerja; 3: the stream of every event named (an inspector replays it by id)
  version: 3,
  eventTypes: [...APPRAISAL_EVENT_TYPES, ...CALIBRATION_EVENT_TYPES, ...TRAINING_EVENT_TYPES, ...YEAR_PREDIKAT_EVENT_TYPES],
  tables: {
    appraisal_ledger: `
      nip                  text NOT NULL,
      period               text NOT NULL,
      year                 integer NOT NULL,
      opd_id               text,
      rater_nip            text,
      rater_supervisor_nip text,
      results              text,
      behaviour            text,
      reasons              jsonb NOT NULL DEFAULT '{}',
      behaviour_values     jsonb NOT NULL DEFAULT '{}',
      result_ratings       jsonb NOT NULL DEFAULT '[]',
      predikat             text,
      issued_predikat      text,
      state                text NOT NULL,
      revision             integer NOT NULL DEFAULT 0,
      policy_version       text,
      calibration_id       text,
      issued_on            text,
      objection_deadline   text,
      window_closes_at     timestamptz,
      objection            jsonb,
      decision             jsonb,
      finalised_at         timestamptz,
      escalated_at         timestamptz,
      deadline_kind        text,
      deadline_at          timestamptz,
      events               jsonb NOT NULL DEFAULT '[]',
      aggregate            jsonb NOT NULL,
      stream_version       integer NOT NULL,
      updated_at           timestamptz NOT NULL,
      PRIMARY KEY (nip, period)`,
    training_recommendation: `
      recommendation_id     text PRIMARY KEY,
      nip                   text NOT NULL,
      period                text NOT NULL,
      predikat              text NOT NULL,
      weakest_behaviours    jsonb NOT NULL,
      missed_results        jsonb NOT NULL,
      proposal              text NOT NULL,
      recommended_at        timestamptz NOT NULL,
      event_id              uuid NOT NULL,
      stream_id             text NOT NULL,
      closed_by_training_id text,
      closed_on             text`,
    reward_list: `nip text NOT NULL, period text NOT NULL, predikat text NOT NULL, listed_at timestamptz NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, PRIMARY KEY (nip, period)`,
    sanction_case: `case_id text PRIMARY KEY, nip text NOT NULL, periods jsonb NOT NULL, flagged_at timestamptz NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL`,
    year_predikat: `nip text NOT NULL, year integer NOT NULL, predikat text NOT NULL, source text NOT NULL, reason text NOT NULL, recorded_at timestamptz NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, PRIMARY KEY (nip, year)`,
    promotion_eligibility: `nip text NOT NULL, year integer NOT NULL, eligible boolean NOT NULL, year_predikat jsonb NOT NULL, period text NOT NULL, determined_at timestamptz NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, PRIMARY KEY (nip, year)`,
    training_record: `
      training_id       text PRIMARY KEY,
      nip               text NOT NULL,
      course            text NOT NULL,
      hours             integer NOT NULL,
      completed_on      text NOT NULL,
      year              integer NOT NULL,
      recommendation_id text,
      event_id          uuid NOT NULL,
      stream_id         text NOT NULL`,
    unit_calibration: `
      opd_id                     text NOT NULL,
      period                     text NOT NULL,
      organisation_result        text,
      organisation_result_reason text,
      justification              jsonb,
      issued                     jsonb,
      events                     jsonb NOT NULL DEFAULT '[]',
      updated_at                 timestamptz NOT NULL,
      PRIMARY KEY (opd_id, period)`,
  },
  indexes: [
    'CREATE INDEX {appraisal_ledger}_unit ON {appraisal_ledger} (opd_id, period, nip)',
    'CREATE INDEX {appraisal_ledger}_year ON {appraisal_ledger} (nip, year, period)',
    // The timers' sweep and the inbox read only the rows with a deadline or an objection open.
    'CREATE INDEX {appraisal_ledger}_deadline ON {appraisal_ledger} (deadline_at, nip, period) WHERE deadline_at IS NOT NULL',
    "CREATE INDEX {appraisal_ledger}_decider ON {appraisal_ledger} ((objection->>'decider'), nip, period) WHERE state = 'OBJECTED'",
    'CREATE INDEX {training_recommendation}_nip ON {training_recommendation} (nip, period)',
    'CREATE INDEX {training_recommendation}_open ON {training_recommendation} (period, nip) WHERE closed_by_training_id IS NULL',
    'CREATE INDEX {reward_list}_period ON {reward_list} (period, nip)',
    'CREATE INDEX {sanction_case}_nip ON {sanction_case} (nip)',
    'CREATE INDEX {training_record}_nip ON {training_record} (nip, year, completed_on)',
  ],
  async apply(events, { client, table }) {
    // The events of one appraisal stream in this batch are folded together: one read, one write.
    let run: RecordedEvent[] = [];
    const flush = async () => {
      if (run.length) await applyAppraisal(client, table('appraisal_ledger'), run);
      run = [];
    };
    for (const e of events) {
      if (e.streamId.startsWith('Appraisal-')) {
        if (run.length && run[0].streamId !== e.streamId) await flush();
        run.push(e);
        await applyFollowUp(client, table, e);
        continue;
      }
      await flush();
      if (e.streamId.startsWith('Calibration-')) await applyCalibration(client, table('unit_calibration'), e);
      else if (e.streamId.startsWith('Training-') && e.type === 'TrainingRecorded') await applyTraining(client, table, e);
      else if (e.type === 'YearPredikatRecorded') {
        const d = (e as unknown as YearPredikatRecorded).data;
        await client.query(
          `INSERT INTO ${table('year_predikat')} (nip, year, predikat, source, reason, recorded_at, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (nip, year) DO NOTHING`,
          [d.nip, d.year, d.predikat, d.source, d.reason, d.at, e.id, e.streamId],
        );
      }
    }
    await flush();
  },
};

const link = (e: RecordedEvent): EventLink => ({
  eventId: e.id,
  streamId: e.streamId,
  type: e.type,
  streamPosition: e.streamPosition,
  recordedAt: e.recordedAt.toISOString(),
});

async function applyAppraisal(client: PoolClient, t: string, events: RecordedEvent[]) {
  const { nip, period } = events[0].data as { nip: string; period: string };
  const { rows } = await client.query<{
    aggregate: AppraisalState;
    stream_version: number;
    finalised_at: Date | null;
    escalated_at: Date | null;
  }>(`SELECT aggregate, stream_version, finalised_at, escalated_at FROM ${t} WHERE nip = $1 AND period = $2`, [nip, period]);
  const before = rows[0];
  // The checkpoint commits with the rows, so no event comes twice; the stream version guard keeps
  // the row (and its list of events) right even if one did.
  const fresh = events.filter((e) => !before || e.streamPosition > before.stream_version);
  if (!fresh.length) return;
  let s: AppraisalState = before?.aggregate ?? initialAppraisalState();
  let finalisedAt: string | null = before?.finalised_at?.toISOString() ?? null;
  let escalatedAt: string | null = before?.escalated_at?.toISOString() ?? null;
  for (const e of fresh) {
    s = evolveAppraisal(s, { type: e.type, data: e.data } as AppraisalEvent);
    if (e.type === 'AppraisalFinalised') finalisedAt = (e.data as { at: string }).at;
    if (e.type === 'ObjectionEscalated') escalatedAt = (e.data as { at: string }).at;
  }
  if (s.status === 'NONE') return; // a stream must start with its rating; nothing to show otherwise
  const r = s.rated;
  const issued = s.status === 'DRAFT' ? undefined : s.issued;
  const o = s.status === 'OBJECTED' || s.status === 'DECIDED' ? s.objection : undefined;
  const objection = o
    ? {
        id: o.objectionId,
        reasons: o.reasons,
        evidence: o.evidence,
        filedOn: o.filedOn,
        decider: o.decider?.nip ?? null,
        deciderPositionId: o.decider?.positionId ?? null,
        decisionDue: o.decisionDue,
        decisionDueAt: o.decisionDueAt,
        escalated: o.escalated,
        escalatedAt: o.escalated ? escalatedAt : null,
      }
    : null;
  const d = s.status === 'DECIDED' ? s.decision : undefined;
  const decision = d
    ? {
        outcome: d.outcome,
        reasons: d.reasons,
        decidedBy: d.decidedBy,
        previousPredikat: d.previousPredikat,
        predikat: d.predikat,
        results: d.results,
        behaviour: d.behaviour,
        ...(d.behaviourValues ? { behaviourValues: d.behaviourValues, resultRatings: d.resultRatings ?? [] } : {}),
        decidedOn: d.decidedOn,
        late: d.late,
      }
    : null;
  // The timer still to fire, if any: the window's end while issued, the decision's due date until escalated.
  const deadline: [string, string] | null =
    s.status === 'ISSUED'
      ? ['OBJECTION_WINDOW', s.issued.windowClosesAt]
      : s.status === 'OBJECTED' && o && !o.escalated
        ? ['OBJECTION_DECISION', o.decisionDueAt]
        : null;
  const last = fresh[fresh.length - 1];
  await client.query(
    `INSERT INTO ${t} (nip, period, year, opd_id, rater_nip, rater_supervisor_nip, results, behaviour, reasons, behaviour_values, result_ratings,
       predikat, issued_predikat, state, revision, policy_version, calibration_id, issued_on, objection_deadline, window_closes_at, objection, decision,
       finalised_at, escalated_at, deadline_kind, deadline_at, events, aggregate, stream_version, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30)
     ON CONFLICT (nip, period) DO UPDATE SET opd_id = excluded.opd_id, rater_nip = excluded.rater_nip, rater_supervisor_nip = excluded.rater_supervisor_nip,
       results = excluded.results, behaviour = excluded.behaviour, reasons = excluded.reasons, behaviour_values = excluded.behaviour_values,
       result_ratings = excluded.result_ratings, predikat = excluded.predikat, issued_predikat = excluded.issued_predikat, state = excluded.state,
       revision = excluded.revision, policy_version = excluded.policy_version, calibration_id = excluded.calibration_id, issued_on = excluded.issued_on,
       objection_deadline = excluded.objection_deadline, window_closes_at = excluded.window_closes_at, objection = excluded.objection,
       decision = excluded.decision, finalised_at = excluded.finalised_at, escalated_at = excluded.escalated_at,
       deadline_kind = excluded.deadline_kind, deadline_at = excluded.deadline_at, events = ${t}.events || excluded.events, aggregate = excluded.aggregate,
       stream_version = excluded.stream_version, updated_at = excluded.updated_at`,
    [
      nip,
      period,
      Number(period.slice(0, 4)),
      r.opdId,
      r.rater.nip,
      issued?.raterSupervisor?.nip ?? null,
      d?.results ?? r.results,
      d?.behaviour ?? r.behaviour,
      JSON.stringify(r.reasons),
      JSON.stringify(r.behaviourValues),
      JSON.stringify(r.resultRatings),
      s.predikat,
      issued?.predikat ?? null,
      s.status,
      r.revision,
      issued?.policyVersion ?? r.policyVersion,
      issued?.calibrationId ?? null,
      issued?.issuedOn ?? null,
      issued?.objectionDeadline ?? null,
      issued?.windowClosesAt ?? null,
      objection ? JSON.stringify(objection) : null,
      decision ? JSON.stringify(decision) : null,
      finalisedAt,
      escalatedAt,
      deadline?.[0] ?? null,
      deadline?.[1] ?? null,
      JSON.stringify(fresh.map(link)),
      JSON.stringify(s),
      last.streamPosition,
      last.recordedAt,
    ],
  );
}

async function applyFollowUp(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const ev = { type: e.type, data: e.data } as FollowUpEvent;
  switch (ev.type) {
    case 'TrainingRecommended': {
      const d = ev.data;
      await client.query(
        `INSERT INTO ${table('training_recommendation')} (recommendation_id, nip, period, predikat, weakest_behaviours, missed_results, proposal, recommended_at, event_id, stream_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (recommendation_id) DO NOTHING`,
        [
          d.recommendationId,
          d.nip,
          d.period,
          d.predikat,
          JSON.stringify(d.weakestBehaviours),
          JSON.stringify(d.missedResults),
          d.proposal,
          d.at,
          e.id,
          e.streamId,
        ],
      );
      // No training can name it before it exists: the training decider checks the log first.
      return;
    }
    case 'RewardListed':
      await client.query(
        `INSERT INTO ${table('reward_list')} (nip, period, predikat, listed_at, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (nip, period) DO NOTHING`,
        [ev.data.nip, ev.data.period, ev.data.predikat, ev.data.at, e.id, e.streamId],
      );
      return;
    case 'SanctionCaseFlagged':
      await client.query(
        `INSERT INTO ${table('sanction_case')} (case_id, nip, periods, flagged_at, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (case_id) DO NOTHING`,
        [ev.data.caseId, ev.data.nip, JSON.stringify(ev.data.periods), ev.data.at, e.id, e.streamId],
      );
      return;
    case 'PromotionEligibilityDetermined':
      await client.query(
        `INSERT INTO ${table('promotion_eligibility')} (nip, year, eligible, year_predikat, period, determined_at, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (nip, year) DO UPDATE SET eligible = excluded.eligible, year_predikat = excluded.year_predikat, period = excluded.period,
           determined_at = excluded.determined_at, event_id = excluded.event_id, stream_id = excluded.stream_id`,
        [ev.data.nip, ev.data.year, ev.data.eligible, JSON.stringify(ev.data.yearPredikat), ev.data.period, ev.data.at, e.id, e.streamId],
      );
      return;
  }
}

async function applyTraining(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const d = (e as unknown as TrainingRecorded).data;
  await client.query(
    `INSERT INTO ${table('training_record')} (training_id, nip, course, hours, completed_on, year, recommendation_id, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
     ON CONFLICT (training_id) DO NOTHING`,
    [d.trainingId, d.nip, d.course, d.hours, d.completedOn, d.year, d.recommendationId, e.id, e.streamId],
  );
  if (d.recommendationId)
    await client.query(
      `UPDATE ${table('training_recommendation')} SET closed_by_training_id = $2, closed_on = $3 WHERE recommendation_id = $1 AND closed_by_training_id IS NULL`,
      [d.recommendationId, d.trainingId, d.completedOn],
    );
}

async function applyCalibration(client: PoolClient, t: string, e: RecordedEvent) {
  const ev = { type: e.type, data: e.data } as CalibrationEvent;
  const { opdId, period } = ev.data;
  const sets: string[] = [];
  const vals: unknown[] = [opdId, period];
  const set = (col: string, v: unknown) => {
    vals.push(v);
    sets.push(`${col} = $${vals.length}`);
  };
  switch (ev.type) {
    case 'OrganisationResultSet':
      set('organisation_result', ev.data.result);
      set('organisation_result_reason', ev.data.reason);
      // As in the decider: a new result makes an earlier justification moot.
      set('justification', null);
      break;
    case 'DistributionJustified': {
      const j = ev.data;
      set(
        'justification',
        JSON.stringify({
          text: j.justification,
          counts: j.counts,
          organisationResult: j.organisationResult,
          justifiedBy: j.justifiedBy,
          at: j.at,
        }),
      );
      break;
    }
    case 'UnitAppraisalsIssued': {
      const { opdId: _o, period: _p, ...issued } = ev.data;
      set('issued', JSON.stringify(issued));
      break;
    }
  }
  await client.query(
    `INSERT INTO ${t} (opd_id, period, events, updated_at) VALUES ($1, $2, '[]', $3) ON CONFLICT (opd_id, period) DO NOTHING`,
    [opdId, period, e.recordedAt],
  );
  set('events', JSON.stringify([link(e)]));
  sets[sets.length - 1] = `events = events || $${vals.length}::jsonb`;
  set('updated_at', e.recordedAt);
  await client.query(`UPDATE ${t} SET ${sets.join(', ')} WHERE opd_id = $1 AND period = $2`, vals);
}

// ---------------------------------------------------------------- queries

/** A page of a list that can be long: at most `limit` rows (default 100, at most 1000) after `offset`. */
export interface Page {
  limit?: number;
  offset?: number;
}
const pageOf = (p: Page = {}) => ({
  limit: Math.min(Math.max(1, Math.floor(p.limit ?? 100)), 1000),
  offset: Math.max(0, Math.floor(p.offset ?? 0)),
});

/** An event behind a row: its id and the stream that holds it (`GET /api/v1/audit/streams/{streamId}` replays it). */
export interface EventLink {
  eventId: string;
  streamId: string;
  type: string;
  streamPosition: number;
  recordedAt: string;
}

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface LedgerDbRow {
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

const ledgerRow = (r: LedgerDbRow): AppraisalLedgerRow => ({
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
  updatedAt: iso(r.updated_at)!,
});

/** One employee's appraisal of a period, or null when it has not been rated. */
export async function appraisalOf(pool: Pool, nip: string, period: string): Promise<AppraisalLedgerRow | null> {
  const { rows } = await pool.query<LedgerDbRow>(`SELECT ${COLUMNS} FROM appraisal_ledger WHERE nip = $1 AND period = $2`, [nip, period]);
  return rows[0] ? ledgerRow(rows[0]) : null;
}

/** An employee's ledger, period by period (of one year when given). */
export async function appraisalsOf(pool: Pool, nip: string, year?: number, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE nip = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year, period LIMIT $3 OFFSET $4`,
    [nip, year ?? null, limit, offset],
  );
  return rows.map(ledgerRow);
}

/** The appraisals of a unit (OPD) for a period, by NIP. */
export async function unitLedger(pool: Pool, opdId: string, period: string, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE opd_id = $1 AND period = $2 ORDER BY nip LIMIT $3 OFFSET $4`,
    [opdId, period, limit, offset],
  );
  return rows.map(ledgerRow);
}

/** Objections waiting on this atasan pejabat penilai (escalated ones included: they are still theirs to decide). */
export async function objectionsToDecide(pool: Pool, deciderNip: string, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE state = 'OBJECTED' AND objection->>'decider' = $1 ORDER BY objection->>'decisionDue', nip, period LIMIT $2 OFFSET $3`,
    [deciderNip, limit, offset],
  );
  return rows.map(ledgerRow);
}

/** Undecided objections past their due date: escalated to BKPSDM and shown in everyone's inbox. */
export async function escalatedObjections(pool: Pool, page?: Page): Promise<AppraisalLedgerRow[]> {
  const { limit, offset } = pageOf(page);
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${COLUMNS} FROM appraisal_ledger WHERE state = 'OBJECTED' AND (objection->>'escalated')::boolean ORDER BY objection->>'decisionDue', nip, period LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return rows.map(ledgerRow);
}

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
  recommendedAt: iso(r.recommended_at)!,
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
    listedAt: iso(r.listed_at)!,
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
    flaggedAt: iso(r.flagged_at)!,
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
  const { rows } = await pool.query(`SELECT * FROM promotion_eligibility WHERE nip = $1 ORDER BY year`, [nip]);
  return rows.map((r) => ({
    nip: r.nip,
    year: r.year,
    eligible: r.eligible,
    yearPredikat: r.year_predikat,
    period: r.period,
    determinedAt: iso(r.determined_at)!,
    eventId: r.event_id,
    streamId: r.stream_id,
  }));
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
    recordedAt: iso(r.recorded_at)!,
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
