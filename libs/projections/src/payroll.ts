import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import { EMPLOYEE_EVENT_TYPES } from '@kinerja/domain/employee';
import { PAYROLL_RUN_EVENT_TYPES } from '@kinerja/domain/payroll';
import { monthsOf } from '@kinerja/domain/appraisal';
import type { Projection } from './projection';

/**
 * The payroll read model: the register as payroll needs it (its own copy, built from Employee
 * events), the month's inputs (attendance, issued and amended predikat, sanctions, budgets), the
 * runs with their steps, and the pay ledger: every line per employee per month, with the run, its
 * state, the event behind the line and the policy version. The calculation job reads its inputs
 * here; the pay endpoints and exports read the ledger.
 */
export const PAYROLL_INPUT_EVENT_TYPES = ['AttendanceSummaryRecorded', 'PredikatIssued', 'PredikatAmended', 'SanctionImposed', 'TppBudgetSet'];
/** The appraisal's own events that set TPP's predikat: the issue, and an objection's decision. */
export const PAYROLL_APPRAISAL_EVENT_TYPES = ['AppraisalIssued', 'ObjectionDecided'];

export const PAY_LINE_EVENT_TYPES = ['PayLineCalculated', 'PayAdjustmentCalculated'];

/**
 * The key of an objection's amendment of one month. A quarterly appraisal's objection amends three
 * months: the first keeps the objection's id, the others `<objectionId>/<month>`, so each month is
 * its own amendment (and its own adjustment line, `ADJ:<key>`) while the key still names the objection.
 */
export const amendmentKey = (objectionId: string, months: readonly string[], month: string): string =>
  month === months[0] ? objectionId : `${objectionId}/${month}`;

export const payrollProjection: Projection = {
  name: 'payroll',
  // 2: the predikat of appraisals (AppraisalIssued, ObjectionDecided) feeds pay_predikat and pay_amendment.
  version: 2,
  // A run appends its lines by the thousand; bigger batches keep the ledger close behind.
  batchSize: 2000,
  // Line events are not read one by one: a batch of lines is copied into the ledger by PostgreSQL
  // when its PayLinesBatchWritten is applied, and a recalculated slip's line with its
  // PaySlipRecalculated. 100,000 lines never pass through this process.
  eventTypes: [...EMPLOYEE_EVENT_TYPES, ...PAYROLL_INPUT_EVENT_TYPES, ...PAYROLL_APPRAISAL_EVENT_TYPES, ...PAYROLL_RUN_EVENT_TYPES, 'PayLinesBatchWritten'],
  tables: {
    pay_employee: `
      nip text PRIMARY KEY, name text NOT NULL, opd_id text NOT NULL, position_grade integer NOT NULL,
      salary_base text NOT NULL, salary_gross text NOT NULL, ter_category text NOT NULL, ptkp_status text,
      bank_account jsonb NOT NULL, employment_state text NOT NULL, version integer NOT NULL`,
    pay_attendance: `nip text NOT NULL, month text NOT NULL, counts jsonb NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (nip, month)`,
    pay_predikat: `nip text NOT NULL, month text NOT NULL, predikat text NOT NULL, event_id uuid NOT NULL, objection_id text, PRIMARY KEY (nip, month)`,
    pay_amendment: `
      objection_id text PRIMARY KEY, nip text NOT NULL, month text NOT NULL, predikat text NOT NULL, previous_predikat text,
      event_id uuid NOT NULL, decided_on text, reason text, recorded_at timestamptz NOT NULL`,
    pay_sanction: `sanction_id text PRIMARY KEY, nip text NOT NULL, type text NOT NULL, start_month text NOT NULL, months integer NOT NULL, decree_number text, event_id uuid NOT NULL`,
    pay_budget: `opd_id text NOT NULL, month text NOT NULL, amount text NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (opd_id, month)`,
    pay_run: `
      run_id text PRIMARY KEY, opd_id text NOT NULL, month text NOT NULL, status text NOT NULL, calculation integer NOT NULL DEFAULT 0,
      policy_version text, line_count integer NOT NULL DEFAULT 0, adjustment_count integer NOT NULL DEFAULT 0, total_gross text NOT NULL DEFAULT '0',
      total_net text NOT NULL DEFAULT '0', digest text NOT NULL DEFAULT '', skipped jsonb NOT NULL DEFAULT '[]', sp2d_number text, sp2d_date text,
      steps jsonb NOT NULL DEFAULT '[]', stream_version integer NOT NULL, updated_at timestamptz NOT NULL`,
    pay_line: `
      run_id text NOT NULL, calculation integer NOT NULL, nip text NOT NULL, line_key text NOT NULL, revision integer NOT NULL,
      opd_id text NOT NULL, month text NOT NULL, name text NOT NULL, kind text NOT NULL, policy_version text NOT NULL,
      gross bigint NOT NULL, net bigint NOT NULL, amounts jsonb NOT NULL, bank_account jsonb NOT NULL, detail jsonb NOT NULL,
      line_hash text NOT NULL, event_id uuid NOT NULL, stream_id text NOT NULL, objection_id text, adjusts_month text,
      recorded_at timestamptz NOT NULL, PRIMARY KEY (run_id, calculation, nip, line_key)`,
  },
  indexes: [
    'CREATE INDEX {pay_employee}_opd ON {pay_employee} (opd_id, nip)',
    'CREATE INDEX {pay_sanction}_nip ON {pay_sanction} (nip)',
    'CREATE INDEX {pay_amendment}_nip ON {pay_amendment} (nip, month)',
    'CREATE INDEX {pay_line}_nip ON {pay_line} (nip, month)',
    'CREATE INDEX {pay_line}_objection ON {pay_line} (objection_id) WHERE objection_id IS NOT NULL',
  ],
  async apply(events, { client, table }) {
    // A run of registrations (an import of the register) goes in one statement.
    let registered: RecordedEvent[] = [];
    const flush = async () => {
      if (registered.length) await insertEmployees(client, table('pay_employee'), registered);
      registered = [];
    };
    for (const e of events) {
      if (e.type === 'EmployeeRegistered') {
        registered.push(e);
        continue;
      }
      await flush();
      if (e.type === 'PayLinesBatchWritten') {
        await insertLines(client, table('pay_line'), 'e.stream_id = $1', [(e.data as { stream: string }).stream]);
        continue;
      } else if (e.type === 'PaySlipRecalculated') {
        await insertLines(client, table('pay_line'), 'e.stream_id = $1 AND e.stream_position = $2', [e.streamId, e.streamPosition + 1]);
      }
      await applyOne(client, table, e);
    }
    await flush();
  },
};

