-- kinerja_append, set-based: a handful of statements for the whole batch instead of three or four
-- per append (0004 looped in plpgsql: a SELECT … FOR UPDATE of the stream, an INSERT per append,
-- an UPDATE of the stream). Same signature, same outcomes, same horizon mark, same hash chain.
--
-- A batch is applied in rounds; a round takes, of every stream named in the batch, its first
-- append not yet done (so a round names each stream once, and appends to one stream keep their
-- order). Nearly every batch is one round. A round is one statement:
--   * `cur` locks the round's existing streams in stream-id order (FOR UPDATE; two batches always
--     lock in the same order) and reads their version, head hash and ordering id. PostgreSQL 15's
--     UPDATE … RETURNING cannot return the old head hash that the first new event chains to
--     (RETURNING OLD is PostgreSQL 18), hence the lock in the same statement rather than the
--     UPDATE alone;
--   * each append's expected version is checked against the locked row;
--   * the hash chains of all appends are computed at once (`kinerja_chain`, a running aggregate
--     over each append's events: the chain is sequential within an append, independent between);
--   * `UPDATE streams … FROM` moves every existing stream's head; `INSERT INTO streams … ON
--     CONFLICT DO NOTHING RETURNING` creates the new ones with their final head; one `INSERT INTO
--     events … SELECT` writes the events of every append whose stream row was updated or created.
-- A new stream another transaction created after this statement's snapshot (the INSERT waited for
-- it, then did nothing) is not appended to in this round: the append stays pending, and the next
-- round, a new statement, finds and locks the row, as 0004 did.
-- An append with caller-given event ids is checked for a re-append first (one statement per round,
-- only when such an append is in it): all ids already in its stream → 'idempotent' with the
-- original positions; some elsewhere or some missing → 'id_conflict'.

-- One step of a stream's chain, keeping the link it chained to: state = prev_hash || hash. The
-- suffix is "<stream>/<position>/<recorded_at ISO, ms>", as kinerja_event_hash writes it.
CREATE OR REPLACE FUNCTION kinerja_chain_step(p_state bytea, p_head bytea, p_digest bytea, p_suffix text)
RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  prev bytea := CASE WHEN p_state IS NULL THEN p_head ELSE substring(p_state FROM 33 FOR 32) END;
BEGIN
  RETURN prev || sha256(prev || p_digest || convert_to(p_suffix, 'UTF8'));
END
$$;

-- Running over an append's events in position order: each row's prev_hash || hash.
CREATE OR REPLACE AGGREGATE kinerja_chain(bytea, bytea, text) (sfunc = kinerja_chain_step, stype = bytea);

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
  n_app integer := coalesce(array_length(p_stream_ids, 1), 0);
  offs integer[];
  done boolean[];
  round integer[];
  round_sids text[];
  rounds integer := 0;
  rec record;
  -- milliseconds: the precision of the clients' clocks, so "as of" a time a client saw is exact
  ts timestamptz := date_trunc('milliseconds', clock_timestamp());
  ts_text text;
  zero bytea := decode(repeat('00', 32), 'hex');
  floor_tx xid8;
  base_tx xid8;
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

  offs := array_fill(0, ARRAY[n_app]);
  done := array_fill(false, ARRAY[n_app]);
  FOR i IN 2 .. n_app LOOP
    offs[i] := offs[i - 1] + p_counts[i - 1];
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
        FROM (SELECT min(i) AS m FROM generate_series(1, n_app) AS i WHERE NOT done[i] GROUP BY p_stream_ids[i]) x;
      EXIT WHEN round IS NULL;
    END IF;

    IF true = ANY (SELECT p_check_ids[i] FROM unnest(round) AS i) THEN
      FOR rec IN
        SELECT q.i, count(e.event_id) AS found, count(e.event_id) FILTER (WHERE e.stream_id = p_stream_ids[q.i]) AS found_stream
          FROM unnest(round) AS q(i)
          CROSS JOIN LATERAL generate_series(offs[q.i] + 1, offs[q.i] + p_counts[q.i]) AS g(k)
          LEFT JOIN events e ON e.event_id = p_event_ids[g.k]
         WHERE p_check_ids[q.i]
         GROUP BY q.i
        HAVING count(e.event_id) > 0
      LOOP
        done[rec.i] := true;
        append_index := rec.i;
        tx := NULL;
        IF rec.found = p_counts[rec.i] AND rec.found_stream = p_counts[rec.i] THEN
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
      IF true = ANY (SELECT done[i] FROM unnest(round) AS i) THEN
        -- The stream of an append answered here gets its next append in the next round.
        SELECT array_agg(i ORDER BY i), array_agg(p_stream_ids[i] ORDER BY i) INTO round, round_sids
          FROM unnest(round) AS i WHERE NOT done[i];
        CONTINUE WHEN round IS NULL;
      END IF;
    END IF;

    FOR rec IN
      WITH req AS (
        SELECT q.i AS idx, p_stream_ids[q.i] AS sid, p_stream_types[q.i] AS stype, p_expected[q.i] AS exp,
               p_counts[q.i] AS n, offs[q.i] AS off
          FROM unnest(round) AS q(i)
      ),
      cur AS MATERIALIZED (
        SELECT s.stream_id, s.version, s.head_hash, s.head_tx FROM streams s
         WHERE s.stream_id = ANY (round_sids)
         ORDER BY s.stream_id
           FOR UPDATE
      ),
      chk AS MATERIALIZED (
        SELECT q.idx, q.sid, q.stype, q.n, q.off, c.stream_id IS NOT NULL AS found,
               coalesce(c.version, -1) AS cv, coalesce(c.head_hash, zero) AS ch, greatest(base_tx, c.head_tx) AS otx,
               CASE WHEN c.stream_id IS NULL THEN q.exp IN (-1, -2) ELSE q.exp IN (-1, -3) OR q.exp = c.version END AS ok
          FROM req q LEFT JOIN cur c ON c.stream_id = q.sid
      ),
      ev AS MATERIALIZED (
        SELECT x.idx, x.sid, x.stype, x.otx, x.sp, x.k,
               substring(x.link FROM 1 FOR 32) AS prev, substring(x.link FROM 33 FOR 32) AS h
          FROM (SELECT c.idx, c.sid, c.stype, c.otx, c.cv + g.j AS sp, c.off + g.j AS k,
                       kinerja_chain(c.ch, p_digests[c.off + g.j], c.sid || '/' || (c.cv + g.j) || '/' || ts_text)
                         OVER (PARTITION BY c.idx ORDER BY g.j ROWS UNBOUNDED PRECEDING) AS link
                  FROM chk c CROSS JOIN LATERAL generate_series(1, c.n) AS g(j)
                 WHERE c.ok) x
      ),
      upd AS (
        UPDATE streams s
           SET version = c.cv + c.n, head_hash = e.h, head_tx = c.otx, updated_at = ts
          FROM chk c JOIN ev e ON e.idx = c.idx AND e.sp = c.cv + c.n
         WHERE c.found AND s.stream_id = c.sid
        RETURNING c.idx
      ),
      ins_s AS (
        INSERT INTO streams (stream_id, stream_type, version, head_hash, head_tx, updated_at)
        SELECT c.sid, c.stype, c.n - 1, e.h, c.otx, ts
          FROM chk c JOIN ev e ON e.idx = c.idx AND e.sp = c.n - 1
         WHERE NOT c.found
         ORDER BY c.sid
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING stream_id
      ),
      ok AS (
        SELECT u.idx FROM upd u
        UNION ALL
        SELECT c.idx FROM ins_s i JOIN chk c ON c.sid = i.stream_id
      ),
      ins_e AS (
        INSERT INTO events (transaction_id, stream_id, stream_type, stream_position, event_id, event_type, schema_version,
                            data, metadata, recorded_at, prev_hash, hash)
        SELECT e.otx, e.sid, e.stype, e.sp, p_event_ids[e.k], p_event_types[e.k], p_schema[e.k], p_data[e.k], p_metadata[e.k],
               ts, e.prev, e.h
          FROM ev e
         WHERE e.idx IN (SELECT o.idx FROM ok o)
         ORDER BY e.idx, e.sp
        RETURNING stream_id, stream_position, global_position
      ),
      pos AS (
        SELECT p.stream_id, array_agg(p.global_position ORDER BY p.stream_position) AS gps,
               array_agg(p.stream_position ORDER BY p.stream_position) AS sps
          FROM ins_e p GROUP BY p.stream_id
      )
      SELECT c.idx,
             CASE WHEN NOT c.ok THEN 'wrong_version' WHEN p.stream_id IS NULL THEN 'retry' ELSE 'ok' END AS st,
             CASE WHEN c.ok THEN c.cv + c.n ELSE c.cv END AS v,
             p.gps, p.sps, c.otx::text AS otx
        FROM chk c LEFT JOIN pos p ON p.stream_id = c.sid
    LOOP
      -- 'retry': a new stream that another transaction created meanwhile; the next round appends.
      CONTINUE WHEN rec.st = 'retry';
      done[rec.idx] := true;
      append_index := rec.idx;
      status := rec.st;
      version := rec.v;
      IF rec.st = 'ok' THEN
        positions := rec.gps; stream_positions := rec.sps; tx := rec.otx;
      ELSE
        positions := NULL; stream_positions := NULL; tx := NULL;
      END IF;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;
