import type { Pool } from 'pg';
import {
  applyExcuseCuts,
  attendanceRulesOf,
  calendarOf,
  monthExcuses,
  scheduleIdOf,
  scheduleOf,
  summariseMonth,
  type LeaveRequest,
  type MonthAttendance,
} from '@kinerja/domain/attendance';
import type { LocalDate } from '@kinerja/domain/shared';
import { attendancePolicyOf, loadShippedCalendar, policyInForce, type PolicyDocument } from '@kinerja/policies';
import { approvedLeaveInMonth, faultDaysOf, rosterOf, scansOfEmployeesMonth, type LeaveRow } from '@kinerja/projections';

/**
 * The monthly attendance of an OPD's staff, computed from what is recorded (issue 16, item 4): the
 * schedule of the policy in force for the month, the shipped national calendar with the Pemda's own
 * days, each employee's scans, their approved leave and the OPD's machine-fault days. Nothing here
 * is stored: the same inputs give the same days, so the summary recorded for payroll can always be
 * recomputed and checked.
 */

export interface StaffMember {
  nip: string;
  name: string;
  positionId: string;
  positionGrade: number;
  opdId: string;
}

/** The OPD's active staff as the directory holds them now, by name. */
export async function staffOf(db: Pool, opdId: string, nip?: string): Promise<StaffMember[]> {
  const { rows } = await db.query<StaffMember>(
    `SELECT nip, name, position_id AS "positionId", position_grade AS "positionGrade", opd_id AS "opdId"
       FROM employee_directory WHERE opd_id = $1 AND employment_state = 'ACTIVE' ${nip ? 'AND nip = $2' : ''} ORDER BY name, nip`,
    nip ? [opdId, nip] : [opdId],
  );
  return rows;
}

/** The shipped calendars the month's days (and the days either side of it) fall in; `missing` when the month's own year has none. */
function shippedCalendarFor(month: string): { rows: Array<{ date: unknown; kind: unknown; name: unknown }>; missing: boolean } {
  const year = Number(month.slice(0, 4));
  const own = loadShippedCalendar(year);
  const edge = month.endsWith('-01') ? loadShippedCalendar(year - 1) : month.endsWith('-12') ? loadShippedCalendar(year + 1) : null;
  return { rows: [...(own ?? []), ...(edge ?? [])], missing: own === null };
}

export interface StaffMonth extends StaffMember {
  attendance: MonthAttendance;
}

export interface OpdMonth {
  opdId: string;
  month: string;
  policyVersion: string;
  scheduleId: string;
  /** No calendar of national holidays is shipped for the month's year: holidays count as working days. */
  calendarMissing: boolean;
  staff: StaffMonth[];
}

const leaveRequestOf = (r: LeaveRow): LeaveRequest => ({
  leaveId: r.leaveId,
  kind: r.kind,
  from: r.from,
  to: r.to,
  document: r.document,
  reason: r.reason,
  status: r.status,
  decidedBy: r.decidedBy,
  note: r.note,
});

/** Each staff member's month (all of the OPD's, or the one `nip`), counted up to `today`. */
export async function opdMonth(
  db: Pool,
  documents: readonly PolicyDocument[],
  opdId: string,
  month: string,
  today: LocalDate,
  nip?: string,
): Promise<OpdMonth> {
  const document = policyInForce(documents, month);
  const policy = attendancePolicyOf(document);
  const rules = attendanceRulesOf(policy);
  const shipped = shippedCalendarFor(month);
  const calendar = calendarOf(policy, shipped.rows);
  const staff = await staffOf(db, opdId, nip);
  const nips = staff.map((s) => s.nip);
  const [scans, leave, faults, roster] = await Promise.all([
    scansOfEmployeesMonth(db, nips, month),
    approvedLeaveInMonth(db, nips, month),
    faultDaysOf(db, opdId, month),
    rosterOf(db, opdId, month),
  ]);
  const leaveByNip = new Map<string, LeaveRequest[]>();
  for (const r of leave) leaveByNip.set(r.nip, [...(leaveByNip.get(r.nip) ?? []), leaveRequestOf(r)]);
  const faultDays = new Map(faults.map((f) => [f.date, f.reason]));
  return {
    opdId,
    month,
    policyVersion: document.policyVersion,
    scheduleId: scheduleIdOf(policy, opdId),
    calendarMissing: shipped.missing,
    staff: staff.map((s) => {
      const requests = new Map((leaveByNip.get(s.nip) ?? []).map((r) => [r.leaveId, r]));
      // An office week is the OPD's; a shift schedule is each employee's roster of the month.
      const summary = summariseMonth({
        month,
        schedule: scheduleOf(policy, opdId, roster.get(s.nip)),
        calendar,
        scans: scans.get(s.nip) ?? [],
        excuses: monthExcuses({ requests }, faultDays, month),
        rules,
        until: today,
      });
      return { ...s, attendance: applyExcuseCuts(summary, policy.excuseCuts) };
    }),
  };
}
