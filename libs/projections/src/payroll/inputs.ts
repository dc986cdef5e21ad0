import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import { AppraisalIssued, isAppraisalStream, monthsOf, ObjectionDecided } from '@kinerja/domain/appraisal';
import type { AttendanceSummaryRecorded, PredikatAmended, PredikatIssued, SanctionImposed, TppBudgetSet } from '@kinerja/domain/payroll';
import type { PredikatDifferenceResolved } from '@kinerja/domain/reconciliation';
import { upsert } from '../sql';

export const PAYROLL_INPUT_EVENT_TYPES = [
  'AttendanceSummaryRecorded',
  'PredikatIssued',
  'PredikatAmended',
  'SanctionImposed',
  'TppBudgetSet',
  // A difference with e-Kinerja BKN resolved: the chosen predikat is the month's pay input.
  'PredikatDifferenceResolved',
];
/** The appraisal's own events that set TPP's predikat: the issue, and an objection's decision. */
export const PAYROLL_APPRAISAL_EVENT_TYPES = ['AppraisalIssued', 'ObjectionDecided'];

/**
 * The key of an objection's amendment of one month. A quarterly appraisal's objection amends three
 * months: the first keeps the objection's id, the others `<objectionId>/<month>`, so each month is
 * its own amendment (and its own adjustment line, `ADJ:<key>`) while the key still names the objection.
 */
export const amendmentKey = (objectionId: string, months: readonly string[], month: string): string =>
  month === months[0] ? objectionId : `${objectionId}/${month}`;

type PayrollInputEvent =
  | AttendanceSummaryRecorded
  | PredikatIssued
  | PredikatAmended
  | SanctionImposed
  | TppBudgetSet
  | AppraisalIssued
  | ObjectionDecided
  | PredikatDifferenceResolved;

const INPUT_TYPES = new Set([...PAYROLL_INPUT_EVENT_TYPES, ...PAYROLL_APPRAISAL_EVENT_TYPES]);
export const isPayrollInput = (e: RecordedEvent): boolean => INPUT_TYPES.has(e.type);

/** The month's inputs: attendance, the predikat in force (imported, issued or amended), sanctions, budgets. */
export async function applyInput(client: PoolClient, table: (l: string) => string, e: RecordedEvent): Promise<void> {
  const ev = { type: e.type, data: e.data } as PayrollInputEvent;
  switch (ev.type) {
    case 'AttendanceSummaryRecorded':
      await client.query(
        `INSERT INTO ${table('pay_attendance')} (nip, month, counts, event_id)
         SELECT r->>'nip', $1, r->'counts', $2 FROM jsonb_array_elements($3::jsonb) r
         ON CONFLICT (nip, month) DO UPDATE SET counts = excluded.counts, event_id = excluded.event_id`,
        [ev.data.month, e.id, JSON.stringify(ev.data.rows)],
      );
      return;
    case 'PredikatIssued':
      // An amended predikat (objection decided) is not overwritten by a later import of the issued one.
      await client.query(
        `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id)
         SELECT r->>'nip', $1, r->>'predikat', $2 FROM jsonb_array_elements($3::jsonb) r
         ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id WHERE ${table('pay_predikat')}.objection_id IS NULL`,
        [ev.data.month, e.id, JSON.stringify(ev.data.rows)],
      );
      return;
    case 'PredikatAmended': {
      const d = ev.data;
      return amend(client, table, e, {
        objectionId: d.objectionId,
        nip: d.nip,
        month: d.month,
        predikat: d.predikat,
        decidedOn: d.decidedOn ?? null,
        reason: d.reason,
      });
    }
    case 'AppraisalIssued':
      return applyAppraisalsIssued(client, table, [e]);
    case 'ObjectionDecided': {
      // A confirmed rating changes nothing that is paid; an amended predikat is an amendment of each month.
      const d = ev.data;
      if (!isAppraisalStream(e.streamId) || d.predikat === d.previousPredikat) return;
      const months = monthsOf(d.period);
      for (const month of months)
        await amend(client, table, e, {
          objectionId: amendmentKey(d.objectionId, months, month),
          nip: d.nip,
          month,
          predikat: d.predikat,
          decidedOn: d.decidedOn,
          reason: d.reasons,
          previous: d.previousPredikat,
        });
      return;
    }
    case 'PredikatDifferenceResolved':
      // The chosen predikat is put in force like an issued one, under the resolution's event (so a
      // line priced before it is stale); a choice of the predikat already in force changes nothing.
      await client.query(
        `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id
          WHERE ${table('pay_predikat')}.predikat IS DISTINCT FROM excluded.predikat`,
        [ev.data.nip, ev.data.month, ev.data.predikat, e.id],
      );
      return;
    case 'SanctionImposed': {
      const d = ev.data;
      const row = {
        sanction_id: d.sanctionId,
        nip: d.nip,
        type: d.type,
        start_month: d.startMonth,
        months: d.months,
        decree_number: d.decreeNumber ?? null,
        event_id: e.id,
      };
      await client.query(upsert(table('pay_sanction'), row, { key: ['sanction_id'], onConflict: 'nothing' }));
      return;
    }
    case 'TppBudgetSet': {
      const d = ev.data;
      await client.query(
        upsert(table('pay_budget'), { opd_id: d.opdId, month: d.month, amount: d.amount, event_id: e.id }, { key: ['opd_id', 'month'] }),
      );
      return;
    }
  }
}

