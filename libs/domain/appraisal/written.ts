import { badInput } from '@kinerja/kernel';

/**
 * A written text (a reason, a justification, a source): not blank, at most `max` characters,
 * trimmed. Left out, it is refused with `code`: whether one is required is the decider's rule.
 */
export function written(value: string | undefined, field: string, code = 'REASON_REQUIRED', max = 4000): string {
  if (value === undefined || value.trim() === '') throw badInput(code, `${field} must be written`, { field });
  if (value.length > max) throw badInput('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
  return value.trim();
}
