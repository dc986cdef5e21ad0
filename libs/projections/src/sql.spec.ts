import { columnTypes, update, upsert, upsertMany } from './sql';

describe('named-column statements', () => {
  it('pairs each value with the column it is named by, whatever the order the row is written in', () => {
    const { text, values } = upsert(
      'ledger',
      { period: '2026-03', nip: 'N1', events: '[]', state: 'DRAFT' },
      { key: ['nip', 'period'], merge: { events: '{table}.events || excluded.events' } },
    );
    expect(text).toBe(
      'INSERT INTO ledger (period, nip, events, state) VALUES ($1, $2, $3, $4) ON CONFLICT (nip, period) DO UPDATE SET events = ledger.events || excluded.events, state = excluded.state',
    );
    expect(values).toEqual(['2026-03', 'N1', '[]', 'DRAFT']);
  });

  it('keeps the stored row when asked to', () => {
    expect(upsert('t', { id: 'a', v: 1 }, { key: ['id'], onConflict: 'nothing' }).text).toBe(
      'INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
    );
  });

  it('updates a row by its key, merging the columns asked to merge', () => {
    const { text, values } = update('run', { run_id: 'R1' }, { steps: '[{}]', status: 'DRAFT' }, { steps: '{column} || {value}::jsonb' });
    expect(text).toBe('UPDATE run SET steps = steps || $2::jsonb, status = $3 WHERE run_id = $1');
    expect(values).toEqual(['R1', '[{}]', 'DRAFT']);
  });

  it('reads the column types of a table definition, constraints and defaults aside', () => {
    const types = columnTypes(`
      nip    text NOT NULL,
      year   integer NOT NULL DEFAULT 0,
      amount numeric(14, 2),
      at     timestamp with time zone,
      doc    jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT positive CHECK (year > 0),
      PRIMARY KEY (nip, year)`);
    expect([...types]).toEqual([
      ['nip', 'text'],
      ['year', 'integer'],
      ['amount', 'numeric(14, 2)'],
      ['at', 'timestamp with time zone'],
      ['doc', 'jsonb'],
    ]);
    // An array column would take a JSON array's text as an array literal: refused, not written wrong.
    expect(() => columnTypes('ids text[] NOT NULL')).toThrow(/type not taken/);
  });

  it('writes many rows in statements of a bounded size, each row as a JSON array of its values in column order', () => {
    const rows = [
      { nip: 'N1', period: '2026-03', events: [1], n: 1 },
      { period: '2026-04', events: [2], nip: 'N2', n: 2 },
      { events: [3], n: null, nip: 'N3', period: '2026-05' },
    ];
    const types = columnTypes('nip text, period text, events jsonb, n integer');
    const qs = upsertMany('ledger', rows, { key: ['nip', 'period'], merge: { events: '{table}.events || excluded.events' }, types }, 2);
    const text =
      "INSERT INTO ledger (nip, period, events, n) SELECT r->>0, r->>1, nullif(r->2, 'null'), (r->>3)::integer FROM jsonb_array_elements($1::jsonb) AS r" +
      ' ON CONFLICT (nip, period) DO UPDATE SET events = ledger.events || excluded.events, n = excluded.n';
    expect(qs.map((q) => q.text)).toEqual([text, text]);
    // One text, one name: prepared once per connection, whatever the number of rows.
    expect(new Set(qs.map((q) => q.name)).size).toBe(1);
    expect(qs[0].name).toMatch(/^kinerja_upsert_[0-9a-f]{16}$/);
    // Each value at its column's place, whatever the order the row was written in.
    expect(qs.map((q) => JSON.parse(q.values[0] as string))).toEqual([
      [
        ['N1', '2026-03', [1], 1],
        ['N2', '2026-04', [2], 2],
      ],
      [['N3', '2026-05', [3], null]],
    ]);
    expect(upsertMany('ledger', [], { key: ['nip'], types })).toEqual([]);
    expect(() =>
      upsertMany(
        't',
        [
          { id: 1, v: 1 },
          { id: 2, w: 1 },
        ],
        { key: ['id'], types: columnTypes('id integer, v integer, w integer') },
      ),
    ).toThrow(/differ/);
    // A row with a column less, or one more (in another order), is refused too.
    const idvw = { key: ['id'] as const, types: columnTypes('id integer, v integer, w integer') };
    expect(() => upsertMany<{ id: number; v?: number }>('t', [{ id: 1, v: 1 }, { id: 2 }], idvw)).toThrow(/differ/);
    expect(() =>
      upsertMany<{ id: number; v: number; w?: number }>(
        't',
        [
          { id: 1, v: 1 },
          { v: 1, id: 2, w: 3 },
        ],
        idvw,
      ),
    ).toThrow(/differ/);
    expect(() => upsertMany('t', [{ id: 1, v: 1 }], { key: ['id'], types: columnTypes('id integer') })).toThrow(
      /no type for column v of t/,
    );
  });

  it('refuses a column name that is not a plain identifier', () => {
    expect(() => upsert('t', { 'id; DROP TABLE t': 1 }, { key: [] })).toThrow(/not a column name/);
    expect(() => update('t', { 'id=1 OR true': 1 }, { v: 1 })).toThrow(/not a column name/);
  });
});
