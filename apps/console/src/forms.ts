import type { z } from 'zod';

// Client-side checks of a form with the API's own zod schema (libs/contracts): the same rules, checked
// before sending. Each problem becomes an Indonesian message keyed by the dotted path of the request body
// ("results.0.indicators.1.quantity"), the same paths the API's VALIDATION_FAILED answers name in
// details.fields.

export type FieldErrors = ReadonlyMap<string, string>;

/** The dotted path of an issue: what `fieldError` and the form's inputs look up. */
export const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** One zod issue in Indonesian: what is wrong and how to put it right. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return 'Wajib diisi.';
      return issue.expected === 'number' || issue.expected === 'int' ? 'Isi dengan angka.' : 'Isian tidak sesuai.';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Wajib diisi.' : `Sedikitnya ${String(issue.minimum)} karakter.`;
      if (issue.origin === 'array')
        return Number(issue.minimum) <= 1 ? 'Pilih paling sedikit satu.' : `Tambahkan sedikitnya ${String(issue.minimum)}.`;
      return `Paling kecil ${String(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Paling banyak ${String(issue.maximum)} karakter.`;
      if (issue.origin === 'array') return `Paling banyak ${String(issue.maximum)}.`;
      return `Paling besar ${String(issue.maximum)}.`;
    case 'invalid_format':
      return 'Format isian tidak sesuai.';
    case 'invalid_value':
      return 'Pilih salah satu pilihan yang ada.';
    case 'unrecognized_keys':
      return 'Ada isian yang tidak dikenal.';
    default:
      return 'Isian tidak sesuai.';
  }
}

/**
 * Checks `values` with `schema`: the parsed body, or the problems by field path (the first problem of
 * each field). The input is reported, so a missing value reads "Wajib diisi".
 */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
): { ok: true; value: z.output<S>; errors: FieldErrors } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(values, { reportInput: true });
  if (r.success) return { ok: true, value: r.data, errors: new Map() };
  const errors = new Map<string, string>();
  for (const issue of r.error.issues) {
    const p = pathOf(issue.path);
    if (!errors.has(p)) errors.set(p, issueMessage(issue));
  }
  return { ok: false, errors };
}

/** The errors without a field's (and its children's), once the person changes it. */
export function withoutError(errors: FieldErrors, path: string): FieldErrors {
  if (![...errors.keys()].some((k) => k === path || k.startsWith(`${path}.`))) return errors;
  return new Map([...errors].filter(([k]) => k !== path && !k.startsWith(`${path}.`)));
}
