import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import {
  PAYROLL_RUN_EVENT_TYPES,
  PayrollRunEvent,
  type Amounts,
  type BankAccountRef,
  type PayAdjustmentCalculated,
  type PayLineCalculated,
  type PayLineEvent,
} from '@kinerja/domain/payroll';
import { update } from '../sql';
import type { ProjectionContext } from '../projection';

export const PAY_LINE_EVENT_TYPES = ['PayLineCalculated', 'PayAdjustmentCalculated'];

const RUN_TYPES = new Set<string>(PAYROLL_RUN_EVENT_TYPES);
export const isRunEvent = (e: RecordedEvent): boolean => RUN_TYPES.has(e.type);

/** A row of `pay_line` as written, every column by name (jsonb ones as values, bigints as strings). */
export interface PayLineColumns {
  run_id: string;
  calculation: number;
  nip: string;
  line_key: string;
  revision: number;
  opd_id: string;
  month: string;
  name: string;
  kind: 'TPP' | 'ADJUSTMENT';
  policy_version: string;
  gross: string;
  net: string;
  amounts: Amounts;
  bank_account: BankAccountRef;
  detail: unknown;
  line_hash: string;
  event_id: string;
  stream_id: string;
  objection_id: string | null;
  adjusts_month: string | null;
  recorded_at: Date;
  /** Where the line's first revision is in the log (its batch stream and position): the as-of ledger reads it from there. */
  origin_stream_id: string;
  origin_position: number;
}

/** The fields of an adjustment event that are the line's own columns (the rest is its detail). */
const LINE_FIELDS = new Set([
  'runId',
  'opdId',
  'month',
  'calculation',
  'revision',
  'nip',
  'name',
  'bankAccount',
  'lineKey',
  'policyVersion',
  'amounts',
  'lineHash',
]);

/** The ledger row of a pay line event: what the projection writes and what the as-of ledger folds in memory. */
export function payLineRow(e: RecordedEvent): PayLineColumns {
  const d = e.data as PayLineEvent['data'];
  const tpp = e.type === 'PayLineCalculated';
  const detail = tpp
    ? { inputs: (d as PayLineCalculated['data']).inputs, sources: (d as PayLineCalculated['data']).sources }
    : Object.fromEntries(Object.entries(d).filter(([k]) => !LINE_FIELDS.has(k)));
  const adj = tpp ? undefined : (d as PayAdjustmentCalculated['data']);
  return {
    run_id: d.runId,
    calculation: d.calculation,
    nip: d.nip,
    line_key: d.lineKey,
    revision: d.revision,
    opd_id: d.opdId,
    month: d.month,
    name: d.name,
    kind: tpp ? 'TPP' : 'ADJUSTMENT',
    policy_version: d.policyVersion,
    gross: String(BigInt(d.amounts.gross)),
    net: String(BigInt(d.amounts.net)),
    amounts: d.amounts,
    bank_account: d.bankAccount,
    detail,
    line_hash: d.lineHash,
    event_id: e.id,
    stream_id: e.streamId,
    objection_id: adj?.objectionId ?? null,
    adjusts_month: adj?.adjustsMonth ?? null,
    recorded_at: e.recordedAt,
    origin_stream_id: e.streamId,
    origin_position: e.streamPosition,
  };
}

/** Of two rows of one line (same run, calculation, employee, key), the one the ledger keeps: the higher revision, its origin the first's. */
export function laterRevision(stored: PayLineColumns | undefined, next: PayLineColumns): PayLineColumns {
  if (!stored) return next;
  if (next.revision <= stored.revision) return stored;
  return { ...next, origin_stream_id: stored.origin_stream_id, origin_position: stored.origin_position };
}

/**
 * Copies pay line events (read through the EventStore port) into the ledger: a calculation has
 * one line per key; a recalculated slip replaces its line only with a higher revision (keeping
 * where its first revision is).
 */
export async function insertLines(client: PoolClient, t: string, events: RecordedEvent[]): Promise<void> {
  const lines = events.filter((e) => PAY_LINE_EVENT_TYPES.includes(e.type));
  if (!lines.length) return;
  // The batch goes as one jsonb parameter and PostgreSQL builds the rows: a batch of lines is one statement.
  await client.query(
    `INSERT INTO ${t} (${LINE_COLUMNS})
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(run_id text, calculation int, nip text, line_key text, revision int, opd_id text,
       month text, name text, kind text, policy_version text, gross bigint, net bigint, amounts jsonb, bank_account jsonb, detail jsonb,
       line_hash text, event_id uuid, stream_id text, objection_id text, adjusts_month text, recorded_at timestamptz, origin_stream_id text,
       origin_position int)
     ${laterRevisionWins(t)}`,
    [JSON.stringify(lines.map(payLineRow))],
  );
}

