import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { deterministicId, type Actor } from '@kinerja/kernel';
import { trainingDecider } from './training';
import type { RecordTraining } from './commands';
import type { TrainingEvent, TrainingRecorded } from './events';

const NIP = '198503122010011002';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const now = '2026-04-02T10:00:00+07:00';
const REC = `TR-${NIP}-2026-02`;
const given = (events: TrainingEvent[]) => spec(trainingDecider).given(events);

const record = (over: Partial<RecordTraining> = {}): RecordTraining => ({
  type: 'RecordTraining',
  nip: NIP,
  course: 'Pelatihan Pelayanan Prima',
  hours: 24,
  completedOn: '2026-03-28',
  recommendations: [REC],
  today: '2026-04-02',
  by: me,
  now,
  ...over,
});
const recorded = (over: Partial<TrainingRecorded['data']> = {}): TrainingRecorded => ({
  type: 'TrainingRecorded',
  data: {
    nip: NIP,
    trainingId: deterministicId('kinerja.training', NIP, 'pelatihan pelayanan prima', '2026-03-28'),
    course: 'Pelatihan Pelayanan Prima',
    hours: 24,
    completedOn: '2026-03-28',
    year: 2026,
    recommendationId: null,
    at: now,
    ...over,
  },
});

describe('RecordTraining', () => {
  it('records a completed training', () => {
    given([])
      .when(record({ course: ' Pelatihan Pelayanan Prima ' }))
      .then([recorded()]);
    given([])
      .when(record({ recommendationId: undefined }))
      .then([recorded()]);
  });

  it('closes a training recommendation of the employee', () => {
    given([])
      .when(record({ recommendationId: REC }))
      .then([recorded({ recommendationId: REC })]);
  });

  it('refuses an unknown recommendation and one closed by an earlier training', () => {
    given([])
      .when(record({ recommendationId: 'TR-OTHER' }))
      .thenThrows('UNKNOWN_RECOMMENDATION', { recommendationId: 'TR-OTHER' });
    given([])
      .when(record({ recommendationId: `TR-${NIP}-2026-01` }))
      .thenThrows('UNKNOWN_RECOMMENDATION');
    const earlier = recorded({ recommendationId: REC });
    given([earlier])
      .when(record({ course: 'Bimtek Analisis Data', recommendationId: REC }))
      .thenThrows('RECOMMENDATION_CLOSED', {
        recommendationId: REC,
        trainingId: earlier.data.trainingId,
      });
  });

  it('records the same course on the same day once, however it is spelled', () => {
    given([recorded()])
      .when(record({ course: 'PELATIHAN PELAYANAN PRIMA' }))
      .thenThrows('TRAINING_EXISTS', { trainingId: recorded().data.trainingId });
    given([recorded()])
      .when(record({ completedOn: '2026-03-29' }))
      .thenMatches((e) => expect(e).toHaveLength(1));
  });

  // Bad hours (INVALID_HOURS) and dates (INVALID_DATE) are refused at the edge: libs/contracts/src/appraisal.spec.ts.
  it('refuses a completion in the future, a missing course', () => {
    given([])
      .when(record({ completedOn: '2026-04-03' }))
      .thenThrows('COMPLETION_IN_FUTURE', { completedOn: '2026-04-03', today: '2026-04-02' });
    given([])
      .when(record({ completedOn: '2026-04-02' }))
      .thenMatches((e) => expect((e[0] as TrainingRecorded).data.completedOn).toBe('2026-04-02'));
    given([])
      .when(record({ course: '  ' }))
      .thenThrows('MISSING_FIELD', { field: 'course' });
    given([])
      .when(record({ course: 'x'.repeat(301) }))
      .thenThrows('TEXT_TOO_LONG', { field: 'course' });
  });
});
