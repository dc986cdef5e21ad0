/** The queries of the audit timeline (projection `audit_timeline`): a filtered page after a cursor, and batched reads for exports. */
import type { Pool } from 'pg';
import type { Checkpoint } from '@kinerja/event-store';

/** What a timeline read is narrowed to; every field is optional and they combine with AND. */
export interface TimelineFilter {
  /** The employee the events are about (the NIP their stream, or a pay line, names). */
  nip?: string;
  actor?: string;
  opdId?: string;
  type?: string;
  streamId?: string;
  correlationId?: string;
  /** Recorded at or after this instant. */
  from?: string;
  /** Recorded before this instant (`toInclusive`: at or before). */
  to?: string;
  toInclusive?: boolean;
}

/** One event as the timeline shows it. */
export interface TimelineRow {
  eventId: string;
  type: string;
  streamId: string;
  streamType: string;
  streamPosition: number;
  /** Where the event stands in the log: the cursor is made of it. */
  checkpoint: Checkpoint;
  actor: string | null;
  role: string | null;
  reason: string | null;
  recordedAt: string;
  policyVersion: string | null;
  correlationId: string | null;
  nip: string | null;
  opdId: string | null;
}

// The positions are read as text under other names: an ORDER BY on a name the select list also
// uses would sort the text ('99999' after '100000'), not the column.
interface Row {
  position_text: string;
  transaction_text: string;
  stream_id: string;
  stream_type: string;
  stream_position: number;
  event_id: string;
  event_type: string;
  actor: string | null;
  role: string | null;
  reason: string | null;
  policy_version: string | null;
  correlation_id: string | null;
  subject_nip: string | null;
  opd_id: string | null;
  recorded_at: Date;
}

const COLUMNS = `global_position::text AS position_text, transaction_id::text AS transaction_text, stream_id, stream_type,
  stream_position, event_id, event_type, actor, role, reason, policy_version, correlation_id, subject_nip, opd_id, recorded_at`;

const rowOf = (r: Row): TimelineRow => ({
  eventId: r.event_id,
  type: r.event_type,
  streamId: r.stream_id,
  streamType: r.stream_type,
  streamPosition: r.stream_position,
  checkpoint: { transactionId: r.transaction_text, globalPosition: r.position_text },
  actor: r.actor,
  role: r.role,
  reason: r.reason,
  recordedAt: r.recorded_at.toISOString(),
  policyVersion: r.policy_version,
  correlationId: r.correlation_id,
  nip: r.subject_nip,
  opdId: r.opd_id,
});

/** The WHERE clause of a filter (and the cursor bounds), with its parameters. */
function where(filter: TimelineFilter, bounds: { after?: Checkpoint; before?: Checkpoint; upTo?: Checkpoint } = {}) {
  const args: unknown[] = [];
  const arg = (v: unknown) => `$${args.push(v)}`;
  const w: string[] = [];
  const eq: Array<[keyof TimelineFilter, string]> = [
    ['nip', 'subject_nip'],
    ['actor', 'actor'],
    ['opdId', 'opd_id'],
    ['type', 'event_type'],
    ['streamId', 'stream_id'],
    ['correlationId', 'correlation_id'],
  ];
  for (const [key, column] of eq) if (filter[key] !== undefined) w.push(`${column} = ${arg(filter[key])}`);
  if (filter.from !== undefined) w.push(`recorded_at >= ${arg(filter.from)}::timestamptz`);
  if (filter.to !== undefined) w.push(`recorded_at ${filter.toInclusive ? '<=' : '<'} ${arg(filter.to)}::timestamptz`);
  const pair = (c: Checkpoint) => `(${arg(c.transactionId)}::xid8, ${arg(c.globalPosition)}::bigint)`;
  if (bounds.after) w.push(`(transaction_id, global_position) > ${pair(bounds.after)}`);
  if (bounds.before) w.push(`(transaction_id, global_position) < ${pair(bounds.before)}`);
  if (bounds.upTo) w.push(`(transaction_id, global_position) <= ${pair(bounds.upTo)}`);
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', args, arg };
}

/**
 * One page of the timeline in the log's order (`asc`: oldest first, after the cursor; `desc`:
 * newest first, before it). The order is the one the projection applies events in, so a new event
 * is always past every row already there: paging on loses and repeats nothing while events arrive.
 */
