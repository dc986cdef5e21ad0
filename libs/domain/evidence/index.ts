import { Actor, badInput, Decider, DomainEvent, domainError, Instant, KinerjaError, Nip } from '@kinerja/kernel';

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
    throw badInput('EVIDENCE_TYPE_REFUSED', 'evidence is a PDF, PNG, JPEG, DOCX or XLSX file', {
      contentType: type || null,
      allowed: EVIDENCE_CONTENT_TYPES,
    });
  return type as EvidenceContentType;
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;

/**
 * The names of the entries of a ZIP file, from its central directory (where the archive itself
 * lists them; names met while scanning the data could be inside compressed bytes). Undefined when
 * the bytes are no ZIP archive.
 */
function zipEntryNames(b: Uint8Array): string[] | undefined {
  const EOCD = [0x50, 0x4b, 0x05, 0x06];
  const CENTRAL = [0x50, 0x4b, 0x01, 0x02];
  if (!startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return undefined;
  // The end record is the last 22 bytes, followed by a comment of at most 65535 bytes.
  let end = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--)
    if (startsWith(b, EOCD, i)) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const count = u16(b, end + 10);
  const names: string[] = [];
  for (let i = 0, at = u32(b, end + 16); i < count; i++) {
    if (!startsWith(b, CENTRAL, at) || at + 46 > b.length) return undefined;
    const nameLength = u16(b, at + 28);
    names.push(String.fromCharCode(...b.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + u16(b, at + 30) + u16(b, at + 32);
  }
  return names;
}

/** An Office Open XML package whose main part lives under `folder` (`word/`, `xl/`). */
const officePackage = (folder: string) => (b: Uint8Array) => {
  const names = zipEntryNames(b);
  return !!names && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder));
};

/** What the first bytes of each accepted type are (its signature, or "magic number"). */
const SIGNATURE_OF: ReadonlyMap<EvidenceContentType, (bytes: Uint8Array) => boolean> = new Map([
  ['application/pdf', (b: Uint8Array) => startsWith(b, ascii('%PDF-'))],
  ['image/png', (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', officePackage('word/')],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', officePackage('xl/')],
]);

/**
 * The bytes must be what the declared type says: a name or a Content-Type header is the
 * uploader's word, and a script or an executable stored as "PDF" would be handed to every
 * supervisor who opens the evidence.
 */
export function checkEvidenceContent(bytes: Uint8Array, contentType: EvidenceContentType): void {
  if (!SIGNATURE_OF.get(contentType)?.(bytes))
    throw domainError(
      'EVIDENCE_CONTENT_MISMATCH',
      { contentType },
      `the file's content is not ${contentType}: its first bytes are not that type's signature`,
    );
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

export type EvidenceUploaded = DomainEvent<
  'EvidenceUploaded',
  { sha256: string; size: number; contentType: EvidenceContentType; uploadedBy: Nip; at: Instant }
>;
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
  return {
    sha256: d.sha256,
    size: d.size,
    contentType: d.contentType,
    uploaders: state.uploaders.includes(d.uploadedBy) ? state.uploaders : [...state.uploaders, d.uploadedBy],
  };
}

export function decideEvidence(cmd: EvidenceCommand, state: EvidenceState): EvidenceEvent[] {
  const contentType = checkEvidenceType(cmd.contentType);
  if (!Number.isInteger(cmd.size) || cmd.size < 1)
    throw badInput('EVIDENCE_EMPTY', 'an evidence file has at least one byte', { size: cmd.size });
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
