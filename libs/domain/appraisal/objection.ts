import type { Actor, Nip } from '@kinerja/kernel';
import { holdsRole } from '../access';
import { parsePeriod, Period } from './period';
import type { PositionHolder } from './events';

/**
 * Who decides an objection: the atasan pejabat penilai recorded at the issue, whatever today's org
 * chart says; when nobody was above the rater (the rater heads the OPD), BKPSDM records the decision
 * of the official above, as it records the approval of a top SKP. Null: `by` may not decide it.
 */
export function objectionDecidedAs(decider: PositionHolder | null, by: Actor): 'raterSupervisor' | 'admin_kepegawaian' | null {
  if (decider) return by.nip === decider.nip ? 'raterSupervisor' : null;
  return holdsRole(by, 'admin_kepegawaian') ? 'admin_kepegawaian' : null;
}

/** A training recommendation is named after its appraisal, one per appraisal: TR-<nip>-<period>. */
export const trainingRecommendationId = (nip: Nip, period: Period): string => `TR-${nip}-${period}`;

const RECOMMENDATION_ID = /^TR-(\d{18})-(.+)$/;

/** The appraisal a recommendation id names, or null when the id is not one the decider mints. */
export function appraisalOfRecommendation(id: string): { nip: Nip; period: Period } | null {
  const m = RECOMMENDATION_ID.exec(id);
  return m && parsePeriod(m[2]) ? { nip: m[1], period: m[2] } : null;
}
