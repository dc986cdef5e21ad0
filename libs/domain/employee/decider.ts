import { badInput, Decider, domainError, Nip, notFound, conflict } from '@kinerja/kernel';
import { assertLocalDate, LocalDate } from '../shared';
import { employeeAsOf } from './as-of';
import type { EmployeeCommand, RegisterEmployee } from './commands';
import type { EmployeeEvent } from './events';
import type { EmployeeRecord } from './types';
import {
  asnStatusProblem,
  bankAccountProblem,
  employmentStateProblem,
  nipFieldProblem,
  positionGradeProblem,
  requiredTextProblem,
  salaryProblem,
  taxProblem,
  throwIf,
} from './validation';

export type EmployeeState =
  | { status: 'UNREGISTERED' }
  | {
      status: 'REGISTERED';
      nip: Nip;
      registeredFrom: LocalDate;
      /** Effective date of the retirement, once recorded: nothing may change on or after it. */
      retiredFrom?: LocalDate;
      /** The stream itself: as-of views need every change with its effective date. */
      history: EmployeeEvent[];
    };

export const initialEmployeeState = (): EmployeeState => ({ status: 'UNREGISTERED' });

export function evolveEmployee(state: EmployeeState, event: EmployeeEvent): EmployeeState {
  if (event.type === 'EmployeeRegistered')
    return { status: 'REGISTERED', nip: event.data.nip, registeredFrom: event.data.effectiveDate, history: [event] };
  if (state.status !== 'REGISTERED') return state;
  const next = { ...state, history: [...state.history, event] };
  if (event.type === 'EmploymentStateChanged' && event.data.employmentState === 'RETIRED')
    next.retiredFrom = state.retiredFrom && state.retiredFrom < event.data.effectiveDate ? state.retiredFrom : event.data.effectiveDate;
  return next;
}

function register(cmd: RegisterEmployee, state: EmployeeState): EmployeeEvent[] {
  if (state.status === 'REGISTERED')
    throw conflict('EMPLOYEE_ALREADY_REGISTERED', 'an employee with this NIP is already registered', { nip: cmd.nip });
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  throwIf(
    nipFieldProblem(cmd.nip),
    requiredTextProblem(cmd.name, 'name'),
    asnStatusProblem(cmd.asnStatus),
    employmentStateProblem(cmd.employmentState),
    requiredTextProblem(cmd.positionId, 'positionId', 64),
    positionGradeProblem(cmd.positionGrade),
    requiredTextProblem(cmd.orgUnitId, 'orgUnitId', 64),
    salaryProblem(cmd.salaryBase, cmd.salaryGross),
    taxProblem(cmd.terCategory, cmd.ptkpStatus),
    bankAccountProblem(cmd.bankAccount),
  );
  // A pensioner gets no TPP and plans no SKP: registering one is a mistake in the source data.
  if (cmd.employmentState === 'RETIRED') throw domainError('EMPLOYEE_RETIRED', { nip: cmd.nip }, 'a retired employee cannot be registered');
  return [
    {
      type: 'EmployeeRegistered',
      data: {
        nip: cmd.nip,
        effectiveDate: cmd.effectiveDate,
        at: cmd.now,
        ...(cmd.reason ? { reason: cmd.reason } : {}),
        name: cmd.name.trim(),
        asnStatus: cmd.asnStatus,
        employmentState: cmd.employmentState,
        positionId: cmd.positionId,
        positionGrade: cmd.positionGrade,
        orgUnitId: cmd.orgUnitId,
        salaryBase: cmd.salaryBase,
        salaryGross: cmd.salaryGross,
        terCategory: cmd.terCategory,
        ptkpStatus: cmd.ptkpStatus,
        bankAccount: { ...cmd.bankAccount },
      },
    },
  ];
}

type Registered = Extract<EmployeeState, { status: 'REGISTERED' }>;

/** The checks every change shares; returns the record in force on the change's effective date. */
function recordForChange(cmd: Exclude<EmployeeCommand, RegisterEmployee>, state: EmployeeState): [Registered, EmployeeRecord] {
  if (state.status !== 'REGISTERED') throw notFound('EMPLOYEE_NOT_FOUND', 'no employee is registered with this NIP', { nip: cmd.nip });
  if (cmd.nip !== state.nip)
    throw badInput('NIP_MISMATCH', 'the command names another employee than this stream', { nip: cmd.nip, streamNip: state.nip });
  assertLocalDate(cmd.effectiveDate, 'effectiveDate');
  if (cmd.effectiveDate < state.registeredFrom)
    throw domainError('EFFECTIVE_DATE_BEFORE_REGISTRATION', { effectiveDate: cmd.effectiveDate, registeredFrom: state.registeredFrom });
  // Retirement is final; changes effective before it (a late raise for the last months) still pass.
  if (state.retiredFrom && cmd.effectiveDate >= state.retiredFrom)
    throw domainError('EMPLOYEE_RETIRED', { nip: cmd.nip, retiredFrom: state.retiredFrom });
  // From the registration on there is always a record in force; the check above says so.
  const record = employeeAsOf(state.history, cmd.effectiveDate);
  if (!record)
    throw domainError('EFFECTIVE_DATE_BEFORE_REGISTRATION', { effectiveDate: cmd.effectiveDate, registeredFrom: state.registeredFrom });
  return [state, record];
}

