import type { Pool } from 'pg';
import { REALISATION_EVENT_TYPES, RealisationEvent, RecordedEvidence } from '@kinerja/domain/realisation';
import type { Projection } from './projection';

/** Realisation per employee, period and indicator, with the evidence and the supervisor's answer. */
export const realisationsProjection: Projection = {
  name: 'realisations',
  version: 1,
  eventTypes: [...REALISATION_EVENT_TYPES],
  tables: {
    realisations: `
      nip          text NOT NULL,
      period       text NOT NULL,
      indicator_id text NOT NULL,
      result_id    text NOT NULL,
      quantity     double precision NOT NULL,
      quality      double precision NOT NULL,
      time_months  double precision NOT NULL,
      note         text,
      evidence     jsonb NOT NULL,
      revision     integer NOT NULL,
      answer_kind  text,
      answer_note  text,
      answered_by  text,
      recorded_at  timestamptz NOT NULL,
      PRIMARY KEY (nip, period, indicator_id)`,
  },
  indexes: ['CREATE INDEX {realisations}_open ON {realisations} (nip) WHERE answer_kind IS NULL'],
  async apply(events, { client, table }) {
    const t = table('realisations');
    for (const e of events) {
      if (!e.streamId.startsWith('Realisation-')) continue;
      const ev = { type: e.type, data: e.data } as RealisationEvent;
      const d = ev.data;
      if (ev.type === 'RealisationRecorded') {
        const r = ev.data;
        await client.query(
          `INSERT INTO ${t} (nip, period, indicator_id, result_id, quantity, quality, time_months, note, evidence, revision, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (nip, period, indicator_id) DO UPDATE SET result_id = EXCLUDED.result_id, quantity = EXCLUDED.quantity, quality = EXCLUDED.quality,
             time_months = EXCLUDED.time_months, note = EXCLUDED.note, evidence = EXCLUDED.evidence, revision = EXCLUDED.revision, recorded_at = EXCLUDED.recorded_at,
             answer_kind = NULL, answer_note = NULL, answered_by = NULL`,
          [r.nip, r.period, r.indicatorId, r.resultId, r.quantity, r.quality, r.timeMonths, r.note ?? null, JSON.stringify(r.evidence), r.revision, r.at],
        );
      } else if (ev.type === 'RealisationAnswered') {
        const a = ev.data;
        await client.query(`UPDATE ${t} SET answer_kind = $4, answer_note = $5, answered_by = $6 WHERE nip = $1 AND period = $2 AND indicator_id = $3`, [
          d.nip, d.period, d.indicatorId, a.kind, a.note ?? null, a.answeredBy,
        ]);
      }
    }
  },
};

export interface RealisationRow {
  nip: string;
  period: string;
  indicatorId: string;
  resultId: string;
  quantity: number;
  quality: number;
  timeMonths: number;
  note: string | null;
  evidence: RecordedEvidence[];
  revision: number;
  answer: { kind: string; note: string | null; answeredBy: string | null } | null;
}

interface RealisationDbRow {
  nip: string;
  period: string;
  indicator_id: string;
  result_id: string;
  quantity: number;
  quality: number;
  time_months: number;
  note: string | null;
  evidence: RecordedEvidence[];
  revision: number;
  answer_kind: string | null;
  answer_note: string | null;
  answered_by: string | null;
}

const row = (r: RealisationDbRow): RealisationRow => ({
  nip: r.nip,
  period: r.period,
  indicatorId: r.indicator_id,
  resultId: r.result_id,
  quantity: r.quantity,
  quality: r.quality,
  timeMonths: r.time_months,
  note: r.note,
  evidence: r.evidence,
  revision: r.revision,
  answer: r.answer_kind ? { kind: r.answer_kind, note: r.answer_note, answeredBy: r.answered_by } : null,
});

/** The realisations of an employee in a period, by indicator. */
export async function realisationsOf(pool: Pool, nip: string, period: string): Promise<RealisationRow[]> {
  const { rows } = await pool.query<RealisationDbRow>('SELECT * FROM realisations WHERE nip = $1 AND period = $2 ORDER BY indicator_id', [nip, period]);
  return rows.map(row);
}

/** Realisations not yet answered, of the given people (a rater's direct reports). */
export async function unansweredRealisationsOf(pool: Pool, nips: string[]): Promise<RealisationRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query<RealisationDbRow>('SELECT * FROM realisations WHERE answer_kind IS NULL AND nip = ANY($1) ORDER BY period, nip, indicator_id', [nips]);
  return rows.map(row);
}
