import { badInput, Decider } from '@kinerja/kernel';
import { isLocalDate } from '@kinerja/domain/shared';
import { REMINDER_KINDS, ReminderCommand } from './commands';
import type { ReminderEvent } from './events';

export interface ReminderState {
  /** `${kind}|${day}` of every reminder sent. */
  sent: Record<string, true>;
}

export const initialReminderState = (): ReminderState => ({ sent: {} });

export function evolveReminder(state: ReminderState, event: ReminderEvent): ReminderState {
  return { sent: { ...state.sent, [`${event.data.kind}|${event.data.day}`]: true } };
}

export function decideReminder(cmd: ReminderCommand, state: ReminderState): ReminderEvent[] {
  if (!/^\d{18}$/.test(cmd.nip)) throw badInput('INVALID_NIP', 'a reminder goes to an 18-digit NIP', { nip: cmd.nip });
  if (!(REMINDER_KINDS as readonly string[]).includes(cmd.kind))
    throw badInput('INVALID_REMINDER_KIND', `kind is ${REMINDER_KINDS.join(' or ')}`, { kind: cmd.kind });
  if (!isLocalDate(cmd.day)) throw badInput('INVALID_DATE', 'day is YYYY-MM-DD', { day: cmd.day });
  // At most one reminder of a kind per person per day, whatever retries the job went through.
  if (state.sent[`${cmd.kind}|${cmd.day}`]) return [];
  return [{ type: 'ReminderSent', data: { nip: cmd.nip, kind: cmd.kind, day: cmd.day, count: cmd.count, at: cmd.now } }];
}

export const reminderDecider: Decider<ReminderCommand, ReminderEvent, ReminderState> = {
  decide: decideReminder,
  evolve: evolveReminder,
  initialState: initialReminderState,
};