const base = (cmd: EmployeeCommand) => ({
  nip: cmd.nip,
  effectiveDate: cmd.effectiveDate,
  at: cmd.now,
  ...(cmd.reason ? { reason: cmd.reason } : {}),
});

/**
 * decide: a change that leaves the record as it already was on that date appends nothing, so a
 * repeated import or a retried request is harmless.
 */
export function decideEmployee(cmd: EmployeeCommand, state: EmployeeState): EmployeeEvent[] {
  if (cmd.type === 'RegisterEmployee') return register(cmd, state);
  const [s, r] = recordForChange(cmd, state);
  switch (cmd.type) {
    case 'ChangePosition':
      throwIf(requiredTextProblem(cmd.positionId, 'positionId', 64), positionGradeProblem(cmd.positionGrade));
      if (r.positionId === cmd.positionId && r.positionGrade === cmd.positionGrade) return [];
      return [{ type: 'PositionChanged', data: { ...base(cmd), positionId: cmd.positionId, positionGrade: cmd.positionGrade } }];
    case 'TransferOrgUnit':
      throwIf(requiredTextProblem(cmd.orgUnitId, 'orgUnitId', 64));
      if (r.orgUnitId === cmd.orgUnitId) return [];
      return [{ type: 'OrgUnitTransferred', data: { ...base(cmd), orgUnitId: cmd.orgUnitId, fromOrgUnitId: r.orgUnitId } }];
    case 'ChangeSalary':
      throwIf(salaryProblem(cmd.salaryBase, cmd.salaryGross));
      if (r.salaryBase === cmd.salaryBase && r.salaryGross === cmd.salaryGross) return [];
      return [{ type: 'SalaryChanged', data: { ...base(cmd), salaryBase: cmd.salaryBase, salaryGross: cmd.salaryGross } }];
    case 'ChangeTaxCategory':
      throwIf(taxProblem(cmd.terCategory, cmd.ptkpStatus));
      if (r.terCategory === cmd.terCategory && r.ptkpStatus === cmd.ptkpStatus) return [];
      return [{ type: 'TaxCategoryChanged', data: { ...base(cmd), terCategory: cmd.terCategory, ptkpStatus: cmd.ptkpStatus } }];
    case 'ChangeBankAccount': {
      throwIf(bankAccountProblem(cmd.bankAccount));
      const b = cmd.bankAccount;
      const same =
        r.bankAccount.bankName === b.bankName &&
        r.bankAccount.accountNumber === b.accountNumber &&
        r.bankAccount.accountName === b.accountName;
      if (same) return [];
      return [
        {
          type: 'BankAccountChanged',
          data: { ...base(cmd), bankAccount: { bankName: b.bankName, accountNumber: b.accountNumber, accountName: b.accountName } },
        },
      ];
    }
    case 'ChangeEmploymentState': {
      throwIf(employmentStateProblem(cmd.employmentState));
      if (cmd.employmentState === 'RETIRED') {
        // A retirement dated before changes already recorded would leave those changes applying
        // to a pensioner; the later changes must be reversed first.
        const later = s.history.find((e) => e.data.effectiveDate > cmd.effectiveDate);
        if (later)
          throw domainError('LATER_CHANGES_EXIST', {
            effectiveDate: cmd.effectiveDate,
            laterChange: later.type,
            laterEffectiveDate: later.data.effectiveDate,
          });
      }
      if (r.employmentState === cmd.employmentState) return [];
      return [{ type: 'EmploymentStateChanged', data: { ...base(cmd), employmentState: cmd.employmentState } }];
    }
  }
}

/** An employee's stream lasts a career: snapshotted once long (bump the version when the state changes shape). */
export const employeeDecider: Decider<EmployeeCommand, EmployeeEvent, EmployeeState> = {
  decide: decideEmployee,
  evolve: evolveEmployee,
  initialState: initialEmployeeState,
  snapshot: { version: 'employee-1' },
};
