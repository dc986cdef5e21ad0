import { z } from 'zod';

// Leave, fault days and the computed attendance summary (issue 16, items 3 and 4).

const text = z.string().trim().min(1).max(2000);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const id = z.string().regex(/^[A-Za-z0-9_.:@-]{1,80}$/, 'letters, digits and _.:@-, at most 80');

export const LeaveRequestBody = z
  .object({
    leaveId: id.optional().describe('without it the request is named by its kind and dates: the same request twice is one'),
    kind: z.string().describe('CUTI_TAHUNAN, CUTI_SAKIT, CUTI_ALASAN_PENTING, CUTI_MELAHIRKAN, CUTI_BESAR, DINAS_LUAR or TUGAS_BELAJAR'),
    from: date,
    to: date,
    document: z.string().trim().min(1).max(200).describe('the letter: surat cuti, surat tugas, surat keterangan dokter (number)'),
    reason: text,
  })
  .strict();
export const LeaveDecisionBody = z
  .object({ approve: z.boolean(), note: z.string().trim().max(2000).optional().describe('required when refusing') })
  .strict();
export const LeaveCancelBody = z.object({ reason: text }).strict();
export const LeaveIdParam = id;
export const FaultDayBody = z.object({ date, reason: text }).strict();
export const MonthQuery = z.object({ month }).strict();
export const RosterBody = z
  .object({
    csv: z.string().min(1).max(20_000_000).describe('nip,tanggal,shift: one row per employee per rostered day (`,` or `;`)'),
    dryRun: z.boolean().optional(),
  })
  .strict();
