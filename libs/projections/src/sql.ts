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
 * `upsert` of many rows in one statement (a multi-row VALUES; every row with the same columns),
 * in statements of at most `perStatement` rows. Returns the statements to send, in order.
 */
export function upsertMany<R extends object>(
  table: string,
  rows: R[],
  options: UpsertOptions<keyof R & string>,
  perStatement = 1000,
): Array<{ text: string; values: unknown[] }> {
  const out: Array<{ text: string; values: unknown[] }> = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]) as Array<keyof R & string>;
  // The conflict clause is the one-row statement's: written from the same options.
  const one = upsert(table, rows[0], options);
  const tail = one.text.slice(one.text.indexOf(' ON CONFLICT ('));
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((r) => {
      const extra = Object.keys(r).find((c) => !columns.includes(c as keyof R & string));
      if (extra || Object.keys(r).length !== columns.length) throw new Error(`rows differ in their columns: ${extra ?? ''}`);
      return `(${columns.map((c) => `$${values.push(r[c] as unknown)}`).join(', ')})`;
    });
    out.push({ text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${tail}`, values });
  }
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
