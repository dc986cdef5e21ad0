import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { isStreamOfType, type LocalDate } from '../shared';
import type { FeedbackKind } from './commands';

interface Base {
  nip: Nip;
  month: string;
  at: Instant;
}

export type DailyReportFiled = DomainEvent<
  'DailyReportFiled',
  Base & {
    reportId: string;
    date: LocalDate;
    durationMinutes: number;
    resultId: string;
    output: string;
    evidenceUrl?: string;
    /** 1, +1 per revision asked for */ revision: number;
  }
>;
export type DailyReportAnswered = DomainEvent<
  'DailyReportAnswered',
  Base & { reportId: string; kind: FeedbackKind; note?: string; answeredBy: Nip | null }
>;
export type ReportingDayUnlocked = DomainEvent<'ReportingDayUnlocked', Base & { date: LocalDate; unlockedBy: Nip | null; reason?: string }>;

export type DailyReportEvent = DailyReportFiled | DailyReportAnswered | ReportingDayUnlocked;

export const DAILY_REPORT_EVENT_TYPES = [
  'DailyReportFiled',
  'DailyReportAnswered',
  'ReportingDayUnlocked',
] as const satisfies readonly DailyReportEvent['type'][];

/** One stream per employee per month. */
export const DAILY_REPORT_STREAM_TYPE = 'DailyReport';
export const dailyReportStreamId = (nip: Nip, month: string) => `${DAILY_REPORT_STREAM_TYPE}-${nip}-${month}`;
export const isDailyReportStream = isStreamOfType(DAILY_REPORT_STREAM_TYPE);
