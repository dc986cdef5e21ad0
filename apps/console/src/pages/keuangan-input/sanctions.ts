import type { z } from 'zod';
import type { SanctionBody as SanctionSchema } from '@kinerja/contracts/payroll';

export type SanctionBody = z.output<typeof SanctionSchema>;

// The sanction form's values as typed, and the body the contract checks.

export const SANCTION_LABEL: ReadonlyMap<string, string> = new Map([
  ['RINGAN', 'Ringan'],
  ['SEDANG', 'Sedang'],
  ['BERAT', 'Berat'],
]);

export interface SanctionForm {
  nip: string;
  type: string;
  startMonth: string;
  months: string;
  decreeNumber: string;
  reason: string;
}

/** The request body from the form: a count of months as a number (NaN stays invalid), an empty SK number left out. */
export function sanctionBodyOf(f: SanctionForm): SanctionBody {
  return {
    nip: f.nip.trim(),
    type: f.type,
    startMonth: f.startMonth,
    months: /^\d{1,3}$/.test(f.months.trim()) ? Number(f.months.trim()) : Number.NaN,
    ...(f.decreeNumber.trim() ? { decreeNumber: f.decreeNumber.trim() } : {}),
    reason: f.reason.trim(),
  };
}
