import { Injectable, PipeTransform } from '@nestjs/common';
import { badInput, type Nip } from '@kinerja/kernel';
import { assertStreamId } from '@kinerja/event-store';
import { assertPeriod, Period } from '@kinerja/domain/appraisal';
import {
  LocalDate,
  Month,
  OpdId,
  parseLocalDate,
  parseMonth,
  parseMonthPeriod,
  parseNip,
  parseOpdId,
  parseYear,
  PLAN_YEARS,
} from '@kinerja/domain/shared';

// Route parameters parsed into their value types before a handler runs: `@Param('nip', NipPipe) nip: Nip`.
// Each pipe is the domain parser of libs/domain/shared, so the code and details of a refusal are the same
// on every route.

@Injectable()
export class NipPipe implements PipeTransform<string, Nip> {
  transform = parseNip;
}

@Injectable()
export class MonthPipe implements PipeTransform<string, Month> {
  transform = parseMonth;
}

/** A realisation period: one month, refused as INVALID_PERIOD. */
@Injectable()
export class MonthPeriodPipe implements PipeTransform<string, Month> {
  transform = parseMonthPeriod;
}

/** An appraisal period: a month `YYYY-MM` or a quarter `YYYY-Qn` (the appraisal domain's own value type). */
export function parseAppraisalPeriod(s: string): Period {
  assertPeriod(s);
  return s;
}

@Injectable()
export class PeriodPipe implements PipeTransform<string, Period> {
  transform = parseAppraisalPeriod;
}

/** The year of a work plan or feedback round, 2000..2100. */
@Injectable()
export class PlanYearPipe implements PipeTransform<string, number> {
  transform(s: string): number {
    return parseYear(s, PLAN_YEARS);
  }
}

@Injectable()
export class OpdIdPipe implements PipeTransform<string, OpdId> {
  transform = parseOpdId;
}

/** An optional date from a parsed query (`?date=`): checked as a real day; absent stays undefined. */
export const optionalDate = (s: string | undefined): LocalDate | undefined => (s === undefined ? undefined : parseLocalDate(s, 'date'));

/**
 * `?asOf=` as sent (the handler checks the timestamp against its clock: INVALID_AS_OF, AS_OF_IN_FUTURE);
 * sent twice it is malformed.
 */
export const asOfParam = (q: Record<string, unknown>): string | undefined => {
  const v = q.asOf;
  if (v === undefined || typeof v === 'string') return v;
  throw badInput('INVALID_AS_OF', 'asOf is given once, as an ISO 8601 timestamp', { field: 'asOf' });
};

/** A stream id of the event log (`<Type>-<id>`), refused as INVALID_STREAM_NAME. */
@Injectable()
export class StreamIdPipe implements PipeTransform<string, string> {
  transform(s: string): string {
    assertStreamId(s);
    return s;
  }
}
