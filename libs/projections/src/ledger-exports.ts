/**
 * The ledgers as an auditor exports them (issue 15, item 5): the appraisal ledger and the pay ledger
 * of an OPD over a range of months, read in batches from ONE snapshot (a repeatable-read, read-only
 * transaction), so the count, every batch and the projection's position agree whatever is written
 * while the export streams.
 */
import type { Pool } from 'pg';
import { holdConnection, type Checkpoint } from '@kinerja/event-store';
import { appraisalsProjection } from './appraisals/projection';
import { payrollProjection } from './payroll/projection';

/** The event types a ledger is folded from: what can change it after its position. */
export const ledgerEventTypes = (kind: LedgerExportKind): readonly string[] =>
  (kind === 'appraisals' ? appraisalsProjection.eventTypes : payrollProjection.eventTypes) ?? [];

export const LEDGER_EXPORTS = ['appraisals', 'pay'] as const;
export type LedgerExportKind = (typeof LEDGER_EXPORTS)[number];

export interface LedgerExportFilter {
  opdId?: string;
  /** First month `YYYY-MM` (pay: the line's month; appraisals: any month of the period). */
  fromMonth?: string;
  toMonth?: string;
}

/** The appraisal ledger's row in an export: what was decided, by whom, on which policy, where it stands. */
export const APPRAISAL_EXPORT_COLUMNS = [
  'nip',
  'period',
  'opdId',
  'raterNip',
  'raterSupervisorNip',
  'results',
  'behaviour',
  'predikat',
  'issuedPredikat',
  'state',
  'revision',
  'policyVersion',
  'calibrationId',
  'issuedOn',
  'objectionFiledOn',
  'decisionOutcome',
  'finalisedAt',
  'streamVersion',
  'updatedAt',
] as const;

/** The pay ledger's row: one line of a run's current calculation, with the run's state. */
export const PAY_EXPORT_COLUMNS = [
  'month',
  'opdId',
  'runId',
  'runStatus',
  'calculation',
  'nip',
  'name',
  'lineKey',
  'kind',
  'revision',
  'policyVersion',
  'gross',
  'net',
  'adjustsMonth',
  'objectionId',
  'lineHash',
  'eventId',
  'runDigest',
  'sp2dNumber',
  'sp2dDate',
  'recordedAt',
] as const;

export type LedgerExportRow = Record<string, string | number | null>;

interface Where {
  sql: string;
  args: unknown[];
}

