import { sha256Hex } from '@kinerja/kernel';

/** Column names come from code, never from input; the check keeps it that way. */
const COLUMN_RE = /^[a-z_][a-z0-9_]*$/;

export interface UpsertOptions<C extends string> {
  /** The conflict target: the table's primary key. */
  key: readonly C[];
  /** On conflict: set the other columns to the new row's (default), or keep the stored row. */
  onConflict?: 'update' | 'nothing';
  /** Columns not overwritten on conflict but combined: an SQL expression over `{table}` (the stored row) and `excluded`. */
  merge?: Partial<Record<C, string>>;
}

/**
 * An INSERT … ON CONFLICT of one row given column by column. Each value stands beside its column's
 * name, so a statement of thirty columns cannot pair a value with the wrong one, and the list of
 * columns, the placeholders and the update are written from the same object.
 */
export function upsert<R extends object>(
  table: string,
  row: R,
  options: UpsertOptions<keyof R & string>,
): { text: string; values: unknown[] } {
  const columns = Object.keys(row) as Array<keyof R & string>;
  const bad = columns.find((c) => !COLUMN_RE.test(c));
  if (bad) throw new Error(`not a column name: ${bad}`);
  const values = columns.map((c) => row[c] as unknown);
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const target = `ON CONFLICT (${options.key.join(', ')})`;
  if (options.onConflict === 'nothing') return { text: `${insert} ${target} DO NOTHING`, values };
  const merge = (options.merge ?? {}) as Partial<Record<string, string>>;
  const sets = columns
    .filter((c) => !options.key.includes(c))
    .map((c) => `${c} = ${merge[c]?.replaceAll('{table}', table) ?? `excluded.${c}`}`);
  return { text: `${insert} ${target} DO UPDATE SET ${sets.join(', ')}`, values };
}

/**
 * `upsert` of many rows, in statements of at most `perStatement` rows. Each statement sends its rows
 * as one JSON array, spread into the table's own row type by `jsonb_populate_recordset`: a value is
 * converted to its column's type there, so a jsonb column takes an object or array as it is (not its
 * JSON text) and a text column a string. One parameter and one text for any number of rows, so the
 * statement is named, parsed and planned once per connection; a multi-row VALUES of 500 rows × 30
 * columns (15,000 parameters) was planned at every batch, with every value copied into the plan: a
 * third of PostgreSQL's time in an appraisals rebuild. Returns the statements to send, in order.
 */
export function upsertMany<R extends object>(
  table: string,
  rows: R[],
  options: UpsertOptions<keyof R & string>,
  perStatement = 1000,
): Array<{ name: string; text: string; values: unknown[] }> {
  const out: Array<{ name: string; text: string; values: unknown[] }> = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]) as Array<keyof R & string>;
  // The conflict clause is the one-row statement's: written from the same options.
  const one = upsert(table, rows[0], options);
  const tail = one.text.slice(one.text.indexOf(' ON CONFLICT ('));
  const list = columns.join(', ');
  const text = `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)${tail}`;
  const name = `kinerja_upsert_${sha256Hex(text).slice(0, 16)}`;
  for (const r of rows) {
    const extra = Object.keys(r).find((c) => !columns.includes(c as keyof R & string));
    if (extra || Object.keys(r).length !== columns.length) throw new Error(`rows differ in their columns: ${extra ?? ''}`);
  }
  for (let from = 0; from < rows.length; from += perStatement)
    out.push({ name, text, values: [JSON.stringify(rows.slice(from, from + perStatement))] });
  return out;
}

/**
 * An UPDATE of the row at `key`, the new values given column by column. A column in `merge`
 * combines its stored value with the new one instead of overwriting it: an SQL expression over
 * `{column}` (the stored value) and `{value}` (the new one), e.g. `{column} || {value}::jsonb`.
 */
export function update<R extends object>(
  table: string,
  key: Readonly<Record<string, unknown>>,
  set: R,
  merge: Partial<Record<keyof R & string, string>> = {},
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const checked = (c: string) => {
    if (!COLUMN_RE.test(c)) throw new Error(`not a column name: ${c}`);
    return c;
  };
  const where = Object.entries(key).map(([c, v]) => `${checked(c)} = ${param(v)}`);
  const how = merge as Partial<Record<string, string>>;
  const sets = Object.entries(set).map(([c, v]) => {
    const value = param(v);
    return `${checked(c)} = ${how[c]?.replaceAll('{column}', c).replaceAll('{value}', value) ?? value}`;
  });
  return { text: `UPDATE ${table} SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`, values };
}
