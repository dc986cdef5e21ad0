import { z } from 'zod';
import { CommandAnswer } from './responses';

// What the leave, fault-day and attendance-summary routes answer (issue 16, items 3 and 4).

const o = z.looseObject;
const nullableString = z.string().nullable();

export const LeaveRequested = CommandAnswer.extend({ leaveId: z.string().describe('the request’s id: decide or cancel it by this') });
export const LeaveRowView = o({
  nip: z.string(),
  leaveId: z.string(),
  kind: z.string(),
  from: z.string(),
  to: z.string(),
  document: z.string().describe('the letter: surat cuti, surat tugas, surat keterangan dokter'),
  reason: z.string(),
  status: z.enum(['DIAJUKAN', 'DISETUJUI', 'DITOLAK', 'DIBATALKAN']),
  decidedBy: nullableString,
  note: nullableString,
  requestedAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'LeaveRow' });
export const LeaveListView = o({ items: z.array(LeaveRowView), total: z.number().int() });
export const FaultDaysView = o({
  opdId: z.string(),
  month: z.string(),
  items: z.array(o({ opdId: z.string(), date: z.string(), reason: z.string(), declaredBy: z.string(), declaredAt: z.string() })),
});

const counts = z.record(z.string(), z.number().int()).describe('per code TL1..TL4, PSW1..PSW4, TK: what the TPP calculator takes');
const totals = {
  workingDays: z.number().int(),
  presentDays: z.number().int(),
  excusedDays: z.number().int(),
  absentDays: z.number().int(),
  counts,
};
const AttendanceDay = o({
  date: z.string(),
  status: z.enum(['HADIR', 'DIKECUALIKAN', 'TIDAK_HADIR', 'LIBUR', 'BELUM_TERJADI']),
  codes: z.array(z.string()),
  checkIn: nullableString,
  checkOut: nullableString,
  minutesLate: z.number().int(),
  minutesEarly: z.number().int(),
  excuse: o({ kind: z.string(), reference: z.string() }).nullable(),
  off: nullableString,
  why: z.string().describe('in Indonesian, as the employee and their supervisor read it'),
}).meta({ id: 'AttendanceDay' });
const monthHead = {
  month: z.string(),
  policyVersion: z.string(),
  scheduleId: z.string(),
  calendarMissing: z.boolean().describe('no national calendar is shipped for the year: holidays count as working days'),
};
export const AttendanceMonthView = o({
  nip: z.string(),
  name: z.string(),
  opdId: z.string(),
  ...monthHead,
  ...totals,
  excused: z.array(o({ kind: z.string(), days: z.number().int() })),
  unassignedScans: z.number().int().describe('scans on no working day (kept, never counted)'),
  days: z.array(AttendanceDay),
});
export const AttendanceRecapView = o({
  opdId: z.string(),
  ...monthHead,
  employees: z.number().int(),
  totals: counts,
  items: z.array(o({ nip: z.string(), name: z.string(), positionId: z.string(), positionGrade: z.number().int(), ...totals })),
});
export const AttendanceSummaryAnswer = o({
  opdId: z.string(),
  month: z.string(),
  policyVersion: z.string(),
  importId: z.string(),
  streamId: z.string(),
  employees: z.number().int(),
  skipped: z.array(z.string()).describe('staff the payroll register lacks: not recorded'),
  events: z.array(z.string()),
  replayed: z.boolean(),
});
export const ShiftRosterAnswer = o({
  opdId: z.string(),
  month: z.string(),
  scheduleId: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  errors: z.array(o({ line: z.number().int(), column: z.string(), code: z.string(), message: z.string() })),
  rosterId: z.string().describe('the roster’s content digest'),
  events: z.array(z.string()),
});
