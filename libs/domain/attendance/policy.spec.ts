import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRefusal } from '@kinerja/kernel/testing';
import { DEFAULT_ATTENDANCE_POLICY, loadPolicyDocuments, parsePolicyDocument, type AttendancePolicy } from '@kinerja/policies';
import { applyExcuseCuts, attendanceRulesOf, calendarOf, scheduledDay, scheduleOf, summariseMonth, type Excuse } from '.';

const shipped2026 = JSON.parse(readFileSync(join(__dirname, '../../policies/documents/calendars/2026.json'), 'utf8')).days;

/** A Pemda with a six-day week for the fire service, a hospital on shifts, Ramadan hours and a regional holiday. */
const POLICY: AttendancePolicy = {
  ...DEFAULT_ATTENDANCE_POLICY,
  schedules: [
    {
      kind: 'WEEK',
      id: 'LIMA_HARI',
      name: 'Lima hari kerja',
      hours: {
        '1': { start: '07:30', end: '16:00' },
        '2': { start: '07:30', end: '16:00' },
        '3': { start: '07:30', end: '16:00' },
        '4': { start: '07:30', end: '16:00' },
        '5': { start: '07:30', end: '16:30' },
      },
      seasons: [
        {
          name: 'jam Ramadan',
          from: '2026-02-18',
          to: '2026-03-19',
          hours: { '1': { start: '08:00', end: '15:00' }, '5': { start: '08:00', end: '15:30' } },
        },
      ],
    },
    {
      kind: 'WEEK',
      id: 'ENAM_HARI',
      name: 'Enam hari kerja',
      hours: Object.fromEntries(['1', '2', '3', '4', '5', '6'].map((d) => [d, { start: '07:30', end: '14:00' }])),
      seasons: [],
    },
    {
      kind: 'SHIFT',
      id: 'SHIFT_RSUD',
      name: 'Shift RSUD',
      shifts: { P: { start: '07:00', end: '14:00' }, M: { start: '21:00', end: '07:00' } },
    },
  ],
  opdSchedules: [
    { opdId: 'DAMKAR', scheduleId: 'ENAM_HARI' },
    { opdId: 'RSUD', scheduleId: 'SHIFT_RSUD' },
  ],
  holidays: [{ date: '2026-11-20', kind: 'LIBUR_NASIONAL', name: 'Hari jadi kabupaten' }],
  excuseCuts: [{ kind: 'CUTI_SAKIT', afterDays: 2, countsAs: 'TK' }],
};

const calendar = calendarOf(POLICY, shipped2026);

describe('the attendance section of a policy document', () => {
  it('gives each OPD its schedule: the default, a six-day week, shifts by roster', () => {
    expect(scheduledDay(scheduleOf(POLICY, 'DINKES'), calendar, '2026-11-07')).toMatchObject({ off: 'AKHIR_PEKAN' }); // a Saturday
    expect(scheduledDay(scheduleOf(POLICY, 'DAMKAR'), calendar, '2026-11-07')).toMatchObject({ source: 'jam kerja' });
    const roster = new Map([['2026-11-07', 'M']]);
    const night = scheduledDay(scheduleOf(POLICY, 'RSUD', roster), calendar, '2026-11-07');
    expect(night).toMatchObject({ source: 'shift M' });
    expect(scheduledDay(scheduleOf(POLICY, 'RSUD', roster), calendar, '2026-11-08')).toMatchObject({ off: 'TIDAK_DIJADWALKAN' });
  });

  it('puts the Pemda’s own holidays on the shipped national calendar, and Ramadan hours by date', () => {
    expect(scheduledDay(scheduleOf(POLICY, 'DINKES'), calendar, '2026-11-20')).toMatchObject({
      off: 'LIBUR_NASIONAL',
      name: 'Hari jadi kabupaten',
    });
    expect(scheduledDay(scheduleOf(POLICY, 'DINKES'), calendar, '2026-01-01')).toMatchObject({ off: 'LIBUR_NASIONAL' });
    expect(scheduledDay(scheduleOf(POLICY, 'DINKES'), calendar, '2026-03-02')).toMatchObject({ source: 'jam Ramadan' });
  });

  it('is validated with the document: an unknown schedule, a twice-listed OPD or a gap in the bands is refused', () => {
    const [doc] = loadPolicyDocuments();
    expect(parsePolicyDocument({ ...doc, attendance: POLICY }).attendance?.defaultSchedule).toBe('LIMA_HARI');
    const bad = (attendance: unknown) => () => parsePolicyDocument({ ...doc, attendance });
    expectRefusal(bad({ ...POLICY, defaultSchedule: 'TIGA_HARI' }), 'INVALID_POLICY_DOCUMENT');
    expectRefusal(
      bad({ ...POLICY, opdSchedules: [...POLICY.opdSchedules, { opdId: 'DAMKAR', scheduleId: 'LIMA_HARI' }] }),
      'INVALID_POLICY_DOCUMENT',
    );
    expectRefusal(
      bad({
        ...POLICY,
        rules: {
          ...POLICY.rules,
          lateness: [
            { code: 'TL1', fromMinutes: 1, toMinutes: 30 },
            { code: 'TL2', fromMinutes: 40, toMinutes: null },
          ],
        },
      }),
      'INVALID_POLICY_DOCUMENT',
    );
    expectRefusal(bad({ ...POLICY, rules: { ...POLICY.rules, absent: 'TK2' } }), 'INVALID_POLICY_DOCUMENT');
  });

  it('annual leave never cuts; sick leave past the policy’s days counts as its code, with the reason', () => {
    const excuses = new Map<string, Excuse>();
    for (const d of ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'])
      excuses.set(d, { kind: 'CUTI_SAKIT', reference: 'SKD/11/2026' });
    for (const d of ['2026-11-09', '2026-11-10', '2026-11-11']) excuses.set(d, { kind: 'CUTI_TAHUNAN', reference: 'SC/7/2026' });
    const scans: string[] = [];
    const month = applyExcuseCuts(
      summariseMonth({
        month: '2026-11',
        schedule: scheduleOf(POLICY, 'DINKES'),
        calendar,
        scans,
        excuses,
        rules: attendanceRulesOf(POLICY),
      }),
      POLICY.excuseCuts,
    );
    const day = (d: string) => month.days.find((x) => x.date === d)!;
    expect(day('2026-11-03').codes).toEqual([]);
    expect(day('2026-11-04').codes).toEqual(['TK']);
    expect(day('2026-11-04').why).toContain('hari ke-3');
    expect(day('2026-11-11').codes).toEqual([]);
    // 20 working days (21 weekdays, 20 November the regional holiday): 7 excused (2 sick days cut), 13 with no scan.
    expect(month.workingDays).toBe(20);
    expect(month.counts.TK).toBe(2 + 13);
  });
});
