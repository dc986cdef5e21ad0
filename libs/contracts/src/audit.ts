import { z } from 'zod';
import { badInput } from '@kinerja/kernel';
import { refusing } from './parse';

/**
 * `?asOf=` of the ledgers: an ISO 8601 timestamp with its offset; the handler checks it against its
 * clock (malformed: INVALID_AS_OF; in the future: AS_OF_IN_FUTURE).
 */
export const asOf = z
  .string()
  .optional()
  .describe(
    'the ledger as the log held it at this moment (ISO 8601 with offset, not in the future): the events up to it folded by the same projection code',
  );

export const StreamQuery = z
  .object({
    asOf: z.iso.datetime({ offset: true }).optional().describe('only events recorded at or before this moment'),
    from: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const JobIdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9:_-]{1,100}$/) });

// ---- the audit timeline, its exports and the access log -------------------------------------------

/** The most events one page of the timeline (or of the access log) holds. */
export const TIMELINE_MAX_LIMIT = 1000;
/** A day in the Pemda's zone (WIB, UTC+7 all year): where a date bound starts. */
const PEMDA_OFFSET = '+07:00';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isRealDate = (s: string) => {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
};
const isInstant = (s: string) => z.iso.datetime({ offset: true }).safeParse(s).success && !Number.isNaN(Date.parse(s));
/** `YYYY-MM-DD` (a whole day in WIB) or an ISO date-time with its offset. */
const bound = refusing(z.string().max(40), (s): s is string => isRealDate(s) || isInstant(s), {
  code: 'INVALID_DATE',
  message: (field) => `${field} must be a date YYYY-MM-DD (a day in WIB) or a date-time with an offset, e.g. 2026-11-30T08:00:00+07:00`,
  details: (field, value) => ({ field, value }),
}).describe('YYYY-MM-DD (a whole day in WIB) or an ISO date-time with offset');

const CURSOR_RE = /^\d{1,20}\.\d{1,20}$/;
const cursor = refusing(z.string().max(50), (s): s is string => CURSOR_RE.test(s), {
  code: 'INVALID_CURSOR',
  message: (field) => `${field} is the "next" of a previous page, as it was given`,
  details: (field) => ({ field }),
}).describe('the `next` of the previous page');

const limit = refusing(z.string().max(10), (s): s is string => /^\d{1,7}$/.test(s) && Number(s) >= 1 && Number(s) <= TIMELINE_MAX_LIMIT, {
  code: 'INVALID_LIMIT',
  message: (field) => `${field} is a whole number from 1 to ${TIMELINE_MAX_LIMIT}`,
  details: (field, value) => ({ field, value, max: TIMELINE_MAX_LIMIT }),
}).describe(`events per page, 1-${TIMELINE_MAX_LIMIT} (default 100)`);

const nip = refusing(z.string().max(40), (s): s is string => /^\d{18}$/.test(s), {
  code: 'INVALID_NIP',
  message: (field) => `${field} is an 18-digit NIP`,
  details: (field, value) => ({ field, nip: value }),
});
const opd = refusing(z.string().max(80), (s): s is string => /^[A-Za-z0-9_.@-]{1,60}$/.test(s), {
  code: 'INVALID_OPD_ID',
  message: (field) => `${field} is an OPD id: letters, digits and _.@-`,
  details: (field, value) => ({ field, opdId: value }),
});
const text = (max: number) => z.string().min(1).max(max);

const filterFields = {
  nip: nip.optional().describe('events about this employee (their NIP in the stream id, or a pay line for them)'),
  actor: text(200).optional().describe('events recorded by this user id'),
  opd: opd.optional().describe('events of this OPD (a run, a calibration, or an employee placed there when it was recorded)'),
  type: text(100).optional().describe('one event type, e.g. AppraisalIssued'),
  stream: text(200).optional().describe('one stream id'),
  correlationId: text(200).optional().describe('every event one request or one job caused'),
  from: bound.optional().describe('recorded at or after: a day (from its start, WIB) or a date-time'),
  to: bound.optional().describe('recorded at or before: a day (to its end, WIB) or a date-time'),
};

