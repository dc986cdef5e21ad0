import type { RecordedEvent } from '../../libs/event-store/src';
import type { HeldRows, Projection } from '../../libs/projections/src';
import { createTestDatabase, TestDatabase } from './database';

/**
 * A projection's tables as the same events leave them applied by hand in different ways (one at a
 * time, in batches, as a rebuild's fill): each logical table gets a physical one per way, in a
 * database of the suite's own, and `apply` gives every table's rows in `order` (the columns of an
 * ORDER BY, per table). Set up before the suite and dropped after it.
 */
export function projectionWays(projection: Projection, order: Record<string, string>, ways: readonly string[]) {
  let db: TestDatabase;
  const tables = Object.keys(projection.tables);
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    for (const way of ways) for (const t of tables) await db.pool.query(`CREATE TABLE ${way}_${t} (${projection.tables[t]})`);
  });
  afterAll(() => db.drop());

  return async function apply(
    way: string,
    batched: RecordedEvent[][],
    /** `held`: a fill that holds rows in memory in these, as a rebuild does (Projection.flush). */
    options: { filling?: boolean; held?: HeldRows } = {},
  ): Promise<Record<string, unknown[]>> {
    const client = await db.pool.connect();
    try {
      for (const t of tables) await client.query(`TRUNCATE ${way}_${t}`);
      const held = options.held;
      const ctx = {
        client,
        table: (t: string) => `${way}_${t}`,
        filling: options.filling || held !== undefined,
        held,
        readStream: () => Promise.reject(new Error('not read')),
      };
      for (const batch of batched) {
        await projection.apply(batch, ctx as never);
        held?.commit();
      }
      if (held) await projection.flush!(held.drain(), ctx as never);
      const out: Record<string, unknown[]> = {};
      for (const t of tables) out[t] = (await client.query(`SELECT * FROM ${way}_${t} ORDER BY ${order[t]}`)).rows;
      return out;
    } finally {
      client.release();
    }
  };
}
