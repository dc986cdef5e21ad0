import { newId } from '@kinerja/kernel';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { verifyEventLog } from './audit';
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
    for (const s of streams) await store.append(s, [0, 1, 2, 3].map((i) => ({ type: 'Changed', data: { i, amount: '3900000' } })));
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
    await tamper(
      `UPDATE events SET data = '{"i": 1, "amount": "1"}',
         hash = kinerja_event_hash(prev_hash, kinerja_event_canonical(stream_id, stream_position, event_id, event_type,
                schema_version, '{"i": 1, "amount": "1"}'::jsonb, metadata, recorded_at))
       WHERE stream_id = $1 AND stream_position = 1`,
      [a],
    );
    expect((await verifyEventLog(db.pool)).firstBroken).toMatchObject({ streamId: a, streamPosition: 2, problem: 'BROKEN_LINK' });
  });
});
