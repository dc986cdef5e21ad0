import type { Actor, Instant, Nip } from '@kinerja/kernel';

/** The service values a member of the public rates, 1 (very poor) to 5 (very good). */
export const SERVICE_VALUES = ['KECEPATAN', 'KEJELASAN', 'KERAMAHAN', 'KEMUDAHAN'] as const;
export type ServiceValue = (typeof SERVICE_VALUES)[number];
export type ServiceRatings = Record<ServiceValue, number>;

export const MAX_PUBLIC_COMMENT = 500;
export const MAX_SERVICE_NAME = 200;

interface Base {
  /** sha256 of the link's token (the token itself is never stored). */
  linkId: string;
  now: Instant;
}

/** The rater (or BKPSDM) opens a link for the public to rate a service given by an employee's unit. */
export interface OpenPublicFeedbackLink extends Base {
  type: 'OpenPublicFeedbackLink';
  nip: Nip;
  year: number;
  orgUnitId: string | null;
  service: string;
  by: Actor;
}

export interface ClosePublicFeedbackLink extends Base {
  type: 'ClosePublicFeedbackLink';
  by: Actor;
}

/** A member of the public, no account, no identity recorded. */
export interface GivePublicFeedback extends Base {
  type: 'GivePublicFeedback';
  ratings: ServiceRatings;
  comment?: string;
}

export type PublicFeedbackCommand = OpenPublicFeedbackLink | ClosePublicFeedbackLink | GivePublicFeedback;
