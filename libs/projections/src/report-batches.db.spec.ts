import type { RecordedEvent } from '@kinerja/event-store';
import { dailyReportStreamId } from '@kinerja/domain/dailyreport';
import { workPlanStreamId } from '@kinerja/domain/workplan';
import { projectionWays } from '../../../test/support/projection-ways';
import { dailyReportsProjection } from './planning';
import { workloadAnalyticsProjection } from './analytics';

const NIP = '199001012020011001';
const OTHER = '199202022021012002';
const MONTH = '2026-11';

let position = 0;
const event = (nip: string, type: string, data: Record<string, unknown>, streamId = dailyReportStreamId(nip, MONTH)): RecordedEvent =>
  ({
    streamId,
    type,
    data: { nip, month: MONTH, at: `2026-11-${String(10 + (position % 15)).padStart(2, '0')}T08:00:00.000Z`, ...data },
    metadata: {},
    globalPosition: String(++position),
  }) as unknown as RecordedEvent;

const filed = (nip: string, reportId: string, revision: number, output: string) =>
  event(nip, 'DailyReportFiled', { reportId, date: '2026-11-10', durationMinutes: 30 * revision, resultId: 'R1', output, revision });
const answered = (nip: string, reportId: string, kind: string, note?: string) =>
  event(nip, 'DailyReportAnswered', { reportId, kind, ...(note ? { note } : {}), answeredBy: OTHER });

// Filings, answers, revisions that clear an answer, a report id that would break a joined key, and
// an event this read model does not keep.
const EVENTS: RecordedEvent[] = [
  filed(NIP, 'LH-1', 1, 'menyusun laporan'),
  filed(OTHER, 'LH-1', 1, 'rapat koordinasi'),
  filed(NIP, 'a|b"c', 1, 'kunjungan'),
  answered(NIP, 'LH-1', 'NEEDS_REVISION', 'lengkapi bukti'),
  event(NIP, 'ReportingDayUnlocked', { date: '2026-11-03', unlockedBy: OTHER, reason: 'sakit' }),
  filed(NIP, 'LH-1', 2, 'menyusun laporan, dengan bukti'),
  answered(OTHER, 'LH-1', 'ACKNOWLEDGED'),
  answered(NIP, 'a|b"c', 'ACKNOWLEDGED'),
  answered(NIP, 'LH-1', 'ACKNOWLEDGED'),
  filed(OTHER, 'LH-1', 2, 'rapat koordinasi, notulen'),
  filed(NIP, 'LH-2', 1, 'pelayanan'),
];

const planned = (type: string, nip: string, supervisorNip: string | null) =>
  event(nip, type, { year: 2026, supervisorNip }, workPlanStreamId(nip, 2026));

describe('the daily reports read model', () => {
  const apply = projectionWays(dailyReportsProjection, { daily_reports: 'nip, month, report_id' }, ['by_event', 'in_batches']);

  it('writes a batch as the same rows as its events one at a time, wherever the batch starts and ends', async () => {
    const byEvent = await apply(
      'by_event',
      EVENTS.map((e) => [e]),
    );
    expect(byEvent.daily_reports).toHaveLength(4);
    expect(byEvent.daily_reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nip: NIP, report_id: 'LH-1', revision: 2, answer_kind: 'ACKNOWLEDGED', answer_note: null }),
        expect.objectContaining({ nip: OTHER, report_id: 'LH-1', revision: 2, answer_kind: null, answered_by: null }),
        expect.objectContaining({ nip: NIP, report_id: 'a|b"c', answer_kind: 'ACKNOWLEDGED', answered_by: OTHER }),
        expect.objectContaining({ nip: NIP, report_id: 'LH-2', answer_kind: null, duration: 30 }),
      ]),
    );
    expect(await apply('in_batches', [EVENTS])).toEqual(byEvent);
    // Two batches split at every point: an answer in the second to a row filed in the first.
    for (let i = 1; i < EVENTS.length; i++) expect(await apply('in_batches', [EVENTS.slice(0, i), EVENTS.slice(i)])).toEqual(byEvent);
  });
});

describe('the workload read model', () => {
  const apply = projectionWays(workloadAnalyticsProjection, { plan_supervisor: 'nip, year', report_fact: 'nip, month, report_id' }, [
    'by_event',
    'in_batches',
  ]);
  const [S1, S2] = ['198001012005011001', '198102022006012002'];
  // A report filed before its plan is known, then the plan, its revision under another supervisor, and
  // reports and revisions around them: each keeps the supervisor of its first filing that had one.
  const events: RecordedEvent[] = [
    filed(OTHER, 'LH-9', 1, 'sebelum SKP'),
    planned('WorkPlanDrafted', NIP, S1),
    filed(NIP, 'LH-1', 1, 'menyusun laporan'),
    planned('WorkPlanDrafted', OTHER, S2),
    answered(NIP, 'LH-1', 'NEEDS_REVISION', 'lengkapi'),
    planned('WorkPlanRevisionStarted', NIP, S2),
    filed(NIP, 'LH-2', 1, 'pelayanan'),
    filed(NIP, 'LH-1', 2, 'dengan bukti'),
    filed(OTHER, 'LH-9', 2, 'sesudah SKP'),
    answered(NIP, 'LH-2', 'ACKNOWLEDGED'),
    planned('WorkPlanRevisionStarted', NIP, null),
    filed(NIP, 'LH-3', 1, 'tanpa atasan'),
  ];

  it('writes a batch as the same rows as its events one at a time, wherever the batch starts and ends', async () => {
    const byEvent = await apply(
      'by_event',
      events.map((e) => [e]),
    );
    expect(byEvent.plan_supervisor).toEqual([
      { nip: NIP, year: 2026, supervisor_nip: null },
      { nip: OTHER, year: 2026, supervisor_nip: S2 },
    ]);
    const supervisorOf = (r: unknown) => [(r as { report_id: string }).report_id, (r as { supervisor_nip: string | null }).supervisor_nip];
    expect(byEvent.report_fact.map(supervisorOf)).toEqual([
      ['LH-1', S1],
      ['LH-2', S2],
      ['LH-3', null],
      ['LH-9', S2],
    ]);
    expect(await apply('in_batches', [events])).toEqual(byEvent);
    for (let i = 1; i < events.length; i++) expect(await apply('in_batches', [events.slice(0, i), events.slice(i)])).toEqual(byEvent);
  });
});
