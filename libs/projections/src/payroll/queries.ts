/** The queries of the payroll read model (projection `payroll`): the calculation job's inputs, the runs' lines, the pay ledger. */
import type { Pool } from 'pg';
import { domainError } from '@kinerja/kernel';
import {
  sanctionInMonth,
  STALE_LINES_NAMED,
  type Amounts,
  type BankAccountRef,
  type EmployeeInputs,
  type LineInput,
  type LineInputs,
  type LineSources,
  type PayAdjustmentCalculated,
  type SanctionType,
  type StaleLine,
} from '@kinerja/domain/payroll';
import type { Predikat } from '@kinerja/policies';
import { holdConnection, type RecordedEvent } from '@kinerja/event-store';
import { laterRevision, PAY_LINE_EVENT_TYPES, payLineRow, runRowOf, type PayLineColumns } from './runs';

/** What the ledger keeps of a TPP line besides its amounts: what it was priced from. */
export interface TppLineDetail {
  inputs: LineInputs;
  sources: LineSources;
}
/** What the ledger keeps of an adjustment line: the adjustment event without the line's own fields. */
export type AdjustmentLineDetail = Omit<
  PayAdjustmentCalculated['data'],
  | 'runId'
  | 'opdId'
  | 'month'
  | 'calculation'
  | 'revision'
  | 'nip'
  | 'name'
  | 'bankAccount'
  | 'lineKey'
  | 'policyVersion'
  | 'amounts'
  | 'lineHash'
>;

/** A row of `pay_line`: one line of a calculation of a run. */
interface PayLineRowBase {
  run_id: string;
  calculation: number;
  nip: string;
  line_key: string;
  revision: number;
  opd_id: string;
  month: string;
  name: string;
  policy_version: string;
  amounts: Amounts;
  bank_account: BankAccountRef;
  line_hash: string;
  event_id: string;
  stream_id: string;
  objection_id: string | null;
  adjusts_month: string | null;
}
export type PayLineRow = PayLineRowBase & ({ kind: 'TPP'; detail: TppLineDetail } | { kind: 'ADJUSTMENT'; detail: AdjustmentLineDetail });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 50;

/**
 * Waits until the payroll projection has applied the run's stream up to `version` (its events
 * and, before them in the log, every input recorded before the command was made).
 */
export async function waitForRun(pool: Pool, runId: string, version: number, timeoutMs = 30_000): Promise<void> {
  // Counted in polls, not read from a clock: a set clock (tests, replays) must not stop the wait.
  for (let waited = 0; ; waited += POLL_MS) {
    const { rows } = await pool.query<{ v: number }>('SELECT stream_version AS v FROM pay_run WHERE run_id = $1', [runId]);
    if (rows[0] && rows[0].v >= version) return;
    if (waited > timeoutMs)
      throw domainError(
        'READ_MODEL_BEHIND',
        { runId, version },
        'the pay ledger is still catching up; try again in a moment',
        'UNAVAILABLE',
      );
    await sleep(POLL_MS);
  }
}

/**
 * The runs whose calculation was started and has not ended (CALCULATING): each needs its job on
 * the queue. What the worker puts back when the queue lost its jobs or never got one.
 */
export async function calculatingRuns(
  pool: Pool,
): Promise<Array<{ runId: string; opdId: string; month: string; calculation: number; runVersion: number }>> {
  const { rows } = await pool.query(
    `SELECT run_id AS "runId", opd_id AS "opdId", month, calculation, stream_version AS "runVersion"
       FROM pay_run WHERE status = 'CALCULATING' ORDER BY run_id`,
  );
  return rows;
}

/** A row of the employee inputs query, before its sanctions are joined in. */
interface EmployeeInputRow {
  nip: string;
  name: string;
  position_grade: number;
  salary_base: string;
  salary_gross: string;
  ter_category: string;
  bank_account: BankAccountRef;
  version: number;
  predikat: Predikat | null;
  predikat_event_id: string | null;
  objection_id: string | null;
  counts: Record<string, number> | null;
  attendance_event_id: string | null;
}

