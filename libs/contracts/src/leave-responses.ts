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
