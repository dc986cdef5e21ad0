import { Actor, badInput, Decider, DomainEvent, Instant, KinerjaError, Nip } from '@kinerja/kernel';

/** Evidence files are stored content-addressed; these are the types accepted (pdf, png, jpeg, docx, xlsx). */
export const EVIDENCE_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/** Policy default: the largest evidence file, in bytes (10 MB). */
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The media type without parameters, lower case (`Image/PNG; x=y` -> `image/png`). */
export const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** Refusals checked before a byte is stored, and again by the decider. */
export function checkEvidenceType(contentType: string | undefined): EvidenceContentType {
  const type = mediaTypeOf(contentType);
  if (!(EVIDENCE_CONTENT_TYPES as readonly string[]).includes(type))
    throw badInput('EVIDENCE_TYPE_REFUSED', 'evidence is a PDF, PNG, JPEG, DOCX or XLSX file', { contentType: type || null, allowed: EVIDENCE_CONTENT_TYPES });
  return type as EvidenceContentType;
}

export function evidenceTooLarge(size: number, maxBytes: number): KinerjaError {
  return new KinerjaError('EVIDENCE_TOO_LARGE', `an evidence file is at most ${maxBytes} bytes`, 'TOO_LARGE', { size, maxBytes });
}

export interface UploadEvidence {
  type: 'UploadEvidence';
  sha256: string;
  size: number;
  contentType: string;
  maxBytes: number;
  by: Actor;
  now: Instant;
}
export type EvidenceCommand = UploadEvidence;

export type EvidenceUploaded = DomainEvent<'EvidenceUploaded', { sha256: string; size: number; contentType: EvidenceContentType; uploadedBy: Nip; at: Instant }>;
export type EvidenceEvent = EvidenceUploaded;
export const EVIDENCE_EVENT_TYPES = ['EvidenceUploaded'] as const satisfies readonly EvidenceEvent['type'][];

/** One stream per file content: who uploaded it (the people whose records it may back). */
export const evidenceStreamId = (sha256: string) => `Evidence-${sha256}`;

export interface EvidenceState {
  sha256?: string;
  size?: number;
  contentType?: EvidenceContentType;
  uploaders: Nip[];
}

export const initialEvidenceState = (): EvidenceState => ({ uploaders: [] });

export function evolveEvidence(state: EvidenceState, e: EvidenceEvent): EvidenceState {
  const d = e.data;
  return { sha256: d.sha256, size: d.size, contentType: d.contentType, uploaders: state.uploaders.includes(d.uploadedBy) ? state.uploaders : [...state.uploaders, d.uploadedBy] };
}

export function decideEvidence(cmd: EvidenceCommand, state: EvidenceState): EvidenceEvent[] {
  const contentType = checkEvidenceType(cmd.contentType);
  if (!Number.isInteger(cmd.size) || cmd.size < 1) throw badInput('EVIDENCE_EMPTY', 'an evidence file has at least one byte', { size: cmd.size });
  if (cmd.size > cmd.maxBytes) throw evidenceTooLarge(cmd.size, cmd.maxBytes);
  if (!SHA256_PATTERN.test(cmd.sha256)) throw badInput('INVALID_SHA256', 'sha256 is 64 lower-case hex digits', { sha256: cmd.sha256 });
  if (!cmd.by.nip) throw badInput('UPLOADER_WITHOUT_NIP', 'evidence is uploaded by an employee (an account with a NIP)');
  // The same bytes uploaded again by the same person: nothing new to record.
  if (state.uploaders.includes(cmd.by.nip)) return [];
  return [{ type: 'EvidenceUploaded', data: { sha256: cmd.sha256, size: cmd.size, contentType, uploadedBy: cmd.by.nip, at: cmd.now } }];
}

export const evidenceDecider: Decider<EvidenceCommand, EvidenceEvent, EvidenceState> = {
  decide: decideEvidence,
  evolve: evolveEvidence,
  initialState: initialEvidenceState,
};
