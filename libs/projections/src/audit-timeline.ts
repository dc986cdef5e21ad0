import type { Projection } from './projection';

/**
 * The audit timeline: one row per event, with who acted, in which role, why and under which
 * policy version. Inspectors search it by stream, actor or time without replaying streams.
 */
export const auditTimelineProjection: Projection = {
  name: 'audit_timeline',
  version: 1,
  tables: {
    audit_timeline: `
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
      recorded_at     timestamptz NOT NULL`,
  },
  indexes: [
    'CREATE INDEX {audit_timeline}_stream ON {audit_timeline} (stream_id, stream_position)',
    'CREATE INDEX {audit_timeline}_actor ON {audit_timeline} (actor, recorded_at)',
  ],
  async apply(events, { client, table }) {
    const col = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
    const meta = (k: string) => col((e) => (typeof e.metadata?.[k] === 'string' ? (e.metadata[k] as string) : null));
    await client.query(
      `INSERT INTO ${table('audit_timeline')} (global_position, transaction_id, stream_id, stream_type, stream_position, event_id,
         event_type, actor, role, reason, policy_version, correlation_id, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::xid8[], $3::text[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
       ON CONFLICT (global_position) DO NOTHING`,
      [
        col((e) => e.checkpoint.globalPosition),
        col((e) => e.checkpoint.transactionId),
        col((e) => e.streamId),
        col((e) => e.streamType),
        col((e) => e.streamPosition),
        col((e) => e.id),
        col((e) => e.type),
        meta('actor'),
        meta('role'),
        meta('reason'),
        meta('policyVersion'),
        meta('correlationId'),
        col((e) => e.recordedAt),
      ],
    );
  },
};
