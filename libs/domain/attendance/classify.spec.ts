import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRefusal } from '@kinerja/kernel/testing';
import { calculateTpp, loadPolicyDocuments } from '@kinerja/policies';
import {
  checkAttendanceRules,
  dateOfDay,
  dayNumber,
  daysOfMonth,
  DEFAULT_ATTENDANCE_RULES,
  holidayCalendarOf,
  scheduledDay,
  summariseMonth,
  weekdayOf,
  type DayAttendance,
  type Excuse,
  type HolidayCalendar,
  type ShiftSchedule,
  type WeekSchedule,
  type Weekday,
  type WorkingHours,
} from '.';

const calendar2026: HolidayCalendar = holidayCalendarOf(
  JSON.parse(readFileSync(join(__dirname, '../../policies/documents/calendars/2026.json'), 'utf8')).days,
);

const h = (start: string, end: string): WorkingHours => ({ start, end });
const week = (days: Array<[Weekday, WorkingHours]>) => new Map<Weekday, WorkingHours>(days);

/** The five-day week: Monday to Thursday 07:30-16:00, Friday 07:30-16:30; Ramadan 08:00-15:00, Friday 08:00-15:30. */
const FIVE_DAY: WeekSchedule = {
  kind: 'WEEK',
  id: 'lima-hari',
  hours: week([
    [1, h('07:30', '16:00')],
    [2, h('07:30', '16:00')],
    [3, h('07:30', '16:00')],
    [4, h('07:30', '16:00')],
    [5, h('07:30', '16:30')],
  ]),
  seasons: [
    {
      name: 'jam Ramadan',
      from: '2026-02-19',
      to: '2026-03-19',
      hours: week([
        [1, h('08:00', '15:00')],
        [2, h('08:00', '15:00')],
        [3, h('08:00', '15:00')],
        [4, h('08:00', '15:00')],
        [5, h('08:00', '15:30')],
      ]),
    },
  ],
};

/** A ward nurse: a night shift (M) on 10 November ending on the 11th, an afternoon (S) on the 11th, a morning (P) on the 12th. */
const WARD: ShiftSchedule = {
  kind: 'SHIFT',
  id: 'rsud-bangsal',
  shifts: new Map([
    ['P', h('07:00', '14:00')],
    ['S', h('14:00', '21:00')],
    ['M', h('21:00', '07:00')],
  ]),
  roster: new Map([
    ['2026-11-10', 'M'],
    ['2026-11-11', 'S'],
    ['2026-11-12', 'P'],
  ]),
};

/** The one day `date` of a month summary (the month taken from the date). */
function day(
  date: string,
  scans: string[],
  options: { schedule?: typeof FIVE_DAY | typeof WARD; excuses?: Map<string, Excuse> } = {},
): DayAttendance {
  const s = summariseMonth({
    month: date.slice(0, 7),
    schedule: options.schedule ?? FIVE_DAY,
    calendar: calendar2026,
    scans,
    excuses: options.excuses ?? new Map(),
    rules: DEFAULT_ATTENDANCE_RULES,
  });
  return s.days.find((d) => d.date === date)!;
}

// 2 November 2026 is a Monday, 6 November a Friday.
const MON = '2026-11-02';
const FRI = '2026-11-06';

