import { z } from 'zod';

/**
 * `?asOf=` of the ledgers: an ISO 8601 timestamp with its offset; the handler checks it against its
 * clock (malformed: INVALID_AS_OF; in the future: AS_OF_IN_FUTURE).
 */
export const asOf = z
  .string()
  .optional()
  .describe(
    'the ledger as the log held it at this moment (ISO 8601 with offset, not in the future): the events up to it folded by the same projection code',
  );

export const StreamQuery = z
  .object({
    asOf: z.iso.datetime({ offset: true }).optional().describe('only events recorded at or before this moment'),
    from: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const JobIdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9:_-]{1,100}$/) });