/**
 * Issued appraisals, in one statement however many: the period's predikat pays each of its months
 * (a quarter's, three), and a month an objection already amended keeps the amended one. Given a run
 * of consecutive AppraisalIssued events (a month's issue of a whole unit, a rebuild), the last of
 * each month wins, as applied one by one: nothing between them can mark a month amended.
 */
export async function applyAppraisalsIssued(
  client: PoolClient,
  table: (l: string) => string,
  events: readonly RecordedEvent[],
): Promise<void> {
  const inForce = new Map<string, { nip: string; month: string; predikat: string; eventId: string }>();
  for (const e of events) {
    if (!isAppraisalStream(e.streamId)) continue;
    const d = e.data as AppraisalIssued['data'];
    for (const month of monthsOf(d.period))
      inForce.set(`${d.nip}\u0000${month}`, { nip: d.nip, month, predikat: d.predikat, eventId: e.id });
  }
  if (inForce.size === 0) return;
  const rows = [...inForce.values()];
  await client.query(
    `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[])
     ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id WHERE ${table('pay_predikat')}.objection_id IS NULL`,
    [rows.map((r) => r.nip), rows.map((r) => r.month), rows.map((r) => r.predikat), rows.map((r) => r.eventId)],
  );
}

/**
 * An amended predikat of one month: recorded as an amendment (the next run's adjustment line when
 * the month was already paid) and put in force for the month, marked with the objection.
 */
async function amend(
  client: PoolClient,
  table: (l: string) => string,
  e: RecordedEvent,
  a: { objectionId: string; nip: string; month: string; predikat: string; decidedOn: string | null; reason: string; previous?: string },
) {
  const prev = await client.query<{ predikat: string }>(`SELECT predikat FROM ${table('pay_predikat')} WHERE nip = $1 AND month = $2`, [
    a.nip,
    a.month,
  ]);
  const amendment = {
    objection_id: a.objectionId,
    nip: a.nip,
    month: a.month,
    predikat: a.predikat,
    previous_predikat: prev.rows[0]?.predikat ?? a.previous ?? null,
    event_id: e.id,
    decided_on: a.decidedOn,
    reason: a.reason,
    recorded_at: e.recordedAt,
  };
  await client.query(upsert(table('pay_amendment'), amendment, { key: ['objection_id'], onConflict: 'nothing' }));
  const inForce = { nip: a.nip, month: a.month, predikat: a.predikat, event_id: e.id, objection_id: a.objectionId };
  await client.query(upsert(table('pay_predikat'), inForce, { key: ['nip', 'month'] }));
}
