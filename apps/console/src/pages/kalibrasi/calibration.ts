import { PREDIKAT_LABEL, PREDIKAT_ORDER } from '../../i18n/terms';

// The calibration page's pure logic: the distribution beside the curve as rows for the chart and its
// table, and a refusal's counts and caps (DISTRIBUTION_EXCEEDED's details) in Indonesian.

export const ORGANISATION_RESULT_LABEL: ReadonlyMap<string, string> = new Map([
  ['ISTIMEWA', 'Istimewa'],
  ['BAIK', 'Baik'],
  ['BUTUH_PERBAIKAN', 'Butuh Perbaikan'],
  ['KURANG', 'Kurang'],
  ['SANGAT_KURANG', 'Sangat Kurang'],
]);
export const ORGANISATION_RESULTS = [...ORGANISATION_RESULT_LABEL.keys()];

/** One rule of the curve as checked: at most (`max`) or at least (`min`) `limit` people of these predikat. */
export interface CurveCheck {
  predikat: string[];
  kind: 'max' | 'min';
  percent: string | null;
  limit: number;
  actual: number;
  ok: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The checks of a `check` object (the distribution's or a refusal's details), dropping anything malformed. */
export function checksOf(v: unknown): CurveCheck[] {
  const list = isRecord(v) && Array.isArray(v.checks) ? v.checks : Array.isArray(v) ? v : [];
  return list.filter(
    (c): c is CurveCheck =>
      isRecord(c) &&
      Array.isArray(c.predikat) &&
      (c.kind === 'max' || c.kind === 'min') &&
      typeof c.limit === 'number' &&
      typeof c.actual === 'number' &&
      typeof c.ok === 'boolean',
  );
}

/** The counts per predikat in the glossary's order (a missing one is 0; unknown keys are ignored). */
export function countRows(counts: unknown): Array<{ predikat: string; label: string; count: number }> {
  const c = isRecord(counts) ? counts : {};
  return PREDIKAT_ORDER.map((p) => ({
    predikat: p,
    label: PREDIKAT_LABEL.get(p) ?? p,
    count: Object.prototype.hasOwnProperty.call(c, p) && typeof c[p] === 'number' ? c[p] : 0,
  }));
}

export const predikatList = (ps: readonly string[]): string => ps.map((p) => PREDIKAT_LABEL.get(p as never) ?? p).join(' + ');

/** A rule in words: "Baik paling banyak 70% (4 orang)" / "Butuh Perbaikan + Kurang paling sedikit 1 orang". */
export function ruleText(c: CurveCheck): string {
  const bound = c.kind === 'max' ? 'paling banyak' : 'paling sedikit';
  const share = c.percent !== null ? `${c.percent.replace('.', ',')}% (${c.limit} orang)` : `${c.limit} orang`;
  return `${predikatList(c.predikat)} ${bound} ${share}`;
}

/** The chart's rows: one per rule, its limit beside the actual count. */
export function checkRows(
  checks: readonly CurveCheck[],
): Array<{ rule: string; name: string; batas: number; aktual: number; ok: boolean }> {
  return checks.map((c) => ({
    rule: ruleText(c),
    name: `${predikatList(c.predikat)} (${c.kind === 'max' ? 'maks.' : 'min.'})`,
    batas: c.limit,
    aktual: c.actual,
    ok: c.ok,
  }));
}

/** A DISTRIBUTION_EXCEEDED refusal's details in Indonesian: the rules broken, each with its cap and count. */
export function refusalLines(details: Record<string, unknown>): string[] {
  const lines = checksOf(details.checks)
    .filter((c) => !c.ok)
    .map((c) =>
      c.kind === 'max'
        ? `${predikatList(c.predikat)}: ${c.actual} orang, batas paling banyak ${c.limit} orang${c.percent ? ` (${c.percent.replace('.', ',')}%)` : ''}.`
        : `${predikatList(c.predikat)}: ${c.actual} orang, paling sedikit ${c.limit} orang${c.percent ? ` (${c.percent.replace('.', ',')}%)` : ''}.`,
    );
  return lines;
}

/** "Baik 5, Sangat Baik 1, …" of a refusal's counts, the predikat with none left out. */
export function countsText(counts: unknown): string {
  const rows = countRows(counts).filter((r) => r.count > 0);
  return rows.length ? rows.map((r) => `${r.label} ${r.count}`).join(', ') : 'belum ada';
}
