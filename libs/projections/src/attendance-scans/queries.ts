import type { Pool } from 'pg';
import { pageOf, type Page } from '../rows';

// What the attendance summary and the import routes read from the scans' read model.

/** A month of `YYYY-MM-DD HH:MM:SS` texts as a range: from its first day to past its last (day 32 sorts after 31). */
const monthRange = (month: string): [string, string] => [`${month}-01`, `${month}-32`];

/** One employee's scans of a month, `YYYY-MM-DD HH:MM:SS`, each once whatever the sources that saw it, sorted. */
export async function scansOfEmployeeMonth(db: Pool, nip: string, month: string): Promise<string[]> {
  const { rows } = await db.query<{ at: string }>('SELECT DISTINCT at FROM att_scan WHERE nip = $1 AND at >= $2 AND at < $3 ORDER BY at', [
    nip,
    ...monthRange(month),
  ]);
  return rows.map((r) => r.at);
}

/**
 * The scans of a month of many employees (an OPD of thousands) in one query: NIP -> sorted distinct
 * scans. Every NIP asked is in the answer (with none: an empty list).
 */
export async function scansOfEmployeesMonth(db: Pool, nips: readonly string[], month: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(nips.map((n) => [n, []]));
  if (!nips.length) return out;
  // Rows come back as arrays, not objects: half a million of them is the size of an OPD's month.
  const { rows } = await db.query<[string, string]>({
    text: 'SELECT DISTINCT nip, at FROM att_scan WHERE nip = ANY($1::text[]) AND at >= $2 AND at < $3 ORDER BY nip, at',
    values: [nips, ...monthRange(month)],
    rowMode: 'array',
  });
  for (const [nip, at] of rows) out.get(nip)?.push(at);
  return out;
}

export interface ScanImportRow {
  month: string;
  source: string;
  fileDigest: string;
  at: string;
  streamId: string;
  actor: string | null;
  reason: string | null;
  recorded: number;
  withdrawn: number;
}

/** The imports of a month, newest first, paged; `sources` limits them to those devices (an OPD's). */
export async function scanImportsOfMonth(
  db: Pool,
  month: string,
  page: Page = {},
  sources?: readonly string[],
): Promise<{ items: ScanImportRow[]; total: number; limit: number; offset: number }> {
  const { limit, offset } = pageOf(page);
  const where = sources ? 'month = $1 AND source = ANY($2::text[])' : 'month = $1';
  const args: unknown[] = sources ? [month, sources] : [month];
  const [{ rows }, total] = await Promise.all([
    db.query<{
      month: string;
      source: string;
      file_digest: string;
      at: Date;
      stream_id: string;
      actor: string | null;
      reason: string | null;
      recorded: number;
      withdrawn: number;
    }>(`SELECT * FROM att_scan_import WHERE ${where} ORDER BY at DESC, source LIMIT ${limit} OFFSET ${offset}`, args),
    db.query<{ n: string }>(`SELECT count(*) AS n FROM att_scan_import WHERE ${where}`, args),
  ]);
  return {
    items: rows.map((r) => ({
      month: r.month,
      source: r.source,
      fileDigest: r.file_digest,
      at: r.at.toISOString(),
      streamId: r.stream_id,
      actor: r.actor,
      reason: r.reason,
      recorded: r.recorded,
      withdrawn: r.withdrawn,
    })),
    total: Number(total.rows[0].n),
    limit,
    offset,
  };
}

export interface DeviceRow {
  deviceId: string;
  opdId: string;
  pins: number;
  changedAt: string;
}

/** The registered devices (of one OPD when given). */
export async function devicesOf(db: Pool, opdId?: string): Promise<DeviceRow[]> {
  const { rows } = await db.query<{ device_id: string; opd_id: string; pins: number; changed_at: Date }>(
    `SELECT device_id, opd_id, pins, changed_at FROM att_device ${opdId ? 'WHERE opd_id = $1' : ''} ORDER BY opd_id, device_id`,
    opdId ? [opdId] : [],
  );
  return rows.map((r) => ({ deviceId: r.device_id, opdId: r.opd_id, pins: r.pins, changedAt: r.changed_at.toISOString() }));
}

/** Which of these NIPs the employee register knows. */
export async function registeredNips(db: Pool, nips: readonly string[]): Promise<Set<string>> {
  if (!nips.length) return new Set();
  const { rows } = await db.query<[string]>({
    text: 'SELECT nip FROM employee_directory WHERE nip = ANY($1::text[])',
    values: [nips],
    rowMode: 'array',
  });
  return new Set(rows.map((r) => r[0]));
}
