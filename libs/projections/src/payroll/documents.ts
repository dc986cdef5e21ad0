/** What the documents (rekap TPP, slip, verification) read: the payroll ledger's lines with their kelas jabatan, names of units and positions, the runs' digests. */
import type { Pool } from 'pg';
import type { Amounts } from '@kinerja/domain/payroll';

/** A line of a run's current calculation as the rekap shows it. */
export interface RekapLineRow {
  nip: string;
  name: string;
  line_key: string;
  kind: string;
  amounts: Amounts;
  adjusts_month: string | null;
  /** The kelas jabatan the TPP line was priced at (null for an adjustment). */
  position_grade: number | null;
}

/** Every line of the run's current calculation (the calculation the run row names), by NIP and line key. */
export async function rekapLines(pool: Pool, runId: string): Promise<RekapLineRow[]> {
  const { rows } = await pool.query<RekapLineRow>(
    `SELECT l.nip, l.name, l.line_key, l.kind, l.amounts, l.adjusts_month, (l.detail->'inputs'->>'positionGrade')::int AS position_grade
       FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
      WHERE l.run_id = $1 ORDER BY l.nip, l.line_key`,
    [runId],
  );
  return rows;
}

/** The version of a timeline in force on `date` (versions sorted by `from`), else its first. */
function versionOn<V extends { from: string }>(versions: V[] | null | undefined, date: string): V | undefined {
  if (!versions?.length) return undefined;
  let found: V | undefined;
  for (const v of versions) if (v.from <= date) found = v;
  return found ?? versions[0];
}

/** The name of each NIP's position on `date` (the org chart's), else the position id the register names. */
export async function positionNamesOf(pool: Pool, nips: readonly string[], date: string): Promise<Map<string, string>> {
  if (!nips.length) return new Map();
  const { rows } = await pool.query<{ nip: string; position_id: string; versions: Array<{ from: string; name: string }> | null }>(
    `SELECT d.nip, d.position_id, p.versions FROM employee_directory d LEFT JOIN org_positions p ON p.position_id = d.position_id
      WHERE d.nip = ANY($1)`,
    [nips],
  );
  return new Map(rows.map((r) => [r.nip, versionOn(r.versions, date)?.name ?? r.position_id]));
}

/** The name of an organisation unit on `date`, or undefined when the org chart has no such unit. */
export async function unitNameOf(pool: Pool, unitId: string, date: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ versions: Array<{ from: string; name: string }> }>(
    'SELECT versions FROM org_units WHERE unit_id = $1',
    [unitId],
  );
  return versionOn(rows[0]?.versions, date)?.name;
}

/** A run as its public verification shows it, with every digest its calculations had (current last). */
export interface VerifiableRun {
  run_id: string;
  opd_id: string;
  month: string;
  status: string;
  line_count: number;
  total_net: string;
  digest: string;
  sp2d_date: string | null;
  digests: string[];
}

/** Every run that ever had a finished calculation, with the digests it had (from its steps). */
export async function verifiableRuns(pool: Pool): Promise<VerifiableRun[]> {
  const { rows } = await pool.query<VerifiableRun>(
    `SELECT run_id, opd_id, month, status, line_count, total_net, digest, sp2d_date,
            ARRAY(SELECT DISTINCT s->>'digest' FROM jsonb_array_elements(steps) s WHERE coalesce(s->>'digest', '') <> '') AS digests
       FROM pay_run WHERE digest <> '' OR jsonb_path_exists(steps, '$[*] ? (@.digest != null && @.digest != "")')`,
  );
  return rows;
}
