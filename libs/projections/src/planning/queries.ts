import type { Pool } from 'pg';
import type { PlannedResult } from '@kinerja/domain/workplan';

// The reads of the planning read models (the tables of ./projection.ts): plans, the cascade,
// the reminder check's inputs (the inbox's lists are read in ../inbox.ts).

export interface WorkPlanRow {
  nip: string;
  year: number;
  version: number;
  status: string;
  inForce: number | null;
  supervisorNip: string | null;
  results: PlannedResult[];
}

const PLAN_COLUMNS = 'nip, year, version, status, in_force, supervisor_nip, results';

interface PlanDbRow {
  nip: string;
  year: number;
  version: number;
  status: string;
  in_force: number | null;
  supervisor_nip: string | null;
  results: PlannedResult[];
}

const planRow = (r: PlanDbRow): WorkPlanRow => ({
  nip: r.nip,
  year: r.year,
  version: r.version,
  status: r.status,
  inForce: r.in_force,
  supervisorNip: r.supervisor_nip,
  results: r.results,
});

export async function workPlansOf(pool: Pool, year: number, nips: string[]): Promise<WorkPlanRow[]> {
  if (!nips.length) return [];
  const { rows } = await pool.query<PlanDbRow>(`SELECT ${PLAN_COLUMNS} FROM work_plans WHERE year = $1 AND nip = ANY($2) ORDER BY nip`, [
    year,
    nips,
  ]);
  return rows.map(planRow);
}

export interface CascadeNode {
  resultId: string;
  nip: string;
  text: string;
  planVersion: number;
  planStatus: string;
  indicators: PlannedResult['indicators'];
  children: CascadeNode[];
}

/**
 * The cascade as a tree: every RHK of the latest version of each plan, hung under the RHK it names
 * as parent; an RHK whose parent is not among the plans shown is a root (the head of the OPD's).
 */
export function cascadeTree(plans: WorkPlanRow[]): CascadeNode[] {
  // Result ids are unique within a plan only: a node is keyed by its holder, and a parent is looked
  // for in the plan of the supervisor the plan was drafted under.
  const key = (nip: string | null, resultId: string) => `${nip}\u0000${resultId}`;
  const nodes = new Map<string, { node: CascadeNode; parentKey?: string }>();
  for (const p of plans)
    for (const r of p.results)
      nodes.set(key(p.nip, r.resultId), {
        node: {
          resultId: r.resultId,
          nip: p.nip,
          text: r.text,
          planVersion: p.version,
          planStatus: p.status,
          indicators: r.indicators,
          children: [],
        },
        ...(r.parentResultId ? { parentKey: key(p.supervisorNip, r.parentResultId) } : {}),
      });
  const roots: CascadeNode[] = [];
  for (const { node, parentKey } of nodes.values()) {
    const parent = parentKey ? nodes.get(parentKey) : undefined;
    if (parent && parent.node !== node) parent.node.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The read-model rows the reminder check needs, for `today` (reports of the last three weeks suffice). */
export async function reminderInputRows(pool: Pool, year: number, since: string) {
  const plans = await pool.query('SELECT nip, supervisor_nip, status, in_force FROM work_plans WHERE year = $1 ORDER BY nip', [year]);
  const reports = await pool.query('SELECT nip, date, answer_kind FROM daily_reports WHERE date >= $1 ORDER BY nip, date', [since]);
  return {
    // Expected to report: whoever has a plan in force this year.
    employees: plans.rows
      .filter((p) => p.in_force !== null)
      .map((p) => ({ nip: p.nip as string, supervisorNip: (p.supervisor_nip as string | null) ?? null })),
    reports: reports.rows.map((r) => ({ nip: r.nip as string, date: r.date as string, answered: r.answer_kind !== null })),
    submittedPlans: plans.rows
      .filter((p) => p.status === 'SUBMITTED')
      .map((p) => ({ nip: p.nip as string, supervisorNip: (p.supervisor_nip as string | null) ?? null })),
  };
}
