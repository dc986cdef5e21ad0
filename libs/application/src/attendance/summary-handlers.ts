import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { badInput, contentId, conflict, domainError, notFound } from '@kinerja/kernel';
import { parseRosterCsv, rosterDecider, rosterStreamId, scheduleIdOf, type MonthAttendance } from '@kinerja/domain/attendance';
import { attendanceStreamId, inputImportDecider, type AttendanceRow } from '@kinerja/domain/payroll';
import { ATTENDANCE_CODES, attendancePolicyOf, policyInForce, type AttendanceCode } from '@kinerja/policies';
import { knownPayrollNips, pageOf, positionNamesOf, unitNameOf } from '@kinerja/projections';
import type { AttendanceRecapInput } from '@kinerja/documents';
import { DOCUMENTS, type DocumentSettings } from '../ports';
import { handleCommand } from '../command-handler';
import { AttendanceHandler } from './base';
import {
  GetAttendanceMonth,
  GetAttendanceRecap,
  RecordAttendanceSummary,
  RecordShiftRoster,
  GetAttendanceRecapDocument,
  type AttendanceMonthView,
  type AttendanceRecapView,
  type AttendanceTotals,
} from './commands';
import { opdMonth, staffOf } from './summary';

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
    const importId = contentId({ opdId, month, rows });
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

@CommandHandler(RecordShiftRoster)
export class RecordShiftRosterHandler extends AttendanceHandler implements ICommandHandler<RecordShiftRoster> {
  async execute({ opdId, month, file, actor, ctx }: RecordShiftRoster) {
    const context = await this.allow(actor, 'attendance.import', { kind: 'unit', opdId }, ctx);
    const policy = attendancePolicyOf(policyInForce(await this.policies(), month));
    const scheduleId = scheduleIdOf(policy, opdId);
    const schedule = policy.schedules.find((s) => s.id === scheduleId);
    // An office week has no roster: a roster for it would be read by nobody and mislead whoever sent it.
    if (schedule?.kind !== 'SHIFT')
      throw domainError('NOT_A_SHIFT_SCHEDULE', { opdId, month, scheduleId }, `${opdId} works ${scheduleId}, not shifts, in ${month}`);
    const parsed = parseRosterCsv(file.csv, { month, shifts: new Set(Object.keys(schedule.shifts)) });
    const staff = new Set((await staffOf(this.db, opdId)).map((s) => s.nip));
    const errors = [...parsed.errors];
    parsed.rows.forEach((r, i) => {
      if (!staff.has(r.nip))
        errors.push({ line: parsed.lines[i], column: 'nip', code: 'NOT_OPD_STAFF', message: `${r.nip} is not active staff of ${opdId}` });
    });
    errors.sort((a, b) => a.line - b.line);
    const rows = parsed.rows.filter((r) => staff.has(r.nip));
    const rosterId = contentId(rows);
    const answer = { opdId, month, scheduleId, dryRun: file.dryRun, rows: rows.length, errors, rosterId };
    if (file.dryRun) return { ...answer, events: [] };
    if (errors.length)
      throw badInput('ROSTER_HAS_ERRORS', `${errors.length} bad row(s); nothing was recorded (see details.errors)`, answer);
    const r = await handleCommand(
      this.store,
      rosterStreamId(opdId, month),
      rosterDecider,
      { type: 'RecordShiftRoster', opdId, month, rosterId, rows, at: this.now() },
      { ...context, reason: `shift roster of ${opdId} for ${month}` },
    );
    return { ...answer, events: r.events.map((e) => e.type) };
  }
}

@QueryHandler(GetAttendanceRecapDocument)
export class GetAttendanceRecapDocumentHandler extends AttendanceHandler implements IQueryHandler<GetAttendanceRecapDocument> {
  @Inject(DOCUMENTS) private readonly settings!: DocumentSettings;

  async execute({ opdId, month, actor }: GetAttendanceRecapDocument): Promise<AttendanceRecapInput> {
    await this.allow(actor, 'attendance.recap', { kind: 'unit', opdId });
    const m = await opdMonth(this.db, await this.policies(), opdId, month, this.today());
    const positions = await positionNamesOf(
      this.db,
      m.staff.map((s) => s.nip),
      `${month}-28`,
    );
    return {
      pemda: this.settings.pemdaName,
      opd: { id: opdId, name: (await unitNameOf(this.db, opdId, `${month}-28`)) ?? opdId },
      month,
      policyVersion: m.policyVersion,
      printedAt: this.now(),
      employees: m.staff.map((s) => {
        const t = totalsOf(s.attendance);
        return {
          nip: s.nip,
          name: s.name,
          position: positions.get(s.nip) ?? s.positionId,
          workingDays: t.workingDays,
          presentDays: t.presentDays,
          excusedDays: t.excusedDays,
          counts: s.attendance.counts,
        };
      }),
    };
  }
}

export const ATTENDANCE_SUMMARY_HANDLERS = [
  GetAttendanceRecapDocumentHandler,
  GetAttendanceMonthHandler,
  GetAttendanceRecapHandler,
  RecordAttendanceSummaryHandler,
  RecordShiftRosterHandler,
];