/** The active employees of the OPD with the month's inputs ($1 the OPD, $2 the month), `where` narrowing them, by NIP. */
const employeeInputsSql = (where: string) =>
  `SELECT e.nip, e.name, e.position_grade, e.salary_base, e.salary_gross, e.ter_category, e.bank_account, e.version,
          p.predikat, p.event_id AS predikat_event_id, p.objection_id, a.counts, a.event_id AS attendance_event_id
     FROM pay_employee e
     LEFT JOIN pay_predikat p ON p.nip = e.nip AND p.month = $2
     LEFT JOIN pay_attendance a ON a.nip = e.nip AND a.month = $2
    WHERE e.opd_id = $1 AND e.employment_state = 'ACTIVE' ${where}
    ORDER BY e.nip`;

type Queryable = Pick<Pool, 'query'>;

/** The rows with their sanctions (read with `where` narrowing the sanctions as the rows were narrowed), as inputs. */
async function withSanctions(
  db: Queryable,
  rows: EmployeeInputRow[],
  opdId: string,
  month: string,
  where: string,
  args: unknown[],
): Promise<EmployeeInputs[]> {
  if (!rows.length) return [];
  const { rows: sanctions } = await db.query<{
    nip: string;
    sanction_id: string;
    type: SanctionType;
    start_month: string;
    months: number;
  }>(
    `SELECT s.nip, s.sanction_id, s.type, s.start_month, s.months FROM pay_sanction s JOIN pay_employee e ON e.nip = s.nip
      WHERE e.opd_id = $1 AND s.start_month <= $2 ${where} ORDER BY s.sanction_id`,
    [opdId, month, ...args],
  );
  const byNip = new Map<string, typeof sanctions>();
  for (const s of sanctions) byNip.set(s.nip, [...(byNip.get(s.nip) ?? []), s]);
  return rows.map((r) => {
    const mine = (byNip.get(r.nip) ?? []).map((s) => ({ id: s.sanction_id, type: s.type, startMonth: s.start_month, months: s.months }));
    const sanction = sanctionInMonth(mine, month);
    return {
      nip: r.nip,
      name: r.name,
      positionGrade: r.position_grade,
      salaryBase: r.salary_base,
      salaryGross: r.salary_gross,
      terCategory: r.ter_category,
      bankAccount: r.bank_account,
      employeeVersion: r.version,
      predikat: r.predikat ?? null,
      predikatEventId: r.predikat_event_id ?? null,
      objectionId: r.objection_id ?? null,
      attendance: r.counts ?? null,
      attendanceEventId: r.attendance_event_id ?? null,
      sanction,
      sanctionIds: sanction === 'NONE' ? [] : mine.filter((s) => s.startMonth <= month).map((s) => s.id),
    };
  });
}

/** The inputs of every active employee paid by the OPD, sorted by NIP, for the month. */
export async function employeeInputs(pool: Pool, opdId: string, month: string, nip?: string): Promise<EmployeeInputs[]> {
  const where = nip ? 'AND e.nip = $3' : '';
  const args = nip ? [nip] : [];
  const { rows } = await pool.query<EmployeeInputRow>(employeeInputsSql(where), [opdId, month, ...args]);
  return withSanctions(pool, rows, opdId, month, nip ? 'AND s.nip = $3' : '', args);
}

/**
 * The same inputs as `employeeInputs`, read in pages from one snapshot of the read model (a
 * read-only REPEATABLE READ transaction and a cursor): a run of 100,000 employees never holds the
 * whole register, and every page, the count and the lookups see the register as of one moment, as
 * the single query did. `close()` ends the transaction (always call it).
 */
export interface EmployeeInputPages {
  /** How many employees the pages hold. */
  total: number;
  /** The next `size` employees in NIP order (fewer at the end, none after). */
  next(size: number): Promise<EmployeeInputs[]>;
  /** Particular employees of the same snapshot (those an adjustment line is written for). */
  only(nips: readonly string[]): Promise<EmployeeInputs[]>;
  close(): Promise<void>;
}

