import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import fc from 'fast-check';
import { isKinerjaError } from '@kinerja/kernel';
import { EVIDENCE_SAMPLES, zipOf } from './fixtures';
import {
  checkEvidenceContent,
  DEFAULT_EVIDENCE_MAX_BYTES,
  EVIDENCE_CONTENT_TYPES,
  EvidenceCommand,
  evidenceDecider,
  EvidenceEvent,
} from './index';

const NIP = '198503122010011002';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const now = '2026-03-20T16:00:00+07:00';
const H = 'a'.repeat(64);
const upload = (over: Record<string, unknown> = {}): EvidenceCommand =>
  ({
    type: 'UploadEvidence',
    sha256: H,
    size: 1234,
    contentType: 'application/pdf',
    maxBytes: DEFAULT_EVIDENCE_MAX_BYTES,
    by: me,
    now,
    ...over,
  }) as EvidenceCommand;
const uploaded = (nip = NIP): EvidenceEvent => ({
  type: 'EvidenceUploaded',
  data: { sha256: H, size: 1234, contentType: 'application/pdf', uploadedBy: nip, at: now },
});
const given = (events: EvidenceEvent[]) => spec(evidenceDecider).given(events);

describe('UploadEvidence', () => {
  it('records the hash, size and type of an uploaded file, and who uploaded it', () => {
    given([]).when(upload()).then([uploaded()]);
    given([])
      .when(upload({ contentType: 'Image/PNG; charset=binary' }))
      .thenMatches((e) => expect(e[0].data.contentType).toBe('image/png'));
  });
  it('is a no-op when the same person uploads the same bytes again; another uploader is recorded', () => {
    given([uploaded()]).when(upload()).then([]);
    given([uploaded('197001011995031001')])
      .when(upload())
      .then([uploaded()]);
  });
  it('refuses a file over the limit, a refused type, an empty file, a bad hash, an uploader without NIP', () => {
    given([])
      .when(upload({ size: DEFAULT_EVIDENCE_MAX_BYTES + 1 }))
      .thenThrows('EVIDENCE_TOO_LARGE', { maxBytes: DEFAULT_EVIDENCE_MAX_BYTES });
    given([])
      .when(upload({ contentType: 'text/html' }))
      .thenThrows('EVIDENCE_TYPE_REFUSED');
    given([])
      .when(upload({ contentType: 'application/zip' }))
      .thenThrows('EVIDENCE_TYPE_REFUSED');
    given([])
      .when(upload({ size: 0 }))
      .thenThrows('EVIDENCE_EMPTY');
    given([])
      .when(upload({ sha256: 'xyz' }))
      .thenThrows('INVALID_SHA256');
    given([])
      .when(upload({ by: { userId: 'admin', roles: ['admin_kepegawaian'] } }))
      .thenThrows('UPLOADER_WITHOUT_NIP');
  });
});

describe('checkEvidenceContent', () => {
  const codeOf = (bytes: Uint8Array, type: (typeof EVIDENCE_CONTENT_TYPES)[number]) => {
    try {
      checkEvidenceContent(bytes, type);
      return undefined;
    } catch (e) {
      if (!isKinerjaError(e)) throw e;
      return e.code;
    }
  };
  const enc = (s: string) => new TextEncoder().encode(s);

  it('accepts each type whose bytes carry its signature', () => {
    for (const type of EVIDENCE_CONTENT_TYPES)
      expect({ type, code: codeOf(EVIDENCE_SAMPLES[type], type) }).toEqual({ type, code: undefined });
  });

  it('refuses bytes of another type, whatever the declared type', () => {
    for (const declared of EVIDENCE_CONTENT_TYPES)
      for (const actual of EVIDENCE_CONTENT_TYPES)
        if (declared !== actual)
          expect({ declared, actual, code: codeOf(EVIDENCE_SAMPLES[actual], declared) }).toEqual({
            declared,
            actual,
            code: 'EVIDENCE_CONTENT_MISMATCH',
          });
  });

  it('refuses a script, an executable, a plain ZIP and a ZIP that only names an Office part in its data', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(codeOf(enc('<script>alert(1)</script>'), 'application/pdf')).toBe('EVIDENCE_CONTENT_MISMATCH');
    expect(codeOf(enc(' %PDF-1.4'), 'application/pdf')).toBe('EVIDENCE_CONTENT_MISMATCH');
    expect(codeOf(enc('MZ\x90\x00 this program cannot be run in DOS mode'), 'image/jpeg')).toBe('EVIDENCE_CONTENT_MISMATCH');
    expect(codeOf(zipOf({ 'payload.exe': 'MZ' }), docx)).toBe('EVIDENCE_CONTENT_MISMATCH');
    expect(codeOf(zipOf({ 'notes.txt': '[Content_Types].xml word/document.xml' }), docx)).toBe('EVIDENCE_CONTENT_MISMATCH');
    expect(codeOf(EVIDENCE_SAMPLES[docx].subarray(0, 40), docx)).toBe('EVIDENCE_CONTENT_MISMATCH');
  });

  it('never throws anything but its code on arbitrary bytes', () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...EVIDENCE_CONTENT_TYPES), fc.boolean(), (bytes, type, zipHead) => {
        const b = zipHead ? Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes, 0x50, 0x4b, 0x05, 0x06, ...bytes.subarray(0, 18)]) : bytes;
        expect([undefined, 'EVIDENCE_CONTENT_MISMATCH']).toContain(codeOf(b, type));
      }),
    ));
});
