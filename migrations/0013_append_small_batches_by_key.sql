-- kinerja_append as in 0009, with a path of its own for a few appends whose event ids the store
-- made (step 0): nearly every command appends one event to one stream, and group commit rides at
-- most a few of them together. The rounds of the general path (per-batch arrays, aggregates over
-- generate_series, unnest joins) cost more than the work itself at that size: PostgreSQL's CPU per
-- one-event append was about 300 µs against 125 µs for a raw single-row INSERT (pgbench, one
-- connection, machine CPU per call). Step 0 takes each append in turn, in the caller's order (by
-- stream id, as the rounds lock them, so two statements still lock in one order): it locks its
-- stream's row by key, checks the version, chains the hashes, moves or creates the row and inserts
-- the events, and answers. Measured the same way: about 180 µs for one append, 245 for two (370
-- before), 360 for four (485); at sixteen the rounds are as cheap, so above eight they still serve.
-- A stream another transaction created meanwhile: the insert of its row waits for that one, finds
-- the key taken once it commits, and reads the row again (a new snapshot per statement, READ
-- COMMITTED) to append after its events, as the rounds' next round does. Step 0 creates a new
-- stream where it comes in the caller's order, where the rounds lock the existing streams first: two
-- statements that each create one stream and append to another that both touch may deadlock, which
-- PostgreSQL breaks and the store retries (isRetryable), as it did for the rounds' racing creations.
-- Same signature, outcomes, horizon mark and chain as 0009; appends with caller-given ids (an
-- import, a retried command) and larger batches take the rounds unchanged.

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
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  n_app integer := coalesce(array_length(p_stream_ids, 1), 0);
  n_ev integer := coalesce(array_length(p_event_ids, 1), 0);
  digests bytea[] := p_digests; -- a local copy is expanded: element access in O(1)
  offs integer[];
  done boolean[];
  round integer[];
  round_sids text[];
  rounds integer := 0;
  -- the round's locked streams
  l_sids text[];
  l_vers bigint[];
  l_heads bytea[];
  l_txs xid8[];
  -- per event of the batch (NULL position: not appended in this round)
  e_sids text[];
  e_types text[];
  e_sp bigint[];
  e_otx xid8[];
  e_prev bytea[];
  e_hash bytea[];
  -- per append of the round
  a_ver bigint[];
  a_otx xid8[];
  -- streams to create, streams to move
  c_sids text[];
  c_types text[];
  c_vers bigint[];
  c_heads bytea[];
  c_txs xid8[];
  u_sids text[];
  u_vers bigint[];
  u_heads bytea[];
  u_txs xid8[];
  skipped text[];
  gps bigint[];
  any_check boolean := true = ANY (p_check_ids);
  i integer;
  j integer;
  k integer;
  li integer;
  cv bigint;
  ex bigint;
  h bytea;
  otx xid8;
  rec record;
  -- milliseconds: the precision of the clients' clocks, so "as of" a time a client saw is exact
  ts timestamptz := date_trunc('milliseconds', clock_timestamp());
  ts_text text;
  zero bytea := decode(repeat('00', 32), 'hex');
  floor_tx xid8;
  base_tx xid8;
  n1 integer;
  gp1 bigint;
  tries integer;
