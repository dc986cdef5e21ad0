import { z } from 'zod';
import { asOf } from './audit';

/**
 * Request shapes of the people and organisation endpoints. They check the shape only; the
 * deciders check the rules (a real NIP, a kelas jabatan 1..17, salary gross over base...) and
 * answer with the same codes the import reports.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const id = z.string().min(1).max(64);
const reason = z.string().min(1).max(500).optional();

export const BankAccountBody = z.object({ bankName: z.string(), accountNumber: z.string(), accountName: z.string() }).strict();

export const RegisterEmployeeBody = z
  .object({
    nip: z.string(),
    name: z.string(),
    asnStatus: z.enum(['PNS', 'PPPK']),
    employmentState: z.enum(['ACTIVE', 'ON_LEAVE', 'RETIRED']).default('ACTIVE'),
    positionId: id,
    positionGrade: z.number().int(),
    orgUnitId: id,
    salaryBase: z.string(),
    salaryGross: z.string(),
    terCategory: z.enum(['A', 'B', 'C']),
    ptkpStatus: z.enum(['TK/0', 'TK/1', 'TK/2', 'TK/3', 'K/0', 'K/1', 'K/2', 'K/3']),
    bankAccount: BankAccountBody,
    effectiveDate: date,
    reason,
  })
  .strict();

const change = <T extends z.ZodRawShape>(shape: T) => z.object({ effectiveDate: date, reason, ...shape }).strict();
export const ChangePositionBody = change({ positionId: id, positionGrade: z.number().int() });
export const TransferOrgUnitBody = change({ orgUnitId: id });
export const ChangeEmploymentStateBody = change({ employmentState: z.enum(['ACTIVE', 'ON_LEAVE', 'RETIRED']) });
export const ChangeSalaryBody = change({ salaryBase: z.string(), salaryGross: z.string() });
export const ChangeTaxCategoryBody = change({
  terCategory: z.enum(['A', 'B', 'C']),
  ptkpStatus: z.enum(['TK/0', 'TK/1', 'TK/2', 'TK/3', 'K/0', 'K/1', 'K/2', 'K/3']),
});
export const ChangeBankAccountBody = change({ bankAccount: BankAccountBody });

export const ImportEmployeesBody = z.object({ csv: z.string().min(1), dryRun: z.boolean().default(false), reason }).strict();
/** The query of an import sent as the file itself (text/csv or multipart/form-data with the field `file`). */
export const ImportEmployeesFileQuery = z
  .object({
    dryRun: z.enum(['true', 'false']).optional().describe('check every row and report in the job result; append nothing'),
    reason,
  })
  .strict();

export const CreateOrgUnitBody = z
  .object({
    unitId: id,
    name: z.string().min(1).max(200),
    parentUnitId: id.nullable(),
    budgetCode: z.string().min(1).max(64).optional(),
    effectiveDate: date,
    reason,
  })
  .strict();
export const MoveOrgUnitBody = z.object({ parentUnitId: id, effectiveDate: date, reason }).strict();
export const CreatePositionBody = z
  .object({
    positionId: id,
    unitId: id,
    name: z.string().min(1).max(200),
    grade: z.number().int(),
    parentPositionId: id.nullable(),
    seats: z.number().int().optional(),
    effectiveDate: date,
    reason,
  })
  .strict();
export const MovePositionBody = z.object({ unitId: id, parentPositionId: id.nullable(), effectiveDate: date, reason }).strict();
export const AssignHolderBody = z
  .object({
    assignmentId: id.optional(),
    positionId: id,
    nip: z.string(),
    acting: z.boolean().default(false),
    validFrom: date,
    validUntil: date.optional(),
    reason,
  })
  .strict();
export const EndAssignmentBody = z.object({ validUntil: date, reason }).strict();

export const DirectoryQueryParams = z
  .object({
    q: z.string().max(100).optional().describe('part of the name, or the start of the NIP'),
    opd: id.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const DateQueryParams = z.object({ date: date.optional().describe('YYYY-MM-DD; today (Asia/Jakarta) when absent') }).strict();
/**
 * The record of an employee as of a date; `asOf`: as the log held it at that moment; `reason`: why it is
 * read (recorded when someone else reads it through a role).
 */
export const EmployeeQueryParams = z
  .object({
    date: date.optional().describe('YYYY-MM-DD; today (Asia/Jakarta) when absent'),
    asOf,
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();
/** A page of an employee's history (newest effective date first); `reason`: why it is read, as for the record. */
export const EmployeeHistoryQueryParams = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();
export const OrgChartQueryParams = z.object({ date: date.optional(), opd: id.optional(), asOf }).strict();
