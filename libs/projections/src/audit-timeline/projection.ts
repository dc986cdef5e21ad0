import type { PoolClient } from 'pg';
import { nipOfStreamId, streamTypeOf } from '@kinerja/domain/shared';
import type { RecordedEvent } from '@kinerja/event-store';
import { isAccessLogStream, type DataAccessed } from '@kinerja/domain/accesslog';
import type { Projection } from '../projection';
import { columnTypes, copyRows, upsertMany, type ColumnTypes } from '../sql';

/** Streams whose id names the OPD they belong to: `PayrollRun-<opd>:<month>`, `PayLines-<opd>:<month>.c…`, `TppBudget-<opd>`, `Calibration-<opd>-<period>`. */
const OPD_IN_STREAM_ID: ReadonlyMap<string, RegExp> = new Map([
  ['PayrollRun', /^PayrollRun-(.+):\d{4}-\d{2}$/],
  ['PayLines', /^PayLines-(.+?):\d{4}-\d{2}\./],
  ['PayLinesIndex', /^PayLinesIndex-(.+?):\d{4}-\d{2}\./],
  ['TppBudget', /^TppBudget-(.+)$/],
  ['Calibration', /^Calibration-(.+)-\d{4}-(?:\d{2}|Q[1-4])$/],
]);

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const dataOf = (e: RecordedEvent): Record<string, unknown> =>
  e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};

/** The employee an event is about: the NIP its stream names, or the `nip` its data names (a pay line in a batch stream). */
export function subjectNipOf(e: RecordedEvent): string | null {
  const nip = nipOfStreamId(e.streamId) ?? text(dataOf(e).nip);
  return nip && /^\d{18}$/.test(nip) ? nip : null;
}

/** The table `audit_timeline`: one row per event (the projection's `tables`). */
const TIMELINE_TABLE = `
      global_position bigint PRIMARY KEY,
      transaction_id  xid8 NOT NULL,
      stream_id       text NOT NULL,
      stream_type     text NOT NULL,
      stream_position integer NOT NULL,
      event_id        uuid NOT NULL,
      event_type      text NOT NULL,
      actor           text,
      role            text,
      reason          text,
      policy_version  text,
      correlation_id  text,
      subject_nip     text,
      opd_id          text,
      recorded_at     timestamptz NOT NULL`;
const TIMELINE_TYPES = columnTypes(TIMELINE_TABLE);

/** The table `access_log`: one row per read of an employee's data recorded in the log. */
const ACCESS_LOG_TABLE = `
      global_position bigint PRIMARY KEY,
      transaction_id  xid8 NOT NULL,
      nip             text NOT NULL,
      what            text NOT NULL,
      scope           text,
      reader          text NOT NULL,
      reader_nip      text,
      via             text NOT NULL,
      reason          text,
      correlation_id  text,
      event_id        uuid NOT NULL,
      stream_id       text NOT NULL,
      recorded_at     timestamptz NOT NULL`;
const ACCESS_LOG_TYPES = columnTypes(ACCESS_LOG_TABLE);

/**
 * The audit timeline: one row per event, with who acted, in which role, why and under which
 * policy version, the employee it is about and the OPD it belongs to. Inspectors search it by
 * employee, OPD, actor, type, stream, correlation id or time without replaying streams.
 *
 * The OPD of an event is the one its data names (`opdId`), else the one its stream id names (a
 * payroll run, an OPD's calibration or budget), else, for an event about an employee, the OPD the
 * employee's register placed them in when it was recorded (kept in `audit_timeline_employee_opd`
 * from the employee streams this projection sees go by).
 */
