import { newId } from '@kinerja/kernel';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { verifyEventLog } from './audit';
import { chainHash, digestOfStored, GENESIS_HASH } from './hash';
import { PostgresEventStore } from './postgres-event-store';

describe('audit verify (hash chains)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function seed(): Promise<string[]> {
    const streams = [`Employee-${newId()}`, `Employee-${newId()}`, `PayrollRun-${newId()}`];
    for (const s of streams)
      await store.append(
        s,
        [0, 1, 2, 3].map((i) => ({ type: 'Changed', data: { i, amount: '3900000' } })),
      );
    return streams;
  }

  /** A superuser who disables the trigger can still write; the chain is what gives it away. */
  async function tamper(sql: string, params: unknown[]) {
    await db.pool.query('ALTER TABLE events DISABLE TRIGGER USER');
    await db.pool.query(sql, params);
    await db.pool.query('ALTER TABLE events ENABLE TRIGGER USER');
  }

  it('passes an untouched log, reporting progress', async () => {
    await seed();
    const progress: number[] = [];
    const r = await verifyEventLog(db.pool, { chunkSize: 5, onProgress: (p) => progress.push(p.checked) });
    expect(r).toEqual({ ok: true, eventsChecked: 12, streamsChecked: 3 });
    expect(progress.at(-1)).toBe(12);
  });

  it('finds an UPDATE made with the trigger disabled and names the stream and position', async () => {
    const [, victim] = await seed();
    await tamper(`UPDATE events SET data = '{"i": 2, "amount": "9900000"}' WHERE stream_id = $1 AND stream_position = 2`, [victim]);
    const r = await verifyEventLog(db.pool, { chunkSize: 5 });
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ streamId: victim, streamPosition: 2, problem: 'HASH_MISMATCH' });
  });

  it('with `all`, names the first problem of every broken stream, not only the first one', async () => {
    const [a, b, c] = await seed();
    await tamper(`UPDATE events SET data = '{"i": 2, "amount": "1"}' WHERE stream_id = $1 AND stream_position = 2`, [a]);
    await tamper('DELETE FROM events WHERE stream_id = $1 AND stream_position = 3', [c]);
    const r = await verifyEventLog(db.pool, { chunkSize: 5, all: true });
    expect(r.ok).toBe(false);
    expect(r.broken!.map((x) => [x.streamId, x.streamPosition, x.problem]).sort()).toEqual(
      [
        [a, 2, 'HASH_MISMATCH'],
        [c, 3, 'HEAD_MISMATCH'],
      ].sort(),
    );
    expect(r.broken!.some((x) => x.streamId === b)).toBe(false);
    await expect(verifyEventLog(db.pool, { all: true })).resolves.toMatchObject({ firstBroken: { streamId: a } });
  });

  it('finds a deleted event in the middle and one cut from the end', async () => {
    const [a, b] = await seed();
    await tamper('DELETE FROM events WHERE stream_id = $1 AND stream_position = 1', [a]);
    expect((await verifyEventLog(db.pool)).firstBroken).toMatchObject({ streamId: a, streamPosition: 2, problem: 'MISSING_PREVIOUS' });
    await tamper('DELETE FROM events WHERE stream_id = $1', [a]);
    await tamper('DELETE FROM events WHERE stream_id = $1 AND stream_position = 3', [b]);
    expect((await verifyEventLog(db.pool)).firstBroken).toMatchObject({ problem: 'HEAD_MISMATCH' });
  });

  it('finds a re-hashed row whose link to its predecessor no longer holds', async () => {
    const [a] = await seed();
    // The forger recomputes the changed row's own hash, but the next row still points at the old one.
    const { rows } = await db.pool.query(
      'SELECT event_id, event_type, schema_version, metadata, recorded_at, prev_hash FROM events WHERE stream_id = $1 AND stream_position = 1',
      [a],
    );
    const r = rows[0];
    const data = { i: 1, amount: '1' };
    const forged = chainHash(
      r.prev_hash,
      digestOfStored({ id: r.event_id, type: r.event_type, schemaVersion: r.schema_version, data, metadata: r.metadata }),
      a,
      1,
      r.recorded_at,
    );
    await tamper('UPDATE events SET data = $2, hash = $3 WHERE stream_id = $1 AND stream_position = 1', [a, data, forged]);
    expect((await verifyEventLog(db.pool)).firstBroken).toMatchObject({ streamId: a, streamPosition: 2, problem: 'BROKEN_LINK' });
  });

  it('agrees with the chain step PostgreSQL computes at append time', async () => {
    const [a] = await seed();
    const { rows } = await db.pool.query('SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_position', [a]);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const digest = digestOfStored({
        id: r.event_id,
        type: r.event_type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
      });
      expect(chainHash(prev, digest, a, Number(r.stream_position), r.recorded_at).equals(r.hash)).toBe(true);
      prev = r.hash;
    }
  });
});
