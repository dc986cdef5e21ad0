import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { columnTypes, copyRows, updateMany, upsertMany } from './sql';

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

/** copyRows against PostgreSQL: the rows a rebuild's COPY writes are the rows upsertMany's statement writes. */
describe('copyRows on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false, poolSize: 2 });
    for (const t of ['copied', 'inserted']) await db.pool.query(`CREATE TABLE ${t} (${LEDGER})`);
  });
  afterAll(() => db.drop());
  const types = columnTypes(LEDGER);
  const table = async (t: string) => (await db.pool.query(`SELECT * FROM ${t} ORDER BY nip, period`)).rows;

  it("writes each value as upsertMany's statement does: COPY's escapes, nulls, JSON, instants and numbers", async () => {
    const at = new Date('2026-11-30T23:59:59.123Z');
    const rows = [
      // The four characters COPY's text format escapes, its null marker and end-of-data marker as text, a pair of surrogates.
      {
        nip: 'N1',
        period: '2026-03',
        n: 3,
        amount: '1250000.50',
        note: 'tab\there\nline\r\\N \\. \\\\ 😀',
        doc: { a: ['x\ty', '\\'] },
        events: [{ id: 'e1' }],
        at,
        ok: true,
      },
      {
        nip: 'N2',
        period: '2026-03',
        n: 0,
        amount: '0',
        note: '\\N',
        doc: 'just a string',
        events: [],
        at: '2026-01-02T03:04:05Z',
        ok: false,
      },
      { nip: 'N3', period: '2026-03', n: -1, amount: null, note: '', doc: null, events: [{ id: 'e3' }], at: null, ok: null },
      { nip: 'N4', period: '2026-03', n: 2 ** 31 - 1, amount: 7, note: undefined, doc: [null, 1.5], events: {}, at, ok: 'true' },
    ];
    const client = await db.pool.connect();
    try {
      await copyRows(client, 'copied', rows, types);
    } finally {
      client.release();
    }
    for (const q of upsertMany('inserted', rows, { key: ['nip', 'period'], types })) await db.pool.query(q);
    const copied = await table('copied');
    expect(copied).toEqual(await table('inserted'));
    expect(copied.map((r) => r.note)).toEqual(['tab\there\nline\r\\N \\. \\\\ 😀', '\\N', '', null]);
    expect(copied[0].doc).toEqual({ a: ['x\ty', '\\'] });
  });

  it('refuses a lone surrogate and a row already there, writing nothing of the batch', async () => {
    const row = { nip: 'N5', period: '2026-03', n: 1, amount: '1', note: 'ok', doc: {}, events: [], at: null, ok: true };
    const client = await db.pool.connect();
    try {
      await expect(copyRows(client, 'copied', [row, { ...row, nip: 'N6', note: 'x\ud800' }], types)).rejects.toThrow(
        /lone surrogate \(U\+D800\)/,
      );
      // A lone low half, alone in its text and after a well-formed pair.
      await expect(copyRows(client, 'copied', [row, { ...row, nip: 'N6', note: 'x\udfff' }], types)).rejects.toThrow(
        /lone surrogate \(U\+DFFF\)/,
      );
      await expect(copyRows(client, 'copied', [row, { ...row, nip: 'N6', note: '😀 x\udfff' }], types)).rejects.toThrow(
        /lone surrogate \(U\+DFFF\)/,
      );
      await expect(copyRows(client, 'copied', [row, { ...row, nip: 'N1' }], types)).rejects.toMatchObject({ code: '23505' });
    } finally {
      client.release();
    }
    expect((await table('copied')).map((r) => r.nip)).toEqual(['N1', 'N2', 'N3', 'N4']);
  });
});
