import type { Actor, Instant, Nip } from '@kinerja/kernel';

/** The seven BerAKHLAK core values, on which behaviour feedback is given. */
export const BERAKHLAK = ['BERORIENTASI_PELAYANAN', 'AKUNTABEL', 'KOMPETEN', 'HARMONIS', 'LOYAL', 'ADAPTIF', 'KOLABORATIF'] as const;
export type BerakhlakValue = (typeof BERAKHLAK)[number];
/** A score per value, 1 (far below expectation) to 5 (far above). */
export type BehaviourScores = Record<BerakhlakValue, number>;

export type FeedbackRelation = 'PEER' | 'SUBORDINATE';

/** Peer and subordinate answers are shown to the rater only once this many have answered. */
export const MIN_ANSWERS_FOR_AGGREGATE = 3;

interface Base {
  /** The rated employee. */
  nip: Nip;
  year: number;
  by: Actor;
  now: Instant;
}

export interface InviteFeedback extends Base {
  type: 'InviteFeedback';
  invitees: Array<{ nip: Nip; relation: FeedbackRelation }>;
}

export interface GiveFeedback extends Base {
  type: 'GiveFeedback';
  scores: BehaviourScores;
  comment?: string;
}

export type FeedbackCommand = InviteFeedback | GiveFeedback;
