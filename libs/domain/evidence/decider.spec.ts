import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { DEFAULT_EVIDENCE_MAX_BYTES, EvidenceCommand, evidenceDecider, EvidenceEvent } from './index';

const NIP = '198503122010011002';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const now = '2026-03-20T16:00:00+07:00';
const H = 'a'.repeat(64);
const upload = (over: Record<string, unknown> = {}): EvidenceCommand =>
  ({ type: 'UploadEvidence', sha256: H, size: 1234, contentType: 'application/pdf', maxBytes: DEFAULT_EVIDENCE_MAX_BYTES, by: me, now, ...over }) as EvidenceCommand;
const uploaded = (nip = NIP): EvidenceEvent => ({ type: 'EvidenceUploaded', data: { sha256: H, size: 1234, contentType: 'application/pdf', uploadedBy: nip, at: now } });
const given = (events: EvidenceEvent[]) => spec(evidenceDecider).given(events);

describe('UploadEvidence', () => {
  it('records the hash, size and type of an uploaded file, and who uploaded it', () => {
    given([]).when(upload()).then([uploaded()]);
    given([]).when(upload({ contentType: 'Image/PNG; charset=binary' })).thenMatches((e) => expect(e[0].data.contentType).toBe('image/png'));
  });
  it('is a no-op when the same person uploads the same bytes again; another uploader is recorded', () => {
    given([uploaded()]).when(upload()).then([]);
    given([uploaded('197001011995031001')]).when(upload()).then([uploaded()]);
  });
  it('refuses a file over the limit, a refused type, an empty file, a bad hash, an uploader without NIP', () => {
    given([]).when(upload({ size: DEFAULT_EVIDENCE_MAX_BYTES + 1 })).thenThrows('EVIDENCE_TOO_LARGE', { maxBytes: DEFAULT_EVIDENCE_MAX_BYTES });
    given([]).when(upload({ contentType: 'text/html' })).thenThrows('EVIDENCE_TYPE_REFUSED');
    given([]).when(upload({ contentType: 'application/zip' })).thenThrows('EVIDENCE_TYPE_REFUSED');
    given([]).when(upload({ size: 0 })).thenThrows('EVIDENCE_EMPTY');
    given([]).when(upload({ sha256: 'xyz' })).thenThrows('INVALID_SHA256');
    given([]).when(upload({ by: { userId: 'admin', roles: ['admin_kepegawaian'] } })).thenThrows('UPLOADER_WITHOUT_NIP');
  });
});
