-- readAll of some event types (every projection's read) in the order of events_tx_position, always.
-- The plain query (… AND event_type = ANY(types) ORDER BY transaction_id, global_position LIMIT n)
-- was planned, when the statistics said few events of these types were left (after a bulk append,
-- before autovacuum's ANALYZE), as a bitmap scan of every event after the checkpoint and a sort of
-- all those of the types: 220 ms a page of 2,000 in an appraisals rebuild, the sort spilled to disk
-- (25 MB), and every page of the rebuild scanned the rest of the log again. Read in the index's order
-- and stopped at the limit, a page costs what its own rows cost. The settings hold for this function's
-- statement only.
CREATE OR REPLACE FUNCTION kinerja_read_typed(p_tx xid8, p_gp bigint, p_horizon xid8, p_types text[], p_limit integer)
RETURNS SETOF events LANGUAGE plpgsql STABLE
SET enable_bitmapscan = off SET enable_sort = off AS $$
BEGIN
  RETURN QUERY
    SELECT * FROM events
     WHERE (transaction_id, global_position) > (p_tx, p_gp) AND transaction_id < p_horizon AND event_type = ANY (p_types)
     ORDER BY transaction_id, global_position
     LIMIT p_limit;
END
$$;