describe('a working day from its scans (default rules: TL/PSW 1-30, 31-60, 61-90, over 90 minutes)', () => {
  it('on time in and out counts nothing', () => {
    expect(day(MON, [`${MON} 07:25:10`, `${MON} 16:02:00`])).toMatchObject({
      status: 'HADIR',
      codes: [],
      checkIn: '07:25',
      checkOut: '16:02',
    });
  });

  it.each([
    ['07:30:59', 0, []],
    ['07:31:00', 1, ['TL1']],
    ['08:00:00', 30, ['TL1']],
    ['08:01:00', 31, ['TL2']],
    ['08:31:00', 61, ['TL3']],
    ['09:01:00', 91, ['TL4']],
  ])('a check-in at %s is %p whole minutes late: %p', (at, late, codes) => {
    expect(day(MON, [`${MON} ${at}`, `${MON} 16:00:00`])).toMatchObject({ minutesLate: late, codes });
  });

  it('says why in words the employee can check', () => {
    expect(day(MON, [`${MON} 08:12`, `${MON} 16:00`]).why).toBe(
      'masuk 08:12, jam kerja mulai 07:30: terlambat 42 menit (TL2); pulang 16:00 — 07:30–16:00 (jam kerja)',
    );
  });

  it('leaving early counts PSW by the same bands, late and early on one day count both', () => {
    expect(day(MON, [`${MON} 07:20`, `${MON} 15:29`])).toMatchObject({ codes: ['PSW2'], minutesEarly: 31 });
    expect(day(MON, [`${MON} 09:05`, `${MON} 14:00`])).toMatchObject({ codes: ['TL4', 'PSW4'] });
  });

  it('no scan and no excuse is TK; an excused day needs no scan', () => {
    expect(day(MON, [])).toMatchObject({ status: 'TIDAK_HADIR', codes: ['TK'] });
    const excuses = new Map<string, Excuse>([[MON, { kind: 'CUTI_TAHUNAN', reference: 'SC 851/12/2026' }]]);
    expect(day(MON, [], { excuses })).toMatchObject({
      status: 'DIKECUALIKAN',
      codes: [],
      why: 'cuti tahunan (SC 851/12/2026): tidak perlu presensi',
    });
  });

  it('one scan is the check-in before the midpoint and the check-out after it', () => {
    expect(day(MON, [`${MON} 07:20`])).toMatchObject({ codes: ['PSW4'], checkIn: '07:20', checkOut: null });
    expect(day(MON, [`${MON} 16:05`])).toMatchObject({ codes: ['TL4'], checkIn: null, checkOut: '16:05' });
  });

  it('a holiday, cuti bersama and the weekend are days off, whatever was scanned', () => {
    expect(day('2026-12-25', ['2026-12-25 07:00', '2026-12-25 16:00'])).toMatchObject({
      status: 'LIBUR',
      off: 'LIBUR_NASIONAL',
      codes: [],
    });
    expect(day('2026-12-24', [])).toMatchObject({
      status: 'LIBUR',
      off: 'CUTI_BERSAMA',
      why: 'cuti bersama: Cuti bersama Hari Raya Natal',
    });
    expect(day('2026-11-07', [])).toMatchObject({ status: 'LIBUR', off: 'AKHIR_PEKAN' });
  });

  it('Friday ends at 16:30: leaving at 16:05 is PSW1 on a Friday and nothing on a Monday', () => {
    expect(day(FRI, [`${FRI} 07:30`, `${FRI} 16:05`])).toMatchObject({ codes: ['PSW1'], minutesEarly: 25 });
    expect(day(MON, [`${MON} 07:30`, `${MON} 16:05`])).toMatchObject({ codes: [] });
  });

  it('Ramadan hours apply by date: 08:00-15:00 is on time in Ramadan and late and early outside it', () => {
    expect(day('2026-02-23', ['2026-02-23 08:00', '2026-02-23 15:00'])).toMatchObject({
      codes: [],
      why: expect.stringContaining('jam Ramadan'),
    });
    expect(day('2026-02-16', [])).toMatchObject({ status: 'LIBUR' }); // cuti bersama Imlek, before Ramadan
    expect(day('2026-02-09', ['2026-02-09 08:00', '2026-02-09 15:00'])).toMatchObject({ codes: ['TL1', 'PSW2'] });
  });

  it('a night shift across midnight takes its morning scan; the next shift its own', () => {
    const scans = ['2026-11-10 20:55', '2026-11-11 07:02', '2026-11-11 14:05', '2026-11-11 21:01', '2026-11-12 07:40', '2026-11-12 14:00'];
    expect(day('2026-11-10', scans, { schedule: WARD })).toMatchObject({ status: 'HADIR', codes: [], checkIn: '20:55', checkOut: '07:02' });
    expect(day('2026-11-11', scans, { schedule: WARD })).toMatchObject({ codes: ['TL1'], checkIn: '14:05', checkOut: '21:01' });
    expect(day('2026-11-12', scans, { schedule: WARD })).toMatchObject({ codes: ['TL2'] });
    // Off the roster is off, holiday or not: the ward works Christmas when rostered.
    expect(day('2026-11-13', [], { schedule: WARD })).toMatchObject({ status: 'LIBUR', off: 'TIDAK_DIJADWALKAN' });
  });
});

