import type { Pool } from 'pg';
import type { RecordedEvidence } from '@kinerja/domain/realisation';

// The reads of the `realisations` table (./projection.ts).

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
  const { rows } = await pool.query<RealisationDbRow>('SELECT * FROM realisations WHERE nip = $1 AND period = $2 ORDER BY indicator_id', [
    nip,
    period,
  ]);
  return rows.map(row);
}

/** Realisations not yet answered, of the given people (a rater's direct reports). */
export async function unansweredRealisationsOf(pool: Pool, nips: string[]): Promise<RealisationRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query<RealisationDbRow>(
    'SELECT * FROM realisations WHERE answer_kind IS NULL AND nip = ANY($1) ORDER BY period, nip, indicator_id',
    [nips],
  );
  return rows.map(row);
}
