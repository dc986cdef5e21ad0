import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canonicalJson, conflict, notFound } from '@kinerja/kernel';
import type { MonthAttendance } from '@kinerja/domain/attendance';
import { attendanceStreamId, inputImportDecider, type AttendanceRow } from '@kinerja/domain/payroll';
import { ATTENDANCE_CODES, type AttendanceCode } from '@kinerja/policies';
import { knownPayrollNips, pageOf } from '@kinerja/projections';
import { handleCommand } from '../command-handler';
import { AttendanceHandler } from './base';
import {
  GetAttendanceMonth,
  GetAttendanceRecap,
  RecordAttendanceSummary,
  type AttendanceMonthView,
  type AttendanceRecapView,
  type AttendanceTotals,
} from './commands';
import { opdMonth } from './summary';

// The computed monthly summary: one employee's days, the OPD's recap, and the OPD's ended month
// recorded as the pay input (the same AttendanceSummaryRecorded the CSV import appends).

function totalsOf(m: MonthAttendance): AttendanceTotals {
  const count = (status: string) => m.days.filter((d) => d.status === status).length;
  return {
    workingDays: m.workingDays,
    presentDays: count('HADIR'),
    excusedDays: count('DIKECUALIKAN'),
    absentDays: count('TIDAK_HADIR'),
    counts: { ...m.counts },
  };
}

@QueryHandler(GetAttendanceMonth)
export class GetAttendanceMonthHandler extends AttendanceHandler implements IQueryHandler<GetAttendanceMonth> {
  async execute({ nip, month, actor }: GetAttendanceMonth): Promise<AttendanceMonthView> {
    await this.allow(actor, 'attendance.view', { kind: 'employee', nip });
    const { rows } = await this.db.query<{ opd_id: string }>('SELECT opd_id FROM employee_directory WHERE nip = $1', [nip]);
    if (!rows[0]) throw notFound('EMPLOYEE_NOT_FOUND', `no employee ${nip}`, { nip });
    const m = await opdMonth(this.db, await this.policies(), rows[0].opd_id, month, this.today(), nip);
    const s = m.staff[0];
    if (!s) throw notFound('EMPLOYEE_NOT_FOUND', `${nip} is not active staff of ${rows[0].opd_id}`, { nip });
    return {
      nip,
      name: s.name,
      opdId: m.opdId,
      month,
      policyVersion: m.policyVersion,
      scheduleId: m.scheduleId,
      calendarMissing: m.calendarMissing,
      ...totalsOf(s.attendance),
      excused: [...s.attendance.excusedDays].map(([kind, days]) => ({ kind, days })),
      unassignedScans: s.attendance.unassignedScans,
      days: s.attendance.days,
    };
  }
}

@QueryHandler(GetAttendanceRecap)
export class GetAttendanceRecapHandler extends AttendanceHandler implements IQueryHandler<GetAttendanceRecap> {
  async execute({ opdId, month, page, actor }: GetAttendanceRecap): Promise<AttendanceRecapView> {
    await this.allow(actor, 'attendance.recap', { kind: 'unit', opdId });
    const m = await opdMonth(this.db, await this.policies(), opdId, month, this.today());
    const totals = Object.fromEntries(ATTENDANCE_CODES.map((c) => [c, 0])) as Record<AttendanceCode, number>;
    for (const s of m.staff) for (const c of ATTENDANCE_CODES) totals[c] += s.attendance.counts[c];
    const { limit, offset } = pageOf(page);
    return {
      opdId,
      month,
      policyVersion: m.policyVersion,
      scheduleId: m.scheduleId,
      calendarMissing: m.calendarMissing,
      employees: m.staff.length,
      totals,
      items: m.staff.slice(offset, offset + limit).map((s) => ({
        nip: s.nip,
        name: s.name,
        positionId: s.positionId,
        positionGrade: s.positionGrade,
        ...totalsOf(s.attendance),
      })),
    };
  }
}

@CommandHandler(RecordAttendanceSummary)
export class RecordAttendanceSummaryHandler extends AttendanceHandler implements ICommandHandler<RecordAttendanceSummary> {
  async execute({ opdId, month, actor, ctx }: RecordAttendanceSummary) {
    const context = await this.allow(actor, 'attendance.summarise', { kind: 'unit', opdId }, ctx);
    // A month still running would count its coming days as absent: only an ended month is recorded.
    if (month >= this.today().slice(0, 7))
      throw conflict('MONTH_NOT_OVER', `${month} has not ended; its summary is recorded from the first day of the next month`, {
        month,
        today: this.today(),
      });
    const m = await opdMonth(this.db, await this.policies(), opdId, month, this.today());
    const known = await knownPayrollNips(
      this.db,
      m.staff.map((s) => s.nip),
    );
    const rows: AttendanceRow[] = m.staff
      .filter((s) => known.has(s.nip))
      .map((s) => ({
        nip: s.nip,
        counts: Object.fromEntries(ATTENDANCE_CODES.filter((c) => s.attendance.counts[c] > 0).map((c) => [c, s.attendance.counts[c]])),
      }));
    // Named by its content, as an import is: the same summary recorded twice appends nothing.
    const importId = createHash('sha256').update(canonicalJson({ opdId, month, rows })).digest('hex').slice(0, 16);
    const r = await handleCommand(
      this.store,
      attendanceStreamId(month, importId),
      inputImportDecider,
      { type: 'RecordAttendance', month, importId, rows, at: this.now() },
      {
        ...context,
        reason: `attendance summary of ${opdId} for ${month}, computed from the scans, leave and fault days under ${m.policyVersion}`,
        policyVersion: m.policyVersion,
      },
    );
    return {
      opdId,
      month,
      policyVersion: m.policyVersion,
      importId,
      streamId: r.streamId,
      employees: rows.length,
      skipped: m.staff.filter((s) => !known.has(s.nip)).map((s) => s.nip),
      events: r.events.map((e) => e.type),
      replayed: r.replayed || r.events.length === 0,
    };
  }
}

export const ATTENDANCE_SUMMARY_HANDLERS = [GetAttendanceMonthHandler, GetAttendanceRecapHandler, RecordAttendanceSummaryHandler];
