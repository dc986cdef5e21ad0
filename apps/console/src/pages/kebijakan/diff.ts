// The difference between two policy documents, field by field: each leaf's path (`tpp.split.performancePercent`,
// `tpp.ceilings.3.ceiling`) with its value in the version in force and in the new one. Pure, so the page
// shows exactly what a test checks. Keys are read with Object.keys (own keys only) and compared by Map.

export type DiffKind = 'same' | 'changed' | 'added' | 'removed';

export interface DiffRow {
  path: string;
  old: string | undefined;
  new: string | undefined;
  kind: DiffKind;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Every leaf of a JSON value by its dotted path (arrays by index); an empty object or array is a leaf. */
export function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isObject(value)) {
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    if (keys.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
    for (const k of keys) leaves((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value === undefined ? 'undefined' : JSON.stringify(value));
  return out;
}

/** The rows of the side-by-side diff, in the order of the old document then the new fields. */
export function policyDiff(oldDoc: unknown, newDoc: unknown): DiffRow[] {
  const a = leaves(oldDoc);
  const b = leaves(newDoc);
  const rows: DiffRow[] = [];
  for (const [path, v] of a) {
    const w = b.get(path);
    rows.push({ path, old: v, new: w, kind: w === undefined ? 'removed' : w === v ? 'same' : 'changed' });
  }
  for (const [path, w] of b) if (!a.has(path)) rows.push({ path, old: undefined, new: w, kind: 'added' });
  return rows;
}

/** Only what differs. */
export const changesOf = (rows: readonly DiffRow[]) => rows.filter((r) => r.kind !== 'same');

/** The version in force on `day` (YYYY-MM-DD): the latest effectiveFrom on or before it, not ended before it. */
export function inForce<V extends { effectiveFrom: string; effectiveUntil: string | null }>(
  versions: readonly V[],
  day: string,
): V | undefined {
  return [...versions]
    .filter((v) => v.effectiveFrom <= day && (!v.effectiveUntil || v.effectiveUntil >= day))
    .sort((x, y) => y.effectiveFrom.localeCompare(x.effectiveFrom))[0];
}

/** The document typed in, as an object, or the reason it is not one. */
export function parseDocument(text: string): { ok: true; document: Record<string, unknown> } | { ok: false; reason: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'Dokumen bukan JSON yang sah. Periksa tanda kutip, koma dan kurung.' };
  }
  if (!isObject(v) || Array.isArray(v)) return { ok: false, reason: 'Dokumen harus berupa objek JSON ({ … }).' };
  return { ok: true, document: v };
}
