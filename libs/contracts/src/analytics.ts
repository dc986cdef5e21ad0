import { z } from 'zod';

// Issue 18, items 3 and 4: the analytics of ratings and workload (BKPSDM and the inspectorate).

/** GET /api/v1/analytics/ratings (and its CSV files): the periods of a year, optionally one OPD's raters. */
export const RatingAnalyticsQuery = z
  .object({
    year: z.string().optional().describe('YYYY: the year’s periods (months and quarters); this year by default'),
    opdId: z.string().optional().describe('only the raters and the curve of this OPD (the Pemda comparison still uses every OPD)'),
  })
  .strict();

/** GET /api/v1/analytics/workload (and its CSV files): months from..to (at most 12), optionally one OPD. */
export const WorkloadAnalyticsQuery = z
  .object({
    from: z.string().optional().describe('YYYY-MM, the first month of daily reports; `to` by default'),
    to: z
      .string()
      .optional()
      .describe('YYYY-MM, the last month; realisation against target is through this month, in its year; this month by default'),
    opdId: z.string().optional().describe('only this OPD’s employees (their unit in the directory today)'),
  })
  .strict();
