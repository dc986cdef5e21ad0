import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const rupiah = z.string().regex(/^\d{1,15}$/, 'whole rupiah as a string of digits');
const text = z.string().trim().min(1).max(2000);

export const PayrollMonthParam = z.object({ month }).passthrough();
export const ImportBody = z.object({ csv: z.string().min(1).max(20_000_000), dryRun: z.boolean().optional() }).strict();
export const OpenRunBody = z.object({ month }).strict();
export const StepBody = z
  .object({
    digest: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'the 64-hex digest of the run')
      .describe('the digest of the run as read from GET …/runs/{month}: a signer signs what they saw'),
    sp2dNumber: text.optional().describe('disburse only (required there): the number of the SP2D'),
    sp2dDate: z.string().optional().describe('disburse only (required there): the date of the SP2D, YYYY-MM-DD'),
  })
  .strict();
export const ReturnBody = z.object({ reason: text }).strict();
export const RecalculateBody = z.object({ reason: text }).strict();
export const BudgetBody = z.object({ amount: rupiah.describe('the OPD’s TPP budget for the month, whole rupiah'), reason: text }).strict();
export const SanctionBody = z
  .object({
    sanctionId: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,80}$/)
      .optional(),
    nip: z.string(),
    type: z.string(),
    startMonth: month,
    months: z.number().int(),
    decreeNumber: z.string().max(200).optional(),
    reason: text,
  })
  .strict();
export const AmendmentBody = z
  .object({
    objectionId: z.string(),
    nip: z.string(),
    month,
    predikat: z.string(),
    reason: text,
    decidedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict();
export const SimulationBody = z
  .object({
    drafts: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(5)
      .describe('draft policy documents, the format of a published one (GET /policies shows one); never published by simulating'),
    months: z.array(month).min(1).max(36).describe('the months to simulate, YYYY-MM'),
    opdIds: z
      .array(z.string().min(1).max(64))
      .max(500)
      .optional()
      .describe('the OPDs; every OPD with a payroll register or run when absent'),
    top: z.number().int().min(1).max(100).optional().describe('the largest rises and falls listed per OPD, month and draft (default 10)'),
  })
  .strict();
export const LinesQuery = z
  .object({ after: z.string().max(30).default(''), limit: z.coerce.number().int().min(1).max(5000).default(500) })
  .strict();
/** The rekap TPP's paper: A4 (default) or F4 (folio, 215 x 330 mm), landscape either way. */
export const RekapQuery = z
  .object({ paper: z.enum(['A4', 'F4']).default('A4').describe('the paper size, landscape: A4 (default) or F4 (folio, 215 x 330 mm)') })
  .strict();
export const SanctionsQuery = z
  .object({
    nip: z
      .string()
      .regex(/^\d{18}$/, 'a NIP of 18 digits')
      .optional(),
    month: month.optional().describe('only the sanctions running in this month'),
    opdId: z.string().min(1).max(100).optional().describe('only the employees of this OPD (as in the payroll register now)'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export const PublishPolicyBody = z.object({ document: z.record(z.string(), z.unknown()), reason: text }).strict();
