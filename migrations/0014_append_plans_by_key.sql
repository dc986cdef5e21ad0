-- kinerja_append never scans a table whole: every stream and event it looks for, it looks for by a
-- key. Its plans are generic (0006's force_generic_plan: planning at every call cost more than the
-- call) and each connection keeps them for its life, or until an ANALYZE of their tables. Made while
-- `streams` and `events` were small (a new Pemda, a fresh database just analysed), they chose
-- sequential scans, which were cheap then, and went on using them as the tables grew: every append
-- read the whole streams table, every version before its last, until autovacuum analysed it again.
-- `npm run bench -- append` after a VACUUM ANALYZE of its empty tables: PostgreSQL's CPU per one-event
-- append 252–309 µs on existing streams against 127–130 with this setting, raw INSERT's 123–152.
ALTER FUNCTION kinerja_append(text[], text[], bigint[], integer[], boolean[], uuid[], text[], integer[], jsonb[], jsonb[], bytea[])
  SET enable_seqscan = off;
