import type { DomainEvent, Instant, Nip } from '@kinerja/kernel';
import { streamTypeOf, type LocalDate } from '../shared';
import type { BankAccount, EmployeeRegisterEntry, EmploymentState, PositionGrade, PtkpStatus, TerCategory } from './types';

/** Common to every employee event. `at` is when it was recorded; the actor travels in metadata. */
interface Base {
  nip: Nip;
  effectiveDate: LocalDate;
  at: Instant;
  reason?: string;
}

export type EmployeeRegistered = DomainEvent<'EmployeeRegistered', Base & EmployeeRegisterEntry>;
export type PositionChanged = DomainEvent<'PositionChanged', Base & { positionId: string; positionGrade: PositionGrade }>;
export type OrgUnitTransferred = DomainEvent<'OrgUnitTransferred', Base & { orgUnitId: string; fromOrgUnitId: string }>;
export type SalaryChanged = DomainEvent<'SalaryChanged', Base & { salaryBase: string; salaryGross: string }>;
export type TaxCategoryChanged = DomainEvent<'TaxCategoryChanged', Base & { terCategory: TerCategory; ptkpStatus: PtkpStatus }>;
export type BankAccountChanged = DomainEvent<'BankAccountChanged', Base & { bankAccount: BankAccount }>;
export type EmploymentStateChanged = DomainEvent<'EmploymentStateChanged', Base & { employmentState: EmploymentState }>;

export type EmployeeEvent =
  | EmployeeRegistered
  | PositionChanged
  | OrgUnitTransferred
  | SalaryChanged
  | TaxCategoryChanged
  | BankAccountChanged
  | EmploymentStateChanged;

export const EMPLOYEE_EVENT_TYPES = [
  'EmployeeRegistered',
  'PositionChanged',
  'OrgUnitTransferred',
  'SalaryChanged',
  'TaxCategoryChanged',
  'BankAccountChanged',
  'EmploymentStateChanged',
] as const satisfies readonly EmployeeEvent['type'][];

/** One stream per employee, keyed by NIP. */
/** The event store takes the stream type from the capitalised prefix (`Employee`). */
export const EMPLOYEE_STREAM_TYPE = 'Employee';
export const employeeStreamId = (nip: Nip) => `${EMPLOYEE_STREAM_TYPE}-${nip}`;
/** The NIP an employee stream belongs to; null for a stream of another type. */
export const nipOfEmployeeStream = (streamId: string): Nip | null =>
  streamTypeOf(streamId) === EMPLOYEE_STREAM_TYPE ? streamId.slice(EMPLOYEE_STREAM_TYPE.length + 1) : null;
