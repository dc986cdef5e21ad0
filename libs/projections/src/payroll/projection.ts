import type { RecordedEvent } from '@kinerja/event-store';
import { EMPLOYEE_EVENT_TYPES } from '@kinerja/domain/employee';
import { PAYROLL_RUN_EVENT_TYPES, PayLinesBatchWritten } from '@kinerja/domain/payroll';
import type { Projection } from '../projection';
import { applyAppraisalsIssued, applyInput, isPayrollInput, PAYROLL_APPRAISAL_EVENT_TYPES, PAYROLL_INPUT_EVENT_TYPES } from './inputs';
import { applyRegisterChange, insertEmployees } from './register';
import { applyRun, copyLinesFromLog, insertLines, isRunEvent } from './runs';

/**
 * The payroll read model: the register as payroll needs it (its own copy, built from Employee
 * events), the month's inputs (attendance, issued and amended predikat, sanctions, budgets), the
 * runs with their steps, and the pay ledger: every line per employee per month, with the run, its
 * state, the event behind the line and the policy version. The calculation job reads its inputs
 * here; the pay endpoints and exports read the ledger.
 */
export const payrollProjection: Projection = {
  name: 'payroll',
  // 2: the predikat of appraisals (AppraisalIssued, ObjectionDecided) feeds pay_predikat and pay_amendment.
  // 3: each line keeps where its first revision is in the log (the as-of pay ledger reads it from there).
  // 4: a difference with e-Kinerja BKN resolved puts the chosen predikat in pay_predikat (issue 16).
  version: 4,
  // A run appends its lines by the thousand; bigger batches keep the ledger close behind.
  batchSize: 2000,
  // Line events are not read from the log one by one: a batch of lines is read from its stream
  // (through the EventStore port, wherever the log is; in SQL when the log is in this database) and copied into the ledger in one statement
  // when its PayLinesBatchWritten is applied, and a recalculated slip's line with its PaySlipRecalculated.
  eventTypes: [
    ...EMPLOYEE_EVENT_TYPES,
    ...PAYROLL_INPUT_EVENT_TYPES,
    ...PAYROLL_APPRAISAL_EVENT_TYPES,
    ...PAYROLL_RUN_EVENT_TYPES,
    'PayLinesBatchWritten',
  ],
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
      recorded_at timestamptz NOT NULL, origin_stream_id text NOT NULL, origin_position integer NOT NULL,
      PRIMARY KEY (run_id, calculation, nip, line_key)`,
  },
  // Its apply reads its tables by primary key only: a rebuild builds the indexes once, after the fill.
  readsOnlyByKey: true,
  indexes: [
    'CREATE INDEX {pay_employee}_opd ON {pay_employee} (opd_id, nip)',
    'CREATE INDEX {pay_sanction}_nip ON {pay_sanction} (nip)',
    'CREATE INDEX {pay_amendment}_nip ON {pay_amendment} (nip, month)',
    'CREATE INDEX {pay_line}_nip ON {pay_line} (nip, month)',
    'CREATE INDEX {pay_line}_objection ON {pay_line} (objection_id) WHERE objection_id IS NOT NULL',
  ],
  async apply(events, { client, table, readStream, logSql }) {
    // A run of registrations (an import of the register), or of issued appraisals (a unit's month,
    // a rebuild), goes in one statement.
    let run: RecordedEvent[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      if (run[0].type === 'EmployeeRegistered') await insertEmployees(client, table('pay_employee'), run);
      else await applyAppraisalsIssued(client, table, run);
      run = [];
    };
    for (const e of events) {
      if (e.type === 'EmployeeRegistered' || e.type === 'AppraisalIssued') {
        if (run.length && run[0].type !== e.type) await flush();
        run.push(e);
        continue;
      }
      await flush();
      if (e.type === 'PayLinesBatchWritten') {
        const stream = (e.data as PayLinesBatchWritten['data']).stream;
        if (logSql) await copyLinesFromLog(client, table('pay_line'), logSql, stream);
        else await insertLines(client, table('pay_line'), await readStream(stream));
        continue;
      } else if (e.type === 'PaySlipRecalculated') {
        // The slip's new line is the event after it in the run's stream (appended with it).
        const next = e.streamPosition + 1;
        await insertLines(client, table('pay_line'), await readStream(e.streamId, { from: next, to: next }));
      }
      if (isRunEvent(e)) await applyRun(client, table('pay_run'), e);
      else if (isPayrollInput(e)) await applyInput(client, table, e);
      else await applyRegisterChange(client, table('pay_employee'), e);
    }
    await flush();
  },
};