describe('a month of scans', () => {
  /** Every working day of November on time, but for the days given. */
  function november(overrides: Map<string, string[]>): string[] {
    const scans: string[] = [];
    for (let d = 1; d <= 30; d++) {
      const date = `2026-11-${String(d).padStart(2, '0')}`;
      if (weekdayOf(date) > 5) continue;
      scans.push(...(overrides.get(date) ?? [`${date} 07:25`, `${date} ${weekdayOf(date) === 5 ? '16:31' : '16:01'}`]));
    }
    return scans;
  }

  it('counts the codes the TPP calculator takes, and prices DOMAIN.md worked example A', () => {
    const scans = november(
      new Map([
        ['2026-11-03', ['2026-11-03 07:45', '2026-11-03 16:00']], // 15 min: TL1
        ['2026-11-10', ['2026-11-10 07:31', '2026-11-10 16:00']], // 1 min: TL1
        ['2026-11-18', ['2026-11-18 08:12', '2026-11-18 16:00']], // 42 min: TL2
      ]),
    );
    const month = summariseMonth({
      month: '2026-11',
      schedule: FIVE_DAY,
      calendar: calendar2026,
      scans,
      excuses: new Map(),
      rules: DEFAULT_ATTENDANCE_RULES,
    });
    expect(month.workingDays).toBe(21);
    expect(month.counts).toEqual({ TL1: 2, TL2: 1, TL3: 0, TL4: 0, PSW1: 0, PSW2: 0, PSW3: 0, PSW4: 0, TK: 0 });
    const [policy] = loadPolicyDocuments();
    const priced = calculateTpp(
      {
        ceiling: '3900000',
        predikat: 'BAIK',
        attendance: month.counts,
        sanction: 'NONE',
        salaryBase: '4000000',
        salaryGross: '4500000',
        taxCategory: 'A',
      },
      policy,
    );
    // DOMAIN.md example A: TL1 ×2 and TL2 ×1 leave 1,528,800 of the 1,560,000 discipline part.
    expect(priced.lines.disciplinePart).toBe('1528800');
  });

  it('counts a scan the machine sent twice once, and a scan on no working day apart', () => {
    const scans = november(new Map([['2026-11-04', ['2026-11-04 07:20', '2026-11-04 07:20', '2026-11-04 16:05']]]));
    scans.push('2026-11-08 10:00'); // a Sunday visit
    const month = summariseMonth({
      month: '2026-11',
      schedule: FIVE_DAY,
      calendar: calendar2026,
      scans,
      excuses: new Map(),
      rules: DEFAULT_ATTENDANCE_RULES,
    });
    expect(month.days.find((d) => d.date === '2026-11-04')).toMatchObject({ codes: [], checkIn: '07:20', checkOut: '16:05' });
    expect(month.unassignedScans).toBe(1);
    expect(Object.values(month.counts).every((n) => n === 0)).toBe(true);
  });

  it('counts excused days by kind, and a missing day as TK', () => {
    const scans = november(
      new Map([
        ['2026-11-05', []],
        ['2026-11-06', []],
        ['2026-11-09', []],
      ]),
    );
    const excuses = new Map<string, Excuse>([
      ['2026-11-05', { kind: 'DINAS_LUAR', reference: 'ST 094/55/2026' }],
      ['2026-11-06', { kind: 'DINAS_LUAR', reference: 'ST 094/55/2026' }],
    ]);
    const month = summariseMonth({
      month: '2026-11',
      schedule: FIVE_DAY,
      calendar: calendar2026,
      scans,
      excuses,
      rules: DEFAULT_ATTENDANCE_RULES,
    });
    expect(month.excusedDays).toEqual(new Map([['DINAS_LUAR', 2]]));
    expect(month.counts.TK).toBe(1);
  });

  it('refuses a scan that is not a wall-clock time, and a month that is not YYYY-MM', () => {
    const base = { schedule: FIVE_DAY, calendar: calendar2026, excuses: new Map(), rules: DEFAULT_ATTENDANCE_RULES };
    expectRefusal(() => summariseMonth({ ...base, month: '2026-11', scans: ['2026-11-31 07:00'] }), 'INVALID_SCAN_TIME');
    expectRefusal(() => summariseMonth({ ...base, month: '2026-11', scans: ['2026-11-03 7:00'] }), 'INVALID_SCAN_TIME');
    expectRefusal(() => summariseMonth({ ...base, month: '2026-13', scans: [] }), 'INVALID_MONTH');
  });
});

