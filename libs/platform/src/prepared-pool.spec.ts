import { Pool, type QueryResult } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { isDatabaseUnavailable } from './database';
import { MAX_PREPARED, PoolQueryConfig, PreparedPool } from './prepared-pool';

describe('PreparedPool', () => {
  let db: TestDatabase;
  let pool: PreparedPool;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    // One connection: what it has prepared is what pg_prepared_statements shows.
    pool = new PreparedPool({ connectionString: db.url, max: 1 });
  });

  afterEach(async () => {
    await pool.end();
    await db.drop();
  });

  const prepared = async (like: string) =>
    (
      await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY prepare_time', [like])
    ).rows.map((r) => r.name);

  it('sends a parameterised query as one named statement per connection, and leaves other forms as they come', async () => {
    const sum = 'SELECT $1::int + 1 AS n';
    expect((await pool.query(sum, [1])).rows).toEqual([{ n: 2 }]);
    expect((await pool.query(sum, [41])).rows).toEqual([{ n: 42 }]);
    expect(await prepared(sum)).toHaveLength(1);

    // A config object (a transaction's client sends these too) and a query without values: unnamed.
    expect((await pool.query({ text: 'SELECT $1::int * 2 AS n', values: [21] })).rows).toEqual([{ n: 42 }]);
    expect((await pool.query('SELECT 7 AS n')).rows).toEqual([{ n: 7 }]);
    expect(await prepared('SELECT $1::int * 2%')).toEqual([]);
    expect(await prepared('SELECT 7%')).toEqual([]);
  });

  it('answers a statement whose view changed its columns (a projection switched to a new version) with the new columns', async () => {
    await pool.query('CREATE TABLE plans__g1 (nip text, year int)');
    await pool.query("INSERT INTO plans__g1 VALUES ('199001012020011001', 2026)");
    await pool.query('CREATE VIEW plans AS SELECT nip, year FROM plans__g1');
    const read = 'SELECT * FROM plans WHERE nip = $1';
    expect((await pool.query(read, ['199001012020011001'])).rows).toEqual([{ nip: '199001012020011001', year: 2026 }]);
    const before = await prepared(read);

    // The new generation has a column more; PostgreSQL refuses to run the old prepared statement
    // ("cached plan must not change result type"), and the pool asks again.
    await pool.query("CREATE TABLE plans__g2 AS SELECT nip, year, 'DRAFT'::text AS status FROM plans__g1");
    await pool.query('CREATE OR REPLACE VIEW plans AS SELECT nip, year, status FROM plans__g2');
    const row = { nip: '199001012020011001', year: 2026, status: 'DRAFT' };
    expect((await pool.query(read, ['199001012020011001'])).rows).toEqual([row]);
    expect((await pool.query(read, ['199001012020011001'])).rows).toEqual([row]);
    // Named anew, so it is prepared (once) again rather than sent unnamed from then on.
    const renamed = (await prepared(read)).filter((n) => !before.includes(n));
    expect(renamed).toHaveLength(1);
  });

  it(`names at most ${MAX_PREPARED} distinct texts and sends the rest unnamed`, async () => {
    for (let i = 0; i < MAX_PREPARED + 5; i++) expect((await pool.query(`SELECT $1::int + ${i} AS n`, [1])).rows).toEqual([{ n: 1 + i }]);
    expect(await prepared('SELECT $1::int + %')).toHaveLength(MAX_PREPARED);
  });
});

