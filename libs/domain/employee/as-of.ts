import type { LocalDate } from '../shared';
import type { EmployeeEvent } from './events';
import type { EmployeeRecord } from './types';

/**
 * Orders events by effective date. The sort is stable, so two changes with the same effective
 * date apply in the order they were recorded: a correction recorded later wins.
 */
export function byEffectiveDate(events: readonly EmployeeEvent[]): EmployeeEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) =>
      a.e.data.effectiveDate < b.e.data.effectiveDate ? -1 : a.e.data.effectiveDate > b.e.data.effectiveDate ? 1 : a.i - b.i,
    )
    .map((x) => x.e);
}

function apply(r: EmployeeRecord | undefined, e: EmployeeEvent): EmployeeRecord | undefined {
  if (e.type === 'EmployeeRegistered') {
    const { at: _at, reason: _reason, effectiveDate, ...d } = e.data;
    return { ...d, bankAccount: { ...d.bankAccount }, registeredFrom: effectiveDate, lastChangedOn: effectiveDate };
  }
  // A change dated before the registration cannot apply to anything (the decider refuses them).
  if (!r) return r;
  const on = { lastChangedOn: e.data.effectiveDate };
  switch (e.type) {
    case 'PositionChanged':
      return { ...r, ...on, positionId: e.data.positionId, positionGrade: e.data.positionGrade };
    case 'OrgUnitTransferred':
      return { ...r, ...on, orgUnitId: e.data.orgUnitId };
    case 'SalaryChanged':
      return { ...r, ...on, salaryBase: e.data.salaryBase, salaryGross: e.data.salaryGross };
    case 'TaxCategoryChanged':
      return { ...r, ...on, terCategory: e.data.terCategory, ptkpStatus: e.data.ptkpStatus };
    case 'BankAccountChanged':
      return { ...r, ...on, bankAccount: { ...e.data.bankAccount } };
    case 'EmploymentStateChanged':
      return { ...r, ...on, employmentState: e.data.employmentState };
  }
}

/**
 * The employee's record as of an effective date: every change whose TMT is on or before `date`,
 * whenever it was recorded. Undefined before the registration's effective date.
 *
 * This answers "what was in force on that day" (payroll of a month). "What did we know at that
 * moment" is the event store's `asOf` read; pass those events here to combine both.
 */
export function employeeAsOf(events: readonly EmployeeEvent[], date: LocalDate): EmployeeRecord | undefined {
  let r: EmployeeRecord | undefined;
  for (const e of byEffectiveDate(events)) {
    if (e.data.effectiveDate > date) break;
    r = apply(r, e);
  }
  return r;
}

/** The record with every known change applied, future-dated ones included. */
export function latestEmployeeRecord(events: readonly EmployeeEvent[]): EmployeeRecord | undefined {
  return employeeAsOf(events, '9999-12-31');
}
