import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { holdConnection } from './held-connection';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 3 });
});
afterAll(async () => {
  await db?.drop();
});

describe('holdConnection', () => {
  it('keeps the error of a connection the server ends while it is held idle, gives it to the next use, and destroys the connection', async () => {
    const held = await holdConnection(db.pool);
    const pid = (await held.use().query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const unheard: unknown[] = [];
    const onUncaught = (e: unknown) => unheard.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      // As a server restart does: the backend is terminated while no query runs on the client.
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      for (let i = 0; i < 100; i++) {
        try {
          held.use();
          await new Promise((r) => setTimeout(r, 20));
        } catch {
          break;
        }
      }
      expect(() => held.use()).toThrow(/terminat/);
      held.release();
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(unheard).toEqual([]);
    // The pool gave the broken connection up: the next query gets a live one.
    const again = (await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    expect(again).not.toBe(pid);
  });

  it('gives a healthy connection back to the pool for reuse, without its listener', async () => {
    const held = await holdConnection(db.pool);
    const client = held.use();
    const listening = client.listenerCount('error');
    await client.query('SELECT 1');
    const total = db.pool.totalCount;
    held.release();
    expect(db.pool.totalCount).toBe(total);
    expect(db.pool.idleCount).toBe(total);
    // Only the pool's own listener for idle clients is left, not ours.
    expect(client.listenerCount('error')).toBe(listening);
  });
});
