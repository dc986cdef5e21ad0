import { z } from 'zod';
import { badInput } from '@kinerja/kernel';

/** At most this many failed fields are listed: a body of 100,000 bad items is not answered with 100,000. */
const MAX_FIELDS = 20;

/**
 * How a field refuses a value with a code of its own (INVALID_RATING, INVALID_OUTCOME, …) rather
 * than VALIDATION_FAILED: these answers were the deciders' before the edge parsed the input, and a
 * client keeps getting the same code, message and details.
 */
export interface Refusal {
  code: string;
  message(field: string): string;
  details(field: string, value: unknown): Record<string, unknown>;
}

const REFUSAL = 'kinerja.refusal';
type Refused = { refusal: Refusal; value: unknown };

/**
 * `schema` narrowed to the values `accept` admits; any other value is refused with `refusal`.
 * Only a value of the right shape reaches `accept`: a wrong shape is still VALIDATION_FAILED.
 */
export function refusing<S extends z.ZodType, T extends z.output<S>>(
  schema: S,
  accept: (value: z.output<S>) => value is T,
  refusal: Refusal,
): z.ZodType<T, z.input<S>> {
  return schema.superRefine((value, ctx) => {
    if (!accept(value)) ctx.addIssue({ code: 'custom', message: refusal.code, params: { [REFUSAL]: { refusal, value } } });
  }) as unknown as z.ZodType<T, z.input<S>>;
}

function refusedBy(issue: z.core.$ZodIssue): Refused | undefined {
  if (issue.code === 'custom') return issue.params?.[REFUSAL] as Refused | undefined;
  // A record's key refused: the key is the value, the record's entry the field.
  if (issue.code === 'invalid_key' && issue.issues.length > 0 && issue.issues.every((i) => refusedBy(i) !== undefined))
    return { refusal: (refusedBy(issue.issues[0]) as Refused).refusal, value: issue.path[issue.path.length - 1] };
  return undefined;
}

/**
 * Validates input against a schema; a failure is a 400 naming the field paths that failed (the
 * first 20). A value of the right shape refused by a field's own rule (see `refusing`) answers
 * with that rule's code, the first in the schema's order, once the shape is right everywhere.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, code = 'VALIDATION_FAILED'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.filter((i) => refusedBy(i) === undefined);
  if (issues.length === 0) {
    const first = r.error.issues[0];
    const { refusal, value: refused } = refusedBy(first) as Refused;
    const field = first.path.join('.');
    throw badInput(refusal.code, refusal.message(field), refusal.details(field, refused));
  }
  throw badInput(code, 'the request is not valid', {
    fields: issues.slice(0, MAX_FIELDS).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    ...(issues.length > MAX_FIELDS ? { moreFields: issues.length - MAX_FIELDS } : {}),
  });
}
