import { badInput } from '@kinerja/kernel';
import { ATTENDANCE_CODES, DEFAULT_ATTENDANCE_POLICY, EXCUSE_KINDS, type AttendanceCode, type ExcuseKind } from '@kinerja/policies';

/**
 * The policy rows that turn a day's scans into the codes the TPP calculator already counts (TL1..4,
 * PSW1..4, TK). Versioned with the rest of the policy; the defaults are those of issue 16 and most
 * Perkada: TL1 1-30 minutes late, TL2 31-60, TL3 61-90, TL4 over 90 or no check-in; PSW the same
 * before the end; TK a working day with no scan and no excuse.
 */

/** `fromMinutes..toMinutes` inclusive; `toMinutes` null is "and more". */
export interface MinuteBand {
  code: AttendanceCode;
  fromMinutes: number;
  toMinutes: number | null;
}

export { EXCUSE_KINDS, type ExcuseKind };

export interface AttendanceRules {
  lateness: readonly MinuteBand[];
  earlyLeave: readonly MinuteBand[];
  /** A working day with scans but none that can be the check-in (only a late one, past the midpoint). */
  noCheckIn: AttendanceCode;
  /** A working day with a check-in and nothing after the day's midpoint. */
  noCheckOut: AttendanceCode;
  /** A working day with no scan and no excuse. */
  absent: AttendanceCode;
  /** How long before the start (and after the end) a scan still belongs to that working day. */
  scanWindowMinutes: number;
}

/** The defaults of issue 16 and most Perkada (the policy's default section states them once). */
export const DEFAULT_ATTENDANCE_RULES: AttendanceRules = DEFAULT_ATTENDANCE_POLICY.rules;

const isCode = (c: unknown): c is AttendanceCode => typeof c === 'string' && (ATTENDANCE_CODES as readonly string[]).includes(c);

/**
 * Refuses rules a Pemda could not mean: bands that overlap, leave a gap after the first minute, or
 * name a code the calculator does not know (`INVALID_ATTENDANCE_RULES`, with the band). Every minute
 * late from the first must fall in exactly one band, or a day would be priced by chance.
 */
export function checkAttendanceRules(rules: AttendanceRules): AttendanceRules {
  for (const [name, bands] of [
    ['lateness', rules.lateness],
    ['earlyLeave', rules.earlyLeave],
  ] as const) {
    let next = 1;
    bands.forEach((b, i) => {
      const bad = (reason: string) => badInput('INVALID_ATTENDANCE_RULES', `${name}[${i}]: ${reason}`, { rule: name, index: i, band: b });
      if (!isCode(b.code)) throw bad(`unknown attendance code`);
      if (!Number.isInteger(b.fromMinutes) || b.fromMinutes !== next) throw bad(`must start at minute ${next}`);
      if (b.toMinutes !== null && (!Number.isInteger(b.toMinutes) || b.toMinutes < b.fromMinutes)) throw bad('ends before it starts');
      if (b.toMinutes === null && i !== bands.length - 1) throw bad('only the last band may be open-ended');
      next = (b.toMinutes ?? Number.POSITIVE_INFINITY) + 1;
    });
    if (next !== Number.POSITIVE_INFINITY)
      throw badInput('INVALID_ATTENDANCE_RULES', `${name}: the last band must be open-ended`, { rule: name });
  }
  for (const k of ['noCheckIn', 'noCheckOut', 'absent'] as const)
    if (!isCode(rules[k])) throw badInput('INVALID_ATTENDANCE_RULES', `${k}: unknown attendance code`, { rule: k, value: rules[k] });
  if (!Number.isInteger(rules.scanWindowMinutes) || rules.scanWindowMinutes < 0 || rules.scanWindowMinutes > 720)
    throw badInput('INVALID_ATTENDANCE_RULES', 'scanWindowMinutes must be 0..720', { value: rules.scanWindowMinutes });
  return rules;
}

/** The band `minutes` (≥ 1) falls in. */
export function bandOf(bands: readonly MinuteBand[], minutes: number): MinuteBand {
  const b = bands.find((x) => minutes >= x.fromMinutes && (x.toMinutes === null || minutes <= x.toMinutes));
  // checkAttendanceRules makes the bands cover every minute from 1.
  if (!b) throw new Error(`no band for ${minutes} minutes`);
  return b;
}