export async function employeeInputPages(pool: Pool, opdId: string, month: string): Promise<EmployeeInputPages> {
  // Held between pages while lines are priced: a server gone meanwhile fails the next page, not the process.
  const held = await holdConnection(pool);
  const client = held.use();
  const release = held.release;
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    // A transaction that cannot end cleanly takes its connection with it, never back to the pool.
    const failed = await client.query('COMMIT').then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    release(failed);
  };
  let total: number;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pay_employee e WHERE e.opd_id = $1 AND e.employment_state = 'ACTIVE'`,
      [opdId],
    );
    total = Number(rows[0].n);
    await client.query(`DECLARE employee_inputs NO SCROLL CURSOR FOR ${employeeInputsSql('')}`, [opdId, month]);
  } catch (e) {
    open = false;
    release(e instanceof Error ? e : true);
    throw e;
  }
  // A batch still running when the job failed must not use a connection given back to the pool.
  const using = () => {
    if (!open) throw new Error('the employee pages are closed');
    return held.use();
  };
  const byNips = async (where: string, nips: readonly string[]) => {
    const { rows } = await using().query<EmployeeInputRow>(employeeInputsSql(where), [opdId, month, nips]);
    return rows;
  };
  return {
    total,
    async next(size: number) {
      const { rows } = await using().query<EmployeeInputRow>(`FETCH ${Math.max(1, Math.floor(size))} FROM employee_inputs`);
      return withSanctions(using(), rows, opdId, month, 'AND s.nip = ANY($3::text[])', [rows.map((r) => r.nip)]);
    },
    async only(nips: readonly string[]) {
      if (!nips.length) return [];
      const rows = await byNips('AND e.nip = ANY($3::text[])', nips);
      return withSanctions(using(), rows, opdId, month, 'AND s.nip = ANY($3::text[])', [rows.map((r) => r.nip)]);
    },
    close,
  };
}

export interface AmendmentToAdjust {
  objectionId: string;
  nip: string;
  month: string;
  predikat: Predikat;
  paidLineId: string;
  paidRunId: string;
  policyVersion: string;
  detail: TppLineDetail;
  amounts: Amounts;
}

/**
 * Amended predikat of months already disbursed, for employees the OPD pays now, that no other
 * live run already carries: each becomes an adjustment line in this run.
 */
export async function amendmentsToAdjust(pool: Pool, opdId: string, month: string, runId: string): Promise<AmendmentToAdjust[]> {
  const { rows } = await pool.query<{
    objection_id: string;
    nip: string;
    month: string;
    predikat: Predikat;
    event_id: string;
    run_id: string;
    policy_version: string;
    detail: TppLineDetail;
    amounts: Amounts;
  }>(
    `SELECT am.objection_id, am.nip, am.month, am.predikat, l.event_id, l.run_id, l.policy_version, l.detail, l.amounts
       FROM pay_amendment am
       JOIN pay_employee e ON e.nip = am.nip AND e.opd_id = $1
       JOIN pay_line l ON l.nip = am.nip AND l.month = am.month AND l.line_key = 'TPP'
       JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation AND r.status = 'DISBURSED'
      WHERE am.month < $2
        AND NOT EXISTS (SELECT 1 FROM pay_line x JOIN pay_run xr ON xr.run_id = x.run_id AND xr.calculation = x.calculation
                         WHERE x.objection_id = am.objection_id AND x.run_id <> $3 AND xr.status NOT IN ('DRAFT', 'CALCULATING', 'CALCULATION_FAILED'))
      ORDER BY am.nip, am.month, am.objection_id`,
    [opdId, month, runId],
  );
  return rows.map((r) => ({
    objectionId: r.objection_id,
    nip: r.nip,
    month: r.month,
    predikat: r.predikat,
    paidLineId: r.event_id,
    paidRunId: r.run_id,
    policyVersion: r.policy_version,
    detail: r.detail,
    amounts: r.amounts,
  }));
}

/**
 * The TPP lines of a run's current calculation whose recorded sources are no longer the inputs in
 * force: the register entry moved on (its version), the month's predikat or attendance now comes
 * from another event, or a sanction running in the month is one the line did not count. Read
 * from the ledger: a caller that acts on the answer first waits for the ledger to catch up.
 */
export async function staleLines(
  pool: Pool,
  runId: string,
  options: { limit?: number; nips?: string[] } = {},
): Promise<{ count: number; lines: StaleLine[] }> {
  const { rows } = await pool.query<{ nip: string; line_key: string; inputs: LineInput[]; count: string }>(
    `SELECT nip, line_key, inputs, count(*) OVER () AS count FROM (
       SELECT l.nip, l.line_key,
              array_remove(ARRAY[
                CASE WHEN e.version IS DISTINCT FROM (src->>'employeeVersion')::int THEN 'register' END,
                CASE WHEN p.event_id IS DISTINCT FROM (src->>'predikatEventId')::uuid THEN 'predikat' END,
                CASE WHEN a.event_id IS DISTINCT FROM (src->>'attendanceEventId')::uuid THEN 'attendance' END,
                CASE WHEN EXISTS (
                  SELECT 1 FROM pay_sanction s
                   WHERE s.nip = l.nip AND s.start_month <= l.month
                     AND to_char(to_date(s.start_month, 'YYYY-MM') + make_interval(months => s.months), 'YYYY-MM') > l.month
                     AND NOT coalesce(src->'sanctionIds', '[]'::jsonb) ? s.sanction_id) THEN 'sanction' END
              ], NULL) AS inputs
         FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
         CROSS JOIN LATERAL (SELECT l.detail->'sources' AS src) x
         LEFT JOIN pay_employee e ON e.nip = l.nip
         LEFT JOIN pay_predikat p ON p.nip = l.nip AND p.month = l.month
         LEFT JOIN pay_attendance a ON a.nip = l.nip AND a.month = l.month
        WHERE l.run_id = $1 AND l.kind = 'TPP' AND ($2::text[] IS NULL OR l.nip = ANY($2::text[]))
     ) t
     WHERE cardinality(inputs) > 0
     ORDER BY nip, line_key LIMIT $3`,
    [runId, options.nips ?? null, options.limit ?? STALE_LINES_NAMED],
  );
  return {
    count: rows.length ? Number(rows[0].count) : 0,
    lines: rows.map((r) => ({ nip: r.nip, lineKey: r.line_key, inputs: r.inputs })),
  };
}

/** The NIPs of `nips` the payroll register knows. */
export async function knownPayrollNips(pool: Pool, nips: readonly string[]): Promise<Set<string>> {
  const { rows } = await pool.query<{ nip: string }>('SELECT nip FROM pay_employee WHERE nip = ANY($1)', [nips]);
  return new Set(rows.map((r) => r.nip));
}

/** The active employees an OPD pays, by NIP. */
export async function payrollRegisterOf(pool: Pool, opdId: string): Promise<string[]> {
  const { rows } = await pool.query<{ nip: string }>(
    `SELECT nip FROM pay_employee WHERE opd_id = $1 AND employment_state = 'ACTIVE' ORDER BY nip`,
    [opdId],
  );
  return rows.map((r) => r.nip);
}

/** Who has the month's predikat in the pay inputs. */
export async function predikatNipsOf(pool: Pool, month: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ nip: string }>('SELECT nip FROM pay_predikat WHERE month = $1', [month]);
  return new Set(rows.map((r) => r.nip));
}

/** The TPP line of an employee in a calculation of a run, as the ledger holds it. */
export async function slipLine(
  pool: Pool,
  runId: string,
  calculation: number,
  nip: string,
): Promise<Pick<PayLineRow, 'line_hash' | 'amounts'> | undefined> {
  const { rows } = await pool.query<Pick<PayLineRow, 'line_hash' | 'amounts'>>(
    `SELECT line_hash, amounts FROM pay_line WHERE run_id = $1 AND calculation = $2 AND nip = $3 AND line_key = 'TPP'`,
    [runId, calculation, nip],
  );
  return rows[0];
}

/** The steps of a run (who did what, why, on which digest), as the ledger holds them. */
export async function runSteps(pool: Pool, runId: string): Promise<unknown[]> {
  const { rows } = await pool.query<{ steps: unknown[] }>('SELECT steps FROM pay_run WHERE run_id = $1', [runId]);
  return rows[0]?.steps ?? [];
}

/** A page of the lines of a run's current calculation, by NIP after `after`. */
export async function runLinesPage(pool: Pool, runId: string, after: string, limit: number): Promise<PayLineRow[]> {
  const { rows } = await pool.query<PayLineRow>(
    `SELECT l.nip, l.name, l.line_key, l.kind, l.revision, l.amounts, l.policy_version, l.event_id, l.objection_id, l.adjusts_month
       FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
      WHERE l.run_id = $1 AND (l.nip, l.line_key) > ($2, '') ORDER BY l.nip, l.line_key LIMIT $3`,
    [runId, after, Math.min(Math.max(1, limit), 5000)],
  );
  return rows;
}

/** Every line of a run's current calculation, by NIP and line key (the exports). */
export async function runLines(pool: Pool, runId: string): Promise<PayLineRow[]> {
  const { rows } = await pool.query<PayLineRow>(
    `SELECT l.nip, l.name, l.line_key, l.kind, l.amounts, l.bank_account, l.objection_id, l.adjusts_month
       FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
      WHERE l.run_id = $1 ORDER BY l.nip, l.line_key`,
    [runId],
  );
  return rows;
}

/** A ledger line with its run's state. */
export type LedgerRow = PayLineRow & {
  status: string;
  run_calculation: number;
  sp2d_number: string | null;
  sp2d_date: string | null;
  run_policy_version: string | null;
};

/** The pay ledger of an employee for a month: the lines of every run's current calculation. */
export async function ledgerOf(pool: Pool, nip: string, month: string): Promise<LedgerRow[]> {
  const { rows } = await pool.query<LedgerRow>(
    `SELECT l.*, r.status, r.calculation AS run_calculation, r.sp2d_number, r.sp2d_date, r.policy_version AS run_policy_version
       FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation
      WHERE l.nip = $1 AND l.month = $2 ORDER BY l.run_id, l.line_key`,
    [nip, month],
  );
  return rows;
}

/** The OPD that pays an employee now, per the payroll register. */
export async function payingOpdOf(pool: Pool, nip: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ opd_id: string }>('SELECT opd_id FROM pay_employee WHERE nip = $1', [nip]);
  return rows[0]?.opd_id;
}

/** Reads one stream of the log (through the EventStore port) as of a moment. */
type ReadStreamAsOf = (streamId: string, options: { from?: number; to?: number; asOf: Date }) => Promise<RecordedEvent[]>;

/**
 * The pay ledger of an employee for a month as the log held it at `asOf`: each run's stream read up
 * to that moment and folded as the projection folds it (`runRowOf`), and the lines of the run's
 * calculation then, each read from where the ledger says it is and built by the projection's own
 * `payLineRow` (a recalculated slip's later revision from the run's stream, if recorded by then).
 * The ledger only says where the events are; what they say comes from the log.
 */
export async function ledgerAsOf(pool: Pool, readStream: ReadStreamAsOf, nip: string, month: string, asOf: Date): Promise<LedgerRow[]> {
  const { rows: origins } = await pool.query<{
    run_id: string;
    calculation: number;
    line_key: string;
    origin_stream_id: string;
    origin_position: number;
  }>('SELECT run_id, calculation, line_key, origin_stream_id, origin_position FROM pay_line WHERE nip = $1 AND month = $2', [nip, month]);
  const runIds = [...new Set(origins.map((o) => o.run_id))];
  const perRun = await Promise.all(
    runIds.map(async (runId) => {
      const events = await readStream(`PayrollRun-${runId}`, { asOf });
      const run = runRowOf(events);
      if (!run || run.calculation === 0) return [];
      const lines = new Map<string, PayLineColumns>();
      const firsts = await Promise.all(
        origins
          .filter((o) => o.run_id === runId && o.calculation === run.calculation)
          .map((o) => readStream(o.origin_stream_id, { from: o.origin_position, to: o.origin_position, asOf })),
      );
      for (const [first] of firsts)
        if (first && PAY_LINE_EVENT_TYPES.includes(first.type)) lines.set(payLineRow(first).line_key, payLineRow(first));
      // A recalculated slip's line follows its PaySlipRecalculated in the run's stream.
      for (const e of events) {
        if (!PAY_LINE_EVENT_TYPES.includes(e.type)) continue;
        const r = payLineRow(e);
        if (r.nip === nip && r.calculation === run.calculation) lines.set(r.line_key, laterRevision(lines.get(r.line_key), r));
      }
      return [...lines.values()].map(
        (l) =>
          ({
            ...l,
            status: run.status,
            run_calculation: run.calculation,
            sp2d_number: run.sp2d_number,
            sp2d_date: run.sp2d_date,
            run_policy_version: run.policy_version,
          }) as unknown as LedgerRow,
      );
    }),
  );
  return perRun.flat().sort((a, b) => (a.run_id === b.run_id ? (a.line_key < b.line_key ? -1 : 1) : a.run_id < b.run_id ? -1 : 1));
}

/** A sanction of the register as the sanctions list shows it. */
export interface SanctionRow {
  sanctionId: string;
  nip: string;
  name: string | null;
  opdId: string | null;
  type: SanctionType;
  startMonth: string;
  months: number;
  /** The first month it no longer runs (YYYY-MM). */
  endMonth: string;
  decreeNumber: string | null;
  eventId: string;
}

/**
 * The sanctions register, newest start first, filtered by NIP, by a month it runs in and by the OPD
 * the employee is in now (payroll register); `limit`/`offset` pages it.
 */
export async function listSanctions(
  pool: Pool,
  filter: { nip?: string; month?: string; opdId?: string },
  page: { limit: number; offset: number },
): Promise<SanctionRow[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const end = `to_char((s.start_month || '-01')::date + make_interval(months => s.months), 'YYYY-MM')`;
  if (filter.nip) where.push(`s.nip = $${args.push(filter.nip)}`);
  if (filter.opdId) where.push(`e.opd_id = $${args.push(filter.opdId)}`);
  if (filter.month) {
    const m = args.push(filter.month);
    where.push(`s.start_month <= $${m} AND ${end} > $${m}`);
  }
  const limit = args.push(page.limit);
  const offset = args.push(page.offset);
  const { rows } = await pool.query<{
    sanction_id: string;
    nip: string;
    name: string | null;
    opd_id: string | null;
    type: SanctionType;
    start_month: string;
    months: number;
    end_month: string;
    decree_number: string | null;
    event_id: string;
  }>(
    `SELECT s.sanction_id, s.nip, e.name, e.opd_id, s.type, s.start_month, s.months, ${end} AS end_month, s.decree_number, s.event_id
       FROM pay_sanction s LEFT JOIN pay_employee e ON e.nip = s.nip
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.start_month DESC, s.nip, s.sanction_id LIMIT $${limit} OFFSET $${offset}`,
    args,
  );
  return rows.map((r) => ({
    sanctionId: r.sanction_id,
    nip: r.nip,
    name: r.name,
    opdId: r.opd_id,
    type: r.type,
    startMonth: r.start_month,
    months: r.months,
    endMonth: r.end_month,
    decreeNumber: r.decree_number || null,
    eventId: r.event_id,
  }));
}
