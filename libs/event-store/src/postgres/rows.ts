import type { EventFields, RecordedEvent } from '../port';

const HEAD = `global_position::text AS gp, transaction_id::text AS tx, stream_id, stream_type,
  stream_position::int AS sp, event_id, event_type, schema_version`;
const HASHES = `encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

export const EVENT_COLUMNS = `${HEAD}, data, metadata, recorded_at, ${HASHES}`;

export interface EventRow {
  gp: string;
  tx: string;
  stream_id: string;
  stream_type: string;
  sp: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  /** Absent where the read left the hashes out. */
  prev_hash?: string;
  hash?: string;
  /** A read of some keys of the data (eventColumnsOf): whether this row's data was read whole, and each key's value as JSON text. */
  whole?: boolean;
  [key: `k${number}`]: string | null;
}

/**
 * The select list of a read that leaves out what its reader does not use (EventFields), with the
 * values of its parameters, numbered from `first`. Without the whole data, each key is a column of
 * its own: `data -> key` as text, SQL NULL where the data lacks the key and `null` where it holds
 * null (read as jsonb, pg would give null for both). A flag says which rows were read whole: those
 * of `wholeData` and of the upcasted types. `shape` tells the lists apart for a prepared
 * statement's name: the text depends on it alone.
 */
export function eventColumnsOf(
  fields: EventFields,
  upcasted: readonly string[],
  first: number,
): { sql: string; values: unknown[]; shape: string } {
  const values: unknown[] = [];
  const arg = (v: unknown) => `$${first + values.push(v) - 1}`;
  const keys = fields.dataKeys;
  let data = 'data';
  if (keys) {
    const whole = `event_type = ANY(${arg([...new Set([...(fields.wholeData ?? []), ...upcasted])])}::text[])`;
    data = `CASE WHEN ${whole} THEN data END AS data, ${whole} AS whole${keys.map((k, i) => `, (data -> ${arg(k)}::text)::text AS k${i}`).join('')}`;
  }
  const hashes = fields.hashes !== false;
  return {
    sql: `${HEAD}, ${data}, metadata, recorded_at${hashes ? `, ${HASHES}` : ''}`,
    values,
    shape: `${hashes ? 'h' : 'n'}${keys ? keys.length : 'd'}`,
  };
}

/** The data of a row read as some of its keys (eventColumnsOf): those the data has, with their values. */
function dataOfKeys(r: EventRow, keys: readonly string[]): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (let i = 0; i < keys.length; i++) {
    const json = r[`k${i}`];
    if (json !== null) entries.push([keys[i], JSON.parse(json)]);
  }
  // Own properties whatever the key (`__proto__` too), as JSON.parse makes them.
  return Object.fromEntries(entries);
}

export function toRecordedEvent(r: EventRow, dataKeys?: readonly string[]): RecordedEvent {
  return {
    id: r.event_id,
    streamId: r.stream_id,
    streamType: r.stream_type,
    streamPosition: r.sp,
    checkpoint: { transactionId: r.tx, globalPosition: r.gp },
    type: r.event_type,
    schemaVersion: r.schema_version,
    data: dataKeys && !r.whole ? dataOfKeys(r, dataKeys) : r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
