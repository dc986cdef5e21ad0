-- Snapshots of long streams (issue 17): a decider's state folded up to `version`, so that a command
-- on the organisation's stream or an employee's reads only the events after it. Not a source of
-- truth and never part of the audit: a row is used only while the event at `version` still has
-- the chain hash in `head`, and only by a decider whose code and state version give the same
-- `state_key` (libs/application/src/stream-state.ts); deleting every row is always safe.
CREATE TABLE IF NOT EXISTS stream_snapshots (
  stream_id  text NOT NULL,
  -- sha256 of the decider's snapshot version, its evolve's code and the store's upcasters
  state_key  text NOT NULL,
  version    bigint NOT NULL,
  -- the event at `version`: 'h:' || its chain hash (hex), which covers every event before it
  head       text NOT NULL,
  -- the state as libs/kernel encodeState wrote it (canonical JSON with tagged Maps, Dates, Decimals)
  state      text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (stream_id, state_key)
);
