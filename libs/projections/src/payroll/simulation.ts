import type { Pool } from 'pg';
import type { LineInputs, SimulationLine } from '@kinerja/domain/payroll';
import { employeeInputs } from './queries';

/** What a simulation prices for one OPD's month, and where it came from. */
export interface SimulationInputs {
  /** `RUN`: the lines of the month's calculated run; `REGISTER`: the register with the month's recorded inputs. */
  source: 'RUN' | 'REGISTER';
  /** The run's policy version (RUN), else null: the caller takes the version in force for the month. */
  policyVersion: string | null;
  lines: SimulationLine[];
  /** Employees left out before pricing (no predikat for the month), by code. */
  skipped: Array<{ code: string; count: number }>;
}

/** Statuses in which a run's current calculation has all its lines. */
const PRICED = ['CALCULATED', 'SUBMITTED', 'VERIFIED', 'APPROVED', 'DISBURSED'];

/**
 * The recorded inputs of an OPD's month. A month with a calculated run is its lines: each line
 * records the inputs it was priced from (the register entry as it was then, the predikat,
 * attendance and sanction of the month), so the simulation prices what was paid. A month without
 * one is the payroll register with the month's predikat, attendance summary and sanctions, as a
 * run opened now would price it.
 */
export async function simulationInputs(pool: Pool, opdId: string, month: string): Promise<SimulationInputs> {
  const { rows: runs } = await pool.query<{ run_id: string; calculation: number; policy_version: string | null }>(
    `SELECT run_id, calculation, policy_version FROM pay_run WHERE opd_id = $1 AND month = $2 AND calculation > 0 AND status = ANY($3)`,
    [opdId, month, PRICED],
  );
  const run = runs[0];
  if (run?.policy_version) {
    const { rows } = await pool.query<{ nip: string; name: string; inputs: LineInputs }>(
      `SELECT nip, name, detail->'inputs' AS inputs FROM pay_line
        WHERE run_id = $1 AND calculation = $2 AND kind = 'TPP' ORDER BY nip`,
      [run.run_id, run.calculation],
    );
    return { source: 'RUN', policyVersion: run.policy_version, lines: rows, skipped: [] };
  }
  const lines: SimulationLine[] = [];
  let missing = 0;
  for (const e of await employeeInputs(pool, opdId, month)) {
    if (!e.predikat) {
      missing++;
      continue;
    }
    lines.push({
      nip: e.nip,
      name: e.name,
      inputs: {
        positionGrade: e.positionGrade,
        predikat: e.predikat,
        attendance: e.attendance ?? {},
        sanction: e.sanction,
        salaryBase: e.salaryBase,
        salaryGross: e.salaryGross,
        taxCategory: e.terCategory,
      },
    });
  }
  return { source: 'REGISTER', policyVersion: null, lines, skipped: missing ? [{ code: 'PREDIKAT_NOT_ISSUED', count: missing }] : [] };
}

/** The OPDs with a payroll register or a run: those a simulation of the whole Pemda covers. */
export async function payrollOpds(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ opd_id: string }>(`SELECT opd_id FROM pay_employee UNION SELECT opd_id FROM pay_run ORDER BY opd_id`);
  return rows.map((r) => r.opd_id);
}

/** The TPP budgets of the OPDs for the months of a year (`opdId` → month → amount). */
export async function budgetsOfYear(pool: Pool, opdIds: readonly string[], year: number): Promise<Map<string, Map<string, string>>> {
  const { rows } = await pool.query<{ opd_id: string; month: string; amount: string }>(
    `SELECT opd_id, month, amount FROM pay_budget WHERE opd_id = ANY($1) AND month LIKE $2`,
    [opdIds, `${year}-%`],
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let m = out.get(r.opd_id);
    if (!m) out.set(r.opd_id, (m = new Map()));
    m.set(r.month, r.amount);
  }
  return out;
}
