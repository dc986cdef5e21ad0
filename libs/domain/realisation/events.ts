import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import type { FeedbackKind } from '../dailyreport';
import { isStreamOfType } from '../shared';

interface Base {
  nip: Nip;
  period: string;
  at: Instant;
}

/** Evidence as recorded: a file carries its hash, size and type, so a changed file is detectable. */
export type RecordedEvidence = { kind: 'FILE'; sha256: string; size: number; contentType: string } | { kind: 'LINK'; url: string };

export type RealisationRecorded = DomainEvent<
  'RealisationRecorded',
  Base & {
    indicatorId: string;
    resultId: string;
    quantity: number;
    quality: number;
    timeMonths: number;
    note?: string;
    evidence: RecordedEvidence[];
    /** 1, +1 per revision asked for */ revision: number;
  }
>;
export type RealisationAnswered = DomainEvent<
  'RealisationAnswered',
  Base & { indicatorId: string; kind: FeedbackKind; note?: string; answeredBy: Nip | null }
>;

export type RealisationEvent = RealisationRecorded | RealisationAnswered;

export const REALISATION_EVENT_TYPES = [
  'RealisationRecorded',
  'RealisationAnswered',
] as const satisfies readonly RealisationEvent['type'][];

/** One stream per employee per period. */
export const REALISATION_STREAM_TYPE = 'Realisation';
export const realisationStreamId = (nip: Nip, period: string) => `${REALISATION_STREAM_TYPE}-${nip}-${period}`;
export const isRealisationStream = isStreamOfType(REALISATION_STREAM_TYPE);
