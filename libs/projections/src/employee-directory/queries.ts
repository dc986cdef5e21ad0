import type { Pool } from 'pg';

// The reads of the `employee_directory` table (./projection.ts).

export interface DirectoryEntry {
  nip: string;
  name: string;
  asnStatus: string;
  employmentState: string;
  positionId: string;
  positionGrade: number;
  opdId: string;
  registeredFrom: string;
  lastChangedOn: string;
}

export interface DirectoryQuery {
  /** Part of the name (any case) or the start of the NIP. */
  q?: string;
  opdId?: string;
  page: number;
  pageSize: number;
  /** Who the reader may see: everyone (`all`), or the union of these OPDs and NIPs. */
  visible: 'all' | { opdIds: string[]; nips: string[] };
}

/** A page of the directory, sorted by name then NIP. */
export async function searchDirectory(pool: Pool, query: DirectoryQuery): Promise<{ items: DirectoryEntry[]; total: number }> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => `$${args.push(v)}`;
  if (query.q) {
    const q = query.q.trim();
    if (/^\d+$/.test(q)) where.push(`nip LIKE ${arg(q + '%')}`);
    else where.push(`lower(name) LIKE ${arg('%' + q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`);
  }
  if (query.opdId) where.push(`opd_id = ${arg(query.opdId)}`);
  if (query.visible !== 'all') where.push(`(opd_id = ANY(${arg(query.visible.opdIds)}) OR nip = ANY(${arg(query.visible.nips)}))`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // The count and the page in one statement, each its own subquery: the page is read in index order
  // and stops at its last row (one scan with count(*) OVER () would count and sort every match of an
  // unfiltered listing before its LIMIT). Every column is text or integer: the same through JSON.
  const { rows } = await pool.query<{ total: string; items: DirectoryEntry[] }>(
    `SELECT (SELECT count(*) FROM employee_directory ${w}) AS total,
            (SELECT coalesce(json_agg(q ORDER BY q.name, q.nip), '[]') FROM (
               SELECT nip, name, asn_status AS "asnStatus", employment_state AS "employmentState", position_id AS "positionId",
                      position_grade AS "positionGrade", opd_id AS "opdId", registered_from AS "registeredFrom", last_changed_on AS "lastChangedOn"
                 FROM employee_directory ${w} ORDER BY name, nip LIMIT ${arg(query.pageSize)} OFFSET ${arg((query.page - 1) * query.pageSize)}) q) AS items`,
    args,
  );
  return { items: rows[0].items, total: Number(rows[0].total) };
}

/** Names of the given NIPs (for holders in the org chart, supervisors). */
export async function namesOf(pool: Pool, nips: string[]): Promise<Map<string, string>> {
  if (!nips.length) return new Map();
  const { rows } = await pool.query<{ nip: string; name: string }>('SELECT nip, name FROM employee_directory WHERE nip = ANY($1)', [nips]);
  return new Map(rows.map((r) => [r.nip, r.name]));
}
