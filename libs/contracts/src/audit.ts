import { z } from 'zod';

export const StreamQuery = z
  .object({
    asOf: z.iso.datetime({ offset: true }).optional().describe('only events recorded at or before this moment'),
    from: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const JobIdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9:_-]{1,100}$/) });
