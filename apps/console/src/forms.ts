import type { z } from 'zod';

// Client-side validation with the API's own zod schemas (libs/contracts): the same rules, checked
// before sending, with a short Indonesian message per field (the dotted path of the request body).

export type FieldErrors = ReadonlyMap<string, string>;

interface Issue {
  code: string;
  path: PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  input?: unknown;
}

/** The Indonesian message for one zod issue. */
export function issueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === '' ? 'Wajib diisi.' : 'Isian tidak sesuai.';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Wajib diisi.' : `Paling sedikit ${issue.minimum} karakter.`;
      if (issue.origin === 'array')
        return Number(issue.minimum) <= 1 ? 'Pilih paling sedikit satu.' : `Pilih paling sedikit ${issue.minimum}.`;
      return `Paling kecil ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Paling banyak ${issue.maximum} karakter.`;
      if (issue.origin === 'array') return `Paling banyak ${issue.maximum}.`;
      return `Paling besar ${issue.maximum}.`;
    case 'invalid_format':
      return 'Formatnya tidak sesuai.';
    case 'invalid_value':
      return 'Pilih salah satu pilihan yang ada.';
    default:
      return 'Isian tidak sesuai.';
  }
}

/** The values as the schema parses them, or the first message per field (dotted path). */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
): { ok: true; value: z.output<S>; errors: FieldErrors } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, value: r.data, errors: new Map() };
  const errors = new Map<string, string>();
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!errors.has(path)) errors.set(path, issueMessage(issue as unknown as Issue));
  }
  return { ok: false, errors };
}

/** The errors without a field's (and its children's), once the person changes it. */
export function withoutError(errors: FieldErrors, path: string): FieldErrors {
  if (![...errors.keys()].some((k) => k === path || k.startsWith(`${path}.`))) return errors;
  return new Map([...errors].filter(([k]) => k !== path && !k.startsWith(`${path}.`)));
}
