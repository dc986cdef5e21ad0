import { badInput, isRupiahString, KinerjaError, nipProblem } from '@kinerja/kernel';
import {
  ASN_STATUSES,
  AsnStatus,
  BankAccount,
  EMPLOYMENT_STATES,
  EmploymentState,
  MAX_POSITION_GRADE,
  MIN_POSITION_GRADE,
  PTKP_STATUSES,
  PtkpStatus,
  TER_CATEGORIES,
  TerCategory,
} from './types';

/**
 * Field checks shared by the decider (which throws) and the import (which collects one error per
 * bad cell). Each returns the coded error, or undefined when the value is fine, so both callers
 * report exactly the same codes for the same mistakes.
 */
export type Problem = KinerjaError | undefined;

export function nipFieldProblem(nip: unknown): Problem {
  const p = nipProblem(nip as string);
  return p && new KinerjaError('INVALID_NIP', p.message, 'BAD_INPUT', { reason: p.reason, nip });
}

export function requiredTextProblem(value: unknown, field: string, max = 200): Problem {
  if (typeof value !== 'string' || value.trim() === '') return badInput('MISSING_FIELD', `${field} is required`, { field });
  if (value.length > max) return badInput('FIELD_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
  return undefined;
}

export function enumProblem<T extends string>(value: unknown, allowed: readonly T[], field: string, code: string): Problem {
  return allowed.includes(value as T)
    ? undefined
    : badInput(code, `${field} must be one of ${allowed.join(', ')}`, { field, value, allowed });
}

export const asnStatusProblem = (v: unknown) => enumProblem<AsnStatus>(v, ASN_STATUSES, 'asnStatus', 'INVALID_ASN_STATUS');
export const employmentStateProblem = (v: unknown) =>
  enumProblem<EmploymentState>(v, EMPLOYMENT_STATES, 'employmentState', 'INVALID_EMPLOYMENT_STATE');

export function positionGradeProblem(grade: unknown): Problem {
  return Number.isInteger(grade) && (grade as number) >= MIN_POSITION_GRADE && (grade as number) <= MAX_POSITION_GRADE
    ? undefined
    : badInput('INVALID_POSITION_GRADE', `kelas jabatan must be a whole number ${MIN_POSITION_GRADE}..${MAX_POSITION_GRADE}`, {
        field: 'positionGrade',
        value: grade,
      });
}

/** A non-negative whole-rupiah string ("4500000"); no sign, no separators, no fractions. */
export function amountProblem(value: unknown, field: string): Problem {
  return isRupiahString(value) && !value.startsWith('-')
    ? undefined
    : badInput('INVALID_AMOUNT', `${field} must be whole rupiah, digits only`, { field, value });
}

/**
 * salaryBase is made of components of the gross salary (DOMAIN.md), so a gross below the base
 * means the two columns were swapped or one is stale.
 */
export function salaryProblem(salaryBase: unknown, salaryGross: unknown): Problem {
  const p = amountProblem(salaryBase, 'salaryBase') ?? amountProblem(salaryGross, 'salaryGross');
  if (p) return p;
  if (BigInt(salaryGross as string) < BigInt(salaryBase as string))
    return badInput('INVALID_AMOUNT', 'salaryGross is below salaryBase', {
      field: 'salaryGross',
      reason: 'GROSS_BELOW_BASE',
      salaryBase,
      salaryGross,
    });
  return undefined;
}

/** The TER category follows from the PTKP status (PP 58/2023). */
export function terCategoryOf(ptkp: PtkpStatus): TerCategory {
  switch (ptkp) {
    case 'TK/0':
    case 'TK/1':
    case 'K/0':
      return 'A';
    case 'TK/2':
    case 'TK/3':
    case 'K/1':
    case 'K/2':
      return 'B';
    case 'K/3':
      return 'C';
  }
}

/**
 * Both values are carried (payroll reads the category, the tax report the PTKP), and a
 * mismatch is refused rather than silently corrected: it means the source data is wrong.
 */
export function taxProblem(terCategory: unknown, ptkpStatus: unknown): Problem {
  const p =
    enumProblem<PtkpStatus>(ptkpStatus, PTKP_STATUSES, 'ptkpStatus', 'INVALID_PTKP_STATUS') ??
    enumProblem<TerCategory>(terCategory, TER_CATEGORIES, 'terCategory', 'INVALID_TER_CATEGORY');
  if (p) return p;
  const expected = terCategoryOf(ptkpStatus as PtkpStatus);
  return expected === terCategory
    ? undefined
    : badInput('TAX_CATEGORY_MISMATCH', `PTKP ${ptkpStatus} is TER category ${expected}, not ${terCategory}`, {
        field: 'terCategory',
        ptkpStatus,
        terCategory,
        expected,
      });
}

const ACCOUNT_RE = /^[0-9]{6,20}$/;

export function bankAccountProblem(b: unknown): Problem {
  if (typeof b !== 'object' || b === null) return badInput('INVALID_BANK_ACCOUNT', 'bankAccount is required', { field: 'bankAccount' });
  const a = b as Partial<BankAccount>;
  const p =
    requiredTextProblem(a.bankName, 'bankAccount.bankName', 100) ?? requiredTextProblem(a.accountName, 'bankAccount.accountName', 200);
  if (p) return p;
  if (typeof a.accountNumber !== 'string' || !ACCOUNT_RE.test(a.accountNumber))
    return badInput('INVALID_BANK_ACCOUNT', 'account number must be 6 to 20 digits', { field: 'bankAccount.accountNumber' });
  return undefined;
}

export function throwIf(...problems: Problem[]): void {
  for (const p of problems) if (p) throw p;
}