export async function timelinePage(
  db: Pool,
  filter: TimelineFilter,
  page: { cursor?: Checkpoint; limit: number; order: 'asc' | 'desc' },
): Promise<{ rows: TimelineRow[]; next: Checkpoint | null }> {
  const asc = page.order === 'asc';
  const w = where(filter, page.cursor ? (asc ? { after: page.cursor } : { before: page.cursor }) : {});
  const dir = asc ? 'ASC' : 'DESC';
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM audit_timeline ${w.sql} ORDER BY transaction_id ${dir}, global_position ${dir} LIMIT ${w.arg(page.limit + 1)}`,
    w.args,
  );
  const more = rows.length > page.limit;
  const out = rows.slice(0, page.limit).map(rowOf);
  return { rows: out, next: more ? out[out.length - 1].checkpoint : null };
}

/** The last event the timeline holds (null while it is empty): what an export started now is consistent with. */
export async function timelineHead(db: Pool): Promise<Checkpoint | null> {
  const { rows } = await db.query<{ transaction_text: string; position_text: string }>(
    `SELECT transaction_id::text AS transaction_text, global_position::text AS position_text FROM audit_timeline
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows[0] ? { transactionId: rows[0].transaction_text, globalPosition: rows[0].position_text } : null;
}

/** How many events of the filter lie at or before `upTo` (an export's total, for its progress). */
export async function timelineCount(db: Pool, filter: TimelineFilter, upTo: Checkpoint): Promise<number> {
  const w = where(filter, { upTo });
  const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_timeline ${w.sql}`, w.args);
  return Number(rows[0].n);
}

/**
 * Every event of the filter up to `upTo` (inclusive), oldest first, in batches of `batchSize`
 * read one after the other by keyset: memory holds two batches whatever the range (the one the
 * consumer has and the next, read while the consumer writes the first, so the database and the
 * writing overlap instead of taking turns).
 */
export async function* timelineBatches(
  db: Pool,
  filter: TimelineFilter,
  upTo: Checkpoint,
  batchSize = 2000,
): AsyncGenerator<TimelineRow[], void, undefined> {
  const read = (after?: Checkpoint) => {
    const w = where(filter, { upTo, ...(after ? { after } : {}) });
    return db
      .query<Row>(
        `SELECT ${COLUMNS} FROM audit_timeline ${w.sql} ORDER BY transaction_id, global_position LIMIT ${w.arg(batchSize)}`,
        w.args,
      )
      .then((r) => r.rows);
  };
  let next: Promise<Row[]> | null = read();
  try {
    while (next) {
      const rows: Row[] = await next;
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      next = rows.length < batchSize ? null : read({ transactionId: last.transaction_text, globalPosition: last.position_text });
      yield rows.map(rowOf);
    }
  } finally {
    // A consumer that stops early leaves the read ahead unanswered: its failure is nobody's to see.
    next?.catch(() => undefined);
  }
}

/** One read of an employee's data by someone else through a role, as the employee sees it. */
export interface AccessLogRow {
  eventId: string;
  streamId: string;
  checkpoint: Checkpoint;
  what: string;
  scope: string | null;
  reader: string;
  readerNip: string | null;
  via: string;
  reason: string | null;
  correlationId: string | null;
  at: string;
}

/** The reads of an employee's data, newest first, before the cursor. */
export async function accessLogPage(
  db: Pool,
  nip: string,
  page: { cursor?: Checkpoint; limit: number },
): Promise<{ rows: AccessLogRow[]; next: Checkpoint | null }> {
  const args: unknown[] = [nip];
  let before = '';
  if (page.cursor) {
    args.push(page.cursor.transactionId, page.cursor.globalPosition);
    before = 'AND (transaction_id, global_position) < ($2::xid8, $3::bigint)';
  }
  args.push(page.limit + 1);
  const { rows } = await db.query<{
    position_text: string;
    transaction_text: string;
    event_id: string;
    stream_id: string;
    what: string;
    scope: string | null;
    reader: string;
    reader_nip: string | null;
    via: string;
    reason: string | null;
    correlation_id: string | null;
    recorded_at: Date;
  }>(
    `SELECT global_position::text AS position_text, transaction_id::text AS transaction_text, event_id, stream_id, what, scope,
       reader, reader_nip, via, reason, correlation_id, recorded_at
     FROM access_log WHERE nip = $1 ${before}
     ORDER BY transaction_id DESC, global_position DESC LIMIT $${args.length}`,
    args,
  );
  const out = rows.slice(0, page.limit).map((r): AccessLogRow => ({
    eventId: r.event_id,
    streamId: r.stream_id,
    checkpoint: { transactionId: r.transaction_text, globalPosition: r.position_text },
    what: r.what,
    scope: r.scope,
    reader: r.reader,
    readerNip: r.reader_nip,
    via: r.via,
    reason: r.reason,
    correlationId: r.correlation_id,
    at: r.recorded_at.toISOString(),
  }));
  return { rows: out, next: rows.length > page.limit ? out[out.length - 1].checkpoint : null };
}
