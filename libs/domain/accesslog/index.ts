import { badInput, Decider, DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { isStreamOfType } from '@kinerja/domain/shared';

/**
 * The access log: every read of another person's pay, appraisal or employee record made through a
 * role (the inspectorate, finance, BKPSDM, BPKAD), never by the employee themselves or through a
 * supervisor relation. One stream per employee per month (`AccessLog-<nip>-<YYYY-MM>`), appended
 * only: nothing in it is ever changed, and the employee reads it about themselves.
 */

/** What was read. */
export const READ_KINDS = ['employee.record', 'pay.ledger', 'pay.explanation', 'appraisal.ledger', 'appraisal.period'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export const REASON_MAX = 500;

export interface RecordDataAccess {
  type: 'RecordDataAccess';
  /** Whose data was read. */
  nip: Nip;
  what: ReadKind;
  /** The month, period, year or date the read was about; null for all of it. */
  scope: string | null;
  reader: { userId: string; nip?: Nip };
  /** The grant that allowed the read (`role:inspektorat`, `role:bendahara`, …). */
  via: string;
  reason?: string;
  now: Instant;
}

export type DataAccessed = DomainEvent<
  'DataAccessed',
  { nip: Nip; what: ReadKind; scope: string | null; reader: { userId: string; nip?: Nip }; via: string; reason?: string; at: Instant }
>;
export type AccessLogEvent = DataAccessed;
export const ACCESS_LOG_EVENT_TYPES = ['DataAccessed'] as const satisfies readonly AccessLogEvent['type'][];

export const ACCESS_LOG_STREAM_TYPE = 'AccessLog';
/** The month is the read's, on the UTC calendar of its instant (a stream stays short: one month of reads). */
export const accessLogStreamId = (nip: Nip, at: Instant) => `${ACCESS_LOG_STREAM_TYPE}-${nip}-${at.slice(0, 7)}`;
export const isAccessLogStream = isStreamOfType(ACCESS_LOG_STREAM_TYPE);

export interface AccessLogState {
  reads: number;
}

export function decideAccessLog(cmd: RecordDataAccess, _state: AccessLogState): AccessLogEvent[] {
  if (!/^\d{18}$/.test(cmd.nip)) throw badInput('INVALID_NIP', 'an access log entry names an 18-digit NIP', { nip: cmd.nip });
  if (!(READ_KINDS as readonly string[]).includes(cmd.what))
    throw badInput('INVALID_READ_KIND', `what is one of ${READ_KINDS.join(', ')}`, { what: cmd.what });
  if (cmd.reason !== undefined && (cmd.reason.length === 0 || cmd.reason.length > REASON_MAX))
    throw badInput('INVALID_REASON', `a reason is 1-${REASON_MAX} characters`, { length: cmd.reason.length });
  const { nip, what, scope, reader, via, reason } = cmd;
  return [{ type: 'DataAccessed', data: { nip, what, scope, reader, via, ...(reason ? { reason } : {}), at: cmd.now } }];
}

export const accessLogDecider: Decider<RecordDataAccess, AccessLogEvent, AccessLogState> = {
  decide: decideAccessLog,
  evolve: (s) => ({ reads: s.reads + 1 }),
  initialState: () => ({ reads: 0 }),
};
