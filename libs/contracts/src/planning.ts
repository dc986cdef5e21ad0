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
