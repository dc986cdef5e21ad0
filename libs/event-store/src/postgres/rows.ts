import type { RecordedEvent } from '../port';

export const EVENT_COLUMNS = `global_position::text AS gp, transaction_id::text AS tx, stream_id, stream_type,
  stream_position::int AS sp, event_id, event_type, schema_version, data, metadata, recorded_at,
  encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

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
  prev_hash: string;
  hash: string;
}

export function toRecordedEvent(r: EventRow): RecordedEvent {
  return {
    id: r.event_id,
    streamId: r.stream_id,
    streamType: r.stream_type,
    streamPosition: r.sp,
    checkpoint: { transactionId: r.tx, globalPosition: r.gp },
    type: r.event_type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
