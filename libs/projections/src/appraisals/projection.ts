import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import {
  APPRAISAL_EVENT_TYPES,
  CALIBRATION_EVENT_TYPES,
  CalibrationEvent,
  FollowUpEvent,
  isAppraisalStream,
  isCalibrationStream,
  isTrainingStream,
  TRAINING_EVENT_TYPES,
  TrainingRecorded,
  YEAR_PREDIKAT_EVENT_TYPES,
  YearPredikatRecorded,
} from '@kinerja/domain/appraisal';
import type { Projection } from '../projection';
import { eventLink } from '../rows';
import { upsert, update } from '../sql';
import { applyAppraisals, flushAppraisals, LEDGER_TABLE } from './ledger';

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
    appraisal_ledger: LEDGER_TABLE,
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
  // Its apply reads its tables by primary key only: a rebuild builds the indexes once, after the fill.
  readsOnlyByKey: true,
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
  async apply(events, { client, table, filling, held }) {
    // The events of each appraisal stream in this batch are folded together, and all the streams'
    // rows read and written at once (applyAppraisals): a row depends on its own stream's events
    // only, and no other handler here reads the ledger.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      if (isAppraisalStream(e.streamId)) {
        const run = byStream.get(e.streamId);
        if (run) run.push(e);
        else byStream.set(e.streamId, [e]);
        await applyFollowUp(client, table, e);
        continue;
      }
      if (isCalibrationStream(e.streamId)) await applyCalibration(client, table('unit_calibration'), e);
      else if (isTrainingStream(e.streamId) && e.type === 'TrainingRecorded') await applyTraining(client, table, e);
      else if (e.type === 'YearPredikatRecorded') await applyYearPredikat(client, table, e);
    }
    await applyAppraisals(client, table('appraisal_ledger'), [...byStream.values()], filling, held);
  },
  // A rebuild holds the drafts (rated, not yet issued) in memory, and writes those left at the end here.
  async flush(rows, { client, table }) {
    await flushAppraisals(client, table('appraisal_ledger'), rows);
  },
};

async function applyFollowUp(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const ev = { type: e.type, data: e.data } as FollowUpEvent;
  // Every follow-up row names the event behind it, so an inspector can replay it.
  const source = { event_id: e.id, stream_id: e.streamId };
  switch (ev.type) {
    case 'TrainingRecommended': {
      const d = ev.data;
      const row = {
        recommendation_id: d.recommendationId,
        nip: d.nip,
        period: d.period,
        predikat: d.predikat,
        weakest_behaviours: JSON.stringify(d.weakestBehaviours),
        missed_results: JSON.stringify(d.missedResults),
        proposal: d.proposal,
        recommended_at: d.at,
        ...source,
      };
      await client.query(upsert(table('training_recommendation'), row, { key: ['recommendation_id'], onConflict: 'nothing' }));
      // No training can name it before it exists: the training decider checks the log first.
      return;
    }
    case 'RewardListed': {
      const row = { nip: ev.data.nip, period: ev.data.period, predikat: ev.data.predikat, listed_at: ev.data.at, ...source };
      await client.query(upsert(table('reward_list'), row, { key: ['nip', 'period'], onConflict: 'nothing' }));
      return;
    }
    case 'SanctionCaseFlagged': {
      const row = {
        case_id: ev.data.caseId,
        nip: ev.data.nip,
        periods: JSON.stringify(ev.data.periods),
        flagged_at: ev.data.at,
        ...source,
      };
      await client.query(upsert(table('sanction_case'), row, { key: ['case_id'], onConflict: 'nothing' }));
      return;
    }
    case 'PromotionEligibilityDetermined': {
      const d = ev.data;
      const row = {
        nip: d.nip,
        year: d.year,
        eligible: d.eligible,
        year_predikat: JSON.stringify(d.yearPredikat),
        period: d.period,
        determined_at: d.at,
        ...source,
      };
      await client.query(upsert(table('promotion_eligibility'), row, { key: ['nip', 'year'] }));
      return;
    }
  }
}

async function applyTraining(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const d = (e as unknown as TrainingRecorded).data;
  const row = {
    training_id: d.trainingId,
    nip: d.nip,
    course: d.course,
    hours: d.hours,
    completed_on: d.completedOn,
    year: d.year,
    recommendation_id: d.recommendationId,
    event_id: e.id,
    stream_id: e.streamId,
  };
  await client.query(upsert(table('training_record'), row, { key: ['training_id'], onConflict: 'nothing' }));
  if (d.recommendationId)
    await client.query(
      `UPDATE ${table('training_recommendation')} SET closed_by_training_id = $2, closed_on = $3 WHERE recommendation_id = $1 AND closed_by_training_id IS NULL`,
      [d.recommendationId, d.trainingId, d.completedOn],
    );
}

async function applyYearPredikat(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const d = (e as unknown as YearPredikatRecorded).data;
  const row = {
    nip: d.nip,
    year: d.year,
    predikat: d.predikat,
    source: d.source,
    reason: d.reason,
    recorded_at: d.at,
    event_id: e.id,
    stream_id: e.streamId,
  };
  await client.query(upsert(table('year_predikat'), row, { key: ['nip', 'year'], onConflict: 'nothing' }));
}

/** What a calibration event changes in its unit's row (the list of events aside). */
interface CalibrationChange {
  organisation_result?: string;
  organisation_result_reason?: string;
  justification?: string | null;
  issued?: string;
}

function calibrationChange(ev: CalibrationEvent): CalibrationChange {
  switch (ev.type) {
    case 'OrganisationResultSet':
      // As in the decider: a new result makes an earlier justification moot.
      return { organisation_result: ev.data.result, organisation_result_reason: ev.data.reason, justification: null };
    case 'DistributionJustified': {
      const j = ev.data;
      return {
        justification: JSON.stringify({
          text: j.justification,
          counts: j.counts,
          organisationResult: j.organisationResult,
          justifiedBy: j.justifiedBy,
          at: j.at,
        }),
      };
    }
    case 'UnitAppraisalsIssued': {
      const { opdId: _o, period: _p, ...issued } = ev.data;
      return { issued: JSON.stringify(issued) };
    }
  }
}

async function applyCalibration(client: PoolClient, t: string, e: RecordedEvent) {
  const ev = { type: e.type, data: e.data } as CalibrationEvent;
  const key = { opd_id: ev.data.opdId, period: ev.data.period };
  await client.query(upsert(t, { ...key, events: '[]', updated_at: e.recordedAt }, { key: ['opd_id', 'period'], onConflict: 'nothing' }));
  const change = { ...calibrationChange(ev), events: JSON.stringify([eventLink(e)]), updated_at: e.recordedAt };
  await client.query(update(t, key, change, { events: '{column} || {value}::jsonb' }));
}
