/**
 * The TPP input of one employee for one month, checked against the policy before any arithmetic.
 * Both calculators (reference and fast) read the same resolved input, so they refuse exactly the
 * same lines with exactly the same codes.
 */
import { badInput, type KinerjaError } from '@kinerja/kernel';
import { ATTENDANCE_CODES, PREDIKAT, SANCTION_LEVELS, type AttendanceCode, type Predikat, type SanctionLevel } from '../policy-document';
import type { CompiledTppPolicy } from './compiled';

/** What the payroll run knows of one employee for the month. Amounts are whole-rupiah strings. */
export interface TppInput {
  /** The TPP ceiling in rupiah; or give `positionGrade` and the policy's ceiling is used. */
  ceiling?: string;
  positionGrade?: number;
  predikat: string;
  /** Counts per attendance code (TL1..TL4, PSW1..PSW4 occurrences; TK days). Absent = none. */
  attendance?: Readonly<Record<string, number>>;
  /** The active disciplinary sanction (hukuman disiplin) in the month; absent = NONE. */
  sanction?: string;
  salaryBase: string;
  salaryGross: string;
  /** TER category (A/B/C), or give `ptkpStatus` (e.g. "K/1") and the policy maps it. */
  taxCategory?: string;
  ptkpStatus?: string;
  /** Working days without a daily report; only used where the policy's dailyReportCut is on. */
  missingDailyReports?: number;
}

export interface ResolvedTppInput {
  readonly ceiling: string;
  /** The same amounts as safe integers, or NaN when too long for the fast path. */
  readonly ceilingInt: number;
  readonly positionGrade: number | null;
  readonly predikat: Predikat;
  readonly attendance: Readonly<Partial<Record<AttendanceCode, number>>>;
  readonly sanction: SanctionLevel;
  readonly salaryBase: string;
  readonly salaryBaseInt: number;
  readonly salaryGross: string;
  readonly salaryGrossInt: number;
  readonly taxCategory: string;
  readonly ptkpStatus: string | null;
  readonly missingDailyReports: number;
}

const PREDIKAT_SET: ReadonlySet<string> = new Set(PREDIKAT);
const ATTENDANCE_SET: ReadonlySet<string> = new Set(ATTENDANCE_CODES);
const SANCTION_SET: ReadonlySet<string> = new Set(SANCTION_LEVELS);
const NO_ENVELOPE: ReadonlySet<string> = new Set();
const WHOLE_RUPIAH = /^\d{1,18}$/;
const EMPTY_ATTENDANCE = Object.freeze({});

/** Up to 15 digits a rupiah amount is exact as a double, which is what the fast path needs. */
function safeInt(s: string): number {
  return s.length <= 15 ? Number(s) : NaN;
}

function amount(value: unknown, field: string): string {
  if (typeof value === 'string' && WHOLE_RUPIAH.test(value)) return value;
  throw badInput(
    'INVALID_AMOUNT',
    `${field} must be a non-negative whole-rupiah amount as a string of digits, got ${JSON.stringify(value)}`,
    {
      field,
      value,
    },
  );
}

function count(value: unknown, code: string, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw badInput(code, `${field} must be a non-negative whole number, got ${JSON.stringify(value)}`, { field, value });
}

function missing(field: string): KinerjaError {
  return badInput('MISSING_FIELD', `${field} is required`, { field });
}

function resolveAttendance(value: unknown): Readonly<Partial<Record<AttendanceCode, number>>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badInput('INVALID_INPUT', `attendance must be an object of counts per code, got ${JSON.stringify(value)}`, {
      field: 'attendance',
    });
  const record = value as Record<string, unknown>;
  for (const code in record) {
    if (!ATTENDANCE_SET.has(code))
      throw badInput('UNKNOWN_ATTENDANCE_CODE', `unknown attendance code ${JSON.stringify(code)}; known: ${ATTENDANCE_CODES.join(', ')}`, {
        code,
      });
    count(record[code], 'INVALID_ATTENDANCE_COUNT', `attendance.${code}`);
  }
  return record as Partial<Record<AttendanceCode, number>>;
}

/**
 * Checks one input against the policy. `envelope` names extra keys a caller carries on the same
 * object (the CLI's id, policyVersion, month); any other unknown key is refused, because a
 * misspelt "sanction" silently read as none would pay the wrong amount.
 */
