-- The safe horizon of the global log, local to this database.
--
-- Readers take only rows of transactions that can no longer commit below their checkpoint. 0001
-- bounded them by pg_snapshot_xmin, the oldest transaction running anywhere on the server: one
-- transaction left open in any database of a shared server stopped every projection. Now every
-- appender takes its transaction id, then marks itself with a transaction-level shared advisory
-- lock (advisory locks belong to one database), then orders its events at or above a floor: the
-- xmax of a snapshot taken after the mark. Readers wait only for the marked ones.
--
-- Why it cannot skip (the reader runs kinerja_safe_horizon, then reads in a NEW snapshot S2; the
-- horizon H is at most the xmax of the horizon's own snapshot S, taken before pg_locks is read):
-- * an appender marked when the horizon reads pg_locks already has its id and the lock on it
--   (PostgreSQL takes that lock inside the id's assignment), so it is seen: if its id is in S's
--   running list, H is at most that id; if not, the id is at or above S's xmax, so above H;
-- * an appender marked after that read takes its floor from a snapshot newer than S, whose xmax
--   (one past the newest finished id) is at least S's, so its events order at or above H;
-- * an appender no longer marked has ended, and PostgreSQL makes a commit visible before it
--   releases the transaction's locks, so S2 sees its rows.
-- The id comes first on purpose: PostgreSQL lists a new id among the running ones a moment before
-- it takes the lock on it, so a mark taken before the id could be read from pg_locks with no id
-- beside it while that id was already below H (seen: a stress test skipped an event).
--
-- The mark is the advisory lock (1802400362, 1): 1802400362 is "knrj" in ASCII; the two-key form
-- keeps it apart from the one-key locks of migrations and projection ownership.

CREATE OR REPLACE FUNCTION kinerja_safe_horizon() RETURNS xid8 LANGUAGE sql VOLATILE AS $$
  -- One read of the lock table, so an appender's two locks come from the same moment.
  WITH locks AS MATERIALIZED (SELECT locktype, database, classid, objid, objsubid, transactionid, virtualtransaction, mode, granted FROM pg_locks),
  appenders AS (
    SELECT x.transactionid::text::bigint AS xid32
      FROM locks a
      JOIN locks x ON x.virtualtransaction = a.virtualtransaction
                     AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
     WHERE a.locktype = 'advisory' AND a.classid = 1802400362 AND a.objid = 1 AND a.objsubid = 2
       AND a.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  )
  -- pg_current_snapshot() is this statement's snapshot, taken before pg_locks is read; its
  -- in-progress list turns the locks' 32-bit ids into xid8 without epoch arithmetic.
  SELECT least(pg_snapshot_xmax(s), (SELECT min(r) FROM pg_snapshot_xip(s) r WHERE r::text::bigint % 4294967296 IN (SELECT xid32 FROM appenders)))
    FROM pg_current_snapshot() s
$$;

-- Appends a batch of independent appends in one statement (one round trip, one commit).
-- Each append keeps its own expected-version check and its own outcome:
--   status 'ok' | 'wrong_version' | 'idempotent' | 'id_conflict'
-- Expected versions: -1 any, -2 no_stream, -3 stream_exists, >= 0 exact.
-- The caller orders appends by stream id, so two batches always lock streams in the same order.
-- Written only by kinerja_append's rolled-back subtransactions (see there): it stays empty.
CREATE UNLOGGED TABLE IF NOT EXISTS kinerja_xid_bumps (bumped boolean DEFAULT true);

CREATE OR REPLACE FUNCTION kinerja_append(
  p_stream_ids   text[],
  p_stream_types text[],
  p_expected     bigint[],
  p_counts       integer[],
  p_check_ids    boolean[],
  p_event_ids    uuid[],
  p_event_types  text[],
  p_schema       integer[],
  p_data         jsonb[],
  p_metadata     jsonb[],
  p_digests      bytea[]
) RETURNS TABLE (append_index integer, status text, version bigint, positions bigint[], stream_positions bigint[], tx text)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  j integer;
  off integer := 0;
  n integer;
  cur_version bigint;
  cur_hash bytea;
  cur_tx xid8;
  order_tx xid8;
  exp bigint;
  found_ids integer;
  found_stream integer;
  -- milliseconds: the precision of the clients' clocks, so "as of" a time a client saw is exact
  ts timestamptz := date_trunc('milliseconds', clock_timestamp());
  h bytea;
  prev bytea;
  hashes bytea[];
  prevs bytea[];
  spos bigint[];
  zero bytea := decode(repeat('00', 32), 'hex');
  floor_tx xid8;
BEGIN
  -- The floor's snapshot must be newer than the mark, which only READ COMMITTED guarantees here.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'kinerja_append needs READ COMMITTED, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  -- Id first, then the mark, then the floor (see kinerja_safe_horizon for why in this order).
  PERFORM pg_current_xact_id();
  PERFORM pg_advisory_xact_lock_shared(1802400362, 1);
  -- A reader that looked before the mark may already have passed this id: order these events at
  -- or above every id a reader could have seen as "not yet started".
  SELECT pg_snapshot_xmax(pg_current_snapshot()) INTO floor_tx;
  IF floor_tx > pg_current_xact_id() THEN
    -- The floor is above this transaction's own id, and readers take rows below the xmax of their
    -- snapshot (one past the newest FINISHED id): once this commits, its rows must not wait for
    -- some other transaction to finish with a newer id. A subtransaction takes an id newer than
    -- the floor and is rolled back at once, which advances the newest finished id past the floor
    -- (PostgreSQL counts an aborted subtransaction's id as finished).
    BEGIN
      INSERT INTO kinerja_xid_bumps DEFAULT VALUES;
      RAISE SQLSTATE 'KJ001';
    EXCEPTION WHEN SQLSTATE 'KJ001' THEN NULL;
    END;
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    n := p_counts[i];
    exp := p_expected[i];
    append_index := i;
    tx := NULL;

    IF p_check_ids[i] THEN
      SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_ids[i])
        INTO found_ids, found_stream
        FROM events e WHERE e.event_id = ANY (p_event_ids[off + 1 : off + n]);
      IF found_ids > 0 THEN
        IF found_ids = n AND found_stream = n THEN
          status := 'idempotent';
          SELECT s.version INTO version FROM streams s WHERE s.stream_id = p_stream_ids[i];
          SELECT array_agg(e.global_position ORDER BY e.stream_position), array_agg(e.stream_position ORDER BY e.stream_position),
                 max(e.transaction_id::text)
            INTO positions, stream_positions, tx
            FROM events e WHERE e.event_id = ANY (p_event_ids[off + 1 : off + n]);
        ELSE
          status := 'id_conflict'; version := NULL; positions := NULL; stream_positions := NULL;
        END IF;
        RETURN NEXT;
        off := off + n;
        CONTINUE;
      END IF;
    END IF;

    SELECT s.version, s.head_hash, s.head_tx INTO cur_version, cur_hash, cur_tx
      FROM streams s WHERE s.stream_id = p_stream_ids[i] FOR UPDATE;
    IF NOT FOUND THEN
      IF exp = -3 OR exp >= 0 THEN
        status := 'wrong_version'; version := -1; positions := NULL; stream_positions := NULL;
        RETURN NEXT; off := off + n; CONTINUE;
      END IF;
      -- A concurrent first append to the same stream waits here on the primary key and then
      -- finds the row taken: it reports the version it lost to.
      INSERT INTO streams (stream_id, stream_type, version, head_hash)
        VALUES (p_stream_ids[i], p_stream_types[i], -1, zero)
        ON CONFLICT (stream_id) DO NOTHING;
      IF NOT FOUND THEN
        SELECT s.version, s.head_hash, s.head_tx INTO cur_version, cur_hash, cur_tx
          FROM streams s WHERE s.stream_id = p_stream_ids[i] FOR UPDATE;
        IF exp = -2 THEN
          status := 'wrong_version'; version := cur_version; positions := NULL; stream_positions := NULL;
          RETURN NEXT; off := off + n; CONTINUE;
        END IF;
      ELSE
        cur_version := -1; cur_hash := zero; cur_tx := '0';
      END IF;
    ELSIF exp = -2 OR (exp >= 0 AND exp <> cur_version) THEN
      status := 'wrong_version'; version := cur_version; positions := NULL; stream_positions := NULL;
      RETURN NEXT; off := off + n; CONTINUE;
    END IF;

    -- Readers order the log by (transaction_id, global_position). A transaction's id is taken at
    -- its first write, which may come before it waited for this stream's lock behind a younger
    -- transaction; ordering by its own id would then put its event before the one it follows.
    -- So an event's ordering id is never below that of its stream's previous event. It is never
    -- below the real id either, so a reader still only sees rows of finished transactions.
    order_tx := greatest(pg_current_xact_id(), cur_tx, floor_tx);
    tx := order_tx::text;
    prev := cur_hash;
    IF n = 1 THEN
      prev := kinerja_event_hash(prev, p_digests[off + 1], p_stream_ids[i], cur_version + 1, ts);
    ELSE
    hashes := '{}'; prevs := '{}'; spos := '{}';
    FOR j IN 1 .. n LOOP
      h := kinerja_event_hash(prev, p_digests[off + j], p_stream_ids[i], cur_version + j, ts);
      prevs := prevs || prev;
      hashes := hashes || h;
      spos := spos || (cur_version + j);
      prev := h;
    END LOOP;
    END IF;

    IF n = 1 THEN
      -- The common case, one event: a plain INSERT, without unnest, a CTE and two sorted aggregates.
      INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                          data, metadata, recorded_at, prev_hash, hash)
        VALUES (order_tx, p_stream_ids[i], p_stream_types[i], cur_version + 1, p_event_ids[off + 1], p_event_types[off + 1],
                p_schema[off + 1], p_data[off + 1], p_metadata[off + 1], ts, cur_hash, prev)
        RETURNING ARRAY[global_position], ARRAY[stream_position] INTO positions, stream_positions;
    ELSE
    WITH ins AS (
      INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                          data, metadata, recorded_at, prev_hash, hash)
      SELECT order_tx, p_stream_ids[i], p_stream_types[i], u.sp, u.eid, u.et, u.sv, u.d, u.m, ts, u.ph, u.hh
        FROM unnest(spos, p_event_ids[off + 1 : off + n], p_event_types[off + 1 : off + n],
                    p_schema[off + 1 : off + n], p_data[off + 1 : off + n], p_metadata[off + 1 : off + n],
                    prevs, hashes) AS u(sp, eid, et, sv, d, m, ph, hh)
      RETURNING global_position, stream_position
    )
    SELECT array_agg(ins.global_position ORDER BY ins.stream_position), array_agg(ins.stream_position ORDER BY ins.stream_position)
      INTO positions, stream_positions FROM ins;
    END IF;

    UPDATE streams SET version = cur_version + n, head_hash = prev, head_tx = order_tx, updated_at = ts
      WHERE stream_id = p_stream_ids[i];

    status := 'ok';
    version := cur_version + n;
    RETURN NEXT;
    off := off + n;
  END LOOP;
END
$$;

