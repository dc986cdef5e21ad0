import { Command, Query } from '@nestjs/cqrs';
import type { Instant } from '@kinerja/kernel';
import type { LocalDate } from '@kinerja/domain/shared';
import type { DueReminder, ReminderEvent } from '@kinerja/domain/reminder';
import type { CommandResult } from '../command-handler';

// The daily reminder check's query and command, as its job sends them. The job is the system's own
// (no actor); it names the instant it checks for, so a retried job checks the same day.

/** Who is due a reminder on the day of `at` (now by the Clock when absent), from the read models. */
export class GetDueReminders extends Query<{ at: Instant; today: LocalDate; due: DueReminder[] }> {
  constructor(readonly at?: Instant) {
    super();
  }
}

/** Sends one due reminder, at most once per (person, kind, day) however often the job is retried. */
export class SendReminder extends Command<CommandResult<ReminderEvent>> {
  constructor(
    readonly reminder: DueReminder,
    /** The instant the job checked for: the reminder's time, not the moment it is appended. */
    readonly at: Instant,
  ) {
    super();
  }
}
