import { badInput, type Instant } from '@kinerja/kernel';
import { isLocalDate } from '@kinerja/domain/shared';

/** An ISO 8601 timestamp with its offset (`2026-11-03T09:00:00+07:00`, `…Z`), seconds and fraction optional. */
const AS_OF_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The moment a ledger is asked "as of" (`?asOf=`): undefined when not asked (the live read model
 * answers). A malformed timestamp is INVALID_AS_OF, one after `now` AS_OF_IN_FUTURE (the log cannot
 * say what it will hold): both 400, before anything is read.
 */
export function asOfMoment(asOf: string | undefined, now: Instant): Date | undefined {
  if (asOf === undefined) return undefined;
  // The day must be a real one (Date.parse would take 2026-11-31 for 1 December).
  const ms = AS_OF_RE.test(asOf) && isLocalDate(asOf.slice(0, 10)) ? Date.parse(asOf) : NaN;
  if (Number.isNaN(ms))
    throw badInput('INVALID_AS_OF', 'asOf must be an ISO 8601 timestamp with its offset, e.g. 2026-11-03T09:00:00+07:00', {
      field: 'asOf',
      value: asOf.slice(0, 60),
    });
  if (ms > Date.parse(now))
    throw badInput('AS_OF_IN_FUTURE', 'asOf is in the future: the log holds only what has been recorded', { asOf, now });
  return new Date(ms);
}
