import type { Instant, Nip } from '@kinerja/kernel';
import type { LocalDate } from '@kinerja/domain/shared';

/** No daily report for three working days; or items (reports, plans) waiting on a rater. */
export const REMINDER_KINDS = ['NO_DAILY_REPORT', 'UNANSWERED_ITEMS'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A reminder the daily check found due: to whom, what, on which day, and how many items. */
export interface DueReminder {
  nip: Nip;
  kind: ReminderKind;
  day: LocalDate;
  count: number;
}

export interface SendReminder extends DueReminder {
  type: 'SendReminder';
  now: Instant;
}

export type ReminderCommand = SendReminder;