describe('PreparedPool with pipelined lanes', () => {
  let db: TestDatabase;
  let pool: PreparedPool;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    // One pooled connection and one lane: a statement answered while a transaction holds the
    // pooled one can only have gone on the lane.
    pool = new PreparedPool({ connectionString: db.url, max: 1, pipelineLanes: 1 });
  });

  afterEach(async () => {
    await pool.end().catch(() => undefined);
    await db.drop();
  });

  const pidOf = async (q: Promise<QueryResult<{ pid: number }>>) => (await q).rows[0].pid;

  /** The lane's backend, once the lane (opened on first need) is connected. */
  async function lanePid(): Promise<number> {
    const pooled = await pool.connect();
    const pooledPid = await pidOf(pooled.query('SELECT pg_backend_pid() AS pid'));
    pooled.release();
    for (;;) {
      const pid = await pidOf(pool.query('SELECT pg_backend_pid() AS pid', []));
      if (pid !== pooledPid) return pid;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('answers one-shot statements on the lane while a transaction holds the only pooled connection, each with its own answer or error', async () => {
    await lanePid();
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      const sent = [
        pool.query('SELECT $1::int + 1 AS n', [1]),
        pool.query({ name: 'double', text: 'SELECT $1::int * 2 AS n', values: [21] }),
        pool.query('SELECT 1 / $1::int AS n', [0]),
        pool.query('SELECT nosuch + $1::int AS n', [1]),
        pool.query('SELECT nosuch + $1::int AS n', [2]),
        pool.query('SELECT $1::text AS n', ['tiga']),
      ];
      const answers = (await Promise.allSettled(sent)).map((r) =>
        r.status === 'fulfilled' ? r.value.rows[0].n : (r.reason as { message: string }).message,
      );
      // The second use of a statement whose Parse failed gets the same error, not "does not exist".
      expect(answers).toEqual([2, 42, 'division by zero', 'column "nosuch" does not exist', 'column "nosuch" does not exist', 'tiga']);
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
  });

  it('answers a statement prepared on the lane whose view changed its columns with the new columns', async () => {
    await lanePid();
    await pool.query("CREATE TABLE plans__g1 AS SELECT '199001012020011001'::text AS nip, 2026 AS year", []);
    await pool.query('CREATE VIEW plans AS SELECT nip, year FROM plans__g1', []);
    const read = 'SELECT * FROM plans WHERE nip = $1';
    expect((await pool.query(read, ['199001012020011001'])).rows).toEqual([{ nip: '199001012020011001', year: 2026 }]);
    await pool.query("CREATE TABLE plans__g2 AS SELECT nip, year, 'DRAFT'::text AS status FROM plans__g1", []);
    await pool.query('CREATE OR REPLACE VIEW plans AS SELECT nip, year, status FROM plans__g2', []);
    const row = { nip: '199001012020011001', year: 2026, status: 'DRAFT' };
    const again = await Promise.all([pool.query(read, ['199001012020011001']), pool.query(read, ['199001012020011001'])]);
    expect(again.map((r) => r.rows)).toEqual([[row], [row]]);
  });

  it('pipelines reads only: a write, and a SELECT marked pipelined: false, go to the pool', async () => {
    const lane = await lanePid();
    await pool.query('CREATE TABLE t (pid int)', []);
    const written = await pool.query<{ pid: number }>('INSERT INTO t SELECT pg_backend_pid() RETURNING pid', []);
    expect(written.rows[0].pid).not.toBe(lane);
    const marked: PoolQueryConfig = { pipelined: false, text: 'SELECT pg_backend_pid() AS pid', values: [] };
    expect(await pidOf(pool.query(marked))).not.toBe(lane);
    expect(await pidOf(pool.query('SELECT pg_backend_pid() AS pid', []))).toBe(lane);
  });

  it('keeps a transaction to its pooled client: its statements are not pipelined', async () => {
    await lanePid();
    await pool.query('CREATE TABLE t (n int)', []);
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('INSERT INTO t VALUES ($1)', [1]);
      // Not yet committed: another session (the lane) does not see it.
      expect((await pool.query('SELECT count(*)::int AS n FROM t', [])).rows[0].n).toBe(0);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM t', [])).rows[0].n).toBe(0);
  });

  it('passes over a lane busy with a long statement: what comes after is answered first, on the pool', async () => {
    await lanePid();
    let slowDone = false;
    const slow = pool.query('SELECT pg_sleep(0.5) AS n', []).then(() => (slowDone = true));
    await new Promise((r) => setTimeout(r, 60));
    expect((await pool.query('SELECT $1::int AS n', [7])).rows[0].n).toBe(7);
    expect(slowDone).toBe(false);
    await slow;
  });

  it('fails what a lost lane carried as an unavailable database, and answers the next statements', async () => {
    const pid = await lanePid();
    const inFlight = pool.query('SELECT pg_sleep(5) AS n', []);
    const admin = new Pool({ connectionString: db.url, max: 1 });
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    const lost = await inFlight.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(lost)).toBe(true);
    expect((await pool.query('SELECT $1::int AS n', [5])).rows[0].n).toBe(5);
    expect(await lanePid()).not.toBe(pid);
  });

  it('closes its lanes with the pool', async () => {
    await lanePid();
    await pool.end();
    const admin = new Pool({ connectionString: db.url, max: 1 });
    try {
      const open = async () =>
        (
          await admin.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).rows[0].n;
      // A backend leaves pg_stat_activity a moment after its client has gone.
      for (let i = 0; i < 100 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await open()).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
