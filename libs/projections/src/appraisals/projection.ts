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
import { applyAppraisal } from './ledger';


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
      if (isAppraisalStream(e.streamId)) {
        if (run.length && run[0].streamId !== e.streamId) await flush();
        run.push(e);
        await applyFollowUp(client, table, e);
        continue;
      }
      await flush();
      if (isCalibrationStream(e.streamId)) await applyCalibration(client, table('unit_calibration'), e);
      else if (isTrainingStream(e.streamId) && e.type === 'TrainingRecorded') await applyTraining(client, table, e);
      else if (e.type === 'YearPredikatRecorded') await applyYearPredikat(client, table, e);
    }
    await flush();
  },
};

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

async function applyYearPredikat(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const d = (e as unknown as YearPredikatRecorded).data;
  await client.query(
    `INSERT INTO ${table('year_predikat')} (nip, year, predikat, source, reason, recorded_at, event_id, stream_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (nip, year) DO NOTHING`,
    [d.nip, d.year, d.predikat, d.source, d.reason, d.at, e.id, e.streamId],
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
  set('events', JSON.stringify([eventLink(e)]));
  sets[sets.length - 1] = `events = events || $${vals.length}::jsonb`;
  set('updated_at', e.recordedAt);
  await client.query(`UPDATE ${t} SET ${sets.join(', ')} WHERE opd_id = $1 AND period = $2`, vals);
}
