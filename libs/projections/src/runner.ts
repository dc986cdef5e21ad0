import { Client, Pool, PoolClient } from 'pg';
import { badInput, notFound } from '@kinerja/kernel';
import { Checkpoint, EventStore, RecordedEvent } from '@kinerja/event-store';
import { physicalTable, Projection, PROJECTION_NAME_RE } from './projection';

export interface ProjectionStatus {
  name: string;
  version: number;
  activeGeneration: number | null;
  checkpoint: Checkpoint | null;
  eventsApplied: number;
  lastEventAt: Date | null;
  /** Events recorded after the checkpoint (the gap a reader of this read model may not see yet). */
  lagEvents: number;
  building: { generation: number; eventsApplied: number } | null;
}

interface CheckpointRow {
  generation: number;
  tx: string;
  gp: string;
}

const LOCK = (name: string) => `hashtext('kinerja:projection:' || '${name}')`;

/**
 * Runs projections from the event log. Each batch's read-model rows and its checkpoint commit in
 * one transaction: a crash loses the batch, never applies it twice. Each projection is owned by
 * one process at a time through a session advisory lock; a standby takes over when it is freed.
 */
export class ProjectionRunner {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore & { readAll: (o: any, c?: PoolClient) => ReturnType<EventStore['readAll']> },
    readonly projections: Projection[],
    private readonly options: { batchSize?: number; standbyRetryMs?: number; log?: (msg: string, extra?: object) => void } = {},
  ) {
    for (const p of projections) if (!PROJECTION_NAME_RE.test(p.name)) throw badInput('INVALID_PROJECTION_NAME', `bad projection name ${p.name}`);
  }

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
      const owner = new Client((this.pool as any).options);
      owner.on('error', (e) => this.options.log?.('projection connection lost', { projection: p.name, error: String(e) }));
      try {
        await owner.connect();
        const { rows } = await owner.query(`SELECT pg_try_advisory_lock(${LOCK(p.name)}) AS got`);
        if (!rows[0].got) {
          await sleep(this.options.standbyRetryMs ?? 2000, signal);
          continue;
        }
        this.options.log?.('projection owned', { projection: p.name });
        await this.own(p, owner as unknown as PoolClient, signal);
      } catch (e) {
        // A failing batch (a lost connection, a bug in a handler) rolls back; the projection
        // is released and tried again after a pause, not left stopped. Session locks die with
        // the connection, so a standby may take over meanwhile.
        this.options.log?.('projection batch failed; retrying', { projection: p.name, error: String(e) });
        await sleep(this.options.standbyRetryMs ?? 2000, signal);
      } finally {
        await owner.end().catch(() => undefined);
      }
    }
  }

  private async own(p: Projection, client: PoolClient, signal: AbortSignal): Promise<void> {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM projections WHERE name = $1', [p.name]);
    if (rows[0].version !== p.version) await this.rebuildWith(client, p);
    while (!signal.aborted) {
      const applied = await this.step(p, client);
      if (applied === 0) await this.waitForEvents(signal);
    }
  }

  /** Applies one batch to the active generation; returns how many events it read. */
  async step(p: Projection, client: PoolClient): Promise<number> {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<CheckpointRow>(
        `SELECT c.generation, c.transaction_id::text AS tx, c.global_position::text AS gp
           FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation
          WHERE p.name = $1 FOR SHARE OF p`,
        [p.name],
      );
      const n = await this.applyBatch(client, p, rows[0], p.batchSize ?? this.batchSize);
      await client.query('COMMIT');
      return n;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async applyBatch(client: PoolClient, p: Projection, cp: CheckpointRow, limit = this.batchSize): Promise<number> {
    // Read before writing: a transaction that has written holds an id, and readers only see
    // transactions older than every running one, its own included.
    const { events, checkpoint } = await this.store.readAll(
      { after: { transactionId: cp.tx, globalPosition: cp.gp }, limit, types: p.eventTypes },
      client,
    );
    if (events.length === 0) return 0;
    await p.apply(events, { client, table: (logical) => physicalTable(logical, cp.generation) });
    await client.query(
      `UPDATE projection_checkpoints SET transaction_id = $3::xid8, global_position = $4, events_applied = events_applied + $5,
              last_event_at = $6, updated_at = now() WHERE name = $1 AND generation = $2`,
      [p.name, cp.generation, checkpoint.transactionId, checkpoint.globalPosition, events.length, events[events.length - 1].recordedAt],
    );
    return events.length;
  }

  /**
   * Rebuilds a projection into a new generation while the active one keeps serving, then
   * switches the views in one transaction and drops the old tables.
   */
  async rebuild(name: string, onProgress?: (applied: number) => void | Promise<void>): Promise<{ generation: number; eventsApplied: number }> {
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
    const { rows } = await client.query<{ g: number }>('SELECT coalesce(max(generation), 0) + 1 AS g FROM projection_checkpoints WHERE name = $1', [p.name]);
    const generation = rows[0].g;
    await this.txOn(client, (c) => this.createGeneration(c, p, generation, 'building'));
    let total = 0;
    const cpOf = async (c: PoolClient) =>
      (
        await c.query<CheckpointRow>(
          `SELECT generation, transaction_id::text AS tx, global_position::text AS gp FROM projection_checkpoints WHERE name = $1 AND generation = $2`,
          [p.name, generation],
        )
      ).rows[0];
    for (;;) {
      const n = await this.txOn(client, async (c) => this.applyBatch(c, p, await cpOf(c), 2000));
      total += n;
      await onProgress?.(total);
      if (n < 2000) break;
    }
    // The switch: hold the live runner off, apply what came meanwhile, point the views, commit.
    const old = await this.txOn(client, async (c) => {
      const { rows: cur } = await c.query<{ active_generation: number }>('SELECT active_generation FROM projections WHERE name = $1 FOR UPDATE', [p.name]);
      for (let n = await this.applyBatch(c, p, await cpOf(c), 5000); n > 0; n = await this.applyBatch(c, p, await cpOf(c), 5000)) total += n;
      await this.pointViews(c, p, generation);
      await c.query(`UPDATE projection_checkpoints SET status = 'retired' WHERE name = $1 AND generation <> $2`, [p.name, generation]);
      await c.query(`UPDATE projection_checkpoints SET status = 'active' WHERE name = $1 AND generation = $2`, [p.name, generation]);
      await c.query('UPDATE projections SET active_generation = $2, version = $3, updated_at = now() WHERE name = $1', [p.name, generation, p.version]);
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
    for (const ddl of p.indexes ?? []) {
      await c.query(ddl.replace(/\{(\w+)\}/g, (_, logical) => physicalTable(logical, generation)).replace(/__IDX__/g, `g${generation}`));
    }
    await c.query(
      `INSERT INTO projection_checkpoints (name, generation, version, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name, generation) DO UPDATE SET status = EXCLUDED.status, transaction_id = '0', global_position = 0, events_applied = 0`,
      [p.name, generation, p.version, status],
    );
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
    const { rows: head } = await this.pool.query<{ gp: string | null }>('SELECT max(global_position)::text AS gp FROM events');
    const { rows } = await this.pool.query<{
      name: string;
      version: number;
      active_generation: number;
      tx: string;
      gp: string;
      events_applied: string;
      last_event_at: Date | null;
      building: { generation: number; events_applied: number } | null;
    }>(
      `SELECT p.name, p.version, p.active_generation, c.transaction_id::text AS tx, c.global_position::text AS gp,
              c.events_applied::text, c.last_event_at,
              (SELECT json_build_object('generation', b.generation, 'events_applied', b.events_applied)
                 FROM projection_checkpoints b WHERE b.name = p.name AND b.status = 'building' ORDER BY b.generation DESC LIMIT 1) AS building
         FROM projections p JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation`,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    const out: ProjectionStatus[] = [];
    for (const p of this.projections) {
      const r = byName.get(p.name);
      let lag = 0;
      if (r) {
        // Past the checkpoint in log order, the pair: positions alone are not ordered by commit,
        // so an applied event can sit at a higher position than the checkpoint's.
        const { rows: l } = await this.pool.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
             ${p.eventTypes?.length ? 'AND event_type = ANY($3)' : ''} LIMIT 100000) x`,
          p.eventTypes?.length ? [r.tx, r.gp, p.eventTypes] : [r.tx, r.gp],
        );
        lag = Number(l[0].n);
      } else if (head[0].gp) lag = Number(head[0].gp);
      out.push({
        name: p.name,
        version: p.version,
        activeGeneration: r?.active_generation ?? null,
        checkpoint: r ? { transactionId: r.tx, globalPosition: r.gp } : null,
        eventsApplied: r ? Number(r.events_applied) : 0,
        lastEventAt: r?.last_event_at ?? null,
        lagEvents: lag,
        building: r?.building ? { generation: r.building.generation, eventsApplied: Number(r.building.events_applied) } : null,
      });
    }
    return out;
  }

  private waitForEvents(signal: AbortSignal): Promise<void> {
    return this.store.waitForEvents(1000, signal);
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
    await c.query('BEGIN');
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

export type { RecordedEvent };
