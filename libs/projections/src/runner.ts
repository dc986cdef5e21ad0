import { Client, DatabaseError, escapeLiteral, Pool, PoolClient, type QueryResult } from 'pg';
import { badInput, isKinerjaError, KinerjaError, notFound } from '@kinerja/kernel';
import { Checkpoint, compareCheckpoints, EventStore, PostgresEventStore, ReadAllOptions, RecordedEvent, START } from '@kinerja/event-store';
import { physicalTable, Projection, PROJECTION_NAME_RE, type ProjectionContext } from './projection';
import { HeldRows } from './held';
import { ReadAhead } from './read-ahead';
import { sleep } from './sleep';

export interface ProjectionStatus {
  name: string;
  version: number;
  activeGeneration: number | null;
  checkpoint: Checkpoint | null;
  eventsApplied: number;
  lastEventAt: Date | null;
  /** Events recorded after the checkpoint (the gap a reader of this read model may not see yet). */
  lagEvents: number;
  /** A new generation being filled (a rebuild, a new version); failure: the event that stopped it. */
  building: { generation: number; eventsApplied: number; failure: ProjectionFailure | null } | null;
  /**
   * Seconds since the oldest event it has not applied was recorded (null: it has applied all).
   * Measured by the database's clock, the clock that stamped the event.
   */
  oldestUnappliedAgeSeconds: number | null;
  /** The event it stopped at because applying it failed, until that event applies. */
  failure: ProjectionFailure | null;
}

/** An event a projection cannot apply: what it was, the error, since when and how often tried. */
export interface ProjectionFailure {
  event: { id: string; streamId: string; streamPosition: number; type: string; checkpoint: Checkpoint };
  error: string;
  since: string;
  attempts: number;
}

/** How a projection stands for /health: behind when its oldest unapplied event is older than `maxLagSeconds`. */
export function projectionHealth(s: ProjectionStatus, maxLagSeconds: number): 'ok' | 'behind' | 'stopped' {
  if (s.failure || s.building?.failure) return 'stopped';
  return s.oldestUnappliedAgeSeconds !== null && s.oldestUnappliedAgeSeconds > maxLagSeconds ? 'behind' : 'ok';
}

export interface ProjectionLogger {
  info(extra: object, msg: string): void;
  error(extra: object, msg: string): void;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  standbyRetryMs?: number;
  /** How long a projection stopped at an event waits before it tries that event again. */
  failedRetryMs?: number;
  /** How long a caught-up projection waits for a wake-up before it reads anyway (default 1 s). */
  pollMs?: number;
  logger?: ProjectionLogger;
  /**
   * At most this many rows a rebuild's fill holds in memory (ProjectionContext.held; default 50,000:
   * every appraisal of a month rated and not yet issued in a Pemda of that many ASN, about 200 MB: the
   * bench's 27,790 drafts held took the rebuild's resident memory up by 80–110 MB).
   */
  heldRows?: number;
}

/** A projection's handler refused these events (the first batch that failed, or the one event). */
class EventsNotApplied extends Error {
  constructor(
    readonly events: RecordedEvent[],
    readonly reason: unknown,
    readonly generation: number,
  ) {
    super(String((reason as Error)?.message ?? reason));
  }
}

/**
 * Failures of the connection, the server or concurrency: the event is not at fault, so the batch
 * is retried as it is. Anything else a handler throws is the event's: the projection stops at it.
 */
function isTransient(e: unknown): boolean {
  // SQLSTATE classes: connection, rollback (deadlock, serialization), resources, lock not available, operator intervention, system.
  if (e instanceof DatabaseError) return /^(08|40|53|55|57|58)/.test(e.code ?? '');
  if (typeof (e as { code?: unknown })?.code === 'string') return true; // a socket error: ECONNRESET, EPIPE, ...
  return /^(Connection terminated|Client has encountered a connection error|Client was closed)/.test(String((e as Error)?.message));
}