BEGIN
  IF n_app = 0 THEN
    RETURN;
  END IF;
  -- The floor's snapshot must be newer than the mark, which only READ COMMITTED guarantees here.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'kinerja_append needs READ COMMITTED, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  -- Id first, then the mark, then the floor (see kinerja_safe_horizon in 0004 for why in this order).
  PERFORM pg_current_xact_id();
  PERFORM pg_advisory_xact_lock_shared(1802400362, 1);
  SELECT pg_snapshot_xmax(pg_current_snapshot()) INTO floor_tx;
  IF floor_tx > pg_current_xact_id() THEN
    -- See 0004: an aborted subtransaction's id moves the newest finished id past the floor.
    BEGIN
      INSERT INTO kinerja_xid_bumps DEFAULT VALUES;
      RAISE SQLSTATE 'KJ001';
    EXCEPTION WHEN SQLSTATE 'KJ001' THEN NULL;
    END;
  END IF;
  -- Readers order the log by (transaction_id, global_position): an event's ordering id is the
  -- greatest of this transaction's id, the floor and its stream's previous event's ordering id
  -- (see 0001 and 0004 for why each).
  base_tx := greatest(pg_current_xact_id(), floor_tx);
  ts_text := to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

  -- 0. A few appends with ids of the store's own making (nearly every command: one append of one
  -- event), one after another in the caller's order (by stream id, as the rounds below lock them).
  -- Each reads and moves its stream's row by its key and inserts its events as they are: the rounds'
  -- arrays, aggregates and function scans cost more than the work itself at this size.
  IF n_app <= 8 AND NOT any_check THEN
    k := 0;
    FOR i IN 1 .. n_app LOOP
      n1 := p_counts[i];
      ex := p_expected[i];
      append_index := i; positions := NULL; stream_positions := NULL; tx := NULL;
      tries := 0;
      LOOP
        tries := tries + 1;
        SELECT s.version, s.head_hash, s.head_tx INTO cv, h, otx FROM streams s WHERE s.stream_id = p_stream_ids[i] FOR UPDATE;
        IF FOUND THEN
          li := 1;
          otx := greatest(base_tx, otx);
          IF ex = -2 OR (ex >= 0 AND ex <> cv) THEN
            status := 'wrong_version'; version := cv;
            EXIT;
          END IF;
        ELSE
          li := NULL; cv := -1; h := zero; otx := base_tx;
          IF ex = -3 OR ex >= 0 THEN
            status := 'wrong_version'; version := -1;
            EXIT;
          END IF;
        END IF;
        e_prev := array_fill(NULL::bytea, ARRAY[n1]);
        e_hash := array_fill(NULL::bytea, ARRAY[n1]);
        FOR j IN 1 .. n1 LOOP
          e_prev[j] := h;
          h := sha256(h || digests[k + j] || convert_to(p_stream_ids[i] || '/' || (cv + j) || '/' || ts_text, 'UTF8'));
          e_hash[j] := h;
        END LOOP;
        status := 'ok'; version := cv + n1;
        IF li IS NOT NULL THEN
          UPDATE streams s SET version = cv + n1, head_hash = h, head_tx = otx, updated_at = ts WHERE s.stream_id = p_stream_ids[i];
          EXIT;
        END IF;
        INSERT INTO streams (stream_id, stream_type, version, head_hash, head_tx, updated_at)
        VALUES (p_stream_ids[i], p_stream_types[i], cv + n1, h, otx, ts)
        ON CONFLICT (stream_id) DO NOTHING;
        EXIT WHEN FOUND;
        -- Another transaction created the stream and has committed (the insert waited for it): read
        -- its row again, now visible, and append after its events.
        IF tries > 1 THEN
          RAISE EXCEPTION 'kinerja_append: stream % neither found nor created', p_stream_ids[i];
        END IF;
      END LOOP;
      IF status = 'ok' THEN
        IF n1 = 1 THEN
          INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                              data, metadata, recorded_at, prev_hash, hash)
          VALUES (otx, p_stream_ids[i], p_stream_types[i], cv + 1, p_event_ids[k + 1], p_event_types[k + 1], p_schema[k + 1],
                  p_data[k + 1], p_metadata[k + 1], ts, e_prev[1], e_hash[1])
          RETURNING global_position INTO gp1;
          positions := ARRAY[gp1];
          stream_positions := ARRAY[cv + 1];
        ELSE
          WITH ins AS (
            INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                                data, metadata, recorded_at, prev_hash, hash)
            SELECT otx, p_stream_ids[i], p_stream_types[i], cv + e.n, e.eid, e.et, e.sv, e.d, e.m, ts, e.ph, e.hh
              FROM unnest(p_event_ids[k + 1 : k + n1], p_event_types[k + 1 : k + n1], p_schema[k + 1 : k + n1],
                          p_data[k + 1 : k + n1], p_metadata[k + 1 : k + n1], e_prev, e_hash) WITH ORDINALITY
                   AS e(eid, et, sv, d, m, ph, hh, n)
             ORDER BY e.n
            RETURNING global_position
          )
          SELECT array_agg(ins.global_position ORDER BY ins.global_position) INTO positions FROM ins;
          stream_positions := ARRAY(SELECT cv + g FROM generate_series(1, n1) AS g);
        END IF;
        tx := otx::text;
      END IF;
      RETURN NEXT;
      k := k + n1;
    END LOOP;
    RETURN;
  END IF;

  offs := array_fill(0, ARRAY[n_app]);
  done := array_fill(false, ARRAY[n_app]);
  a_ver := array_fill(NULL::bigint, ARRAY[n_app]);
  a_otx := array_fill(NULL::xid8, ARRAY[n_app]);
  e_sids := array_fill(NULL::text, ARRAY[n_ev]);
  e_types := array_fill(NULL::text, ARRAY[n_ev]);
  FOR i IN 1 .. n_app LOOP
    IF i > 1 THEN
      offs[i] := offs[i - 1] + p_counts[i - 1];
    END IF;
    FOR j IN offs[i] + 1 .. offs[i] + p_counts[i] LOOP
      e_sids[j] := p_stream_ids[i];
      e_types[j] := p_stream_types[i];
    END LOOP;
  END LOOP;

  LOOP
    rounds := rounds + 1;
    IF rounds > 2 * n_app + 2 THEN
      RAISE EXCEPTION 'kinerja_append: no progress after % rounds', rounds - 1;
    END IF;
    IF n_app = 1 THEN
      EXIT WHEN done[1];
      round := ARRAY[1];
      round_sids := p_stream_ids;
    ELSE
      SELECT array_agg(m ORDER BY m), array_agg(p_stream_ids[m] ORDER BY m) INTO round, round_sids
        FROM (SELECT min(g.i) AS m FROM generate_series(1, n_app) AS g(i) WHERE NOT done[g.i] GROUP BY p_stream_ids[g.i]) x;
      EXIT WHEN round IS NULL;
    END IF;

    -- 1. Re-appends of caller-given ids.
    IF any_check AND true = ANY (SELECT p_check_ids[q.i] FROM unnest(round) AS q(i)) THEN
      FOR rec IN
        SELECT q.i, count(e.event_id) AS n_found, count(e.event_id) FILTER (WHERE e.stream_id = p_stream_ids[q.i]) AS n_in_stream
          FROM unnest(round) AS q(i)
          CROSS JOIN LATERAL generate_series(offs[q.i] + 1, offs[q.i] + p_counts[q.i]) AS g(k)
          -- A lateral probe of the key (LIMIT 1: not flattened into a join): joined plainly, the
          -- generic plan hashed the whole events table for every batch with caller-given ids.
          LEFT JOIN LATERAL (SELECT x.event_id, x.stream_id FROM events x WHERE x.event_id = p_event_ids[g.k] LIMIT 1) e ON true
         WHERE p_check_ids[q.i]
         GROUP BY q.i
        HAVING count(e.event_id) > 0
      LOOP
        done[rec.i] := true;
        append_index := rec.i;
        tx := NULL;
        IF rec.n_found = p_counts[rec.i] AND rec.n_in_stream = p_counts[rec.i] THEN
          status := 'idempotent';
          SELECT s.version INTO version FROM streams s WHERE s.stream_id = p_stream_ids[rec.i];
          SELECT array_agg(e.global_position ORDER BY e.stream_position), array_agg(e.stream_position ORDER BY e.stream_position),
                 max(e.transaction_id::text)
            INTO positions, stream_positions, tx
            FROM events e WHERE e.event_id = ANY (p_event_ids[offs[rec.i] + 1 : offs[rec.i] + p_counts[rec.i]]);
        ELSE
          status := 'id_conflict'; version := NULL; positions := NULL; stream_positions := NULL;
        END IF;
        RETURN NEXT;
      END LOOP;
      IF true = ANY (SELECT done[q.i] FROM unnest(round) AS q(i)) THEN
        -- The stream of an append answered here gets its next append in the next round.
        SELECT array_agg(q.i ORDER BY q.i), array_agg(p_stream_ids[q.i] ORDER BY q.i) INTO round, round_sids
          FROM unnest(round) AS q(i) WHERE NOT done[q.i];
        CONTINUE WHEN round IS NULL;
      END IF;
    END IF;

    -- 2. Lock the existing streams, check versions, chain the hashes.
    SELECT array_agg(s.stream_id), array_agg(s.version), array_agg(s.head_hash), array_agg(s.head_tx)
      INTO l_sids, l_vers, l_heads, l_txs
      FROM (SELECT st.stream_id, st.version, st.head_hash, st.head_tx FROM streams st
             WHERE st.stream_id = ANY (round_sids) ORDER BY st.stream_id FOR UPDATE) s;
    e_sp := array_fill(NULL::bigint, ARRAY[n_ev]);
    e_otx := array_fill(NULL::xid8, ARRAY[n_ev]);
    e_prev := array_fill(NULL::bytea, ARRAY[n_ev]);
    e_hash := array_fill(NULL::bytea, ARRAY[n_ev]);
    c_sids := '{}'; c_types := '{}'; c_vers := '{}'; c_heads := '{}'; c_txs := '{}';
    u_sids := '{}'; u_vers := '{}'; u_heads := '{}'; u_txs := '{}';
    FOREACH i IN ARRAY round LOOP
      li := array_position(l_sids, p_stream_ids[i]);
      ex := p_expected[i];
      IF li IS NULL THEN
        cv := -1; h := zero; otx := base_tx;
        IF ex = -3 OR ex >= 0 THEN
          done[i] := true;
          append_index := i; status := 'wrong_version'; version := -1; positions := NULL; stream_positions := NULL; tx := NULL;
          RETURN NEXT;
          CONTINUE;
        END IF;
      ELSE
        cv := l_vers[li]; h := l_heads[li]; otx := greatest(base_tx, l_txs[li]);
        IF ex = -2 OR (ex >= 0 AND ex <> cv) THEN
          done[i] := true;
          append_index := i; status := 'wrong_version'; version := cv; positions := NULL; stream_positions := NULL; tx := NULL;
          RETURN NEXT;
          CONTINUE;
        END IF;
      END IF;
      FOR j IN 1 .. p_counts[i] LOOP
        k := offs[i] + j;
        e_sp[k] := cv + j;
        e_otx[k] := otx;
        e_prev[k] := h;
        h := sha256(h || digests[k] || convert_to(p_stream_ids[i] || '/' || (cv + j) || '/' || ts_text, 'UTF8'));
        e_hash[k] := h;
      END LOOP;
      a_ver[i] := cv + p_counts[i];
      a_otx[i] := otx;
      IF li IS NULL THEN
        c_sids := c_sids || p_stream_ids[i]; c_types := c_types || p_stream_types[i];
        c_vers := c_vers || a_ver[i]; c_heads := c_heads || h; c_txs := c_txs || otx;
      ELSE
        u_sids := u_sids || p_stream_ids[i]; u_vers := u_vers || a_ver[i]; u_heads := u_heads || h; u_txs := u_txs || otx;
      END IF;
    END LOOP;

    -- 3. Create the new streams; one another transaction created meanwhile waits for the next round.
    skipped := '{}';
    IF cardinality(c_sids) > 0 THEN
      WITH ins AS (
        INSERT INTO streams (stream_id, stream_type, version, head_hash, head_tx, updated_at)
        SELECT c.sid, c.stype, c.v, c.h, c.t, ts FROM unnest(c_sids, c_types, c_vers, c_heads, c_txs) AS c(sid, stype, v, h, t)
         ORDER BY c.sid
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING stream_id
      )
      SELECT coalesce(array_agg(c.sid), '{}') INTO skipped FROM unnest(c_sids) AS c(sid) WHERE c.sid NOT IN (SELECT ins.stream_id FROM ins);
    END IF;

    -- 4. Move the existing streams' heads (their rows are locked).
    IF cardinality(u_sids) > 0 THEN
      -- `= ANY` and array_position rather than a join with unnest(…): the generic plan then always
      -- probes the key, where a join was planned as a hash join over a scan of every stream.
      UPDATE streams s
         SET version = u_vers[array_position(u_sids, s.stream_id)], head_hash = u_heads[array_position(u_sids, s.stream_id)],
             head_tx = u_txs[array_position(u_sids, s.stream_id)], updated_at = ts
       WHERE s.stream_id = ANY (u_sids);
    END IF;

    -- 5. The events, in append order (global positions follow it); the positions come back in
    -- that order, so each append takes its slice.
    WITH ins AS (
      INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                          data, metadata, recorded_at, prev_hash, hash)
      SELECT e.otx, e.sid, e.stype, e.sp, e.eid, e.et, e.sv, e.d, e.m, ts, e.ph, e.hh
        FROM unnest(e_otx, e_sids, e_types, e_sp, p_event_ids, p_event_types, p_schema, p_data, p_metadata, e_prev, e_hash)
             AS e(otx, sid, stype, sp, eid, et, sv, d, m, ph, hh)
       WHERE e.sp IS NOT NULL AND e.sid <> ALL (skipped)
      RETURNING global_position
    )
    SELECT array_agg(ins.global_position) INTO gps FROM ins;
    k := 0;
    FOREACH i IN ARRAY round LOOP
      CONTINUE WHEN done[i] OR p_stream_ids[i] = ANY (skipped);
      done[i] := true;
      append_index := i; status := 'ok'; version := a_ver[i]; tx := a_otx[i]::text;
      positions := gps[k + 1 : k + p_counts[i]];
      stream_positions := e_sp[offs[i] + 1 : offs[i] + p_counts[i]];
      k := k + p_counts[i];
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;
