import { deciderSpec as spec } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { RecordYearPredikat, YearPredikatRecorded, yearPredikatDecider } from './history';

const NIP = '198503122010011002';
const admin: Actor = { userId: 'admin.bkpsdm', roles: ['admin_kepegawaian'] };
const now = '2026-02-02T09:00:00+07:00';
const given = (events: YearPredikatRecorded[]) => spec(yearPredikatDecider).given(events);
const record = (over: Partial<RecordYearPredikat> = {}): RecordYearPredikat => ({
  type: 'RecordYearPredikat',
  nip: NIP,
  year: 2025,
  predikat: 'BAIK',
  source: 'e-Kinerja BKN',
  reason: 'SKP 2025, predikat tahunan',
  appraisedInKinerja: false,
  currentYear: 2026,
  by: admin,
  now,
  ...over,
});
const recorded = (year = 2025, predikat: YearPredikatRecorded['data']['predikat'] = 'BAIK'): YearPredikatRecorded => ({
  type: 'YearPredikatRecorded',
  data: { nip: NIP, year, predikat, source: 'e-Kinerja BKN', reason: 'SKP 2025, predikat tahunan', at: now },
});

describe('RecordYearPredikat (years appraised before kinerja)', () => {
  it('records a past year once', () => {
    given([]).when(record()).then([recorded()]);
    given([recorded(2024)])
      .when(record())
      .then([recorded()]);
    given([recorded()])
      .when(record({ predikat: 'SANGAT_BAIK' }))
      .thenThrows('YEAR_PREDIKAT_EXISTS', { year: 2025, predikat: 'BAIK' });
  });
  it('never overrides a year appraised in kinerja', () => {
    given([])
      .when(record({ appraisedInKinerja: true }))
      .thenThrows('YEAR_APPRAISED_IN_KINERJA');
  });
  // An unknown predikat (UNKNOWN_PREDIKAT) is refused where the body is parsed: libs/contracts/src/appraisal.spec.ts.
  it('refuses this year or a later one, a missing source or reason', () => {
    given([])
      .when(record({ year: 2026 }))
      .thenThrows('INVALID_YEAR');
    given([])
      .when(record({ year: 2025.5 }))
      .thenThrows('INVALID_YEAR');
    given([])
      .when(record({ source: ' ' }))
      .thenThrows('MISSING_FIELD', { field: 'source' });
    given([])
      .when(record({ reason: undefined }))
      .thenThrows('MISSING_FIELD', { field: 'reason' });
  });
});