function errorText(e: unknown): string {
  // NUL cannot go into jsonb, and a long message (a handler echoing a big payload) is cut.
  return String((e as Error)?.message ?? e)
    .replaceAll('\u0000', '')
    .slice(0, 1000);
}

/** A generation's checkpoint row, as SQL with its values in it (see stepTx). */
const checkpointRow = (p: Projection, generation: number) => `name = ${escapeLiteral(p.name)} AND generation = ${Number(generation)}`;

/** A position in the log as SQL literals of the checkpoint's two columns. */
const positionLiterals = (checkpoint: Checkpoint) => ({
  tx: `${escapeLiteral(checkpoint.transactionId)}::xid8`,
  gp: `${escapeLiteral(checkpoint.globalPosition)}::bigint`,
});

/**
 * The statement that moves a generation's checkpoint past events of other types a read went past
 * (never back: a probe stores its position outside the step's transaction, which may have stored
 * one further since). Text with its values in it, to go with a step's COMMIT (see stepTx).
 */
function passedSql(p: Projection, generation: number, checkpoint: Checkpoint): string {
  const { tx, gp } = positionLiterals(checkpoint);
  return `UPDATE projection_checkpoints SET transaction_id = ${tx}, global_position = ${gp}, updated_at = now()
           WHERE ${checkpointRow(p, generation)} AND (transaction_id, global_position) < (${tx}, ${gp})`;
}

/** A batch's checkpoint as text with its values in it, to go with the batch's COMMIT (see stepTx). */
function appliedSql(p: Projection, generation: number, checkpoint: Checkpoint, events: RecordedEvent[]): string {
  const { tx, gp } = positionLiterals(checkpoint);
  return `UPDATE projection_checkpoints SET transaction_id = ${tx}, global_position = ${gp}, events_applied = events_applied + ${events.length},
            last_event_at = ${escapeLiteral(new Date(events[events.length - 1].recordedAt).toISOString())}::timestamptz,
            failure = NULL, updated_at = now()
          WHERE ${checkpointRow(p, generation)}`;
}

/** How long a probe's position past other types' events may stay unstored (see probe). */
const PASSED_STORE_MS = 2000;

/** Where an owner's reads of a projection have got to in this process, and what of it is stored. */
interface ReadPosition {
  generation: number;
  checkpoint: Checkpoint;
  stored: Checkpoint;
  storedAt: number;
}

/** Told where a batch left its generation's checkpoint (in the batch's transaction, before its commit). */
type Reached = (generation: number, checkpoint: Checkpoint) => void;

interface CheckpointRow {
  generation: number;
  tx: string;
  gp: string;
}

/** A projection's advisory lock key, of an SQL expression giving its name. */
const LOCK_KEY = (nameSql: string) => `hashtext('kinerja:projection:' || ${nameSql})`;
const LOCK = (name: string) => LOCK_KEY(`'${name}'`);

/**
 * What a projection reads of the log: its types, no chain hash (no projection checks the chain:
 * `kinerja audit verify` does) and, where it names them, only the keys of the data it reads.
 */
function readOf(p: Projection): Pick<ReadAllOptions, 'types' | 'fields'> {
  return { types: p.eventTypes, fields: { hashes: false, dataKeys: p.dataKeys, wholeData: p.wholeData } };
}

/** Events a rebuild applies per transaction. */
const REBUILD_BATCH = 2000;

/** A rebuild's fill, given to each batch: what the projection holds in memory, if it holds rows (Projection.flush). */
interface Fill {
  held?: HeldRows;
}

/**
 * Runs projections from the event log. Each batch's read-model rows and its checkpoint commit in
 * one transaction: a crash loses the batch, never applies it twice. Each projection is owned by
 * one process at a time through a session advisory lock; a standby takes over when it is freed.
 *
 * The events come through the EventStore port only (`readAll` after the stored checkpoint), so
 * the log may be PostgreSQL's or KurrentDB's: the checkpoint is the store's position pair, kept in
 * PostgreSQL with the read models it describes.
 */
