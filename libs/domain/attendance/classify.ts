import { badInput } from '@kinerja/kernel';
import { ATTENDANCE_CODES, type AttendanceCode } from '@kinerja/policies';
import { isLocalDate, type LocalDate } from '../shared';
import { bandOf, type AttendanceRules, type ExcuseKind } from './rules';
import {
  dateOfDay,
  dayNumber,
  daysOfMonth,
  isWorkingDay,
  scheduledDay,
  type DayOffKind,
  type HolidayCalendar,
  type WorkingDay,
  type WorkSchedule,
} from './schedule';

/**
 * A day's scans -> the day's attendance codes, and a month of days -> the counts the TPP calculator
 * takes (issue 16, item 4). Pure: the schedule, the calendar, the excuses and the rules come in, the
 * codes and a reason a person can check come out ("masuk 08:12, jam kerja mulai 07:30: terlambat 42
 * menit (TL2)").
 */

/** A scan on the machine's wall clock: `YYYY-MM-DD HH:MM[:SS]` (a `T` between is accepted). */
export type LocalDateTime = string;

const SCAN_RE = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Seconds on the line of local days; `INVALID_SCAN_TIME` for anything else. */
export function scanSecond(at: LocalDateTime): number {
  const m = SCAN_RE.exec(at);
  if (!m || !isLocalDate(m[1])) throw badInput('INVALID_SCAN_TIME', 'a scan must be YYYY-MM-DD HH:MM[:SS]', { value: at });
  return dayNumber(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
}

function clockOf(second: number): string {
  const s = ((second % 86400) + 86400) % 86400;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}

export interface Excuse {
  kind: ExcuseKind;
  /** The letter or decision that grants it (Surat cuti, surat tugas, the OPD's fault declaration). */
  reference: string;
}

export type DayStatus = 'HADIR' | 'DIKECUALIKAN' | 'TIDAK_HADIR' | 'LIBUR' | 'BELUM_TERJADI';

export interface DayAttendance {
  date: LocalDate;
  status: DayStatus;
  /** The codes the day counts (none for a full day worked, an excused day or a day off). */
  codes: AttendanceCode[];
  checkIn: string | null;
  checkOut: string | null;
  /** Whole minutes late and early (a scan at 07:30:59 on a 07:30 day is on time). */
  minutesLate: number;
  minutesEarly: number;
  excuse: Excuse | null;
  off: DayOffKind | null;
  /** In Indonesian, as the employee and their supervisor read it. */
  why: string;
}

const OFF_LABEL: Record<DayOffKind, string> = {
  LIBUR_NASIONAL: 'libur nasional',
  CUTI_BERSAMA: 'cuti bersama',
  AKHIR_PEKAN: 'bukan hari kerja',
  TIDAK_DIJADWALKAN: 'tidak ada jadwal shift',
};

const EXCUSE_LABEL: Record<ExcuseKind, string> = {
  CUTI_TAHUNAN: 'cuti tahunan',
  CUTI_SAKIT: 'cuti sakit',
  CUTI_ALASAN_PENTING: 'cuti karena alasan penting',
  CUTI_MELAHIRKAN: 'cuti melahirkan',
  CUTI_BESAR: 'cuti besar',
  DINAS_LUAR: 'dinas luar',
  TUGAS_BELAJAR: 'tugas belajar',
  GANGGUAN_MESIN: 'gangguan mesin presensi',
};

/**
 * One working day from the scans that belong to it (sorted or not). The first scan is the check-in
 * and the last the check-out; a single scan is the check-in when it is before the day's midpoint and
 * the check-out otherwise, so a person who only scanned at 16:05 is "no check-in", not "very late".
 */
export function classifyWorkingDay(
  day: WorkingDay,
  scans: readonly number[],
  excuse: Excuse | null,
  rules: AttendanceRules,
): DayAttendance {
  const base = { date: day.date, excuse, off: null, minutesLate: 0, minutesEarly: 0, checkIn: null, checkOut: null };
  const hours = `${clockOf(day.start * 60)}–${clockOf(day.end * 60)} (${day.source})`;
  if (excuse)
    return { ...base, status: 'DIKECUALIKAN', codes: [], why: `${EXCUSE_LABEL[excuse.kind]} (${excuse.reference}): tidak perlu presensi` };
  if (scans.length === 0)
    return {
      ...base,
      status: 'TIDAK_HADIR',
      codes: [rules.absent],
      why: `hari kerja ${hours} tanpa presensi dan tanpa keterangan (${rules.absent})`,
    };
  const sorted = [...scans].sort((a, b) => a - b);
  const startS = day.start * 60;
  const endS = day.end * 60;
  const midpoint = (startS + endS) / 2;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const checkIn = sorted.length > 1 || first < midpoint ? first : null;
  const checkOut = sorted.length > 1 || first >= midpoint ? last : null;
  const codes: AttendanceCode[] = [];
  const reasons: string[] = [];
  let minutesLate = 0;
  let minutesEarly = 0;
  if (checkIn === null) {
    codes.push(rules.noCheckIn);
    reasons.push(`tidak ada presensi masuk (${rules.noCheckIn})`);
  } else {
    minutesLate = Math.max(0, Math.floor((checkIn - startS) / 60));
    if (minutesLate > 0) {
      const b = bandOf(rules.lateness, minutesLate);
      codes.push(b.code);
      reasons.push(`masuk ${clockOf(checkIn)}, jam kerja mulai ${clockOf(startS)}: terlambat ${minutesLate} menit (${b.code})`);
    } else reasons.push(`masuk ${clockOf(checkIn)}`);
  }
  if (checkOut === null) {
    codes.push(rules.noCheckOut);
    reasons.push(`tidak ada presensi pulang (${rules.noCheckOut})`);
  } else {
    minutesEarly = Math.max(0, Math.ceil((endS - checkOut) / 60));
    if (minutesEarly > 0) {
      const b = bandOf(rules.earlyLeave, minutesEarly);
      codes.push(b.code);
      reasons.push(`pulang ${clockOf(checkOut)}, jam kerja selesai ${clockOf(endS)}: ${minutesEarly} menit lebih awal (${b.code})`);
    } else reasons.push(`pulang ${clockOf(checkOut)}`);
  }
  return {
    ...base,
    status: 'HADIR',
    codes,
    checkIn: checkIn === null ? null : clockOf(checkIn),
    checkOut: checkOut === null ? null : clockOf(checkOut),
    minutesLate,
    minutesEarly,
    why: `${reasons.join('; ')} — ${hours}`,
  };
}

/**
 * Each scan to the working day it belongs to: the day whose hours (widened by the scan window) hold
 * it, the nearest one when two windows overlap (a night shift followed by a morning one). A scan
 * that belongs to no working day (a Sunday visit) is kept apart, not counted.
 */
export function assignScans(
  days: readonly WorkingDay[],
  scans: readonly number[],
  rules: AttendanceRules,
): { byDay: Map<LocalDate, number[]>; unassigned: number[] } {
  const byDay = new Map<LocalDate, number[]>(days.map((d) => [d.date, []]));
  const unassigned: number[] = [];
  const window = rules.scanWindowMinutes * 60;
  for (const s of scans) {
    let best: WorkingDay | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const d of days) {
      const from = d.start * 60;
      const to = d.end * 60;
      if (s < from - window || s > to + window) continue;
      const distance = s < from ? from - s : s > to ? s - to : 0;
      if (distance < bestDistance) [best, bestDistance] = [d, distance];
    }
    if (best) byDay.get(best.date)!.push(s);
    else unassigned.push(s);
  }
  return { byDay, unassigned };
}

