import { badInput } from '@kinerja/kernel';
import { isLocalDate, type LocalDate } from '../shared';

/**
 * Work schedules and the Pemda's calendar, as policy data (issue 16, item 1): when a day is a working
 * day for an employee and from when to when. Times are the Pemda's wall clock (the attendance
 * machine's clock: WIB, WITA or WIT), so a working day is counted in minutes on a line of local
 * days, never through an instant and a time zone.
 */

/** `HH:MM`, 00:00..23:59. */
export type ClockTime = string;

export interface WorkingHours {
  start: ClockTime;
  end: ClockTime;
}

/** ISO weekday: 1 Monday .. 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Ramadan (or any dated period) with hours of its own per weekday, by date range (inclusive). */
export interface SeasonalHours {
  name: string;
  from: LocalDate;
  to: LocalDate;
  hours: ReadonlyMap<Weekday, WorkingHours>;
}

/** Office hours by weekday: the five-day week (Friday shorter or longer) or the six-day week. */
export interface WeekSchedule {
  kind: 'WEEK';
  id: string;
  hours: ReadonlyMap<Weekday, WorkingHours>;
  seasons: readonly SeasonalHours[];
}

/**
 * Shifts for units that work them (hospital, fire service): a roster names each day's shift; a day
 * not on the roster is off. A shift whose end is before its start ends on the next day.
 */
export interface ShiftSchedule {
  kind: 'SHIFT';
  id: string;
  shifts: ReadonlyMap<string, WorkingHours>;
  roster: ReadonlyMap<LocalDate, string>;
}

export type WorkSchedule = WeekSchedule | ShiftSchedule;

export type DayOffKind = 'LIBUR_NASIONAL' | 'CUTI_BERSAMA' | 'AKHIR_PEKAN' | 'TIDAK_DIJADWALKAN';

/** National holidays and cuti bersama of the Pemda's calendar (a shipped file the Pemda extends). */
export interface HolidayCalendar {
  days: ReadonlyMap<LocalDate, { kind: 'LIBUR_NASIONAL' | 'CUTI_BERSAMA'; name: string }>;
}

/** A working day: from `start` to `end` in minutes on the line of local days (see `minuteOf`). */
export interface WorkingDay {
  date: LocalDate;
  start: number;
  end: number;
  /** Which hours apply, for the reason shown to the employee ("jam Ramadan", "shift malam"). */
  source: string;
}

export type ScheduledDay = WorkingDay | { date: LocalDate; off: DayOffKind; name?: string };

export const isWorkingDay = (d: ScheduledDay): d is WorkingDay => !('off' in d);

const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM`; `INVALID_CLOCK_TIME` otherwise. */
export function clockMinutes(t: ClockTime): number {
  const m = CLOCK_RE.exec(t);
  if (!m) throw badInput('INVALID_CLOCK_TIME', `a time of day must be HH:MM, 00:00..23:59`, { value: t });
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Days since 1970-01-01 of a local date (proleptic Gregorian; no time zone involved). */
export function dayNumber(date: LocalDate): number {
  const y0 = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // Howard Hinnant's days_from_civil.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The local date of a day number (the inverse of `dayNumber`). */
export function dateOfDay(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO weekday of a local date (1970-01-01 was a Thursday). */
export function weekdayOf(date: LocalDate): Weekday {
  return (((((dayNumber(date) + 3) % 7) + 7) % 7) + 1) as Weekday;
}

/** A wall-clock moment as minutes on the line of local days: comparable across midnight. */
export function minuteOf(date: LocalDate, time: ClockTime): number {
  return dayNumber(date) * 1440 + clockMinutes(time);
}

function span(date: LocalDate, hours: WorkingHours, source: string): WorkingDay {
  const start = minuteOf(date, hours.start);
  let end = minuteOf(date, hours.end);
  // A night shift (22:00-06:00) ends the next morning.
  if (end <= start) end += 1440;
  return { date, start, end, source };
}

/**
 * What `date` is for someone on `schedule`: a working day with its hours, or a day off and why. A
 * national holiday or cuti bersama is off on an office week; a shift roster is kept on holidays
 * (a hospital works them), as the roster says.
 */
export function scheduledDay(schedule: WorkSchedule, calendar: HolidayCalendar, date: LocalDate): ScheduledDay {
  if (!isLocalDate(date)) throw badInput('INVALID_DATE', 'a day must be a real date YYYY-MM-DD', { value: date });
  if (schedule.kind === 'SHIFT') {
    const code = schedule.roster.get(date);
    const hours = code === undefined ? undefined : schedule.shifts.get(code);
    return hours ? span(date, hours, `shift ${code}`) : { date, off: 'TIDAK_DIJADWALKAN' };
  }
  const holiday = calendar.days.get(date);
  if (holiday) return { date, off: holiday.kind, name: holiday.name };
  const weekday = weekdayOf(date);
  const season = schedule.seasons.find((s) => s.from <= date && date <= s.to);
  if (season) {
    const h = season.hours.get(weekday);
    return h ? span(date, h, season.name) : { date, off: 'AKHIR_PEKAN' };
  }
  const h = schedule.hours.get(weekday);
  return h ? span(date, h, 'jam kerja') : { date, off: 'AKHIR_PEKAN' };
}

/** Every day of a month `YYYY-MM`, in order. */
export function daysOfMonth(month: string): LocalDate[] {
  const first = dayNumber(`${month}-01`);
  const out: LocalDate[] = [];
  for (let n = first; dateOfDay(n).startsWith(month); n++) out.push(dateOfDay(n));
  return out;
}

/**
 * A calendar from the rows of a shipped year file (`libs/policies/documents/calendars/<year>.json`)
 * and the Pemda's own additions. A date twice is refused (`DUPLICATE_HOLIDAY`): which name and kind
 * would count is not for the code to guess.
 */
export function holidayCalendarOf(rows: ReadonlyArray<{ date: unknown; kind: unknown; name: unknown }>): HolidayCalendar {
  const days = new Map<LocalDate, { kind: 'LIBUR_NASIONAL' | 'CUTI_BERSAMA'; name: string }>();
  rows.forEach((r, i) => {
    if (!isLocalDate(r.date)) throw badInput('INVALID_DATE', `days[${i}].date must be a real date YYYY-MM-DD`, { index: i, value: r.date });
    if (r.kind !== 'LIBUR_NASIONAL' && r.kind !== 'CUTI_BERSAMA')
      throw badInput('INVALID_HOLIDAY', `days[${i}].kind must be LIBUR_NASIONAL or CUTI_BERSAMA`, { index: i, value: r.kind });
    if (typeof r.name !== 'string' || r.name.trim() === '') throw badInput('INVALID_HOLIDAY', `days[${i}].name is required`, { index: i });
    if (days.has(r.date)) throw badInput('DUPLICATE_HOLIDAY', `${r.date} is listed twice`, { index: i, date: r.date });
    days.set(r.date, { kind: r.kind, name: r.name });
  });
  return { days };
}
