import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { columnTypes, updateMany, upsertMany } from './sql';

const LEDGER = `nip text, period text, n integer, amount numeric, note text, doc jsonb, events jsonb NOT NULL DEFAULT '[]',
  at timestamptz, ok boolean, PRIMARY KEY (nip, period)`;

/** upsertMany against PostgreSQL: each value lands in its column's own type, as a parameter of that type would. */
describe('upsertMany on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false, poolSize: 2 });
    await db.pool.query(`CREATE TABLE ledger (${LEDGER})`);
  });
  afterAll(() => db.drop());

  const key = { key: ['nip', 'period'] as const, merge: { events: '{table}.events || excluded.events' }, types: columnTypes(LEDGER) };

  it('writes objects into jsonb as they are, JSON-looking text into text as text, instants and numbers typed', async () => {
    const at = new Date('2026-11-30T23:59:59.123Z');
    const rows = [
      {
        nip: 'N1',
        period: '2026-03',
        n: 3,
        amount: '1250000.50',
        note: '{"not":"json to PostgreSQL"}',
        doc: { a: [1, 'x'] },
        events: [{ id: 'e1' }],
        at,
        ok: true,
      },
      {
        nip: 'N2',
        period: '2026-03',
        n: 0,
        amount: '0',
        note: 'O\'Brien \\ "kutip"',
        doc: 'just a string',
        events: [],
        at: null,
        ok: false,
      },
      { nip: 'N3', period: '2026-03', n: -1, amount: null, note: null, doc: null, events: [{ id: 'e3' }], at, ok: null },
    ];
    for (const q of upsertMany('ledger', rows, key, 2)) await db.pool.query(q);
    const { rows: got } = await db.pool.query(
      `SELECT nip, n, amount::text, note, doc, jsonb_typeof(doc) AS doc_type, events, at, ok FROM ledger ORDER BY nip`,
    );
    expect(got).toEqual([
      {
        nip: 'N1',
        n: 3,
        amount: '1250000.50',
        note: '{"not":"json to PostgreSQL"}',
        doc: { a: [1, 'x'] },
        doc_type: 'object',
        events: [{ id: 'e1' }],
        at,
        ok: true,
      },
      {
        nip: 'N2',
        n: 0,
        amount: '0',
        note: 'O\'Brien \\ "kutip"',
        doc: 'just a string',
        doc_type: 'string',
        events: [],
        at: null,
        ok: false,
      },
      { nip: 'N3', n: -1, amount: null, note: null, doc: null, doc_type: null, events: [{ id: 'e3' }], at, ok: null },
    ]);
  });

  it('on conflict sets the columns and merges those asked to merge', async () => {
    const again = [{ nip: 'N1', period: '2026-03', n: 4, amount: '1', note: 'b', doc: {}, events: [{ id: 'e2' }], at: null, ok: true }];
    for (const q of upsertMany('ledger', again, key)) await db.pool.query(q);
    const { rows } = await db.pool.query(`SELECT n, note, events FROM ledger WHERE nip = 'N1'`);
    expect(rows).toEqual([{ n: 4, note: 'b', events: [{ id: 'e1' }, { id: 'e2' }] }]);
  });

  it("updates many rows by key in one statement, each value in its column's type; an unknown key changes nothing", async () => {
    const at = new Date('2026-12-01T01:02:03.004Z');
    const rows = [
      { nip: 'N2', period: '2026-03', n: 7, at, note: null },
      { nip: 'N3', period: '2026-03', n: 8, at: null, note: 'x\u2028"y"' },
      { nip: 'N9', period: '2026-03', n: 9, at, note: 'tidak ada' },
    ];
    const statements = updateMany('ledger', rows, { key: ['nip', 'period'], types: columnTypes(LEDGER) });
    expect(statements).toHaveLength(1);
    for (const q of statements) await db.pool.query(q);
    const { rows: got } = await db.pool.query(`SELECT nip, n, at, note, ok FROM ledger ORDER BY nip`);
    expect(got).toEqual([
      { nip: 'N1', n: 4, at: null, note: 'b', ok: true },
      { nip: 'N2', n: 7, at, note: null, ok: false },
      { nip: 'N3', n: 8, at: null, note: 'x\u2028"y"', ok: null },
    ]);
    expect(() => updateMany('ledger', [rows[0], { ...rows[0], n: 1 }], { key: ['nip', 'period'], types: columnTypes(LEDGER) })).toThrow(
      /a key given twice/,
    );
  });
});
