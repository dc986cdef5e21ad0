import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { MAX_PREPARED, PreparedPool } from './prepared-pool';

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
