-- kinerja_read_horizon: kinerja_safe_horizon's value (0011, same body), and whether an appender in
-- progress held it back. A reader whose read was held back may have missed events another process
-- committed above the holder; the holder's end is then what releases them, and the notification of
-- that end names the holder's event types, not theirs. The store wakes such a reader at the next
-- wake-up of any type (PostgresEventStore.readAll), so notifications can name their types and let
-- the other readers sleep. kinerja_safe_horizon stays for the processes of an older version.
CREATE OR REPLACE FUNCTION kinerja_read_horizon(OUT horizon xid8, OUT held boolean) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  top xid8;
  oldest xid8;
BEGIN
  WITH locks AS MATERIALIZED (SELECT locktype, database, classid, objid, objsubid, transactionid, virtualtransaction, mode, granted FROM pg_locks),
  appenders AS (
    SELECT x.transactionid::text::bigint AS xid32
      FROM locks a
      JOIN locks x ON x.virtualtransaction = a.virtualtransaction
                     AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
     WHERE a.locktype = 'advisory' AND a.classid = 1802400362 AND a.objid = 1 AND a.objsubid = 2
       AND a.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  )
  SELECT pg_snapshot_xmax(s), (SELECT min(r) FROM pg_snapshot_xip(s) r WHERE r::text::bigint % 4294967296 IN (SELECT xid32 FROM appenders))
    INTO top, oldest
    FROM pg_current_snapshot() s;
  horizon := least(top, oldest);
  held := oldest IS NOT NULL;
END
$$;

-- One body for both: the horizon an older process or an audit seal's cut (stream-heads) asks for is
-- this one's.
CREATE OR REPLACE FUNCTION kinerja_safe_horizon() RETURNS xid8 LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (SELECT horizon FROM kinerja_read_horizon());
END
$$;
