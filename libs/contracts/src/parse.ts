import { z } from 'zod';
import { badInput } from '@kinerja/kernel';

/** Validates input against a schema; a failure is a 400 naming every field path that failed. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, code = 'VALIDATION_FAILED'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw badInput(code, 'the request is not valid', {
    fields: r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  });
}