export interface MonthAttendance {
  month: string;
  days: DayAttendance[];
  /** Per code, as the TPP calculator's `attendance` input takes it. */
  counts: Record<AttendanceCode, number>;
  workingDays: number;
  excusedDays: Map<ExcuseKind, number>;
  /** Scans on no working day of the month (kept for the record, never counted). */
  unassignedScans: number;
}

const notYet: Omit<DayAttendance, 'date' | 'why'> = {
  status: 'BELUM_TERJADI',
  codes: [],
  checkIn: null,
  checkOut: null,
  minutesLate: 0,
  minutesEarly: 0,
  excuse: null,
  off: null,
};

export interface MonthInput {
  month: string;
  schedule: WorkSchedule;
  calendar: HolidayCalendar;
  /** The employee's scans (duplicates are one scan: a machine that sends a scan twice counts once). */
  scans: readonly LocalDateTime[];
  excuses: ReadonlyMap<LocalDate, Excuse>;
  rules: AttendanceRules;
  /** The last day that has happened (today): later working days are shown, not counted. */
  until?: LocalDate;
}

/**
 * A month of one employee: every day with its status, codes and reason, and the counts per code. The
 * days just before and after the month take part in assigning scans (a night shift of the 31st ends
 * on the 1st), but only the month's days are counted.
 */
export function summariseMonth(input: MonthInput): MonthAttendance {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw badInput('INVALID_MONTH', 'month must be YYYY-MM', { value: input.month });
  const monthDays = daysOfMonth(input.month);
  const edge = [dateOfDay(dayNumber(monthDays[0]) - 1), ...monthDays, dateOfDay(dayNumber(monthDays[monthDays.length - 1]) + 1)];
  const scheduled = edge.map((d) => scheduledDay(input.schedule, input.calendar, d));
  const working = scheduled.filter(isWorkingDay);
  const seconds = [...new Set(input.scans.map(scanSecond))];
  const { byDay, unassigned } = assignScans(working, seconds, input.rules);
  const counts = Object.fromEntries(ATTENDANCE_CODES.map((c) => [c, 0])) as Record<AttendanceCode, number>;
  const excusedDays = new Map<ExcuseKind, number>();
  const days: DayAttendance[] = [];
  let workingDays = 0;
  for (const s of scheduled.slice(1, -1)) {
    if (!isWorkingDay(s)) {
      days.push({
        date: s.date,
        status: 'LIBUR',
        codes: [],
        checkIn: null,
        checkOut: null,
        minutesLate: 0,
        minutesEarly: 0,
        excuse: null,
        off: s.off,
        why: s.name ? `${OFF_LABEL[s.off]}: ${s.name}` : OFF_LABEL[s.off],
      });
      continue;
    }
    if (input.until !== undefined && s.date > input.until) {
      days.push({
        ...notYet,
        date: s.date,
        why: `hari kerja ${clockOf(s.start * 60)}–${clockOf(s.end * 60)} (${s.source}): belum terjadi`,
      });
      continue;
    }
    workingDays++;
    const excuse = input.excuses.get(s.date) ?? null;
    const day = classifyWorkingDay(s, byDay.get(s.date) ?? [], excuse, input.rules);
    for (const c of day.codes) counts[c]++;
    if (excuse) excusedDays.set(excuse.kind, (excusedDays.get(excuse.kind) ?? 0) + 1);
    days.push(day);
  }
  const monthUnassigned = unassigned.filter((s) => dateOfDay(Math.floor(s / 86400)).startsWith(input.month)).length;
  return { month: input.month, days, counts, workingDays, excusedDays, unassignedScans: monthUnassigned };
}
