-- An audit seal reads every stream's head in code-point order of the stream id (`COLLATE "C"`, the
-- order of the seal's Merkle leaves, whatever the database's collation): this index gives that order
-- without sorting a million rows (libs/event-store/src/postgres/stream-heads.ts). A stream's row is
-- updated on every append, but never its id, so the updates stay HOT.
CREATE INDEX IF NOT EXISTS streams_stream_id_c ON streams (stream_id COLLATE "C");
