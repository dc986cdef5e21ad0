import type { Actor, Instant, Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';
import type { AsnStatus, BankAccount, EmploymentState, PositionGrade, PtkpStatus, TerCategory } from './types';

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

export interface RegisterEmployee extends EmployeeCommandBase {
  type: 'RegisterEmployee';
  name: string;
  asnStatus: AsnStatus;
  employmentState: EmploymentState;
  positionId: string;
  positionGrade: PositionGrade;
  orgUnitId: string;
  salaryBase: string;
  salaryGross: string;
  terCategory: TerCategory;
  ptkpStatus: PtkpStatus;
  bankAccount: BankAccount;
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
  | RegisterEmployee
  | ChangePosition
  | TransferOrgUnit
  | ChangeSalary
  | ChangeTaxCategory
  | ChangeBankAccount
  | ChangeEmploymentState;
