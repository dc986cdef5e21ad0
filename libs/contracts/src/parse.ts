import { z } from 'zod';
import { badInput } from '@kinerja/kernel';

/** At most this many failed fields are listed: a body of 100,000 bad items is not answered with 100,000. */
const MAX_FIELDS = 20;

/** Validates input against a schema; a failure is a 400 naming the field paths that failed (the first 20). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, code = 'VALIDATION_FAILED'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues;
  throw badInput(code, 'the request is not valid', {
    fields: issues.slice(0, MAX_FIELDS).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    ...(issues.length > MAX_FIELDS ? { moreFields: issues.length - MAX_FIELDS } : {}),
  });
}