async function insertLines(client: PoolClient, t: string, where: string, params: unknown[]) {
  // The rows are built by PostgreSQL from the events table itself: 100,000 lines never travel
  // back through this process as JSON. A calculation has one line per key; a recalculated slip
  // replaces its line only with a higher revision.
  await client.query(
    `INSERT INTO ${t} (run_id, calculation, nip, line_key, revision, opd_id, month, name, kind, policy_version, gross, net, amounts, bank_account,
       detail, line_hash, event_id, stream_id, objection_id, adjusts_month, recorded_at)
     SELECT d->>'runId', (d->>'calculation')::int, d->>'nip', d->>'lineKey', (d->>'revision')::int, d->>'opdId', d->>'month', d->>'name',
            CASE WHEN e.event_type = 'PayLineCalculated' THEN 'TPP' ELSE 'ADJUSTMENT' END, d->>'policyVersion',
            (d->'amounts'->>'gross')::bigint, (d->'amounts'->>'net')::bigint, d->'amounts', d->'bankAccount',
            CASE WHEN e.event_type = 'PayLineCalculated' THEN jsonb_build_object('inputs', d->'inputs', 'sources', d->'sources')
                 ELSE d - ARRAY['runId','opdId','month','calculation','revision','nip','name','bankAccount','lineKey','policyVersion','amounts','lineHash'] END,
            d->>'lineHash', e.event_id, e.stream_id, d->>'objectionId', d->>'adjustsMonth', e.recorded_at
       FROM events e CROSS JOIN LATERAL (SELECT e.data AS d) x
      WHERE ${where} AND e.event_type IN ('PayLineCalculated', 'PayAdjustmentCalculated')
     ON CONFLICT (run_id, calculation, nip, line_key) DO UPDATE SET revision = excluded.revision, amounts = excluded.amounts, gross = excluded.gross,
       net = excluded.net, detail = excluded.detail, line_hash = excluded.line_hash, event_id = excluded.event_id, stream_id = excluded.stream_id,
       policy_version = excluded.policy_version, recorded_at = excluded.recorded_at
     WHERE excluded.revision > ${t}.revision`,
    params,
  );
}

