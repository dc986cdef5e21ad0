import type { BankAccount, EmployeeRecord } from './types';

/**
 * "******7890": only the last 4 digits, enough for an employee or a clerk to recognise the
 * account, not enough to redirect a transfer. Four digits or fewer are masked entirely.
 */
export function maskBankAccount(accountNumber: string): string {
  if (accountNumber.length <= 4) return '*'.repeat(accountNumber.length);
  return '*'.repeat(accountNumber.length - 4) + accountNumber.slice(-4);
}

export function maskedBankAccount(b: BankAccount): BankAccount {
  return { ...b, accountNumber: maskBankAccount(b.accountNumber) };
}

/** What a viewer without the financial right sees: no salary, and the account masked. */
export type EmployeeRecordView = Omit<EmployeeRecord, 'salaryBase' | 'salaryGross'> & {
  salaryBase?: string;
  salaryGross?: string;
};

/**
 * The record as a given viewer may see it. `seesFinancialDetails` comes from the access policy
 * (`employee.viewFinancial`): the employee, the finance roles of the OPD, BPKAD, the inspectorate.
 */
export function employeeRecordFor(record: EmployeeRecord, seesFinancialDetails: boolean): EmployeeRecordView {
  if (seesFinancialDetails) return { ...record, bankAccount: { ...record.bankAccount } };
  const { salaryBase: _b, salaryGross: _g, ...rest } = record;
  return { ...rest, bankAccount: maskedBankAccount(record.bankAccount) };
}