export class ProjectionRunner {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    for (const p of projections)
      if (!PROJECTION_NAME_RE.test(p.name)) throw badInput('INVALID_PROJECTION_NAME', `bad projection name ${p.name}`);
    this.logSql = store instanceof PostgresEventStore && store.isStoredIn(pool) ? store : undefined;
  }

  /** The log's SQL for the projections, when the log is in this database, read as stored (ProjectionContext.logSql). */
  private readonly logSql: ProjectionContext['logSql'];

  /** The event each projection of this process last reported as stopping it: an error is logged once. */
  private readonly reported = new Map<string, string>();

  private get batchSize() {
    return this.options.batchSize ?? 500;
  }

  find(name: string): Projection {
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw notFound('UNKNOWN_PROJECTION', `no projection named ${name}`, { known: this.projections.map((x) => x.name) });
    return p;
  }

  /** Creates generation 1 of a projection never run before. Safe to call from many processes. */
  async ensure(p: Projection): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(${LOCK(p.name)}::bigint + 1)`);
      const { rows } = await c.query('SELECT 1 FROM projections WHERE name = $1', [p.name]);
      if (rows.length) return;
      await this.createGeneration(c, p, 1, 'active');
      await this.pointViews(c, p, 1);
      await c.query('INSERT INTO projections (name, version, active_generation) VALUES ($1, $2, 1)', [p.name, p.version]);
    });
  }

  /**
   * Keeps one projection up to date until `signal` aborts. Waits as a standby while another
   * process owns it. A deployed new version is rebuilt into a new generation first.
   */
  async run(p: Projection, signal: AbortSignal): Promise<void> {
    await this.ensure(p);
    while (!signal.aborted) {
      // A standby asks whether the lock is held through the pool, and opens the connection that would
      // own the projection only when it is free: trying it on a new connection every retry opened and
      // closed one connection per projection every 2 s, and under load those took the last of
      // PostgreSQL's connection slots (2 APIs + 2 workers on one server: coded 503s, too many clients).
      if (await this.heldByAnother(p).catch(() => false)) {
        await sleep(this.options.standbyRetryMs ?? 2000, signal);
        continue;
      }
      const owner = new Client(this.pool.options);
      owner.on('error', (e) => this.options.logger?.info({ projection: p.name, error: String(e) }, 'projection connection lost'));
      try {
        await owner.connect();
        const { rows } = await owner.query(`SELECT pg_try_advisory_lock(${LOCK(p.name)}) AS got`);
        if (!rows[0].got) {
          await sleep(this.options.standbyRetryMs ?? 2000, signal);
          continue;
        }
        this.options.logger?.info({ projection: p.name }, 'projection owned');
        await this.own(p, owner as unknown as PoolClient, signal);
      } catch (e) {
        // A batch that failed for a passing reason (a lost connection, a deadlock) rolls back;
        // the projection is released and tried again after a pause, not left stopped. Session
        // locks die with the connection, so a standby may take over meanwhile.
        this.options.logger?.info({ projection: p.name, error: String(e) }, 'projection batch failed; retrying');
        await sleep(this.options.standbyRetryMs ?? 2000, signal);
      } finally {
        await owner.end().catch(() => undefined);
      }
    }
  }

  /** Whether some session holds the projection's lock (as pg_locks shows a bigint advisory key: its high and low 32 bits). */
  private async heldByAnother(p: Projection): Promise<boolean> {
    const { rows } = await this.pool.query<{ held: boolean }>({
      name: 'kinerja_projection_lock_held',
      text: `SELECT EXISTS (
               SELECT 1 FROM pg_locks l, (SELECT ${LOCK_KEY('$1::text')}::bigint AS k) x
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = ((x.k >> 32) & 4294967295)::oid AND l.objid = (x.k & 4294967295)::oid) AS held`,
      values: [p.name],
    });
    return rows[0].held;
  }

  private async own(p: Projection, client: PoolClient, signal: AbortSignal): Promise<void> {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM projections WHERE name = $1', [p.name]);
    while (rows[0].version !== p.version && !signal.aborted) {
      try {
        await this.rebuildWith(client, p);
        break;
      } catch (e) {
        // The old generation keeps serving; the new version's build is tried again now and then.
        if (!isKinerjaError(e) || e.code !== 'PROJECTION_STOPPED') throw e;
        await sleep(this.options.failedRetryMs ?? 30_000, signal);
      }
    }
    // The wait is taken before each read, so an append that commits while a read finds nothing ends
    // it at once; taken after the read, as it was, such an append's wake-up was lost and its events
    // waited for the poll. A page short of the limit is still read past until a read finds nothing:
    // taking it for caught up (one read per wake-up) left the pay ledger behind a signature now and
    // then in documents.e2e.ts, by more than the test's next request took. One cause was found later
    // in the store (an append that appended nothing did not wake the readers it had held back, now
    // it does); one read per wake-up was not tried again.
    let woken = this.waitForEvents(signal, p);
    // Where this owner's reads have got to (see probe); none yet: the first step reads from the stored checkpoint.
    let at: ReadPosition | undefined;
    const reached = (generation: number, checkpoint: Checkpoint) =>
      (at = { generation, checkpoint, stored: checkpoint, storedAt: performance.now() });
    const ahead = new ReadAhead(this.store, p.batchSize ?? this.batchSize, readOf(p));
    while (!signal.aborted) {
      let applied: number;
      try {
        applied = at && !(await this.probe(p, client, at, ahead)) ? 0 : await this.step(p, client, ahead, reached);
      } catch (e) {
        if (!(e instanceof EventsNotApplied)) throw e;
        await this.stopAt(p, client, e);
        // Tried again now and then: a failure that depends on the read model's data may clear.
        await sleep(this.options.failedRetryMs ?? 30_000, signal);
        continue;
      }
      if (applied > 0 && this.reported.delete(p.name))
        this.options.logger?.info({ projection: p.name }, 'projection resumed past the event it had stopped at');
      if (applied > 0) continue;
      await woken;
      woken = this.waitForEvents(signal, p);
    }
  }

  /** Records the event a projection's generation stopped at, and logs it as an error once per process and event. */
  private async stopAt(p: Projection, client: PoolClient, failed: EventsNotApplied): Promise<ProjectionFailure['event']> {
    const e = failed.events[0];
    const event = { id: e.id, streamId: e.streamId, streamPosition: e.streamPosition, type: e.type, checkpoint: e.checkpoint };
    const error = errorText(failed.reason);
    await client.query(
      `UPDATE projection_checkpoints c
          SET failure = jsonb_build_object('event', $2::jsonb, 'error', $3::text,
                'since', CASE WHEN c.failure #>> '{event,id}' = $4 THEN c.failure->'since' ELSE to_jsonb(now()) END,
                'attempts', CASE WHEN c.failure #>> '{event,id}' = $4 THEN (c.failure->>'attempts')::int + 1 ELSE 1 END)
        WHERE c.name = $1 AND c.generation = $5`,
      [p.name, JSON.stringify(event), error, e.id, failed.generation],
    );
    if (this.reported.get(p.name) !== e.id) {
      this.reported.set(p.name, e.id);
      this.options.logger?.error(
        { projection: p.name, version: p.version, generation: failed.generation, event, error },
        'projection stopped: it cannot apply this event',
      );
    }
    return event;
  }

  /**
   * Applies one batch to the active generation; returns how many events it read. `ahead` may hold
   * the page of the stored checkpoint already (a probe's); `reached` learns where the batch left the
   * checkpoint, with the batch's commit to follow.
   */
  async step(p: Projection, client: PoolClient, ahead?: ReadAhead, reached?: Reached): Promise<number> {
    // The active generation's checkpoint, under the share lock that holds a rebuild's switch off.
    const active = `SELECT c.generation, c.transaction_id::text AS tx, c.global_position::text AS gp
                      FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation
                     WHERE p.name = ${escapeLiteral(p.name)} FOR SHARE OF p`;
    return this.applyNext(client, p, active, p.batchSize ?? this.batchSize, ahead, reached);
  }

  /**
   * Applies the next batch of at most `limit` events in a transaction of its own. When the handler
   * refuses a batch, its events are tried one at a time: everything before the event it cannot
   * apply is applied, and that event alone is thrown (EventsNotApplied), for the caller to stop at.
   * `checkpointRead` is the SQL (values in it) that reads the generation's checkpoint row.
   */
  private async applyNext(
    client: PoolClient,
    p: Projection,
    checkpointRead: string,
    limit: number,
    ahead?: ReadAhead,
    reached?: Reached,
    fill?: Fill,
  ): Promise<number> {
    let failed: EventsNotApplied;
    try {
      return await this.stepTx(client, checkpointRead, (c, cp) => this.applyBatch(c, p, cp, limit, ahead, reached, fill), fill?.held);
    } catch (e) {
      if (!(e instanceof EventsNotApplied) || e.events.length === 1) throw e;
      failed = e;
    }
    let applied = 0;
    for (let i = 0; i < failed.events.length; i++) {
      const n = await this.stepTx(client, checkpointRead, (c, cp) => this.applyBatch(c, p, cp, 1, undefined, reached, fill), fill?.held);
      if (n === 0) break;
      applied += n;
    }
    return applied;
  }

  /**
   * A batch's transaction in two writes besides the handler's own statements: BEGIN with the read of
   * the checkpoint, and the checkpoint's update with COMMIT, each pair one simple-protocol query (its
   * values written into the text: a projection's name, positions, numbers and a time, escaped). A
   * statement's round trip is most of its cost on this kind of machine (PreparedPool's lanes): the
   * step's own statements were four (BEGIN, the checkpoint's read, its update, COMMIT), now two.
   * A query of several statements stops at the first that fails: the transaction is then rolled back.
   */
  private async stepTx(
    c: PoolClient,
    checkpointRead: string,
    fn: (c: PoolClient, cp: CheckpointRow) => Promise<{ applied: number; checkpointWrite?: string }>,
    held?: HeldRows,
  ): Promise<number> {
    try {
      const begun = (await c.query(`BEGIN ISOLATION LEVEL READ COMMITTED; ${checkpointRead}`)) as unknown as QueryResult<CheckpointRow>[];
      const { applied, checkpointWrite } = await fn(c, begun[1].rows[0]);
      await c.query(checkpointWrite ? `${checkpointWrite}; COMMIT` : 'COMMIT');
      // The rows a fill holds in memory follow the checkpoint: kept with the batch's commit, forgotten with its rollback.
      held?.commit();
      return applied;
    } catch (e) {
      held?.rollback();
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Applies the events after `cp` (at most `limit`) in the caller's transaction. The checkpoint's
   * update comes back as `checkpointWrite`, for the caller to send (with its COMMIT: stepTx).
   */
  private async applyBatch(
    client: PoolClient,
    p: Projection,
    cp: CheckpointRow,
    limit = this.batchSize,
    ahead?: ReadAhead,
    reached?: Reached,
    fill?: Fill,
  ): Promise<{ applied: number; checkpointWrite?: string }> {
    // Read through the port, outside this transaction: it holds the checkpoint row (and, for the
    // live runner, a share lock that keeps a rebuild's switch off), and writes rows and checkpoint.
    const after = { transactionId: cp.tx, globalPosition: cp.gp };
    const { events, checkpoint } =
      ahead && ahead.limit === limit ? await ahead.read(after) : await this.store.readAll({ after, limit, ...readOf(p) });
    if (events.length === 0) {
      // Nothing of this projection's types, but the read went past other events: the checkpoint
      // moves past them (in the transaction this step commits anyway), so the next read and the
      // lag count start there instead of scanning them again at every wake-up.
      const passed = compareCheckpoints(checkpoint, after) > 0;
      reached?.(cp.generation, passed ? checkpoint : after);
      return { applied: 0, checkpointWrite: passed ? passedSql(p, cp.generation, checkpoint) : undefined };
    }
    try {
      await p.apply(events, this.contextOf(client, cp.generation, fill));
    } catch (e) {
      throw isTransient(e) ? e : new EventsNotApplied(events, e, cp.generation);
    }
    reached?.(cp.generation, checkpoint);
    return { applied: events.length, checkpointWrite: appliedSql(p, cp.generation, checkpoint, events) };
  }

  /** What `apply` and `flush` are given: the generation's tables, and while a rebuild fills, what it holds. */
  private contextOf(client: PoolClient, generation: number, fill?: Fill): ProjectionContext {
    return {
      client,
      table: (logical) => physicalTable(logical, generation),
      filling: fill !== undefined,
      held: fill?.held,
      readStream: (streamId, options) => this.store.readStream(streamId, options),
      logSql: this.logSql,
    };
  }

  /**
   * Writes what a fill holds (Projection.flush) in a transaction of its own, before the build goes on
   * to its indexes and switch or stops at an event: every row held is then in the generation's tables.
   */
  private async flushHeld(client: PoolClient, p: Projection, generation: number, fill: Fill): Promise<void> {
    if (!p.flush || !fill.held?.size) return;
    const rows = fill.held.drain();
    await this.txOn(client, (c) => p.flush!(rows, this.contextOf(c, generation, fill)));
  }

  /**
   * Whether the owner's next step has events to apply, asked without a transaction: a read from where
   * its reads have got to. A step is a transaction of five to seven statements (the checkpoint under
   * the lock that holds a rebuild's switch off, the read, the checkpoint moved, the commit); under the
   * load bench every append woke all 13 projections and most of them took a step only to find none of
   * their types. A probe that finds nothing is the read alone: the position moves past what it read in
   * this process, and is stored at most every PASSED_STORE_MS (the next owner after a crash reads a
   * little again; the lag and the catch-up count only the projection's own types past the stored
   * checkpoint, so they do not see the difference). A probe that finds events keeps its page for the
   * step (ReadAhead.peek), which uses it if the stored checkpoint is where the probe read from, so an
   * append is still read once.
   */
  private async probe(p: Projection, client: PoolClient, at: ReadPosition, ahead: ReadAhead): Promise<boolean> {
    const page = await ahead.peek(at.checkpoint);
    if (page.events.length > 0) return true;
    if (compareCheckpoints(page.checkpoint, at.checkpoint) > 0) at.checkpoint = page.checkpoint;
    if (compareCheckpoints(at.checkpoint, at.stored) > 0 && performance.now() - at.storedAt >= PASSED_STORE_MS) {
      // Outside a step's transaction: harmless on a generation a rebuild has since retired (the next step finds the active one).
      await client.query(passedSql(p, at.generation, at.checkpoint));
      at.stored = at.checkpoint;
      at.storedAt = performance.now();
    }
    return false;
  }

  /**
   * Rebuilds a projection into a new generation while the active one keeps serving, then
   * switches the views in one transaction and drops the old tables.
   */
  async rebuild(
    name: string,
    onProgress?: (applied: number) => void | Promise<void>,
  ): Promise<{ generation: number; eventsApplied: number }> {
    const p = this.find(name);
    await this.ensure(p);
    const client = await this.pool.connect();
    try {
      return await this.rebuildWith(client, p, onProgress);
    } finally {
      client.release();
    }
  }

  private async rebuildWith(client: PoolClient, p: Projection, onProgress?: (applied: number) => void | Promise<void>) {
    // A build of this version that stopped at an event goes on from there; otherwise a new generation.
    const { rows: stopped } = await client.query<{ g: number; n: string }>(
      `SELECT generation AS g, events_applied::text AS n FROM projection_checkpoints
        WHERE name = $1 AND version = $2 AND status = 'building' AND failure IS NOT NULL ORDER BY generation DESC LIMIT 1`,
      [p.name, p.version],
    );
    let generation: number;
    let total = 0;
    if (stopped.length) {
      generation = stopped[0].g;
      total = Number(stopped[0].n);
    } else {
      const { rows } = await client.query<{ g: number }>(
        'SELECT coalesce(max(generation), 0) + 1 AS g FROM projection_checkpoints WHERE name = $1',
        [p.name],
      );
      generation = rows[0].g;
      await this.txOn(client, (c) => this.createGeneration(c, p, generation, 'building'));
    }
    const cpRead = `SELECT generation, transaction_id::text AS tx, global_position::text AS gp FROM projection_checkpoints
                     WHERE ${checkpointRow(p, generation)}`;
    const ahead = new ReadAhead(this.store, REBUILD_BATCH, readOf(p));
    const fill: Fill = { held: p.flush ? new HeldRows(this.options.heldRows) : undefined };
    for (;;) {
      let n: number;
      try {
        n = await this.applyNext(client, p, cpRead, REBUILD_BATCH, ahead, undefined, fill);
      } catch (e) {
        if (!(e instanceof EventsNotApplied)) throw e;
        // Stopped builds resume from their checkpoint with nothing held: what is held goes in first.
        await this.flushHeld(client, p, generation, fill);
        const event = await this.stopAt(p, client, e);
        throw new KinerjaError(
          'PROJECTION_STOPPED',
          `${p.name} v${p.version} cannot apply event ${event.id} (${event.streamId} position ${event.streamPosition}, ${event.type}): ${e.message}`,
          'CONFLICT',
          {
            projection: p.name,
            generation,
            event,
            error: errorText(e.reason),
          },
        );
      }
      total += n;
      await onProgress?.(total);
      if (n < REBUILD_BATCH) break;
    }
    await this.flushHeld(client, p, generation, fill);
    // Filled without its indexes (readsOnlyByKey): built now, before the switch, so the live runner is
    // not held off meanwhile and what came since is applied into indexed tables.
    if (p.readsOnlyByKey) await this.createIndexes(client, p, generation);
    // The switch: hold the live runner off, apply what came meanwhile, point the views, commit.
    const old = await this.txOn(client, async (c) => {
      const { rows: cur } = await c.query<{ active_generation: number }>(
        'SELECT active_generation FROM projections WHERE name = $1 FOR UPDATE',
        [p.name],
      );
      for (;;) {
        const { applied, checkpointWrite } = await this.applyBatch(c, p, (await c.query<CheckpointRow>(cpRead)).rows[0], 5000);
        if (checkpointWrite) await c.query(checkpointWrite);
        if (applied === 0) break;
        total += applied;
      }
      await this.pointViews(c, p, generation);
      await c.query(`UPDATE projection_checkpoints SET status = 'retired' WHERE name = $1 AND generation <> $2`, [p.name, generation]);
      await c.query(`UPDATE projection_checkpoints SET status = 'active' WHERE name = $1 AND generation = $2`, [p.name, generation]);
      await c.query('UPDATE projections SET active_generation = $2, version = $3, updated_at = now() WHERE name = $1', [
        p.name,
        generation,
        p.version,
      ]);
      return cur[0].active_generation;
    });
    await this.dropGeneration(client, p, old);
    await onProgress?.(total);
    return { generation, eventsApplied: total };
  }

  private async createGeneration(c: PoolClient, p: Projection, generation: number, status: 'active' | 'building') {
    for (const [logical, columns] of Object.entries(p.tables)) {
      await c.query(`DROP TABLE IF EXISTS ${physicalTable(logical, generation)} CASCADE`);
      await c.query(`CREATE TABLE ${physicalTable(logical, generation)} (${columns})`);
    }
    if (status === 'active' || !p.readsOnlyByKey) await this.createIndexes(c, p, generation);
    await c.query(
      `INSERT INTO projection_checkpoints (name, generation, version, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name, generation) DO UPDATE SET status = EXCLUDED.status, transaction_id = '0', global_position = 0, events_applied = 0`,
      [p.name, generation, p.version, status],
    );
  }

  /** The projection's `indexes` on a generation's tables; those already there are kept (a build resumed). */
  private async createIndexes(c: PoolClient, p: Projection, generation: number) {
    for (const ddl of p.indexes ?? []) {
      const sql = ddl.replace(/\{(\w+)\}/g, (_, logical) => physicalTable(logical, generation)).replace(/__IDX__/g, `g${generation}`);
      await c.query(
        sql.replace(/^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF NOT EXISTS)/i, (_, unique = '') => `CREATE ${unique}INDEX IF NOT EXISTS `),
      );
    }
  }

  private async pointViews(c: PoolClient, p: Projection, generation: number) {
    for (const logical of Object.keys(p.tables)) {
      await c.query(`DROP VIEW IF EXISTS ${logical}`);
      await c.query(`CREATE VIEW ${logical} AS SELECT * FROM ${physicalTable(logical, generation)}`);
    }
  }

  private async dropGeneration(c: PoolClient, p: Projection, generation: number) {
    for (const logical of Object.keys(p.tables)) await c.query(`DROP TABLE IF EXISTS ${physicalTable(logical, generation)}`);
  }

  async status(): Promise<ProjectionStatus[]> {
    const { rows } = await this.pool.query<{
      name: string;
      version: number;
      active_generation: number;
      tx: string;
      gp: string;
      events_applied: string;
      last_event_at: Date | null;
      building: { generation: number; events_applied: number; failure: ProjectionFailure | null } | null;
      failure: ProjectionFailure | null;
    }>(
      `SELECT p.name, p.version, p.active_generation, c.transaction_id::text AS tx, c.global_position::text AS gp,
              c.events_applied::text, c.last_event_at, c.failure,
              (SELECT json_build_object('generation', b.generation, 'events_applied', b.events_applied, 'failure', b.failure)
                 FROM projection_checkpoints b WHERE b.name = p.name AND b.status = 'building' ORDER BY b.generation DESC LIMIT 1) AS building
         FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation`,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    const out: ProjectionStatus[] = [];
    for (const p of this.projections) {
      const r = byName.get(p.name);
      const lag = await this.store.backlog({
        after: r ? { transactionId: r.tx, globalPosition: r.gp } : START,
        types: p.eventTypes?.length ? p.eventTypes : undefined,
        max: 100_000,
      });
      out.push({
        name: p.name,
        version: p.version,
        activeGeneration: r?.active_generation ?? null,
        checkpoint: r ? { transactionId: r.tx, globalPosition: r.gp } : null,
        eventsApplied: r ? Number(r.events_applied) : 0,
        lastEventAt: r?.last_event_at ?? null,
        lagEvents: lag.events,
        building: r?.building
          ? { generation: r.building.generation, eventsApplied: Number(r.building.events_applied), failure: r.building.failure }
          : null,
        oldestUnappliedAgeSeconds: lag.oldestAgeSeconds,
        failure: r?.failure ?? null,
      });
    }
    return out;
  }

  /** The next append that may bring events of the projection's types, or the poll. */
  private waitForEvents(signal: AbortSignal, p: Projection): Promise<void> {
    return this.store.waitForEvents(this.options.pollMs ?? 1000, signal, p.eventTypes);
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      return await this.txOn(c, fn);
    } finally {
      c.release();
    }
  }

  private async txOn<T>(c: PoolClient, fn: (c: PoolClient) => Promise<T>): Promise<T> {
    // Each statement sees rows committed before it (a rebuild's switch re-reads its checkpoint
    // after taking its lock): READ COMMITTED, whatever the server's default isolation.
    await c.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    try {
      const r = await fn(c);
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}

export type { RecordedEvent };
