import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { reminderDecider } from './decider';
import type { ReminderCommand } from './commands';
import type { ReminderEvent } from './events';
import { dueReminders, workingDaysBefore } from './due';

const A = '198503122010011002';
const B = '198601012010011001';
const RATER = '197001011995031001';
const now = '2026-06-10T07:00:00+07:00';
const sent = (kind: 'NO_DAILY_REPORT' | 'UNANSWERED_ITEMS', day = '2026-06-10'): ReminderEvent => ({
  type: 'ReminderSent',
  data: { nip: A, kind, day, count: 3, at: now },
});
const send = (over: Record<string, unknown> = {}) =>
  ({ type: 'SendReminder', nip: A, kind: 'NO_DAILY_REPORT', day: '2026-06-10', count: 3, now, ...over }) as ReminderCommand;

describe('SendReminder', () => {
  it('records a reminder once per person, kind and day', () => {
    spec(reminderDecider)
      .given([])
      .when(send())
      .then([sent('NO_DAILY_REPORT')]);
    spec(reminderDecider)
      .given([sent('NO_DAILY_REPORT')])
      .when(send())
      .then([]);
    spec(reminderDecider)
      .given([sent('NO_DAILY_REPORT', '2026-06-09')])
      .when(send())
      .then([sent('NO_DAILY_REPORT')]);
    spec(reminderDecider)
      .given([sent('UNANSWERED_ITEMS')])
      .when(send())
      .then([sent('NO_DAILY_REPORT')]);
  });
  it('refuses a bad NIP, kind or day', () => {
    spec(reminderDecider)
      .given([])
      .when(send({ nip: '1' }))
      .thenThrows('INVALID_NIP');
    spec(reminderDecider)
      .given([])
      .when(send({ kind: 'NAG' }))
      .thenThrows('INVALID_REMINDER_KIND');
    spec(reminderDecider)
      .given([])
      .when(send({ day: '10/06/2026' }))
      .thenThrows('INVALID_DATE');
  });
});

describe('who is due a reminder (pure, over read-model rows)', () => {
  const employees = [
    { nip: A, supervisorNip: RATER },
    { nip: B, supervisorNip: RATER },
  ];
  it('counts working days only, skipping the weekend', () => {
    // 2026-06-15 is a Monday: the three working days before are Fri 12, Thu 11, Wed 10.
    expect(workingDaysBefore('2026-06-15', 3)).toEqual(['2026-06-12', '2026-06-11', '2026-06-10']);
    expect(workingDaysBefore('2026-06-11', 3)).toEqual(['2026-06-10', '2026-06-09', '2026-06-08']);
  });
  it('reminds an employee with no report on any of the last three working days', () => {
    const reports = [
      { nip: B, date: '2026-06-10', answered: true },
      { nip: A, date: '2026-06-09', answered: true },
    ];
    // Monday 15th: A last reported Tue 9th (outside Wed–Fri), B on Wed 10th (inside).
    expect(dueReminders({ today: '2026-06-15', employees, reports, submittedPlans: [] })).toEqual([
      { nip: A, kind: 'NO_DAILY_REPORT', day: '2026-06-15', count: 3 },
    ]);
    // Friday 12th: both reported within Tue–Thu.
    expect(dueReminders({ today: '2026-06-12', employees, reports, submittedPlans: [] })).toEqual([]);
  });
  it('reminds a rater of unanswered reports and submitted plans', () => {
    const reports = [
      { nip: A, date: '2026-06-11', answered: false },
      { nip: B, date: '2026-06-12', answered: false },
      { nip: B, date: '2026-06-11', answered: true },
    ];
    const due = dueReminders({ today: '2026-06-15', employees, reports, submittedPlans: [{ nip: A, supervisorNip: RATER }] });
    expect(due).toEqual([{ nip: RATER, kind: 'UNANSWERED_ITEMS', day: '2026-06-15', count: 3 }]);
  });
  it('sends nothing on a weekend', () => {
    expect(dueReminders({ today: '2026-06-13', employees, reports: [], submittedPlans: [{ nip: A, supervisorNip: RATER }] })).toEqual([]);
  });
});
