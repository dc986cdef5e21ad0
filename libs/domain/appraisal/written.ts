import { badInput } from '@kinerja/kernel';

/** A written text (a reason, a justification, a source): not blank, at most `max` characters, trimmed. */
export function written(value: unknown, field: string, code = 'REASON_REQUIRED', max = 4000): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(code, `${field} must be written`, { field });
  if (value.length > max) throw badInput('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
  return value.trim();
}
