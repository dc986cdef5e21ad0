import type { Actor, Instant, Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';

export type FeedbackKind = 'ACKNOWLEDGED' | 'NOTE' | 'NEEDS_REVISION';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['ACKNOWLEDGED', 'NOTE', 'NEEDS_REVISION'];

/** Policy default: a report may be filed up to this many days after the day it is about. */
export const DEFAULT_REPORTING_WINDOW_DAYS = 7;

interface Base {
  nip: Nip;
  /** The month of the stream, `YYYY-MM`. */
  month: string;
  by: Actor;
  now: Instant;
}

export interface FileDailyReport extends Base {
  type: 'FileDailyReport';
  reportId: string;
  date: LocalDate;
  durationMinutes: number;
  /** The RHK the activity serves. */
  resultId: string;
  output: string;
  evidenceUrl?: string;
  /** Facts looked up by the service: today on the Pemda's calendar, the window, the RHK of the employee's plan. */
  today: LocalDate;
  windowDays: number;
  knownResultIds: string[];
}

export interface AnswerDailyReport extends Base {
  type: 'AnswerDailyReport';
  reportId: string;
  kind: FeedbackKind;
  note?: string;
}

/** The supervisor lets a day be reported after the window closed. */
export interface UnlockReportingDay extends Base {
  type: 'UnlockReportingDay';
  date: LocalDate;
  today: LocalDate;
  reason?: string;
}

export type DailyReportCommand = FileDailyReport | AnswerDailyReport | UnlockReportingDay;
