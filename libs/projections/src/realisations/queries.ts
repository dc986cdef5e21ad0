import type { Pool } from 'pg';
import { answerOf, type AnswerColumns, type RowAnswer } from '../answer';
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
  answer: RowAnswer | null;
}

interface RealisationDbRow extends AnswerColumns {
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
  answer: answerOf(r),
});

/** The realisations of an employee in a period, by indicator. */
export async function realisationsOf(pool: Pool, nip: string, period: string): Promise<RealisationRow[]> {
  const { rows } = await pool.query<RealisationDbRow>('SELECT * FROM realisations WHERE nip = $1 AND period = $2 ORDER BY indicator_id', [
    nip,
    period,
  ]);
  return rows.map(row);
}
