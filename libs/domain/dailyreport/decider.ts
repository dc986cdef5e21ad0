import { badInput, conflict, Decider, domainError, notFound } from '@kinerja/kernel';
import { assertLocalDate, LocalDate } from '../shared';
import { DailyReportCommand, FEEDBACK_KINDS } from './commands';
import type { DailyReportEvent, DailyReportFiled, DailyReportAnswered } from './events';

export interface DailyReport {
  report: DailyReportFiled['data'];
  answer?: DailyReportAnswered['data'];
}

export interface DailyReportState {
  /** By report id, which the request names: a `Map`, so `constructor` is no report. */
  reports: ReadonlyMap<string, DailyReport>;
  unlockedDays: LocalDate[];
}

export const initialDailyReportState = (): DailyReportState => ({ reports: new Map(), unlockedDays: [] });

export function evolveDailyReport(state: DailyReportState, event: DailyReportEvent): DailyReportState {
  switch (event.type) {
    case 'DailyReportFiled':
      return { ...state, reports: new Map(state.reports).set(event.data.reportId, { report: event.data }) };
    case 'DailyReportAnswered': {
      const r = state.reports.get(event.data.reportId);
      return r ? { ...state, reports: new Map(state.reports).set(event.data.reportId, { ...r, answer: event.data }) } : state;
    }
    case 'ReportingDayUnlocked':
      return { ...state, unlockedDays: [...state.unlockedDays, event.data.date] };
  }
}

const MAX_TEXT = 1000;

function text(value: unknown, field: string, max = MAX_TEXT): void {
  if (typeof value !== 'string' || value.trim() === '') throw badInput('MISSING_FIELD', `${field} must not be empty`, { field });
  if (value.length > max) throw badInput('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
}

const dayNumber = (d: LocalDate) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;

function checkMonth(cmd: DailyReportCommand): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(cmd.month)) throw badInput('INVALID_MONTH', 'month is YYYY-MM', { month: cmd.month });
}

function checkDay(date: LocalDate, month: string, today: LocalDate): void {
  assertLocalDate(date, 'date');
  if (!date.startsWith(`${month}-`)) throw badInput('DATE_OUTSIDE_MONTH', `the date is not in ${month}`, { date, month });
  if (date > today) throw domainError('REPORT_DATE_IN_FUTURE', { date, today }, 'a report cannot be about a day still to come');
}

export function decideDailyReport(cmd: DailyReportCommand, state: DailyReportState): DailyReportEvent[] {
  checkMonth(cmd);
  const base = { nip: cmd.nip, month: cmd.month, at: cmd.now };
  switch (cmd.type) {
    case 'FileDailyReport': {
      text(cmd.reportId, 'reportId', 64);
      const existing = state.reports.get(cmd.reportId);
      // A report the supervisor sent back is filed again under its id; any other id is used once.
      if (existing && existing.answer?.kind !== 'NEEDS_REVISION')
        throw conflict('REPORT_EXISTS', 'a report with this id is already filed', { reportId: cmd.reportId });
      checkDay(cmd.date, cmd.month, cmd.today);
      if (!existing && dayNumber(cmd.today) - dayNumber(cmd.date) > cmd.windowDays && !state.unlockedDays.includes(cmd.date))
        throw domainError(
          'REPORTING_WINDOW_CLOSED',
          { date: cmd.date, windowDays: cmd.windowDays },
          `a day is reported within ${cmd.windowDays} days, unless the supervisor unlocks it`,
        );
      if (!Number.isInteger(cmd.durationMinutes) || cmd.durationMinutes < 1 || cmd.durationMinutes > 24 * 60)
        throw badInput('INVALID_DURATION', 'durationMinutes is a whole number of minutes, 1..1440', {
          durationMinutes: cmd.durationMinutes,
        });
      text(cmd.resultId, 'resultId', 64);
      if (!cmd.knownResultIds.includes(cmd.resultId))
        throw badInput('UNKNOWN_RESULT', 'the RHK is not in the employee’s work plan for the year', { resultId: cmd.resultId });
      text(cmd.output, 'output');
      if (cmd.evidenceUrl !== undefined && (!/^https?:\/\/[^\s]+$/.test(cmd.evidenceUrl) || cmd.evidenceUrl.length > 500))
        throw badInput('INVALID_EVIDENCE_LINK', 'evidence is an http(s) link of at most 500 characters', { evidenceUrl: cmd.evidenceUrl });
      return [
        {
          type: 'DailyReportFiled',
          data: {
            ...base,
            reportId: cmd.reportId,
            date: cmd.date,
            durationMinutes: cmd.durationMinutes,
            resultId: cmd.resultId,
            output: cmd.output.trim(),
            ...(cmd.evidenceUrl ? { evidenceUrl: cmd.evidenceUrl } : {}),
            revision: existing ? existing.report.revision + 1 : 1,
          },
        },
      ];
    }
    case 'AnswerDailyReport': {
      const r = state.reports.get(cmd.reportId);
      if (!r) throw notFound('REPORT_NOT_FOUND', 'no such report in this month', { reportId: cmd.reportId });
      if (r.answer)
        throw conflict('REPORT_ALREADY_ANSWERED', 'the report has been answered', { reportId: cmd.reportId, kind: r.answer.kind });
      if (!FEEDBACK_KINDS.includes(cmd.kind))
        throw badInput('INVALID_FEEDBACK_KIND', `kind is one of ${FEEDBACK_KINDS.join(', ')}`, { kind: cmd.kind });
      if (cmd.kind !== 'ACKNOWLEDGED' || cmd.note !== undefined) text(cmd.note, 'note');
      return [
        {
          type: 'DailyReportAnswered',
          data: {
            ...base,
            reportId: cmd.reportId,
            kind: cmd.kind,
            ...(cmd.note ? { note: cmd.note.trim() } : {}),
            answeredBy: cmd.by.nip ?? null,
          },
        },
      ];
    }
    case 'UnlockReportingDay': {
      checkDay(cmd.date, cmd.month, cmd.today);
      if (cmd.reason !== undefined) text(cmd.reason, 'reason', 500);
      if (state.unlockedDays.includes(cmd.date)) return [];
      return [
        {
          type: 'ReportingDayUnlocked',
          data: { ...base, date: cmd.date, unlockedBy: cmd.by.nip ?? null, ...(cmd.reason ? { reason: cmd.reason.trim() } : {}) },
        },
      ];
    }
  }
}

export const dailyReportDecider: Decider<DailyReportCommand, DailyReportEvent, DailyReportState> = {
  decide: decideDailyReport,
  evolve: evolveDailyReport,
  initialState: initialDailyReportState,
};
