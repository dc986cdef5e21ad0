import type { Actor, Instant, Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';
import type { BankAccount, EmployeeRegisterEntry, EmploymentState, PositionGrade, PtkpStatus, TerCategory } from './types';

/**
 * Every change carries the effective date (TMT) of the decree behind it, separate from `now` (when
 * it was recorded): a raise decided in March may take effect in January, and payroll for January
 * must then see it.
 */
interface EmployeeCommandBase {
  nip: Nip;
  effectiveDate: LocalDate;
  by: Actor;
  now: Instant;
  /** Why (the decree number, the import batch...); goes to the event. */
  reason?: string;
}

export interface RegisterEmployee extends EmployeeCommandBase, EmployeeRegisterEntry {
  type: 'RegisterEmployee';
}

export interface ChangePosition extends EmployeeCommandBase {
  type: 'ChangePosition';
  positionId: string;
  positionGrade: PositionGrade;
}

export interface TransferOrgUnit extends EmployeeCommandBase {
  type: 'TransferOrgUnit';
  orgUnitId: string;
}

export interface ChangeSalary extends EmployeeCommandBase {
  type: 'ChangeSalary';
  salaryBase: string;
  salaryGross: string;
}

export interface ChangeTaxCategory extends EmployeeCommandBase {
  type: 'ChangeTaxCategory';
  terCategory: TerCategory;
  ptkpStatus: PtkpStatus;
}

export interface ChangeBankAccount extends EmployeeCommandBase {
  type: 'ChangeBankAccount';
  bankAccount: BankAccount;
}

export interface ChangeEmploymentState extends EmployeeCommandBase {
  type: 'ChangeEmploymentState';
  employmentState: EmploymentState;
}

export type EmployeeCommand =
  RegisterEmployee | ChangePosition | TransferOrgUnit | ChangeSalary | ChangeTaxCategory | ChangeBankAccount | ChangeEmploymentState;