export const TimelineQuery = z
  .object({
    ...filterFields,
    cursor: cursor.optional(),
    limit: limit.optional(),
    order: z.enum(['asc', 'desc']).optional().describe('asc (default): oldest first; desc: newest first'),
  })
  .strict();

export const TimelineExportQuery = z.object(filterFields).strict();

/** Why a record is read (also the `X-Reason` header): kept in the employee's access log when someone else reads it through a role. */
export const ReadReasonQuery = z
  .object({
    reason: text(500).optional().describe('why the record is read (or the X-Reason header); recorded in the employee’s access log'),
  })
  .strict();

export const AccessLogQuery = z.object({ cursor: cursor.optional(), limit: limit.optional() }).strict();

/** A filter of the timeline as the read model takes it: instants, the end of a day exclusive. */
export interface TimelineFilterInput {
  nip?: string;
  actor?: string;
  opdId?: string;
  type?: string;
  streamId?: string;
  correlationId?: string;
  from?: string;
  to?: string;
  toInclusive?: boolean;
}

const nextDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/**
 * The filter of a parsed timeline query: a day bound becomes the instants of its start (`from`) or
 * of the next day's start, exclusive (`to`), in WIB. `to` before `from` is INVALID_DATE_RANGE.
 */
export function timelineFilterOf(q: z.infer<typeof TimelineExportQuery>): TimelineFilterInput {
  const f: TimelineFilterInput = {};
  if (q.nip) f.nip = q.nip;
  if (q.actor) f.actor = q.actor;
  if (q.opd) f.opdId = q.opd;
  if (q.type) f.type = q.type;
  if (q.stream) f.streamId = q.stream;
  if (q.correlationId) f.correlationId = q.correlationId;
  if (q.from) f.from = isRealDate(q.from) ? `${q.from}T00:00:00${PEMDA_OFFSET}` : q.from;
  if (q.to) {
    if (isRealDate(q.to)) f.to = `${nextDay(q.to)}T00:00:00${PEMDA_OFFSET}`;
    else [f.to, f.toInclusive] = [q.to, true];
  }
  if (f.from && f.to && (f.toInclusive ? Date.parse(f.to) < Date.parse(f.from) : Date.parse(f.to) <= Date.parse(f.from)))
    throw badInput('INVALID_DATE_RANGE', '`to` is before `from`', { from: q.from, to: q.to });
  return f;
}

/** A page cursor as the read model takes it. */
export const checkpointOfCursor = (c: string) => {
  const [transactionId, globalPosition] = c.split('.');
  return { transactionId, globalPosition };
};
export const cursorOf = (c: { transactionId: string; globalPosition: string } | null) =>
  c ? `${c.transactionId}.${c.globalPosition}` : null;

// ---- the ledgers' exports -------------------------------------------------------------------------

const month = refusing(z.string().max(20), (s): s is string => /^\d{4}-(0[1-9]|1[0-2])$/.test(s), {
  code: 'INVALID_MONTH',
  message: (field) => `${field} is a month YYYY-MM`,
  details: (field, value) => ({ field, value }),
}).describe('a month YYYY-MM');

/** `?opd=&from=YYYY-MM&to=YYYY-MM` of an export of the appraisal or the pay ledger. */
export const LedgerExportQuery = z
  .object({
    opd: opd.optional().describe('the rows of this OPD'),
    from: month.optional().describe('from this month (pay: the line’s month; appraisals: a period with a month from it on)'),
    to: month.optional().describe('to this month, inclusive'),
  })
  .strict();

/** The filter of a parsed ledger export query; `to` before `from` is INVALID_DATE_RANGE. */
export function ledgerFilterOf(q: z.infer<typeof LedgerExportQuery>): { opdId?: string; fromMonth?: string; toMonth?: string } {
  if (q.from && q.to && q.to < q.from) throw badInput('INVALID_DATE_RANGE', '`to` is before `from`', { from: q.from, to: q.to });
  return { ...(q.opd ? { opdId: q.opd } : {}), ...(q.from ? { fromMonth: q.from } : {}), ...(q.to ? { toMonth: q.to } : {}) };
}