describe('the rules and the calendar as policy data', () => {
  it('the defaults are consistent', () => {
    expect(checkAttendanceRules(DEFAULT_ATTENDANCE_RULES)).toBe(DEFAULT_ATTENDANCE_RULES);
  });

  it('refuses bands with a gap, an overlap, an unknown code or no open end', () => {
    const lateness = DEFAULT_ATTENDANCE_RULES.lateness;
    const withLateness = (l: typeof lateness) => () => checkAttendanceRules({ ...DEFAULT_ATTENDANCE_RULES, lateness: l });
    expectRefusal(withLateness([lateness[0], { ...lateness[1], fromMinutes: 32 }, lateness[2], lateness[3]]), 'INVALID_ATTENDANCE_RULES', {
      index: 1,
    });
    expectRefusal(withLateness([lateness[0], { ...lateness[1], fromMinutes: 30 }, lateness[2], lateness[3]]), 'INVALID_ATTENDANCE_RULES', {
      index: 1,
    });
    expectRefusal(
      withLateness([{ ...lateness[0], code: 'TL9' as never }, lateness[1], lateness[2], lateness[3]]),
      'INVALID_ATTENDANCE_RULES',
      { index: 0 },
    );
    expectRefusal(withLateness([lateness[0], lateness[1], lateness[2]]), 'INVALID_ATTENDANCE_RULES', { rule: 'lateness' });
  });

  it('the shipped 2026 calendar holds each date once, and a duplicate or a bad row is refused', () => {
    expect(calendar2026.days.get('2026-08-17')).toEqual({ kind: 'LIBUR_NASIONAL', name: 'Hari Kemerdekaan Republik Indonesia' });
    expectRefusal(
      () =>
        holidayCalendarOf([
          { date: '2026-01-01', kind: 'LIBUR_NASIONAL', name: 'a' },
          { date: '2026-01-01', kind: 'CUTI_BERSAMA', name: 'b' },
        ]),
      'DUPLICATE_HOLIDAY',
    );
    expectRefusal(() => holidayCalendarOf([{ date: '__proto__', kind: 'LIBUR_NASIONAL', name: 'a' }]), 'INVALID_DATE');
    expectRefusal(() => holidayCalendarOf([{ date: '2026-01-02', kind: 'LIBUR', name: 'a' }]), 'INVALID_HOLIDAY');
  });

  it('a scheduled day names the hours that apply', () => {
    expect(scheduledDay(FIVE_DAY, calendar2026, '2026-03-02')).toMatchObject({ source: 'jam Ramadan' });
    expect(scheduledDay(FIVE_DAY, calendar2026, '2026-11-02')).toMatchObject({ source: 'jam kerja' });
    expectRefusal(() => scheduledDay(FIVE_DAY, calendar2026, '2026-02-30'), 'INVALID_DATE');
  });
});

describe('local days counted without a time zone', () => {
  it('dayNumber and dateOfDay agree with the Gregorian calendar from 1900 to 2100, weekdays included', () => {
    for (let n = -25567; n <= 47482; n += 1) {
      const iso = new Date(n * 86400000).toISOString().slice(0, 10);
      if (dateOfDay(n) !== iso || dayNumber(iso) !== n) throw new Error(`day ${n}: ${dateOfDay(n)} vs ${iso}`);
    }
    expect(weekdayOf('2026-11-30')).toBe(1);
    expect(weekdayOf('2026-12-06')).toBe(7);
    expect(daysOfMonth('2028-02')).toHaveLength(29);
  });
});