/**
 * The same copy as `insertLines` for a batch stream of the log in this database, done by
 * PostgreSQL alone: the rows are built from the stored events in the statement, nothing read into
 * Node and sent back (a run of 100,000 lines spent a tenth of its worker's CPU on that round trip).
 * Only for a log read as stored in this database (no upcaster): the runner then hands the adapter's SQL (`ProjectionContext.logSql`).
 * Row for row what `payLineRow` makes (runner.spec.ts projects one log both ways and compares).
 */
export async function copyLinesFromLog(
  client: PoolClient,
  t: string,
  log: NonNullable<ProjectionContext['logSql']>,
  streamId: string,
): Promise<void> {
  await client.query(
    `INSERT INTO ${t} (${LINE_COLUMNS})
     SELECT d->>'runId', (d->>'calculation')::int, d->>'nip', d->>'lineKey', (d->>'revision')::int, d->>'opdId', d->>'month', d->>'name',
            CASE WHEN tpp THEN 'TPP' ELSE 'ADJUSTMENT' END, d->>'policyVersion', (d->'amounts'->>'gross')::bigint,
            (d->'amounts'->>'net')::bigint, d->'amounts', d->'bankAccount',
            CASE WHEN NOT tpp THEN d - $2::text[]
                 ELSE CASE WHEN d ? 'inputs' THEN jsonb_build_object('inputs', d->'inputs') ELSE '{}'::jsonb END
                   || CASE WHEN d ? 'sources' THEN jsonb_build_object('sources', d->'sources') ELSE '{}'::jsonb END END,
            d->>'lineHash', event_id, stream_id, CASE WHEN tpp THEN NULL ELSE d->>'objectionId' END,
            CASE WHEN tpp THEN NULL ELSE d->>'adjustsMonth' END, recorded_at, stream_id, stream_position::int
       FROM (SELECT data AS d, event_type = 'PayLineCalculated' AS tpp, event_id, stream_id, stream_position, recorded_at
               FROM (${log.streamEventsSql('$1', '$3::text[]')}) s) e
     ${laterRevisionWins(t)}`,
    [streamId, [...LINE_FIELDS], PAY_LINE_EVENT_TYPES],
  );
}

const LINE_COLUMNS = `run_id, calculation, nip, line_key, revision, opd_id, month, name, kind, policy_version, gross, net, amounts, bank_account,
       detail, line_hash, event_id, stream_id, objection_id, adjusts_month, recorded_at, origin_stream_id, origin_position`;

/** A line already in the ledger is replaced only by a higher revision (a recalculated slip), keeping where its first revision is. */
const laterRevisionWins = (t: string) =>
  `ON CONFLICT (run_id, calculation, nip, line_key) DO UPDATE SET revision = excluded.revision, amounts = excluded.amounts, gross = excluded.gross,
       net = excluded.net, detail = excluded.detail, line_hash = excluded.line_hash, event_id = excluded.event_id, stream_id = excluded.stream_id,
       policy_version = excluded.policy_version, recorded_at = excluded.recorded_at
     WHERE excluded.revision > ${t}.revision`;

/** One step of a run as its row lists it. */
export interface RunStep {
  event: string;
  eventId: string;
  by: unknown;
  role: unknown;
  reason: unknown;
  digest: string | null;
  at: string;
}

/** The fields a step shows, whichever of the run's events carries them. */
type StepFields = Partial<Record<'by' | 'openedBy' | 'requestedBy' | 'reason' | 'digest', string>>;

/** The columns of `pay_run` a run's event may change besides its steps and version. */
type RunChange = Partial<{
  status: string;
  calculation: number;
  policy_version: string;
  line_count: number;
  adjustment_count: number;
  total_gross: string;
  total_net: string;
  digest: string;
  skipped: string;
  sp2d_number: string;
  sp2d_date: string;
}>;

const STATUS_OF: Record<string, string> = {
  PayrollRunOpened: 'DRAFT',
  PayrollCalculationStarted: 'CALCULATING',
  PayrollCalculated: 'CALCULATED',
  PayrollCalculationFailed: 'CALCULATION_FAILED',
  PayrollRunSubmitted: 'SUBMITTED',
  PayrollRunVerified: 'VERIFIED',
  PayrollRunApproved: 'APPROVED',
  PayrollRunDisbursed: 'DISBURSED',
  PayrollRunReturned: 'DRAFT',
};

