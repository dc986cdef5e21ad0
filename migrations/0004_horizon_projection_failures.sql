-- A projection that cannot apply an event stops at it rather than retrying in silence: the event,
-- the error and how often it was tried are kept with the generation's checkpoint, for /health and
-- `kinerja projections list`. A new projection version builds a new generation, which starts clean.
ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS failure jsonb;