function appraisalWhere(f: LedgerExportFilter): Where {
  const args: unknown[] = [];
  const parts: string[] = [];
  if (f.opdId) parts.push(`opd_id = $${args.push(f.opdId)}`);
  if (f.fromMonth || f.toMonth) {
    const from = `$${args.push(f.fromMonth ?? '0000-01')}`;
    const to = `$${args.push(f.toMonth ?? '9999-12')}`;
    // A month period in the range, or a quarter (QUARTERLY policies) with one of its months in it.
    const quarterMonth = (offset: number) => `left(period, 4) || '-' || lpad((right(period, 1)::int * 3 - ${offset})::text, 2, '0')`;
    parts.push(
      `(CASE WHEN period ~ '^\\d{4}-\\d{2}$' THEN period BETWEEN ${from} AND ${to} ELSE ${quarterMonth(2)} <= ${to} AND ${quarterMonth(0)} >= ${from} END)`,
    );
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

function payWhere(f: LedgerExportFilter): Where {
  const args: unknown[] = [];
  const parts: string[] = [];
  if (f.opdId) parts.push(`l.opd_id = $${args.push(f.opdId)}`);
  if (f.fromMonth) parts.push(`l.month >= $${args.push(f.fromMonth)}`);
  if (f.toMonth) parts.push(`l.month <= $${args.push(f.toMonth)}`);
  return { sql: parts.length ? `AND ${parts.join(' AND ')}` : '', args };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const APPRAISAL_SELECT = `SELECT nip, period, opd_id, rater_nip, rater_supervisor_nip, results, behaviour, predikat, issued_predikat, state,
  revision, policy_version, calibration_id, issued_on, objection->>'filedOn' AS objection_filed_on, decision->>'outcome' AS decision_outcome,
  finalised_at, stream_version, updated_at FROM appraisal_ledger`;

function appraisalRow(r: Record<string, unknown>): LedgerExportRow {
  return {
    nip: r.nip as string,
    period: r.period as string,
    opdId: r.opd_id as string | null,
    raterNip: r.rater_nip as string | null,
    raterSupervisorNip: r.rater_supervisor_nip as string | null,
    results: r.results as string | null,
    behaviour: r.behaviour as string | null,
    predikat: r.predikat as string | null,
    issuedPredikat: r.issued_predikat as string | null,
    state: r.state as string,
    revision: r.revision as number,
    policyVersion: r.policy_version as string | null,
    calibrationId: r.calibration_id as string | null,
    issuedOn: r.issued_on as string | null,
    objectionFiledOn: r.objection_filed_on as string | null,
    decisionOutcome: r.decision_outcome as string | null,
    finalisedAt: iso(r.finalised_at as Date | null),
    streamVersion: r.stream_version as number,
    updatedAt: iso(r.updated_at as Date),
  };
}

const PAY_SELECT = `SELECT l.month, l.opd_id, l.run_id, r.status, l.calculation, l.nip, l.name, l.line_key, l.kind, l.revision, l.policy_version,
  l.gross::text AS gross, l.net::text AS net, l.adjusts_month, l.objection_id, l.line_hash, l.event_id, r.digest, r.sp2d_number, r.sp2d_date, l.recorded_at
  FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation`;

function payRow(r: Record<string, unknown>): LedgerExportRow {
  return {
    month: r.month as string,
    opdId: r.opd_id as string,
    runId: r.run_id as string,
    runStatus: r.status as string,
    calculation: r.calculation as number,
    nip: r.nip as string,
    name: r.name as string,
    lineKey: r.line_key as string,
    kind: r.kind as string,
    revision: r.revision as number,
    policyVersion: r.policy_version as string,
    // Whole rupiah, as the ledger stores them (bigint, read as text: never a float).
    gross: r.gross as string,
    net: r.net as string,
    adjustsMonth: r.adjusts_month as string | null,
    objectionId: r.objection_id as string | null,
    lineHash: r.line_hash as string,
    eventId: r.event_id as string,
    runDigest: r.digest as string,
    sp2dNumber: r.sp2d_number as string | null,
    sp2dDate: r.sp2d_date as string | null,
    recordedAt: iso(r.recorded_at as Date),
  };
}

export interface LedgerExportRead {
  /** The projection's position in the snapshot: the export holds the ledger as of this event of the log. */
  head: Checkpoint | null;
  total: number;
  batches: AsyncIterable<LedgerExportRow[]>;
  /** Ends the snapshot (also when the batches are not read to the end). */
  close(): Promise<void>;
}

/**
 * Opens one read-only snapshot and answers the count and the position at once; the batches follow
 * by keyset ((period, nip) / (month, run, nip, line)) inside the same snapshot.
 */
export async function readLedgerExport(
  pool: Pool,
  kind: LedgerExportKind,
  filter: LedgerExportFilter,
  batchSize = 1000,
): Promise<LedgerExportRead> {
  const held = await holdConnection(pool);
  const client = held.use();
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    await client.query('COMMIT').catch(() => undefined);
    held.release();
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const projection = kind === 'appraisals' ? 'appraisals' : 'payroll';
    const at = await client.query<{ transaction_id: string; global_position: string }>(
      `SELECT c.transaction_id::text AS transaction_id, c.global_position::text AS global_position
         FROM projection_checkpoints c JOIN projections p ON p.name = c.name AND p.active_generation = c.generation WHERE c.name = $1`,
      [projection],
    );
    const head =
      at.rows[0] && at.rows[0].global_position !== '0'
        ? { transactionId: at.rows[0].transaction_id, globalPosition: at.rows[0].global_position }
        : null;
    const w = kind === 'appraisals' ? appraisalWhere(filter) : payWhere(filter);
    const countSql =
      kind === 'appraisals'
        ? `SELECT count(*)::int AS n FROM appraisal_ledger ${w.sql}`
        : `SELECT count(*)::int AS n FROM pay_line l JOIN pay_run r ON r.run_id = l.run_id AND r.calculation = l.calculation WHERE true ${w.sql}`;
    const total = (await client.query<{ n: number }>(countSql, w.args)).rows[0].n;
    async function* batches(): AsyncGenerator<LedgerExportRow[]> {
      try {
        let after: unknown[] | null = null;
        for (;;) {
          const args = [...w.args];
          let sql: string;
          if (kind === 'appraisals') {
            const keyset = after ? `${w.sql ? 'AND' : 'WHERE'} (period, nip) > ($${args.push(after[0])}, $${args.push(after[1])})` : '';
            sql = `${APPRAISAL_SELECT} ${w.sql} ${keyset} ORDER BY period, nip LIMIT ${Math.max(1, batchSize)}`;
          } else {
            const keyset = after
              ? `AND (l.month, l.run_id, l.nip, l.line_key) > ($${args.push(after[0])}, $${args.push(after[1])}, $${args.push(after[2])}, $${args.push(after[3])})`
              : '';
            sql = `${PAY_SELECT} WHERE true ${w.sql} ${keyset} ORDER BY l.month, l.run_id, l.nip, l.line_key LIMIT ${Math.max(1, batchSize)}`;
          }
          const { rows } = await client.query(sql, args);
          if (rows.length === 0) return;
          const last = rows[rows.length - 1];
          after = kind === 'appraisals' ? [last.period, last.nip] : [last.month, last.run_id, last.nip, last.line_key];
          yield rows.map(kind === 'appraisals' ? appraisalRow : payRow);
          if (rows.length < batchSize) return;
        }
      } finally {
        await close();
      }
    }
    return { head, total, batches: batches(), close };
  } catch (e) {
    await close();
    throw e;
  }
}
