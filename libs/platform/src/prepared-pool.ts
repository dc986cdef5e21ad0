import { createHash } from 'node:crypto';
import { Pool, type PoolConfig, type QueryResult } from 'pg';

/** Distinct statements one process names at most; past it, a query goes unnamed (see below). */
export const MAX_PREPARED = 400;

/**
 * PostgreSQL's "cached plan must not change result type": a statement prepared on `SELECT *` of a
 * view that has since been pointed at a generation with other columns (a projection's new version
 * switched in while this process ran). Raised before the statement runs: nothing was done.
 */
export function isStalePreparedStatement(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && /cached plan must not change result type/.test(String(message));
}

/**
 * The process's pool. A one-shot parameterised query (`pool.query(text, values)`, every read of the
 * read models, the rate limits, the idempotency records) is sent as a named prepared statement, so
 * each connection parses it once and later only binds and runs it. Sent unnamed, PostgreSQL parsed,
 * analysed and rewrote it (each read-model table is a view on its generation) at every call: the
 * inbox's twelve reads cost 2.5 ms of PostgreSQL's CPU per request in the load bench, where their
 * execution was 0.2 ms (`pg_stat_statements`); pgbench on four of them: 3,528 transactions/s unnamed
 * (`-M extended`), 8,677 prepared.
 *
 * A statement's name is a digest of its text, so the same text is one statement on every connection.
 * Texts are SQL with `$n` parameters, not values, so there are few of them; a process that makes more
 * than MAX_PREPARED distinct texts (SQL built from values somewhere) sends the rest unnamed rather
 * than fill every connection's memory with statements. A statement whose view changed its columns
 * under it is retried unnamed, and every name changes (`epoch`), so each connection prepares it again.
 * Queries of a checked-out client (a transaction) and config objects (already named, or not) go as
 * they come: after an error, a transaction could not retry.
 */
export class PreparedPool extends Pool {
  private names = new Map<string, string>();
  private epoch = 0;

  constructor(config?: PoolConfig) {
    super(config);
    // Set here rather than overridden: pg's overloads (callbacks, config objects, a cursor) keep
    // their types, and all of them pass through; only (text, values) is named.
    this.query = this.namedQuery.bind(this) as Pool['query'];
  }

  private namedQuery(...args: unknown[]): unknown {
    const [text, values, callback] = args;
    const base = Pool.prototype.query as (...a: unknown[]) => unknown;
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) return base.apply(this, args);
    const name = this.nameOf(text);
    if (!name) return base.call(this, text, values);
    const named = base.call(this, { name, text, values }) as Promise<QueryResult>;
    return named.catch((e: unknown) => {
      if (!isStalePreparedStatement(e)) throw e;
      this.epoch++;
      this.names = new Map();
      return base.call(this, text, values);
    });
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known || this.names.size >= MAX_PREPARED) return known;
    const name = `k${this.epoch}_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}
