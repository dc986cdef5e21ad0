import { z } from 'zod';

/**
 * Request shapes of planning and monitoring. Shapes only (bounded so nothing huge reaches a
 * decider); the deciders check the rules and answer with their own codes.
 */
const id = z.string().min(1).max(64);
const text = z.string().min(1).max(500);

export const IndicatorBody = z
  .object({
    indicatorId: id.optional(),
    text,
    quantity: z.number(),
    unit: z.string().min(1).max(50),
    quality: z.number(),
    timeMonths: z.number().int(),
  })
  .strict();

export const PlannedResultBody = z
  .object({ resultId: id.optional(), text, parentResultId: id.optional(), indicators: z.array(IndicatorBody).min(1).max(10) })
  .strict();

export const DraftWorkPlanBody = z.object({ results: z.array(PlannedResultBody).min(1).max(30) }).strict();
export const ReviseWorkPlanBody = z.object({ reason: text, results: z.array(PlannedResultBody).min(1).max(30) }).strict();
export const ReturnWorkPlanBody = z.object({ notes: z.string().min(1).max(2000) }).strict();
export const EmptyBody = z.object({}).strict().optional();

export const YearQueryParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const FileDailyReportBody = z
  .object({
    reportId: id.optional(),
    date,
    durationMinutes: z.number().int(),
    resultId: id,
    output: z.string().min(1).max(1000),
    evidenceUrl: z.string().min(1).max(500).optional(),
  })
  .strict();
export const AnswerDailyReportBody = z
  .object({ kind: z.enum(['ACKNOWLEDGED', 'NOTE', 'NEEDS_REVISION']), note: z.string().min(1).max(1000).optional() })
  .strict();
export const UnlockReportingDayBody = z.object({ date, reason: z.string().min(1).max(500).optional() }).strict();

const score = z.number().int().min(1).max(5);
export const InviteFeedbackBody = z
  .object({
    invitees: z
      .array(z.object({ nip: z.string().regex(/^\d{18}$/, 'an 18-digit NIP'), relation: z.enum(['PEER', 'SUBORDINATE']) }).strict())
      .min(1)
      .max(20),
  })
  .strict();
export const GiveFeedbackBody = z
  .object({
    scores: z
      .object({
        BERORIENTASI_PELAYANAN: score,
        AKUNTABEL: score,
        KOMPETEN: score,
        HARMONIS: score,
        LOYAL: score,
        ADAPTIF: score,
        KOLABORATIF: score,
      })
      .strict(),
    comment: z.string().min(1).max(1000).optional(),
  })
  .strict();
export const OpenPublicFeedbackLinkBody = z.object({ service: z.string().trim().min(1).max(200) }).strict();
export const GivePublicFeedbackBody = z
  .object({
    ratings: z.object({ KECEPATAN: score, KEJELASAN: score, KERAMAHAN: score, KEMUDAHAN: score }).strict(),
    comment: z.string().min(1).max(500).optional(),
  })
  .strict();
const templateIndicator = z
  .object({ indicatorId: id, text, unit: z.string().min(1).max(50), quality: z.number(), timeMonths: z.number().int() })
  .strict();
/** One RHK handed to many subordinates: the RHK and its indicators once, the targets per person. */
export const ResultTemplateBody = z
  .object({
    template: z.object({ resultId: id, text, parentResultId: id, indicators: z.array(templateIndicator).min(1).max(10) }).strict(),
    assignees: z
      .array(
        z
          .object({
            nip: z.string().regex(/^\d{18}$/, 'an 18-digit NIP'),
            targets: z
              .array(
                z
                  .object({
                    indicatorId: id,
                    quantity: z.number(),
                    quality: z.number().optional(),
                    timeMonths: z.number().int().optional(),
                  })
                  .strict(),
              )
              .min(1)
              .max(10),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();
