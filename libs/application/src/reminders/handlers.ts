import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { Clock } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { dueReminders, reminderDecider, reminderKey, reminderStreamId } from '@kinerja/domain/reminder';
import { localDateOf } from '@kinerja/domain/shared';
import { reminderInputRows } from '@kinerja/projections';
import { CLOCK, EVENT_STORE, READ_DB } from '../ports';
import { handleCommand } from '../command-handler';
import { GetDueReminders, SendReminder } from './commands';

const SYSTEM = { userId: 'system:reminders', roles: [] };

@QueryHandler(GetDueReminders)
export class GetDueRemindersHandler implements IQueryHandler<GetDueReminders> {
  constructor(
    @Inject(READ_DB) private readonly db: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ at = this.clock.now().toISOString() }: GetDueReminders) {
    const today = localDateOf(at);
    const since = new Date(Date.parse(`${today}T00:00:00Z`) - 21 * 86_400_000).toISOString().slice(0, 10);
    const rows = await reminderInputRows(this.db, Number(today.slice(0, 4)), since);
    return { at, today, due: dueReminders({ today, ...rows }) };
  }
}

@CommandHandler(SendReminder)
export class SendReminderHandler implements ICommandHandler<SendReminder> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ reminder, at }: SendReminder) {
    // Keyed by (person, kind, day): a job killed half-way and retried appends nothing twice.
    return handleCommand(
      this.store,
      reminderStreamId(reminder.nip),
      reminderDecider,
      { type: 'SendReminder', ...reminder, now: at },
      {
        actor: SYSTEM,
        role: 'system',
        idempotencyKey: reminderKey(reminder),
      },
    );
  }
}

export const REMINDER_HANDLERS = [GetDueRemindersHandler, SendReminderHandler];