async function insertEmployees(client: PoolClient, t: string, events: RecordedEvent[]) {
  const byNip = new Map<string, RecordedEvent>();
  for (const e of events) byNip.set((e.data as any).nip, e);
  const rows = [...byNip.values()];
  const col = <T>(f: (d: any, e: RecordedEvent) => T) => rows.map((e) => f(e.data, e));
  await client.query(
    `INSERT INTO ${t} (nip, name, opd_id, position_grade, salary_base, salary_gross, ter_category, ptkp_status, bank_account, employment_state, version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::int[])
     ON CONFLICT (nip) DO UPDATE SET name = excluded.name, opd_id = excluded.opd_id, position_grade = excluded.position_grade, salary_base = excluded.salary_base,
       salary_gross = excluded.salary_gross, ter_category = excluded.ter_category, ptkp_status = excluded.ptkp_status, bank_account = excluded.bank_account,
       employment_state = excluded.employment_state, version = excluded.version`,
    [
      col((d) => d.nip),
      col((d) => d.name),
      col((d) => d.orgUnitId),
      col((d) => d.positionGrade),
      col((d) => d.salaryBase),
      col((d) => d.salaryGross),
      col((d) => d.terCategory),
      col((d) => d.ptkpStatus ?? null),
      col((d) => JSON.stringify(d.bankAccount)),
      col((d) => d.employmentState),
      col((_, e) => e.streamPosition),
    ],
  );
}

async function applyOne(client: PoolClient, table: (l: string) => string, e: RecordedEvent) {
  const d = e.data as any;
  switch (e.type) {
    case 'PositionChanged':
      return setEmployee(client, table, e, 'position_grade = $2', [d.positionGrade]);
    case 'OrgUnitTransferred':
      return setEmployee(client, table, e, 'opd_id = $2', [d.orgUnitId]);
    case 'SalaryChanged':
      return setEmployee(client, table, e, 'salary_base = $2, salary_gross = $3', [d.salaryBase, d.salaryGross]);
    case 'TaxCategoryChanged':
      return setEmployee(client, table, e, 'ter_category = $2, ptkp_status = $3', [d.terCategory, d.ptkpStatus]);
    case 'BankAccountChanged':
      return setEmployee(client, table, e, 'bank_account = $2', [JSON.stringify(d.bankAccount)]);
    case 'EmploymentStateChanged':
      return setEmployee(client, table, e, 'employment_state = $2', [d.employmentState]);
    case 'AttendanceSummaryRecorded':
      await client.query(
        `INSERT INTO ${table('pay_attendance')} (nip, month, counts, event_id)
         SELECT r->>'nip', $1, r->'counts', $2 FROM jsonb_array_elements($3::jsonb) r
         ON CONFLICT (nip, month) DO UPDATE SET counts = excluded.counts, event_id = excluded.event_id`,
        [d.month, e.id, JSON.stringify(d.rows)],
      );
      return;
    case 'PredikatIssued':
      // An amended predikat (objection decided) is not overwritten by a later import of the issued one.
      await client.query(
        `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id)
         SELECT r->>'nip', $1, r->>'predikat', $2 FROM jsonb_array_elements($3::jsonb) r
         ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id WHERE ${table('pay_predikat')}.objection_id IS NULL`,
        [d.month, e.id, JSON.stringify(d.rows)],
      );
      return;
    case 'PredikatAmended':
      return amend(client, table, e, { objectionId: d.objectionId, nip: d.nip, month: d.month, predikat: d.predikat, decidedOn: d.decidedOn ?? null, reason: d.reason });
    case 'AppraisalIssued':
      // The period's predikat pays each of its months (a quarter's, three); a month an objection
      // already amended keeps the amended one.
      if (!e.streamId.startsWith('Appraisal-')) return;
      await client.query(
        `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id)
         SELECT $1, m, $2, $3 FROM unnest($4::text[]) m
         ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id WHERE ${table('pay_predikat')}.objection_id IS NULL`,
        [d.nip, d.predikat, e.id, monthsOf(d.period)],
      );
      return;
    case 'ObjectionDecided': {
      // A confirmed rating changes nothing that is paid; an amended predikat is an amendment of each month.
      if (!e.streamId.startsWith('Appraisal-') || d.predikat === d.previousPredikat) return;
      const months = monthsOf(d.period);
      for (const month of months)
        await amend(client, table, e, { objectionId: amendmentKey(d.objectionId, months, month), nip: d.nip, month, predikat: d.predikat, decidedOn: d.decidedOn, reason: d.reasons, previous: d.previousPredikat });
      return;
    }
    case 'SanctionImposed':
      await client.query(
        `INSERT INTO ${table('pay_sanction')} (sanction_id, nip, type, start_month, months, decree_number, event_id) VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (sanction_id) DO NOTHING`,
        [d.sanctionId, d.nip, d.type, d.startMonth, d.months, d.decreeNumber ?? null, e.id],
      );
      return;
    case 'TppBudgetSet':
      await client.query(
        `INSERT INTO ${table('pay_budget')} (opd_id, month, amount, event_id) VALUES ($1,$2,$3,$4)
         ON CONFLICT (opd_id, month) DO UPDATE SET amount = excluded.amount, event_id = excluded.event_id`,
        [d.opdId, d.month, d.amount, e.id],
      );
      return;
    default:
      if ((PAYROLL_RUN_EVENT_TYPES as string[]).includes(e.type)) return applyRun(client, table('pay_run'), e);
  }
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
  const prev = await client.query(`SELECT predikat FROM ${table('pay_predikat')} WHERE nip = $1 AND month = $2`, [a.nip, a.month]);
  await client.query(
    `INSERT INTO ${table('pay_amendment')} (objection_id, nip, month, predikat, previous_predikat, event_id, decided_on, reason, recorded_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (objection_id) DO NOTHING`,
    [a.objectionId, a.nip, a.month, a.predikat, prev.rows[0]?.predikat ?? a.previous ?? null, e.id, a.decidedOn, a.reason, e.recordedAt],
  );
  await client.query(
    `INSERT INTO ${table('pay_predikat')} (nip, month, predikat, event_id, objection_id) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (nip, month) DO UPDATE SET predikat = excluded.predikat, event_id = excluded.event_id, objection_id = excluded.objection_id`,
    [a.nip, a.month, a.predikat, e.id, a.objectionId],
  );
}

