/**
 * The attendance rules of a Perkada as data (issue 16, item 1): the schedules (five-day and six-day
 * weeks, Friday hours, Ramadan hours by date range, shifts), which OPD works which schedule, the
 * Pemda's own holidays on top of the shipped national calendar, the lateness and early-leave bands,
 * and which excused days still cut TPP (long sick leave). A document without an `attendance`
 * section gets DEFAULT_ATTENDANCE_POLICY: the five-day week of most Pemda and the bands of issue 16.
 * The domain (`libs/domain/attendance`) turns this into its schedule and rule types.
 */
import { z } from 'zod';
import { ATTENDANCE_CODES, EXCUSE_KINDS } from './attendance-codes';

const code = z.enum(ATTENDANCE_CODES);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');
const hours = z.object({ start: clock, end: clock }).strict();
/** ISO weekday "1" (Monday) .. "7" (Sunday) -> hours; a weekday not listed is off. */
const weekHours = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), hours);
const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an id: letters, digits, _ . -');

const band = z.object({ code, fromMinutes: z.number().int().min(1), toMinutes: z.number().int().min(1).nullable() }).strict();

export const attendancePolicySchema = z
  .object({
    rules: z
      .object({
        lateness: z.array(band).min(1),
        earlyLeave: z.array(band).min(1),
        noCheckIn: code,
        noCheckOut: code,
        absent: code,
        scanWindowMinutes: z.number().int().min(0).max(720),
      })
      .strict(),
    schedules: z
      .array(
        z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('WEEK'),
              id,
              name: z.string().min(1),
              hours: weekHours,
              seasons: z.array(z.object({ name: z.string().min(1), from: date, to: date, hours: weekHours }).strict()).default([]),
            })
            .strict(),
          z
            .object({
              kind: z.literal('SHIFT'),
              id,
              name: z.string().min(1),
              /** Shift code -> hours; an end before the start ends the next day (a night shift). */
              shifts: z.record(z.string().regex(/^[A-Z0-9]{1,8}$/, 'a shift code: capitals and digits'), hours),
            })
            .strict(),
        ]),
      )
      .min(1),
    /** The schedule of every OPD not listed in `opdSchedules`. */
    defaultSchedule: id,
    opdSchedules: z.array(z.object({ opdId: z.string().min(1), scheduleId: id }).strict()).default([]),
    /** Regional holidays and corrections to the shipped national calendar (same rows). */
    holidays: z.array(z.object({ date, kind: z.enum(['LIBUR_NASIONAL', 'CUTI_BERSAMA']), name: z.string().min(1) }).strict()).default([]),
    /**
     * Excused days that still cut TPP: from the `afterDays`-th excused day of `kind` in a month, each
     * day counts as `countsAs` (priced by that code's deduction). Annual leave is never listed here.
     */
    excuseCuts: z
      .array(z.object({ kind: z.enum(EXCUSE_KINDS), afterDays: z.number().int().min(0).max(31), countsAs: code }).strict())
      .default([]),
  })
  .strict();

export type AttendancePolicy = z.infer<typeof attendancePolicySchema>;

const FIVE_DAY = {
  '1': { start: '07:30', end: '16:00' },
  '2': { start: '07:30', end: '16:00' },
  '3': { start: '07:30', end: '16:00' },
  '4': { start: '07:30', end: '16:00' },
  '5': { start: '07:30', end: '16:30' },
};

const RAMADAN = {
  '1': { start: '08:00', end: '15:00' },
  '2': { start: '08:00', end: '15:00' },
  '3': { start: '08:00', end: '15:00' },
  '4': { start: '08:00', end: '15:00' },
  '5': { start: '08:00', end: '15:30' },
};

