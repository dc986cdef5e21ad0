import { badInput } from '@kinerja/kernel';
import type { AttendanceCode, AttendancePolicy } from '@kinerja/policies';
import type { LocalDate } from '../shared';
import type { MonthAttendance } from './classify';
import { checkAttendanceRules, type AttendanceRules, type ExcuseKind } from './rules';
import { holidayCalendarOf, type HolidayCalendar, type Weekday, type WorkingHours, type WorkSchedule } from './schedule';

/**
 * The policy's attendance section (data, as the Perkada states it) -> the domain's schedules, rules
 * and calendar. Pure: the shipped national calendar's rows come in from the caller.
 */

const weekHours = (hours: Partial<Record<string, WorkingHours>>): Map<Weekday, WorkingHours> =>
  new Map(
    Object.entries(hours)
      .filter((e): e is [string, WorkingHours] => e[1] !== undefined)
      .map(([d, h]) => [Number(d) as Weekday, h]),
  );

export const attendanceRulesOf = (p: AttendancePolicy): AttendanceRules => checkAttendanceRules(p.rules);

/** The schedule id an OPD works (its row, or the default). */
export const scheduleIdOf = (p: AttendancePolicy, opdId: string): string =>
  p.opdSchedules.find((o) => o.opdId === opdId)?.scheduleId ?? p.defaultSchedule;

/**
 * The schedule of an OPD. A shift schedule needs the employee's roster of the month (shift code by
 * date); without one every day is unscheduled, so nothing is counted against them.
 */
export function scheduleOf(p: AttendancePolicy, opdId: string, roster: ReadonlyMap<LocalDate, string> = new Map()): WorkSchedule {
  const id = scheduleIdOf(p, opdId);
  const s = p.schedules.find((x) => x.id === id);
  // parsePolicyDocument refuses a document naming a schedule it lacks; this guards a hand-built policy.
  if (!s) throw badInput('UNKNOWN_SCHEDULE', `the policy has no schedule ${id}`, { scheduleId: id });
  if (s.kind === 'SHIFT') return { kind: 'SHIFT', id: s.id, shifts: new Map(Object.entries(s.shifts)), roster };
  return {
    kind: 'WEEK',
    id: s.id,
    hours: weekHours(s.hours),
    seasons: s.seasons.map((x) => ({ name: x.name, from: x.from, to: x.to, hours: weekHours(x.hours) })),
  };
}

/** The shipped national calendar's rows with the Pemda's own rows on top (a Pemda row replaces a shipped one of the same date). */
export function calendarOf(p: AttendancePolicy, shipped: ReadonlyArray<{ date: unknown; kind: unknown; name: unknown }>): HolidayCalendar {
  const own = new Set(p.holidays.map((h) => h.date));
  return holidayCalendarOf([...shipped.filter((r) => !own.has(r.date as string)), ...p.holidays]);
}

/**
 * Excused days that still cut TPP (a policy row, e.g. sick leave past the 14th day of a month): from
 * the row's `afterDays`+1-th excused day of that kind, each day counts as the row's code, with the
 * reason added. Annual leave is never cut unless a Perkada lists it.
 */
export function applyExcuseCuts(
  m: MonthAttendance,
  cuts: ReadonlyArray<{ kind: ExcuseKind; afterDays: number; countsAs: AttendanceCode }>,
): MonthAttendance {
  if (cuts.length === 0) return m;
  const seen = new Map<ExcuseKind, number>();
  const counts = { ...m.counts };
  const days = m.days.map((d) => {
    if (d.status !== 'DIKECUALIKAN' || !d.excuse) return d;
    const n = (seen.get(d.excuse.kind) ?? 0) + 1;
    seen.set(d.excuse.kind, n);
    const cut = cuts.find((c) => c.kind === d.excuse!.kind && n > c.afterDays);
    if (!cut) return d;
    counts[cut.countsAs]++;
    return {
      ...d,
      codes: [...d.codes, cut.countsAs],
      why: `${d.why}; hari ke-${n} bulan ini, lebih dari ${cut.afterDays} hari: dihitung ${cut.countsAs} menurut Perkada`,
    };
  });
  return { ...m, days, counts };
}
