import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import type { EmployeeEvent, EmployeeRegistered } from '@kinerja/domain/employee';

/** Registrations (an import of the register) in one statement; the latest event of a NIP wins. */
export async function insertEmployees(client: PoolClient, t: string, events: RecordedEvent[]): Promise<void> {
  const byNip = new Map<string, RecordedEvent>();
  for (const e of events) byNip.set((e.data as EmployeeRegistered['data']).nip, e);
  const rows = [...byNip.values()];
  const col = <T>(f: (d: EmployeeRegistered['data'], e: RecordedEvent) => T) => rows.map((e) => f(e.data as EmployeeRegistered['data'], e));
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

/** A change to the register as payroll keeps it (payroll's own copy: grade, unit, salary, tax, bank, employment). */
export async function applyRegisterChange(client: PoolClient, t: string, e: RecordedEvent): Promise<void> {
  const ev = { type: e.type, data: e.data } as EmployeeEvent;
  const set = (assignments: string, values: unknown[]) =>
    client.query(`UPDATE ${t} SET ${assignments}, version = $${values.length + 2} WHERE nip = $1`, [
      ev.data.nip,
      ...values,
      e.streamPosition,
    ]);
  switch (ev.type) {
    case 'PositionChanged':
      await set('position_grade = $2', [ev.data.positionGrade]);
      return;
    case 'OrgUnitTransferred':
      await set('opd_id = $2', [ev.data.orgUnitId]);
      return;
    case 'SalaryChanged':
      await set('salary_base = $2, salary_gross = $3', [ev.data.salaryBase, ev.data.salaryGross]);
      return;
    case 'TaxCategoryChanged':
      await set('ter_category = $2, ptkp_status = $3', [ev.data.terCategory, ev.data.ptkpStatus]);
      return;
    case 'BankAccountChanged':
      await set('bank_account = $2', [JSON.stringify(ev.data.bankAccount)]);
      return;
    case 'EmploymentStateChanged':
      await set('employment_state = $2', [ev.data.employmentState]);
      return;
  }
}
