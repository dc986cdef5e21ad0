import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import type { ServiceRatings } from './commands';

export type PublicFeedbackLinkOpened = DomainEvent<
  'PublicFeedbackLinkOpened',
  { linkId: string; nip: Nip; year: number; orgUnitId: string | null; service: string; openedBy: string; at: Instant }
>;
export type PublicFeedbackLinkClosed = DomainEvent<'PublicFeedbackLinkClosed', { linkId: string; closedBy: string; at: Instant }>;
/** No identity, no address: only what was said. */
export type PublicFeedbackGiven = DomainEvent<
  'PublicFeedbackGiven',
  { linkId: string; ratings: ServiceRatings; comment?: string; at: Instant }
>;

export type PublicFeedbackEvent = PublicFeedbackLinkOpened | PublicFeedbackLinkClosed | PublicFeedbackGiven;
export const PUBLIC_FEEDBACK_EVENT_TYPES = [
  'PublicFeedbackLinkOpened',
  'PublicFeedbackLinkClosed',
  'PublicFeedbackGiven',
] as const satisfies readonly PublicFeedbackEvent['type'][];

/** One stream per link, named by the hash of its token. */
export const publicFeedbackStreamId = (linkId: string) => `PublicFeedback-${linkId}`;