export function resolveTppInput(raw: unknown, policy: CompiledTppPolicy, envelope: ReadonlySet<string> = NO_ENVELOPE): ResolvedTppInput {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badInput('INVALID_INPUT', 'a TPP input must be a JSON object');
  const o = raw as Record<string, unknown>;
  let ceiling: string | undefined;
  let positionGrade: number | null = null;
  let predikat: Predikat | undefined;
  let attendance: Readonly<Partial<Record<AttendanceCode, number>>> = EMPTY_ATTENDANCE;
  let sanction: SanctionLevel = 'NONE';
  let salaryBase: string | undefined;
  let salaryGross: string | undefined;
  let taxCategory: string | undefined;
  let ptkpStatus: string | null = null;
  let missingDailyReports = 0;
  for (const key in o) {
    const v = o[key];
    if (v === undefined) continue; // a JS caller's `{ ceiling: undefined }` means "not given"
    switch (key) {
      case 'ceiling':
        ceiling = amount(v, 'ceiling');
        break;
      case 'positionGrade': {
        const g = v as number;
        if (typeof v !== 'number' || !Number.isInteger(v) || policy.ceilingByGrade[g] === undefined)
          throw badInput('UNKNOWN_POSITION_GRADE', `no TPP ceiling for position grade ${JSON.stringify(v)} in ${policy.policyVersion}`, {
            positionGrade: v,
          });
        positionGrade = g;
        break;
      }
      case 'predikat':
        if (typeof v !== 'string' || !PREDIKAT_SET.has(v))
          throw badInput('UNKNOWN_PREDIKAT', `unknown predikat ${JSON.stringify(v)}; known: ${PREDIKAT.join(', ')}`, { predikat: v });
        predikat = v as Predikat;
        break;
      case 'attendance':
        attendance = resolveAttendance(v);
        break;
      case 'sanction':
        if (typeof v !== 'string' || !SANCTION_SET.has(v))
          throw badInput('UNKNOWN_SANCTION', `unknown sanction ${JSON.stringify(v)}; known: ${SANCTION_LEVELS.join(', ')}`, {
            sanction: v,
          });
        sanction = v as SanctionLevel;
        break;
      case 'salaryBase':
        salaryBase = amount(v, 'salaryBase');
        break;
      case 'salaryGross':
        salaryGross = amount(v, 'salaryGross');
        break;
      case 'taxCategory':
        if (typeof v !== 'string' || !policy.ter.has(v))
          throw badInput('UNKNOWN_TAX_CATEGORY', `unknown TER category ${JSON.stringify(v)}; known: ${[...policy.ter.keys()].join(', ')}`, {
            taxCategory: v,
          });
        taxCategory = v;
        break;
      case 'ptkpStatus':
        if (typeof v !== 'string' || !policy.categoryOfPtkp.has(v))
          throw badInput(
            'UNKNOWN_PTKP_STATUS',
            `unknown PTKP status ${JSON.stringify(v)}; known: ${[...policy.categoryOfPtkp.keys()].join(', ')}`,
            { ptkpStatus: v },
          );
        ptkpStatus = v;
        break;
      case 'missingDailyReports':
        missingDailyReports = count(v, 'INVALID_DAILY_REPORT_COUNT', 'missingDailyReports');
        break;
      default:
        if (!envelope.has(key)) throw badInput('UNKNOWN_FIELD', `unknown field ${JSON.stringify(key)}`, { field: key });
    }
  }
  if (ceiling !== undefined && positionGrade !== null)
    throw badInput('AMBIGUOUS_CEILING', 'give either ceiling or positionGrade, not both', { ceiling, positionGrade });
  if (positionGrade !== null) ceiling = policy.ceilingByGrade[positionGrade]!;
  if (ceiling === undefined) throw missing('ceiling (or positionGrade)');
  if (predikat === undefined) throw missing('predikat');
  if (salaryBase === undefined) throw missing('salaryBase');
  if (salaryGross === undefined) throw missing('salaryGross');
  if (ptkpStatus !== null) {
    const mapped = policy.categoryOfPtkp.get(ptkpStatus)!;
    if (taxCategory !== undefined && taxCategory !== mapped)
      throw badInput('TAX_CATEGORY_MISMATCH', `PTKP status ${ptkpStatus} is TER category ${mapped}, not ${taxCategory}`, {
        ptkpStatus,
        taxCategory,
        expected: mapped,
      });
    taxCategory = mapped;
  }
  if (taxCategory === undefined) throw missing('taxCategory (or ptkpStatus)');
  return {
    ceiling,
    ceilingInt: safeInt(ceiling),
    positionGrade,
    predikat,
    attendance,
    sanction,
    salaryBase,
    salaryBaseInt: safeInt(salaryBase),
    salaryGross,
    salaryGrossInt: safeInt(salaryGross),
    taxCategory,
    ptkpStatus,
    missingDailyReports,
  };
}
