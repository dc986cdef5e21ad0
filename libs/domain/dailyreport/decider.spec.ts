import fc from 'fast-check';
import { deciderSpec as spec, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import type { Actor } from '@kinerja/kernel';
import { dailyReportDecider } from './decider';
import type { DailyReportCommand } from './commands';
import type { DailyReportEvent, DailyReportFiled } from './events';

const NIP = '198503122010011002';
const SUP = '197001011995031001';
const me: Actor = { userId: 'u-me', nip: NIP, roles: ['pegawai'] };
const sup: Actor = { userId: 'u-sup', nip: SUP, roles: ['pegawai'] };
const now = '2026-03-20T16:00:00+07:00';
const given = (events: DailyReportEvent[]) => spec(dailyReportDecider).given(events);

const file = (over: Record<string, unknown> = {}): DailyReportCommand =>
  ({
    type: 'FileDailyReport',
    nip: NIP,
    month: '2026-03',
    by: me,
    now,
    reportId: 'LH-1',
    date: '2026-03-19',
    durationMinutes: 120,
    resultId: 'A-1',
    output: 'Rekap data imunisasi',
    today: '2026-03-20',
    windowDays: 7,
    knownResultIds: ['A-1', 'A-2'],
    ...over,
  }) as DailyReportCommand;
const filed = (over: Partial<DailyReportFiled['data']> = {}): DailyReportFiled => ({
  type: 'DailyReportFiled',
  data: {
    nip: NIP,
    month: '2026-03',
    at: now,
    reportId: 'LH-1',
    date: '2026-03-19',
    durationMinutes: 120,
    resultId: 'A-1',
    output: 'Rekap data imunisasi',
    revision: 1,
    ...over,
  },
});
const answer = (over: Record<string, unknown> = {}): DailyReportCommand =>
  ({
    type: 'AnswerDailyReport',
    nip: NIP,
    month: '2026-03',
    by: sup,
    now,
    reportId: 'LH-1',
    kind: 'ACKNOWLEDGED',
    ...over,
  }) as DailyReportCommand;
const unlock = (date: string): DailyReportCommand => ({
  type: 'UnlockReportingDay',
  nip: NIP,
  month: '2026-03',
  by: sup,
  now,
  date,
  today: '2026-03-20',
});

describe('FileDailyReport', () => {
  it('files a report for a day within the window, with optional evidence', () => {
    given([]).when(file()).then([filed()]);
    given([])
      .when(file({ evidenceUrl: 'https://drive.example/x.pdf', date: '2026-03-13' }))
      .then([filed({ evidenceUrl: 'https://drive.example/x.pdf', date: '2026-03-13' })]);
  });
  it('refuses a future date and a day more than the window back, unless the supervisor unlocked it', () => {
    given([])
      .when(file({ date: '2026-03-21' }))
      .thenThrows('REPORT_DATE_IN_FUTURE');
    given([])
      .when(file({ date: '2026-03-12' }))
      .thenThrows('REPORTING_WINDOW_CLOSED', { windowDays: 7 });
    given([{ type: 'ReportingDayUnlocked', data: { nip: NIP, month: '2026-03', at: now, date: '2026-03-02', unlockedBy: SUP } }])
      .when(file({ date: '2026-03-02' }))
      .then([filed({ date: '2026-03-02' })]);
  });
  it('refuses an RHK not in the plan, and bad input', () => {
    given([])
      .when(file({ resultId: 'Z-9' }))
      .thenThrows('UNKNOWN_RESULT');
    given([])
      .when(file({ output: ' ' }))
      .thenThrows('MISSING_FIELD', { field: 'output' });
    given([])
      .when(file({ output: 'x'.repeat(1001) }))
      .thenThrows('TEXT_TOO_LONG');
    given([])
      .when(file({ durationMinutes: 0 }))
      .thenThrows('INVALID_DURATION');
    given([])
      .when(file({ durationMinutes: 1441 }))
      .thenThrows('INVALID_DURATION');
    given([])
      .when(file({ evidenceUrl: 'javascript:alert(1)' }))
      .thenThrows('INVALID_EVIDENCE_LINK');
    given([])
      .when(file({ date: '2026-02-27' }))
      .thenThrows('DATE_OUTSIDE_MONTH');
    given([])
      .when(file({ date: '2026-03-32' }))
      .thenThrows('INVALID_DATE');
    given([])
      .when(file({ month: '2026-13' }))
      .thenThrows('INVALID_MONTH');
  });
  it('refuses a second report under the same id, but takes a revision the supervisor asked for', () => {
    given([filed()]).when(file()).thenThrows('REPORT_EXISTS');
    const sentBack: DailyReportEvent = {
      type: 'DailyReportAnswered',
      data: { nip: NIP, month: '2026-03', at: now, reportId: 'LH-1', kind: 'NEEDS_REVISION', note: 'lampirkan bukti', answeredBy: SUP },
    };
    given([filed(), sentBack])
      .when(file({ output: 'Rekap + bukti', today: '2026-03-31' }))
      .then([filed({ output: 'Rekap + bukti', revision: 2 })]);
  });
});

describe('AnswerDailyReport', () => {
  it('acknowledges, or answers with a note', () => {
    given([filed()])
      .when(answer())
      .then([
        {
          type: 'DailyReportAnswered',
          data: { nip: NIP, month: '2026-03', at: now, reportId: 'LH-1', kind: 'ACKNOWLEDGED', answeredBy: SUP },
        },
      ]);
    given([filed()])
      .when(answer({ kind: 'NOTE', note: ' Bagus ' }))
      .thenMatches((e) => expect(e[0].data).toMatchObject({ kind: 'NOTE', note: 'Bagus' }));
  });
  it('asks a note for NOTE and NEEDS_REVISION; refuses an unknown report, a second answer, an unknown kind', () => {
    given([filed()])
      .when(answer({ kind: 'NEEDS_REVISION' }))
      .thenThrows('MISSING_FIELD', { field: 'note' });
    given([]).when(answer()).thenThrows('REPORT_NOT_FOUND');
    given([
      filed(),
      {
        type: 'DailyReportAnswered',
        data: { nip: NIP, month: '2026-03', at: now, reportId: 'LH-1', kind: 'ACKNOWLEDGED', answeredBy: SUP },
      },
    ])
      .when(answer())
      .thenThrows('REPORT_ALREADY_ANSWERED');
    given([filed()])
      .when(answer({ kind: 'GOOD' }))
      .thenThrows('INVALID_FEEDBACK_KIND');
  });
});

describe('UnlockReportingDay', () => {
  it('unlocks a past day once; again is a no-op; a future day is refused', () => {
    given([])
      .when(unlock('2026-03-02'))
      .then([{ type: 'ReportingDayUnlocked', data: { nip: NIP, month: '2026-03', at: now, date: '2026-03-02', unlockedBy: SUP } }]);
    given([{ type: 'ReportingDayUnlocked', data: { nip: NIP, month: '2026-03', at: now, date: '2026-03-02', unlockedBy: SUP } }])
      .when(unlock('2026-03-02'))
      .then([]);
    given([]).when(unlock('2026-03-25')).thenThrows('REPORT_DATE_IN_FUTURE');
  });
});

describe('report ids that are names of Object.prototype', () => {
  it('answer no report that was never filed, and are ordinary ids once filed', () =>
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), (id) => {
        given([filed()])
          .when(answer({ reportId: id }))
          .thenThrows('REPORT_NOT_FOUND', { reportId: id });
        given([filed({ reportId: id })])
          .when(answer({ reportId: id }))
          .thenMatches((es) => expect(es).toMatchObject([{ type: 'DailyReportAnswered', data: { reportId: id } }]));
      }),
    ));
});