export const auditTimelineProjection: Projection = {
  name: 'audit_timeline',
  version: 2,
  tables: {
    audit_timeline: TIMELINE_TABLE,
    audit_timeline_employee_opd: `
      nip    text PRIMARY KEY,
      opd_id text NOT NULL`,
    access_log: ACCESS_LOG_TABLE,
  },
  // Its apply reads its tables by primary key only: a rebuild builds the indexes once, after the fill.
  readsOnlyByKey: true,
  // It reads every event, and of its data only these keys (subjectNipOf, the OPD, the reason), and
  // the reads it records whole: the rest of a pay line's or an appraisal's data is not read.
  dataKeys: ['nip', 'opdId', 'orgUnitId', 'reason'],
  wholeData: ['DataAccessed'],
  indexes: [
    'CREATE UNIQUE INDEX {audit_timeline}_order ON {audit_timeline} (transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_stream ON {audit_timeline} (stream_id, stream_position)',
    'CREATE INDEX {audit_timeline}_actor ON {audit_timeline} (actor, transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_nip ON {audit_timeline} (subject_nip, transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_opd ON {audit_timeline} (opd_id, transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_type ON {audit_timeline} (event_type, transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_correlation ON {audit_timeline} (correlation_id, transaction_id, global_position)',
    'CREATE INDEX {audit_timeline}_recorded ON {audit_timeline} (recorded_at)',
    'CREATE INDEX {access_log}_nip ON {access_log} (nip, transaction_id, global_position)',
  ],
  async apply(events, { client, table, filling }) {
    // The OPD of each employee as the register stands at each event, in the batch's order.
    const nips = new Set<string>();
    for (const e of events) {
      const nip = subjectNipOf(e);
      if (nip) nips.add(nip);
    }
    const opdOfNip = new Map<string, string>();
    if (nips.size > 0) {
      const { rows } = await client.query<{ nip: string; opd_id: string }>(
        `SELECT nip, opd_id FROM ${table('audit_timeline_employee_opd')} WHERE nip = ANY($1)`,
        [[...nips]],
      );
      for (const r of rows) opdOfNip.set(r.nip, r.opd_id);
    }
    const moved = new Set<string>();
    const opds = events.map((e) => {
      const data = dataOf(e);
      const nip = subjectNipOf(e);
      const streamType = streamTypeOf(e.streamId);
      if (nip && streamType === 'Employee' && (e.type === 'EmployeeRegistered' || e.type === 'OrgUnitTransferred')) {
        const opd = text(data.orgUnitId);
        if (opd) {
          opdOfNip.set(nip, opd);
          moved.add(nip);
        }
      }
      return text(data.opdId) ?? OPD_IN_STREAM_ID.get(streamType)?.exec(e.streamId)?.[1] ?? (nip ? (opdOfNip.get(nip) ?? null) : null);
    });
    if (moved.size > 0)
      await client.query(
        `INSERT INTO ${table('audit_timeline_employee_opd')} (nip, opd_id) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (nip) DO UPDATE SET opd_id = EXCLUDED.opd_id`,
        [[...moved], [...moved].map((n) => opdOfNip.get(n))],
      );

    const meta = (e: RecordedEvent, k: string) => (typeof e.metadata?.[k] === 'string' ? (e.metadata[k] as string) : null);
    const rows = events.map((e, i) => ({
      global_position: e.checkpoint.globalPosition,
      transaction_id: e.checkpoint.transactionId,
      stream_id: e.streamId,
      stream_type: e.streamType,
      stream_position: e.streamPosition,
      event_id: e.id,
      event_type: e.type,
      actor: meta(e, 'actor'),
      role: meta(e, 'role'),
      // The reason the command gave: in the metadata, or (the employee register's commands) in the data.
      reason: typeof e.metadata?.reason === 'string' ? e.metadata.reason : text(dataOf(e).reason),
      policy_version: meta(e, 'policyVersion'),
      correlation_id: meta(e, 'correlationId'),
      subject_nip: subjectNipOf(e),
      opd_id: opds[i],
      recorded_at: e.recordedAt,
    }));
    await insertByPosition(client, table('audit_timeline'), rows, TIMELINE_TYPES, filling);

    // The reads recorded about each employee, as the employee reads them (GET /employees/{nip}/access-log).
    const reads = events.filter((e) => isAccessLogStream(e.streamId) && e.type === 'DataAccessed');
    const readRows = reads.map((e) => {
      const d = e.data as DataAccessed['data'];
      return {
        global_position: e.checkpoint.globalPosition,
        transaction_id: e.checkpoint.transactionId,
        nip: d.nip,
        what: d.what,
        scope: d.scope ?? null,
        reader: d.reader?.userId ?? '',
        reader_nip: d.reader?.nip ?? null,
        via: d.via,
        reason: d.reason ?? null,
        correlation_id: meta(e, 'correlationId'),
        event_id: e.id,
        stream_id: e.streamId,
        recorded_at: e.recordedAt,
      };
    });
    await insertByPosition(client, table('access_log'), readRows, ACCESS_LOG_TYPES, filling);
  },
};

/**
 * Rows keyed by their event's position in the log, a batch in one statement (upsertMany's JSON array
 * of arrays; by turns on one log of a million events, a rebuild went from 28,662-30,979 to
 * 36,534-39,294 events/s against the statement written here before). A row already there is kept.
 * While a rebuild fills its generation every row is new, and COPY sends them (copyRows).
 */
async function insertByPosition<R extends { global_position: string }>(
  client: PoolClient,
  t: string,
  rows: R[],
  types: ColumnTypes,
  filling?: boolean,
) {
  if (filling) return copyRows(client, t, rows, types);
  for (const q of upsertMany(t, rows, { key: ['global_position'], onConflict: 'nothing', types }, rows.length)) await client.query(q);
}