async function setEmployee(client: PoolClient, table: (l: string) => string, e: RecordedEvent, set: string, values: unknown[]) {
  await client.query(`UPDATE ${table('pay_employee')} SET ${set}, version = $${values.length + 2} WHERE nip = $1`, [(e.data as any).nip, ...values, e.streamPosition]);
}

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

async function applyRun(client: PoolClient, t: string, e: RecordedEvent) {
  const d = e.data as any;
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
  if (e.type === 'PayrollRunOpened') {
    await client.query(
      `INSERT INTO ${t} (run_id, opd_id, month, status, policy_version, steps, stream_version, updated_at) VALUES ($1,$2,$3,'DRAFT',$4,$5,$6,$7)
       ON CONFLICT (run_id) DO NOTHING`,
      [d.runId, d.opdId, d.month, d.policyVersion, step, e.streamPosition, e.recordedAt],
    );
    return;
  }
  const sets: string[] = [];
  const vals: unknown[] = [d.runId, step, e.streamPosition, e.recordedAt];
  const set = (col: string, v: unknown) => {
    vals.push(v);
    sets.push(`${col} = $${vals.length}`);
  };
  if (STATUS_OF[e.type]) set('status', STATUS_OF[e.type]);
  switch (e.type) {
    case 'PayrollCalculationStarted':
      set('calculation', d.calculation);
      set('policy_version', d.policyVersion);
      set('line_count', 0);
      set('total_gross', '0');
      set('total_net', '0');
      set('digest', '');
      break;
    case 'PayrollCalculated':
      set('line_count', d.lineCount);
      set('adjustment_count', d.adjustmentCount);
      set('total_gross', d.totalGross);
      set('total_net', d.totalNet);
      set('digest', d.digest);
      set('skipped', JSON.stringify(d.skipped));
      break;
    case 'PaySlipRecalculated':
      set('total_gross', d.totalGross);
      set('total_net', d.totalNet);
      set('digest', d.digest);
      break;
    case 'PayrollRunDisbursed':
      set('sp2d_number', d.sp2dNumber);
      set('sp2d_date', d.sp2dDate);
      break;
  }
  await client.query(
    `UPDATE ${t} SET steps = steps || $2::jsonb, stream_version = $3, updated_at = $4${sets.length ? ', ' + sets.join(', ') : ''} WHERE run_id = $1`,
    vals,
  );
}