/** What a run's event adds to its row: its step (who, role, why, digest) and the columns it changes. */
export function runRowChange(e: RecordedEvent): { step: RunStep; change: RunChange & { opd_id?: string; month?: string } } {
  const ev = { type: e.type, data: e.data } as PayrollRunEvent;
  const d: StepFields & { runId: string; at: string } = ev.data;
  const step: RunStep = {
    event: e.type,
    eventId: e.id,
    by: e.metadata?.actor ?? d.by ?? d.openedBy ?? d.requestedBy ?? null,
    role: e.metadata?.role ?? null,
    reason: d.reason ?? e.metadata?.reason ?? null,
    digest: d.digest ?? null,
    at: d.at,
  };
  const change: RunChange & { opd_id?: string; month?: string } = {};
  if (STATUS_OF[e.type]) change.status = STATUS_OF[e.type];
  switch (ev.type) {
    case 'PayrollRunOpened':
      Object.assign(change, { opd_id: ev.data.opdId, month: ev.data.month, policy_version: ev.data.policyVersion });
      break;
    case 'PayrollCalculationStarted':
      Object.assign(change, {
        calculation: ev.data.calculation,
        policy_version: ev.data.policyVersion,
        line_count: 0,
        total_gross: '0',
        total_net: '0',
        digest: '',
      });
      break;
    case 'PayrollCalculated':
      Object.assign(change, {
        line_count: ev.data.lineCount,
        adjustment_count: ev.data.adjustmentCount,
        total_gross: ev.data.totalGross,
        total_net: ev.data.totalNet,
        digest: ev.data.digest,
        skipped: JSON.stringify(ev.data.skipped),
      });
      break;
    case 'PaySlipRecalculated':
      Object.assign(change, { total_gross: ev.data.totalGross, total_net: ev.data.totalNet, digest: ev.data.digest });
      break;
    case 'PayrollRunDisbursed':
      Object.assign(change, { sp2d_number: ev.data.sp2dNumber, sp2d_date: ev.data.sp2dDate });
      break;
  }
  return { step, change };
}

/** A run's row: its status, totals and the list of its steps (who did what, why, on which digest). */
export async function applyRun(client: PoolClient, t: string, e: RecordedEvent): Promise<void> {
  const { step, change } = runRowChange(e);
  const steps = JSON.stringify([step]);
  const d = e.data as { runId: string };
  if (e.type === 'PayrollRunOpened') {
    await client.query(
      `INSERT INTO ${t} (run_id, opd_id, month, status, policy_version, steps, stream_version, updated_at) VALUES ($1,$2,$3,'DRAFT',$4,$5,$6,$7)
       ON CONFLICT (run_id) DO NOTHING`,
      [d.runId, change.opd_id, change.month, change.policy_version, steps, e.streamPosition, e.recordedAt],
    );
    return;
  }
  const row = { steps, stream_version: e.streamPosition, updated_at: e.recordedAt, ...change };
  await client.query(update(t, { run_id: d.runId }, row, { steps: '{column} || {value}::jsonb' }));
}

/** A run's row folded in memory from its stream (read as of a moment): the columns the pay ledger joins. */
export interface RunRow {
  run_id: string;
  opd_id: string;
  month: string;
  status: string;
  calculation: number;
  policy_version: string | null;
  sp2d_number: string | null;
  sp2d_date: string | null;
  steps: RunStep[];
}

/** Folds a run's events (in stream order) as `applyRun` writes them; null before the run was opened. */
export function runRowOf(events: RecordedEvent[]): RunRow | null {
  let row: RunRow | null = null;
  for (const e of events) {
    if (!isRunEvent(e)) continue;
    const { step, change } = runRowChange(e);
    if (e.type === 'PayrollRunOpened') {
      row ??= {
        run_id: (e.data as { runId: string }).runId,
        opd_id: change.opd_id ?? '',
        month: change.month ?? '',
        status: 'DRAFT',
        calculation: 0,
        policy_version: change.policy_version ?? null,
        sp2d_number: null,
        sp2d_date: null,
        steps: [step],
      };
      continue;
    }
    if (!row) continue;
    row = {
      ...row,
      status: change.status ?? row.status,
      calculation: change.calculation ?? row.calculation,
      policy_version: change.policy_version ?? row.policy_version,
      sp2d_number: change.sp2d_number ?? row.sp2d_number,
      sp2d_date: change.sp2d_date ?? row.sp2d_date,
      steps: [...row.steps, step],
    };
  }
  return row;
}
