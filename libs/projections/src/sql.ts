import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { findTextProblem, sha256Hex } from '@kinerja/kernel';

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

/** A column's SQL type by its name, as a table's definition declares it (`columnTypes`). */
export type ColumnTypes = ReadonlyMap<string, string>;

/** Words that end a column's type in its definition: the constraints and default after it. */
const AFTER_TYPE_RE = /\s+(?:NOT|NULL|DEFAULT|PRIMARY|REFERENCES|CHECK|UNIQUE|GENERATED|COLLATE|CONSTRAINT)\b/i;
/** A type written in code: a name of words, perhaps with a precision. Arrays are not taken (see `valueOf`). */
const TYPE_RE = /^[a-z][a-z0-9_]*(?: [a-z][a-z0-9_]*)*(?:\(\d+(?:,\s*\d+)?\))?$/;

/**
 * The column types of a table's definition (the text between `CREATE TABLE t (` and `)`, as a
 * projection's `tables` holds it): each column's name and the type written after it. Table
 * constraints (`PRIMARY KEY (...)` and the like) are not columns.
 */
export function columnTypes(definition: string): ColumnTypes {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < definition.length; i++) {
    const ch = definition[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(definition.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(definition.slice(from));
  const types = new Map<string, string>();
  for (const part of parts.map((x) => x.trim()).filter(Boolean)) {
    if (/^(?:PRIMARY|UNIQUE|CHECK|CONSTRAINT|FOREIGN|EXCLUDE)\b/i.test(part)) continue;
    const m = /^([a-z_][a-z0-9_]*)\s+([\s\S]+)$/.exec(part);
    if (!m) throw new Error(`not a column definition: ${part}`);
    const type = m[2].split(AFTER_TYPE_RE)[0].trim().replace(/\s+/g, ' ').toLowerCase();
    if (!TYPE_RE.test(type)) throw new Error(`column ${m[1]}: type not taken by upsertMany: ${type}`);
    types.set(m[1], type);
  }
  return types;
}

/**
 * The value of column `i` of a row sent as a JSON array (`r`), in its column's type. A jsonb column
 * takes the element as it is, JSON null as SQL NULL (as `jsonb_populate_recordset` did); any other
 * type the element's text, converted by the type's own input, as a parameter of that type would be.
 */
function valueOf(i: number, type: string): string {
  if (type === 'jsonb') return `nullif(r->${i}, 'null')`;
  if (type === 'json') return `nullif(r->${i}, 'null')::json`;
  if (type === 'text') return `r->>${i}`;
  return `(r->>${i})::${type}`;
}

/**
 * `upsert` of many rows, in statements of at most `perStatement` rows. Each statement sends its rows
 * as one JSON array of arrays, each row's values in the order of its columns, taken apart by
 * `jsonb_array_elements` and each value converted to its column's type (`types`, from the table's
 * definition): one parameter and one text for any number of rows, so the statement is named,
 * parsed and planned once per connection. A multi-row VALUES of 500 rows × 30 columns (15,000
 * parameters) was planned at every batch: a third of PostgreSQL's time in an appraisals rebuild.
 * Rows as JSON objects by column name (`jsonb_populate_recordset`, as before) had PostgreSQL parse
 * thirty keys a row and sort them, and carried them: the arrays are a third smaller and their
 * statement takes about half the time for the ledger's rows. Returns the statements to send, in order.
 */
export function upsertMany<R extends object>(
  table: string,
  rows: R[],
  options: UpsertOptions<keyof R & string> & { types: ColumnTypes },
  perStatement = 1000,
): Array<{ name: string; text: string; values: unknown[] }> {
  const out: Array<{ name: string; text: string; values: unknown[] }> = [];
  if (rows.length === 0) return out;
  const { columns, values, json } = asArrays(table, rows, options.types);
  // The conflict clause is the one-row statement's: written from the same options.
  const one = upsert(table, rows[0], options);
  const tail = one.text.slice(one.text.indexOf(' ON CONFLICT ('));
  const text = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM jsonb_array_elements($1::jsonb) AS r${tail}`;
  const name = `kinerja_upsert_${sha256Hex(text).slice(0, 16)}`;
  for (let from = 0; from < rows.length; from += perStatement)
    out.push({ name, text, values: [json(rows.slice(from, from + perStatement))] });
  return out;
}

/**
 * Rows as `upsertMany` and `updateMany` send them: the columns of the first row (every row must have
 * the same), each column's value taken from the row's JSON array `r` in its column's type, and the
 * text of a list of rows as that array of arrays.
 */
function asArrays<R extends object>(table: string, rows: R[], types: ColumnTypes) {
  const columns = Object.keys(rows[0]) as Array<keyof R & string>;
  for (const r of rows) {
    const keys = Object.keys(r);
    // Rows built by one object literal have their keys in the same order: checked without a search
    // (a rebuild of the audit timeline sends a million rows of fifteen columns).
    if (keys.length === columns.length && keys.every((k, i) => k === columns[i])) continue;
    const extra = keys.find((c) => !columns.includes(c as keyof R & string));
    if (extra || keys.length !== columns.length) throw new Error(`rows differ in their columns: ${extra ?? ''}`);
  }
  const values = columns.map((c, i) => {
    const type = types.get(c);
    if (!type) throw new Error(`no type for column ${c} of ${table}`);
    return valueOf(i, type);
  });
  return { columns, values, json: (some: R[]) => JSON.stringify(some.map((r) => columns.map((c) => r[c]))) };
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

/**
 * An UPDATE of many rows by their key, in one statement: the rows go as `upsertMany` sends them (one
 * JSON array of arrays, each value converted to its column's type), so the statement is named and
 * planned once per connection. Every column that is not the key is set. A row whose key is not stored
 * changes nothing. A key given twice is refused: PostgreSQL would update its row once, with either.
 */
export function updateMany<R extends object>(
  table: string,
  rows: R[],
  options: { key: ReadonlyArray<keyof R & string>; types: ColumnTypes },
): Array<{ name: string; text: string; values: unknown[] }> {
  if (rows.length === 0) return [];
  const { columns, values, json } = asArrays(table, rows, options.types);
  const bad = columns.find((c) => !COLUMN_RE.test(c)) ?? options.key.find((k) => !columns.includes(k));
  if (bad) throw new Error(`not a column name of the rows: ${bad}`);
  const typed = columns.map((c, i) => `${values[i]} AS ${c}`);
  const set = columns.filter((c) => !options.key.includes(c)).map((c) => `${c} = v.${c}`);
  const where = options.key.map((k) => `${table}.${k} = v.${k}`).join(' AND ');
  const text = `UPDATE ${table} SET ${set.join(', ')} FROM (SELECT ${typed.join(', ')} FROM jsonb_array_elements($1::jsonb) AS r) AS v WHERE ${where}`;
  const keys = new Set(rows.map((r) => JSON.stringify(options.key.map((k) => r[k]))));
  if (keys.size !== rows.length) throw new Error(`a key given twice in one update of ${table}`);
  return [{ name: `kinerja_update_${sha256Hex(text).slice(0, 16)}`, text, values: [json(rows)] }];
}

/**
 * Rows new to a table, sent by COPY (text format) instead of an INSERT: PostgreSQL takes each value
 * by its column type's input as it reads the line, without a JSON document to parse and take apart
 * first. Into a table without its secondary indexes, 200,000 audit timeline rows in batches of 2,000
 * took 1.4-2.0 s this way and 2.3-2.9 s as upsertMany's JSON array (PostgreSQL 15 on this machine).
 * A row already there is an error (unique_violation), not skipped: use it where each row is written
 * once, as a rebuild writes the generation it fills (ProjectionContext.filling). Each value is the
 * text upsertMany's statement would have converted (the same JSON text for json and jsonb columns);
 * a lone surrogate, which that statement refuses, is refused here too rather than written as U+FFFD.
 */
export async function copyRows<R extends object>(client: PoolClient, table: string, rows: R[], types: ColumnTypes): Promise<void> {
  if (rows.length === 0) return;
  const { columns } = asArrays(table, rows, types);
  const json = columns.map((c) => types.get(c) === 'jsonb' || types.get(c) === 'json');
  // One string grown field by field: a row's array of fields and the joins took about a fifth of this
  // function's time (alone, 2,000 audit timeline rows: 4.1 µs a row this way, 4.9-7.1 before).
  let text = '';
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) text += (i === 0 ? '' : '\t') + copyField(r[columns[i]], json[i]);
    text += '\n';
  }
  const bad = findTextProblem(text, table, { multiline: true, surrogatesOnly: true });
  if (bad) throw new Error(`${table}: a lone surrogate (${bad.character}) cannot be stored`);
  await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

const COPY_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** A value as COPY's text format writes it: `\N` for null, the four characters it escapes escaped. */
function copyField(v: unknown, json: boolean): string {
  // As upsertMany's JSON array: undefined and non-finite numbers are JSON null, so SQL NULL.
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '\\N';
  const text = json
    ? JSON.stringify(v)
    : typeof v === 'string'
      ? v
      : v instanceof Date
        ? v.toISOString()
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => COPY_ESCAPES.get(ch)!) : text;
}
