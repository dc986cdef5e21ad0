import type { Instant } from '@kinerja/kernel';
import { LocalDate, localDateOf, parseLocalDate } from '@kinerja/domain/shared';

// Used only by the controllers not yet on the application layer (planning); a converted controller
// leaves "now" and "today" to its handler, which takes them from the injected Clock. Delete this file
// when the last of them is converted.

export const now = (): Instant => new Date().toISOString();

/** A date query parameter, or today on the Pemda's calendar. */
export function dateOrToday(date: string | undefined): LocalDate {
  return date === undefined ? localDateOf(new Date()) : parseLocalDate(date, 'date');
}
