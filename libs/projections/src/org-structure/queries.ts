import type { Pool } from 'pg';
import { emptyOrgHistory, OrgChart, orgChartAsOf, OrgHistory, PositionVersion, UnitVersion } from '@kinerja/domain/organisation';
import { rowToAssignment } from './rows';

// The reads of the organisation's timelines (the tables of ./projection.ts).

/** Appends to the list under `key` of a history this reader owns (no copy per row). */
function pushTo(index: Map<string, string[]>, key: string, id: string): void {
  const list = index.get(key);
  if (list) list.push(id);
  else index.set(key, [id]);
}

/** The history as the read model holds it (for the org chart). */
export async function orgHistoryFromReadModel(pool: Pool): Promise<OrgHistory> {
  const h = emptyOrgHistory();
  for (const r of (await pool.query<{ unit_id: string; versions: UnitVersion[] }>('SELECT unit_id, versions FROM org_units')).rows)
    h.units.set(r.unit_id, r.versions);
  for (const r of (
    await pool.query<{ position_id: string; versions: PositionVersion[] }>('SELECT position_id, versions FROM org_positions')
  ).rows)
    h.positions.set(r.position_id, r.versions);
  for (const r of (await pool.query('SELECT * FROM org_assignments ORDER BY valid_from, assignment_id')).rows) {
    const a = rowToAssignment(r);
    h.assignments.set(a.assignmentId, a);
    pushTo(h.assignmentsByPosition, a.positionId, a.assignmentId);
    pushTo(h.assignmentsByNip, a.nip, a.assignmentId);
  }
  return h;
}

/** The org chart as it stood on `date`, from the read model. */
export async function orgChartFromReadModel(pool: Pool, date: string): Promise<OrgChart> {
  return orgChartAsOf(date, await orgHistoryFromReadModel(pool));
}
