import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { isStreamOfType, type LocalDate } from '@kinerja/domain/shared';
import type { ReminderKind } from './commands';

export type ReminderSent = DomainEvent<'ReminderSent', { nip: Nip; kind: ReminderKind; day: LocalDate; count: number; at: Instant }>;

export type ReminderEvent = ReminderSent;
export const REMINDER_EVENT_TYPES = ['ReminderSent'] as const satisfies readonly ReminderEvent['type'][];

/** One stream per person: the reminders they were sent, a part of their timeline. */
export const REMINDER_STREAM_TYPE = 'Reminder';
export const reminderStreamId = (nip: Nip) => `${REMINDER_STREAM_TYPE}-${nip}`;
export const isReminderStream = isStreamOfType(REMINDER_STREAM_TYPE);
/** The idempotency key of a reminder: one per (person, kind, day), so a retried job appends nothing twice. */
export const reminderKey = (r: { nip: Nip; kind: ReminderKind; day: LocalDate }) => `reminder:${r.nip}:${r.kind}:${r.day}`;
