import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { FaultDayDeclared, LeaveEvent } from '@kinerja/domain/attendance';
import type { Month, OpdId } from '@kinerja/domain/shared';
import type { FaultDayRow, LeaveRow } from '@kinerja/projections';
import type { AttendanceRecapInput } from '@kinerja/documents';
import type { CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';

// The attendance area's leave and fault-day messages, as the edges send them: input parsed into its
// types, the actor and (for a command) the request context. The handler adds "now" from the Clock.

/** Leave or official duty, requested by the employee (or their OPD's admin) with its letter. */
export class RequestLeave extends Command<CommandResult<LeaveEvent> & { leaveId: string }> {
  constructor(
    readonly nip: Nip,
    readonly request: { leaveId?: string; kind: string; from: string; to: string; document: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The supervisor of the day approves or refuses (a refusal says why). */
export class DecideLeave extends Command<CommandResult<LeaveEvent>> {
  constructor(
    readonly nip: Nip,
    readonly leaveId: string,
    readonly decision: { approve: boolean; note?: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The employee withdraws a request (an approved one only before it starts). */
export class CancelLeave extends Command<CommandResult<LeaveEvent>> {
  constructor(
    readonly nip: Nip,
    readonly leaveId: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** A day the OPD's attendance machine failed, declared by its admin with a reason: excuses the OPD that day. */
export class DeclareFaultDay extends Command<CommandResult<FaultDayDeclared>> {
  constructor(
    readonly opdId: OpdId,
    readonly day: { date: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** An employee's leave requests, the latest first. */
export class ListLeave extends Query<{ items: LeaveRow[]; total: number }> {
  constructor(
    readonly nip: Nip,
    readonly page: { limit: number; offset: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The OPD's declared fault days of a month. */
export class ListFaultDays extends Query<{ opdId: string; month: string; items: FaultDayRow[] }> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** One employee's days of a month: each day's category and why, and the month's counts. */
export class GetAttendanceMonth extends Query<AttendanceMonthView> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The OPD's month: every staff member's counts (paged), with the totals. */
export class GetAttendanceRecap extends Query<AttendanceRecapView> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly page: { limit: number; offset: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The OPD's computed summary of an ended month, recorded as the pay input the TPP run prices. */
export class RecordAttendanceSummary extends Command<AttendanceSummaryRecordedAnswer> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export interface AttendanceDayView {
  date: string;
  status: string;
  codes: string[];
  checkIn: string | null;
  checkOut: string | null;
  minutesLate: number;
  minutesEarly: number;
  excuse: { kind: string; reference: string } | null;
  off: string | null;
  why: string;
}

export interface AttendanceTotals {
  workingDays: number;
  presentDays: number;
  excusedDays: number;
  absentDays: number;
  counts: Record<string, number>;
}

export interface AttendanceMonthView extends AttendanceTotals {
  nip: string;
  name: string;
  opdId: string;
  month: string;
  policyVersion: string;
  scheduleId: string;
  calendarMissing: boolean;
  excused: Array<{ kind: string; days: number }>;
  unassignedScans: number;
  days: AttendanceDayView[];
}

export interface AttendanceRecapRow extends AttendanceTotals {
  nip: string;
  name: string;
  positionId: string;
  positionGrade: number;
}

export interface AttendanceRecapView {
  opdId: string;
  month: string;
  policyVersion: string;
  scheduleId: string;
  calendarMissing: boolean;
  employees: number;
  totals: Record<string, number>;
  items: AttendanceRecapRow[];
}

export interface AttendanceSummaryRecordedAnswer {
  opdId: string;
  month: string;
  policyVersion: string;
  importId: string;
  streamId: string;
  employees: number;
  /** Staff of the directory that the payroll register lacks (not recorded). */
  skipped: string[];
  events: string[];
  replayed: boolean;
}

/** The OPD's shift roster of a month (`nip,tanggal,shift`), the whole month at once; `dryRun` checks only. */
export class RecordShiftRoster extends Command<ShiftRosterAnswer> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly file: { csv: string; dryRun: boolean },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export interface ShiftRosterAnswer {
  opdId: string;
  month: string;
  scheduleId: string;
  dryRun: boolean;
  rows: number;
  errors: Array<{ line: number; column: string; code: string; message: string }>;
  rosterId: string;
  events: string[];
}

/** The OPD's attendance recap of a month as the documents render it (PDF, .xlsx). */
export class GetAttendanceRecapDocument extends Query<AttendanceRecapInput> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
  ) {
    super();
  }
}
