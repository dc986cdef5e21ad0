import fc from 'fast-check';
import { deciderSpec as spec, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { realisationDecider } from './decider';
import type { RealisationCommand } from './commands';
import type { RealisationEvent, RealisationRecorded } from './events';

const NIP = '198503122010011002';
const SUP = '197001011995031001';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const sup: Actor = { userId: 'u-sup', nip: SUP, roles: ['pegawai'] };
const now = '2026-03-31T16:00:00+07:00';
const H = 'b'.repeat(64);
const given = (events: RealisationEvent[]) => spec(realisationDecider).given(events);
const plan = {
  approved: true,
  indicators: [
    { indicatorId: 'A-1-I1', resultId: 'A-1' },
    { indicatorId: 'A-2-I1', resultId: 'A-2' },
  ],
};

const record = (over: Record<string, unknown> = {}): RealisationCommand =>
  ({
    type: 'RecordRealisation',
    nip: NIP,
    period: '2026-03',
    by: me,
    now,
    indicatorId: 'A-1-I1',
    quantity: 3,
    quality: 95,
    timeMonths: 1,
    evidence: [
      { kind: 'FILE', sha256: H },
      { kind: 'LINK', url: 'https://drive.example/rekap' },
    ],
    plan,
    storedFiles: new Map([[H, { size: 10, contentType: 'application/pdf' }]]),
    ...over,
  }) as RealisationCommand;
const recorded = (over: Partial<RealisationRecorded['data']> = {}): RealisationRecorded => ({
  type: 'RealisationRecorded',
  data: {
    nip: NIP,
    period: '2026-03',
    at: now,
    indicatorId: 'A-1-I1',
    resultId: 'A-1',
    quantity: 3,
    quality: 95,
    timeMonths: 1,
    evidence: [
      { kind: 'FILE', sha256: H, size: 10, contentType: 'application/pdf' },
      { kind: 'LINK', url: 'https://drive.example/rekap' },
    ],
    revision: 1,
    ...over,
  },
});
const answer = (over: Record<string, unknown> = {}): RealisationCommand =>
  ({
    type: 'AnswerRealisation',
    nip: NIP,
    period: '2026-03',
    by: sup,
    now,
    indicatorId: 'A-1-I1',
    kind: 'ACKNOWLEDGED',
    ...over,
  }) as RealisationCommand;
const answered = (kind: 'ACKNOWLEDGED' | 'NOTE' | 'NEEDS_REVISION', note?: string): RealisationEvent => ({
  type: 'RealisationAnswered',
  data: { nip: NIP, period: '2026-03', at: now, indicatorId: 'A-1-I1', kind, ...(note ? { note } : {}), answeredBy: SUP },
});

describe('RecordRealisation', () => {
  it('records the achieved figures of an indicator of the approved plan, with the hash, size and type of each file', () => {
    given([]).when(record()).then([recorded()]);
    given([])
      .when(record({ evidence: [], note: ' tepat waktu ' }))
      .then([recorded({ evidence: [], note: 'tepat waktu' })]);
    given([])
      .when(
        record({
          evidence: [
            { kind: 'FILE', sha256: H },
            { kind: 'FILE', sha256: H },
          ],
        }),
      )
      .thenMatches((e) => expect((e[0] as RealisationRecorded).data.evidence).toHaveLength(1));
  });
  it('refuses an unapproved plan and an indicator not in it', () => {
    given([])
      .when(record({ plan: { ...plan, approved: false } }))
      .thenThrows('WORKPLAN_NOT_APPROVED');
    given([])
      .when(record({ indicatorId: 'Z-9' }))
      .thenThrows('UNKNOWN_INDICATOR', { indicatorId: 'Z-9' });
  });
  it('refuses a file not in the store, a link that is not http(s), an unknown evidence kind', () => {
    given([])
      .when(record({ storedFiles: new Map() }))
      .thenThrows('EVIDENCE_NOT_FOUND', { sha256: H });
    given([])
      .when(record({ evidence: [{ kind: 'FILE', sha256: 'nope' }] }))
      .thenThrows('INVALID_SHA256');
    given([])
      .when(record({ evidence: [{ kind: 'LINK', url: 'javascript:alert(1)' }] }))
      .thenThrows('INVALID_EVIDENCE_LINK');
    given([])
      .when(record({ evidence: [{ kind: 'PAPER' }] }))
      .thenThrows('INVALID_EVIDENCE_KIND');
    given([])
      .when(record({ evidence: Array.from({ length: 21 }, () => ({ kind: 'LINK', url: 'https://x.example' })) }))
      .thenThrows('TOO_MANY_EVIDENCE_ITEMS');
  });
  it('refuses bad figures and a bad period', () => {
    given([])
      .when(record({ quantity: -1 }))
      .thenThrows('INVALID_ACHIEVEMENT', { field: 'quantity' });
    given([])
      .when(record({ quality: 101 }))
      .thenThrows('INVALID_ACHIEVEMENT', { field: 'quality' });
    given([])
      .when(record({ timeMonths: 13 }))
      .thenThrows('INVALID_ACHIEVEMENT', { field: 'timeMonths' });
    given([])
      .when(record({ quantity: Number.NaN }))
      .thenThrows('INVALID_ACHIEVEMENT');
    given([])
      .when(record({ period: '2026-13' }))
      .thenThrows('INVALID_PERIOD');
    given([])
      .when(record({ note: 'x'.repeat(1001) }))
      .thenThrows('TEXT_TOO_LONG');
  });
  it('records once per indicator per period, again only when the supervisor asked for a revision', () => {
    given([recorded()]).when(record()).thenThrows('REALISATION_EXISTS');
    given([recorded(), answered('ACKNOWLEDGED')])
      .when(record())
      .thenThrows('REALISATION_EXISTS');
    given([recorded(), answered('NEEDS_REVISION', 'lampirkan SK')])
      .when(record({ quantity: 4 }))
      .then([recorded({ quantity: 4, revision: 2 })]);
  });
});

describe('AnswerRealisation', () => {
  it('acknowledges, or answers with a note', () => {
    given([recorded()])
      .when(answer())
      .then([answered('ACKNOWLEDGED')]);
    given([recorded()])
      .when(answer({ kind: 'NOTE', note: ' Baik ' }))
      .then([answered('NOTE', 'Baik')]);
  });
  it('asks a note for NEEDS_REVISION; refuses an unknown realisation, a second answer, an unknown kind', () => {
    given([recorded()])
      .when(answer({ kind: 'NEEDS_REVISION' }))
      .thenThrows('MISSING_FIELD', { field: 'note' });
    given([]).when(answer()).thenThrows('REALISATION_NOT_FOUND');
    given([recorded(), answered('ACKNOWLEDGED')])
      .when(answer())
      .thenThrows('REALISATION_ALREADY_ANSWERED');
    given([recorded()])
      .when(answer({ kind: 'GOOD' }))
      .thenThrows('INVALID_FEEDBACK_KIND');
  });
});

describe('indicator ids and hashes that are names of Object.prototype', () => {
  // Before, answering the realisation `constructor` appended a RealisationAnswered for nothing.
  it('answer no realisation that was never recorded', () =>
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), (id) => {
        given([recorded()])
          .when(answer({ indicatorId: id }))
          .thenThrows('REALISATION_NOT_FOUND', { indicatorId: id });
        given([recorded({ indicatorId: id })])
          .when(answer({ indicatorId: id }))
          .thenMatches((es) => expect(es).toMatchObject([{ type: 'RealisationAnswered', data: { indicatorId: id } }]));
      }),
    ));
});
