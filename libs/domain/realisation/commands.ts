import type { Actor, Instant, Nip } from '@kinerja/kernel';
import type { FeedbackKind } from '../dailyreport';

/** An item of evidence: a stored file named by its content hash, or a link. */
export type EvidenceItem = { kind: 'FILE'; sha256: string } | { kind: 'LINK'; url: string };

/** A stored file as the store knows it, looked up by the service. */
export interface StoredEvidence {
  size: number;
  contentType: string;
}

interface Base {
  nip: Nip;
  /** The period of the stream: monthly by default, `YYYY-MM`. */
  period: string;
  by: Actor;
  now: Instant;
}

export interface RecordRealisation extends Base {
  type: 'RecordRealisation';
  /** The IKI of the approved plan the figures are for. */
  indicatorId: string;
  quantity: number;
  /** Quality achieved, 0..100. */
  quality: number;
  /** Time used, in months, 0..12. */
  timeMonths: number;
  note?: string;
  evidence: EvidenceItem[];
  /** Facts looked up by the service: the plan in force for the period's year, the files in the store. */
  plan: { approved: boolean; indicators: { indicatorId: string; resultId: string }[] };
  storedFiles: ReadonlyMap<string, StoredEvidence>;
}

export interface AnswerRealisation extends Base {
  type: 'AnswerRealisation';
  indicatorId: string;
  kind: FeedbackKind;
  note?: string;
}

export type RealisationCommand = RecordRealisation | AnswerRealisation;
