import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import { PAYROLL_RUN_EVENT_TYPES, PayrollRunEvent } from '@kinerja/domain/payroll';
import { update } from '../sql';

export const PAY_LINE_EVENT_TYPES = ['PayLineCalculated', 'PayAdjustmentCalculated'];

const RUN_TYPES = new Set<string>(PAYROLL_RUN_EVENT_TYPES);
export const isRunEvent = (e: RecordedEvent): boolean => RUN_TYPES.has(e.type);

/**
 * Copies pay line events (read through the EventStore port) into the ledger: a calculation has
 * one line per key; a recalculated slip replaces its line only with a higher revision.
 */
export async function insertLines(client: PoolClient, t: string, events: RecordedEvent[]): Promise<void> {
  const lines = events.filter((e) => PAY_LINE_EVENT_TYPES.includes(e.type));
  if (!lines.length) return;
  // The batch goes as one jsonb parameter and PostgreSQL builds the rows: a batch of lines is one
  // statement, and each column is taken from the event's data exactly as it was stored.
  const batch = JSON.stringify(lines.map((e) => ({ type: e.type, id: e.id, stream_id: e.streamId, recorded_at: e.recordedAt, d: e.data })));
  await client.query(
    `INSERT INTO ${t} (run_id, calculation, nip, line_key, revision, opd_id, month, name, kind, policy_version, gross, net, amounts, bank_account,
       detail, line_hash, event_id, stream_id, objection_id, adjusts_month, recorded_at)
     SELECT d->>'runId', (d->>'calculation')::int, d->>'nip', d->>'lineKey', (d->>'revision')::int, d->>'opdId', d->>'month', d->>'name',
            CASE WHEN e.type = 'PayLineCalculated' THEN 'TPP' ELSE 'ADJUSTMENT' END, d->>'policyVersion',
            (d->'amounts'->>'gross')::bigint, (d->'amounts'->>'net')::bigint, d->'amounts', d->'bankAccount',
            CASE WHEN e.type = 'PayLineCalculated' THEN jsonb_build_object('inputs', d->'inputs', 'sources', d->'sources')
                 ELSE d - ARRAY['runId','opdId','month','calculation','revision','nip','name','bankAccount','lineKey','policyVersion','amounts','lineHash'] END,
            d->>'lineHash', e.id, e.stream_id, d->>'objectionId', d->>'adjustsMonth', e.recorded_at
       FROM jsonb_to_recordset($1::jsonb) AS e(type text, id uuid, stream_id text, recorded_at timestamptz, d jsonb)
     ON CONFLICT (run_id, calculation, nip, line_key) DO UPDATE SET revision = excluded.revision, amounts = excluded.amounts, gross = excluded.gross,
       net = excluded.net, detail = excluded.detail, line_hash = excluded.line_hash, event_id = excluded.event_id, stream_id = excluded.stream_id,
       policy_version = excluded.policy_version, recorded_at = excluded.recorded_at
     WHERE excluded.revision > ${t}.revision`,
    [batch],
  );
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

/** A run's row: its status, totals and the list of its steps (who did what, why, on which digest). */
export async function applyRun(client: PoolClient, t: string, e: RecordedEvent): Promise<void> {
  const ev = { type: e.type, data: e.data } as PayrollRunEvent;
  const d: StepFields & { runId: string; at: string } = ev.data;
  const step = JSON.stringify([
    {
      event: e.type,
      eventId: e.id,
      by: e.metadata?.actor ?? d.by ?? d.openedBy ?? d.requestedBy ?? null,
      role: e.metadata?.role ?? null,
      reason: d.reason ?? e.metadata?.reason ?? null,
      digest: d.digest ?? null,
      at: d.at,
    },
  ]);
  if (ev.type === 'PayrollRunOpened') {
    const o = ev.data;
    await client.query(
      `INSERT INTO ${t} (run_id, opd_id, month, status, policy_version, steps, stream_version, updated_at) VALUES ($1,$2,$3,'DRAFT',$4,$5,$6,$7)
       ON CONFLICT (run_id) DO NOTHING`,
      [o.runId, o.opdId, o.month, o.policyVersion, step, e.streamPosition, e.recordedAt],
    );
    return;
  }
  const change: RunChange = {};
  if (STATUS_OF[e.type]) change.status = STATUS_OF[e.type];
  switch (ev.type) {
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
  const row = { steps: step, stream_version: e.streamPosition, updated_at: e.recordedAt, ...change };
  await client.query(update(t, { run_id: d.runId }, row, { steps: '{column} || {value}::jsonb' }));
}
