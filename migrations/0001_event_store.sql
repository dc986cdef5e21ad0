-- The event store. `events` is the source of truth and is append-only: a trigger refuses UPDATE,
-- DELETE and TRUNCATE, and every row is chained to the previous row of its stream by a SHA-256
-- hash, so a change made by someone who disabled the trigger is still found by `audit verify`.

CREATE TABLE IF NOT EXISTS streams (
  stream_id   text PRIMARY KEY,
  stream_type text NOT NULL,
  -- position of the stream's last event (0-based); the optimistic-concurrency check reads it
  version     bigint NOT NULL,
  head_hash   bytea NOT NULL,
  -- ordering key of the stream's last event (see kinerja_append)
  head_tx     xid8 NOT NULL DEFAULT '0',
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE IF NOT EXISTS events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the appending transaction: readers only take rows of transactions older than every running
  -- one, so a reader never passes a position that a slower transaction will still commit below
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  stream_type     text NOT NULL,
  stream_position bigint NOT NULL,
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  schema_version  integer NOT NULL DEFAULT 1,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at     timestamptz NOT NULL,
  prev_hash       bytea NOT NULL,
  hash            bytea NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_position_key UNIQUE (stream_id, stream_position)
);

CREATE INDEX IF NOT EXISTS events_tx_position ON events (transaction_id, global_position);

-- One link of a stream's hash chain: sha256(prev_hash || digest || "<stream>/<position>/<time>").
-- The digest (sha256 of the event's canonical JSON) comes from the appender; see
-- libs/event-store/src/postgres/hash.ts, which `audit verify` uses to recompute both.
CREATE OR REPLACE FUNCTION kinerja_event_hash(p_prev bytea, p_digest bytea, p_stream_id text, p_stream_position bigint, p_recorded_at timestamptz)
RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sha256(p_prev || p_digest || convert_to(
    p_stream_id || '/' || p_stream_position || '/' || to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'UTF8'))
$$;

-- Appends a batch of independent appends in one statement (one round trip, one commit).
-- Each append keeps its own expected-version check and its own outcome:
--   status 'ok' | 'wrong_version' | 'idempotent' | 'id_conflict'
-- Expected versions: -1 any, -2 no_stream, -3 stream_exists, >= 0 exact.
-- The caller orders appends by stream id, so two batches always lock streams in the same order.
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
BEGIN
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
    order_tx := greatest(pg_current_xact_id(), cur_tx);
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

-- Append-only: nobody rewrites history, whatever the role.
CREATE OR REPLACE FUNCTION kinerja_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS events_no_update_delete ON events;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION kinerja_events_append_only();
DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kinerja_events_append_only();
