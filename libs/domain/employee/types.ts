import type { Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';

/** ASN status: a civil servant (PNS) or a contract civil servant (PPPK). */
export const ASN_STATUSES = ['PNS', 'PPPK'] as const;
export type AsnStatus = (typeof ASN_STATUSES)[number];

/** Kedudukan: active, on leave (cuti, CLTN) or retired (pensiun). */
export const EMPLOYMENT_STATES = ['ACTIVE', 'ON_LEAVE', 'RETIRED'] as const;
export type EmploymentState = (typeof EMPLOYMENT_STATES)[number];

/** TER category of PP 58/2023 (monthly PPh 21). */
export const TER_CATEGORIES = ['A', 'B', 'C'] as const;
export type TerCategory = (typeof TER_CATEGORIES)[number];

/** PTKP status: TK (not married) or K (married) with 0-3 dependants. */
export const PTKP_STATUSES = ['TK/0', 'TK/1', 'TK/2', 'TK/3', 'K/0', 'K/1', 'K/2', 'K/3'] as const;
export type PtkpStatus = (typeof PTKP_STATUSES)[number];

/** Kelas jabatan: 1..17 (sets the TPP ceiling). */
export type PositionGrade = number;
export const MIN_POSITION_GRADE = 1;
export const MAX_POSITION_GRADE = 17;

export interface BankAccount {
  /** Bank name or code as the treasurer's transfer file needs it, e.g. "BANK JATENG". */
  bankName: string;
  /** Digits only. */
  accountNumber: string;
  /** The name on the account (may differ in spelling from the employee's name). */
  accountName: string;
}

/** What the register holds about an employee: recorded whole at registration, changed field by field after. */
export interface EmployeeRegisterEntry {
  name: string;
  asnStatus: AsnStatus;
  employmentState: EmploymentState;
  positionId: string;
  positionGrade: PositionGrade;
  /** The OPD (root org unit) whose budget pays the employee's TPP. */
  orgUnitId: string;
  /** Whole rupiah: gaji pokok + tunjangan keluarga + tunjangan jabatan/umum + tunjangan profesi. */
  salaryBase: string;
  /** Whole rupiah: the monthly gross salary income used with TPP to find the TER rate. */
  salaryGross: string;
  terCategory: TerCategory;
  ptkpStatus: PtkpStatus;
  bankAccount: BankAccount;
}

/** The employee register as of one effective date: what payroll and appraisal read. */
export interface EmployeeRecord extends EmployeeRegisterEntry {
  nip: Nip;
  /** First effective date of the record (TMT of registration). */
  registeredFrom: LocalDate;
  /** Effective date of the latest change applied to this view. */
  lastChangedOn: LocalDate;
}