/** Most Pemda: Monday-Thursday 07:30-16:00, Friday 07:30-16:30 (37.5 hours); the bands of issue 16. */
export const DEFAULT_ATTENDANCE_POLICY: AttendancePolicy = {
  rules: {
    lateness: [
      { code: 'TL1', fromMinutes: 1, toMinutes: 30 },
      { code: 'TL2', fromMinutes: 31, toMinutes: 60 },
      { code: 'TL3', fromMinutes: 61, toMinutes: 90 },
      { code: 'TL4', fromMinutes: 91, toMinutes: null },
    ],
    earlyLeave: [
      { code: 'PSW1', fromMinutes: 1, toMinutes: 30 },
      { code: 'PSW2', fromMinutes: 31, toMinutes: 60 },
      { code: 'PSW3', fromMinutes: 61, toMinutes: 90 },
      { code: 'PSW4', fromMinutes: 91, toMinutes: null },
    ],
    noCheckIn: 'TL4',
    noCheckOut: 'PSW4',
    absent: 'TK',
    scanWindowMinutes: 240,
  },
  schedules: [
    {
      kind: 'WEEK',
      id: 'LIMA_HARI',
      name: 'Lima hari kerja',
      hours: FIVE_DAY,
      // SE MenPANRB on Ramadan hours: 08:00-15:00, Friday 08:00-15:30. The dates follow the shipped 2026
      // calendar (Idul Fitri 21 March); a Pemda states its own in its policy document.
      seasons: [{ name: 'jam kerja Ramadan 1447 H', from: '2026-02-19', to: '2026-03-20', hours: RAMADAN }],
    },
  ],
  defaultSchedule: 'LIMA_HARI',
  opdSchedules: [],
  holidays: [],
  excuseCuts: [],
};

/** The attendance section of a document, or the defaults. */
export const attendancePolicyOf = (doc: { attendance?: AttendancePolicy }): AttendancePolicy => doc.attendance ?? DEFAULT_ATTENDANCE_POLICY;

/** Rules the schema cannot say alone, as `path: message`. */
export function attendancePolicyProblems(p: AttendancePolicy): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  p.schedules.forEach((s, i) => {
    if (ids.has(s.id)) problems.push(`attendance.schedules.${i}.id: ${s.id} appears twice`);
    ids.add(s.id);
    if (s.kind === 'WEEK')
      s.seasons.forEach((x, j) => {
        if (x.to < x.from) problems.push(`attendance.schedules.${i}.seasons.${j}: ends before it starts`);
      });
  });
  if (!ids.has(p.defaultSchedule)) problems.push(`attendance.defaultSchedule: no schedule ${p.defaultSchedule}`);
  const opds = new Set<string>();
  p.opdSchedules.forEach((o, i) => {
    if (!ids.has(o.scheduleId)) problems.push(`attendance.opdSchedules.${i}.scheduleId: no schedule ${o.scheduleId}`);
    if (opds.has(o.opdId)) problems.push(`attendance.opdSchedules.${i}.opdId: ${o.opdId} appears twice`);
    opds.add(o.opdId);
  });
  for (const [name, bands] of [
    ['lateness', p.rules.lateness],
    ['earlyLeave', p.rules.earlyLeave],
  ] as const) {
    // Every minute from the first in exactly one band, the last open-ended: no day priced by chance.
    let next = 1;
    bands.forEach((b, i) => {
      if (b.fromMinutes !== next) problems.push(`attendance.rules.${name}.${i}.fromMinutes: must be ${next}`);
      if (b.toMinutes !== null && b.toMinutes < b.fromMinutes) problems.push(`attendance.rules.${name}.${i}: ends before it starts`);
      if (b.toMinutes === null && i !== bands.length - 1)
        problems.push(`attendance.rules.${name}.${i}: only the last band may be open-ended`);
      next = (b.toMinutes ?? Number.POSITIVE_INFINITY) + 1;
    });
    if (bands.length > 0 && bands[bands.length - 1].toMinutes !== null)
      problems.push(`attendance.rules.${name}: the last band must be open-ended`);
  }
  return problems;
}
