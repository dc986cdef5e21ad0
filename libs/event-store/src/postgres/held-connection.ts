import type { Pool, PoolClient } from 'pg';

/**
 * A connection taken from the pool and held between queries: a cursor read page by page, or a
 * snapshot transaction streamed to a file. While no query runs on it, a server that goes away
 * (restart, failover) makes pg emit 'error' on the client, and an 'error' nobody listens to ends
 * the process. The pool listens only while the client is idle in it, so a holder must: this one
 * keeps the error, gives it to the next `use()`, and hands the broken connection back to be
 * destroyed rather than reused.
 */
export interface HeldConnection {
  /** The client, for the next query; throws the error that broke the connection, if one did. */
  use(): PoolClient;
  /** Back to the pool; a failure (or a lost connection) destroys it instead. Call once. */
  release(failed?: Error | boolean): void;
}

export async function holdConnection(pool: Pool): Promise<HeldConnection> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onLost = (e: Error) => {
    lost = e;
  };
  client.on('error', onLost);
  return {
    use() {
      if (lost) throw lost;
      return client;
    },
    release(failed) {
      client.removeListener('error', onLost);
      client.release(lost ?? failed);
    },
  };
}
