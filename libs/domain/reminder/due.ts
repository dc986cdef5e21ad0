import type { Nip } from '@kinerja/kernel';
import type { LocalDate } from '@kinerja/domain/shared';
import type { DueReminder } from './commands';

/** Working days without a report before the employee is reminded. */
export const NO_REPORT_WORKING_DAYS = 3;

const dayOfWeek = (d: LocalDate) => new Date(`${d}T00:00:00Z`).getUTCDay();
export const isWorkingDay = (d: LocalDate) => dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5;
const addDays = (d: LocalDate, n: number): LocalDate => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The `n` working days (Mon–Fri) before `today`, latest first. */
export function workingDaysBefore(today: LocalDate, n: number): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = addDays(today, -1); days.length < n; d = addDays(d, -1)) if (isWorkingDay(d)) days.push(d);
  return days;
}

export interface ReminderInput {
  today: LocalDate;
  /** Who is expected to report (an employee with a plan this year), and the rater they report to. */
  employees: Array<{ nip: Nip; supervisorNip: Nip | null }>;
  /** Daily reports of recent days (at least the last few working days), answered or not. */
  reports: Array<{ nip: Nip; date: LocalDate; answered: boolean }>;
  /** Plans submitted and waiting on the rater. */
  submittedPlans: Array<{ nip: Nip; supervisorNip: Nip | null }>;
}

/**
 * Who is due a reminder today, from read-model rows alone (pure): an employee with no report on
 * any of the last three working days, and a rater with unanswered reports or plans to approve.
 * Nothing is due on a weekend.
 */
export function dueReminders(input: ReminderInput): DueReminder[] {
  const { today } = input;
  if (!isWorkingDay(today)) return [];
  const window = new Set(workingDaysBefore(today, NO_REPORT_WORKING_DAYS));
  const reported = new Set(input.reports.filter((r) => window.has(r.date)).map((r) => r.nip));
  const supervisorOf = new Map(input.employees.map((e) => [e.nip, e.supervisorNip]));
  const due: DueReminder[] = [];
  for (const e of input.employees)
    if (!reported.has(e.nip)) due.push({ nip: e.nip, kind: 'NO_DAILY_REPORT', day: today, count: NO_REPORT_WORKING_DAYS });
  const waiting = new Map<Nip, number>();
  const add = (rater: Nip | null | undefined) => rater && waiting.set(rater, (waiting.get(rater) ?? 0) + 1);
  for (const r of input.reports) if (!r.answered && r.date < today) add(supervisorOf.get(r.nip));
  for (const p of input.submittedPlans) add(p.supervisorNip);
  for (const [nip, count] of waiting) due.push({ nip, kind: 'UNANSWERED_ITEMS', day: today, count });
  return [...new Map(due.map((d) => [`${d.nip}|${d.kind}`, d])).values()].sort((a, b) =>
    a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : a.kind < b.kind ? -1 : 1,
  );
}
