-- Read models are disposable: each projection writes into tables of a numbered generation, and a
-- view of the logical name points at the active one. A rebuild fills a new generation while the
-- old keeps serving, then the views switch in one transaction.
CREATE TABLE IF NOT EXISTS projections (
  name              text PRIMARY KEY,
  version           integer NOT NULL,
  active_generation integer NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name            text NOT NULL,
  generation      integer NOT NULL,
  version         integer NOT NULL,
  status          text NOT NULL CHECK (status IN ('building', 'active', 'retired')),
  transaction_id  xid8 NOT NULL DEFAULT '0',
  global_position bigint NOT NULL DEFAULT 0,
  events_applied  bigint NOT NULL DEFAULT 0,
  last_event_at   timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, generation)
);
