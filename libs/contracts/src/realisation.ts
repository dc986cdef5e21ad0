import { z } from 'zod';

const evidenceItem = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('FILE'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of an uploaded file (64 lower-case hex digits)'),
    })
    .strict(),
  z.object({ kind: z.literal('LINK'), url: z.string().min(1).max(500) }).strict(),
]);

export const RecordRealisationBody = z
  .object({
    indicatorId: z.string().min(1).max(64),
    quantity: z.number(),
    quality: z.number(),
    timeMonths: z.number(),
    note: z.string().min(1).max(1000).optional(),
    evidence: z.array(evidenceItem).max(20).default([]),
  })
  .strict();
export const AnswerRealisationBody = z
  .object({ kind: z.enum(['ACKNOWLEDGED', 'NOTE', 'NEEDS_REVISION']), note: z.string().min(1).max(1000).optional() })
  .strict();
