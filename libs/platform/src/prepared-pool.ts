import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Pool, type PoolConfig, type QueryConfig, type QueryResult } from 'pg';

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
  private readonly lanes: Lanes;

  constructor(config?: PreparedPoolConfig) {
    super(config);
    this.lanes = new Lanes({ ...config, pipeline: true } as PoolConfig, config?.pipelineLanes ?? 0);
    // Set here rather than overridden: pg's overloads (callbacks, config objects, a cursor) keep
    // their types, and all of them pass through; only (text, values) is named.
    this.query = this.namedQuery.bind(this) as Pool['query'];
  }

  private namedQuery(...args: unknown[]): unknown {
    const [text, values, callback] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) {
      const config = args.length === 1 ? oneShot(text) : undefined;
      return config ? this.send(config) : this.base(...args);
    }
    const name = this.nameOf(text);
    if (!name) return this.send({ text, values });
    return this.send({ name, text, values }).catch((e: unknown) => {
      if (!isStalePreparedStatement(e)) throw e;
      this.epoch++;
      this.names = new Map();
      return this.send({ text, values });
    });
  }

  private base(...args: unknown[]): Promise<QueryResult> {
    return (Pool.prototype.query as (...a: unknown[]) => Promise<QueryResult>).apply(this, args);
  }

  /** On a pipelined lane when one is free enough, else on a connection of the pool. */
  private send(config: QueryConfig, retried = false): Promise<QueryResult> {
    const sent = mayPipeline(config) ? this.lanes.query(config) : undefined;
    if (!sent) return this.base(config);
    // A statement whose first Parse failed on a lane is unknown to the queries pipelined behind it
    // ("prepared statement does not exist"): each is sent once more, and meets the Parse's own error.
    return sent.catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === '26000' && config.name && !retried) return this.send(config, true);
      throw e;
    });
  }

  override end(): Promise<void> {
    return this.lanes.end().then(() => super.end());
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known || this.names.size >= MAX_PREPARED) return known;
    const name = `k${this.epoch}_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/** A statement config as the pool takes it: `pipelined: false` keeps a `SELECT` that writes off the lanes. */
export type PoolQueryConfig = QueryConfig & { pipelined?: boolean };

export interface PreparedPoolConfig extends PoolConfig {
  /** Pipelined connections carrying one-shot queries (KINERJA_DATABASE_PIPELINE); 0: none. */
  pipelineLanes?: number;
}

/** A config object pg may pipeline: a plain statement with its values, not a cursor or a portal. */
function oneShot(arg: unknown): QueryConfig | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const c = arg as QueryConfig & { submit?: unknown; rows?: unknown; callback?: unknown };
  if (typeof c.submit === 'function' || c.rows !== undefined || c.callback !== undefined) return undefined;
  return typeof c.text === 'string' && Array.isArray(c.values) ? c : undefined;
}

/**
 * Reads only. A statement that commits a write waits for its WAL flush before the server answers,
 * and on a lane every statement behind it would wait for that flush too: in the load bench, appends
 * on the lanes held the projections' reads back (lag zero 2.1-2.4 s after the load, 1.2-1.5 s with
 * them on the pool). A `SELECT` that writes (the event store's append function) says so with
 * `pipelined: false`.
 */
function mayPipeline(config: QueryConfig & { pipelined?: boolean }): boolean {
  return config.pipelined !== false && /^\s*select\b/i.test(config.text);
}

/** A lane whose statement at the head has run this long is passed over: it may be a long one. */
const LANE_STUCK_MS = 20;
/** Statements queued on one lane at most; past it the pool takes them. */
const LANE_DEPTH = 64;
/** After a lane could not connect, the next try waits this long (the pool's own errors report the cause). */
const LANE_RETRY_MS = 1000;

interface Lane {
  client: Client;
  inFlight: number;
  /** When the statement now at the head of the lane began (about: when the one before it ended). */
  headSince: number;
  /** Its socket holds back its writes until the end of this turn of the event loop. */
  corked: boolean;
}

/**
 * One-shot statements on a few pipelined connections (pg's `pipeline` mode). On this machine the
 * cost of a statement is mostly its round trip: about 100-220 µs of the process's CPU for a trivial
 * one, two thirds of it in the kernel (the socket write, the wake-ups), and the load bench's
 * requests make 2-13 statements each. Statements sent in the same turn of the event loop (the
 * inbox's ten reads, and every request's statements at that moment) share writes, reads and the
 * server's wake-ups: 25-45 µs a statement in batches of 4-10. Each statement keeps its own Sync,
 * so it is its own transaction and its failure fails only it. Transactions keep to the pool's
 * checked-out clients (`connect()`), as do cursors and simple-protocol queries.
 *
 * A lane is not given more when its head statement has run LANE_STUCK_MS (a long read queues the
 * ones behind it) or holds LANE_DEPTH: the pool's connections take those. A lane whose connection
 * fails fails what it carries (an unavailable database, answered 503 as before) and is replaced.
 */
class Lanes {
  private readonly lanes: Lane[] = [];
  private opening = false;
  private retryAt = 0;
  private ending = false;

  constructor(
    private readonly config: PoolConfig,
    private readonly count: number,
  ) {}

  query(config: QueryConfig): Promise<QueryResult> | undefined {
    const lane = this.pick();
    if (!lane) return undefined;
    if (lane.inFlight++ === 0) lane.headSince = performance.now();
    this.cork(lane);
    return lane.client
      .query(config)
      .catch((e: unknown) => {
        // The server ends the session (a FATAL: terminated, shutting down) before the socket closes:
        // nothing more is sent on it meanwhile.
        if (['FATAL', 'PANIC'].includes(String((e as { severity?: unknown })?.severity))) this.drop(lane);
        throw e;
      })
      .finally(() => {
        lane.inFlight--;
        lane.headSince = performance.now();
      });
  }

  /**
   * pg writes each statement as it is given (its own cork and uncork: a write each). The lane's
   * socket stays corked until the event loop's check phase, so every statement given to it in this
   * turn, by every request the poll phase woke, goes in one write (profiles of the one-process load
   * bench: the lanes' socket writes 10.5% of the process's samples before, 5.4% after).
   */
  private cork(lane: Lane): void {
    if (lane.corked) return;
    const socket = (lane.client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
    if (!socket?.cork || !socket.uncork) return;
    lane.corked = true;
    socket.cork();
    setImmediate(() => {
      lane.corked = false;
      socket.uncork!();
    });
  }

  private drop(lane: Lane): void {
    const i = this.lanes.indexOf(lane);
    if (i < 0) return;
    this.lanes.splice(i, 1);
    void lane.client.end().catch(() => undefined);
  }

  private pick(): Lane | undefined {
    if (this.count === 0 || this.ending) return undefined;
    const now = performance.now();
    let best: Lane | undefined;
    for (const l of this.lanes)
      if ((l.inFlight === 0 || (now - l.headSince < LANE_STUCK_MS && l.inFlight < LANE_DEPTH)) && (!best || l.inFlight < best.inFlight))
        best = l;
    if (this.lanes.length < this.count && (!best || best.inFlight > 0)) this.open();
    return best;
  }

  private open(): void {
    if (this.opening || performance.now() < this.retryAt) return;
    this.opening = true;
    const lane: Lane = { client: new Client(this.config), inFlight: 0, headSince: 0, corked: false };
    lane.client.on('error', () => this.drop(lane));
    lane.client.on('end', () => this.drop(lane));
    lane.client.connect().then(
      () => {
        this.opening = false;
        if (this.ending) void lane.client.end().catch(() => undefined);
        else this.lanes.push(lane);
      },
      () => {
        this.opening = false;
        this.retryAt = performance.now() + LANE_RETRY_MS;
        void lane.client.end().catch(() => undefined);
      },
    );
  }

  async end(): Promise<void> {
    this.ending = true;
    await Promise.all(this.lanes.splice(0).map((l) => l.client.end().catch(() => undefined)));
  }
}
