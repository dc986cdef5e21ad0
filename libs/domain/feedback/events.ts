import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { isStreamOfType } from '../shared';
import type { BehaviourScores, FeedbackRelation } from './commands';

interface Base {
  nip: Nip;
  year: number;
  at: Instant;
}

export type FeedbackInvited = DomainEvent<'FeedbackInvited', Base & { invitee: Nip; relation: FeedbackRelation; invitedBy: Nip | null }>;
/** The giver is in the event (the record must show who may answer once); read models and views show only aggregates. */
export type FeedbackGiven = DomainEvent<
  'FeedbackGiven',
  Base & { giver: Nip; relation: FeedbackRelation; scores: BehaviourScores; comment?: string }
>;

export type FeedbackEvent = FeedbackInvited | FeedbackGiven;
export const FEEDBACK_EVENT_TYPES = ['FeedbackInvited', 'FeedbackGiven'] as const satisfies readonly FeedbackEvent['type'][];

/** One stream per rated employee per year. */
export const FEEDBACK_STREAM_TYPE = 'Feedback';
export const feedbackStreamId = (nip: Nip, year: number) => `${FEEDBACK_STREAM_TYPE}-${nip}-${year}`;
export const isFeedbackStream = isStreamOfType(FEEDBACK_STREAM_TYPE);
