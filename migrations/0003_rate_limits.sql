-- Fixed-window counters for rate limits (public feedback links): one row per key and window,
-- counted with INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so every API replica shares them.
CREATE TABLE rate_limits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
