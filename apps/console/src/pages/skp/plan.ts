import type { z } from 'zod';
import { DraftWorkPlanBody, ResultTemplateBody, ReviseWorkPlanBody } from '@kinerja/contracts/planning';
import { KinerjaError } from '@kinerja/kernel';
import { validateResults } from '@kinerja/domain/workplan/decider';
import type { PlannedResult } from '@kinerja/domain/workplan/commands';
import { validate } from '../../forms';
import { messageOf } from '../../i18n/errors';

// The SKP form and what it sends: typed input (numbers may still be empty while typed), the body of
// POST .../draft or .../revise checked with the API's zod schema and then with the decider's own
// shape rules (validateResults), so a refusal shows next to its field before anything is sent.

export type NumberInput = number | '';

export interface IndicatorForm {
  indicatorId?: string;
  text: string;
  quantity: NumberInput;
  unit: string;
  /** Percent, 1..100. */
  quality: NumberInput;
  /** Months within the year, 1..12. */
  timeMonths: NumberInput;
}

export interface ResultForm {
  resultId?: string;
  text: string;
  /** The superior's RHK it cascades from; '' for none chosen. */
  parentResultId: string;
  indicators: IndicatorForm[];
}

export interface PlanForm {
  results: ResultForm[];
  /** The reason of a mid-year revision (only when the plan in force is revised). */
  reason: string;
}

export const emptyIndicator = (): IndicatorForm => ({ text: '', quantity: '', unit: '', quality: 100, timeMonths: 12 });
export const emptyResult = (): ResultForm => ({ text: '', parentResultId: '', indicators: [emptyIndicator()] });
export const emptyPlan = (): PlanForm => ({ results: [emptyResult()], reason: '' });

/** A version of the plan, as the form edits it again (a draft, a returned plan, or the start of a revision). */
export function formOf(results: readonly PlannedResult[], reason = ''): PlanForm {
  return {
    reason,
    results: results.map((r) => ({
      resultId: r.resultId,
      text: r.text,
      parentResultId: r.parentResultId ?? '',
      indicators: r.indicators.map((k) => ({
        indicatorId: k.indicatorId,
        text: k.text,
        quantity: k.quantity,
        unit: k.unit,
        quality: k.quality,
        timeMonths: k.timeMonths,
      })),
    })),
  };
}

const num = (v: NumberInput): number | undefined => (v === '' ? undefined : v);

/** The request's results: empty numbers and an unchosen parent left out (the schema then says what is missing). */
export function resultsBody(form: PlanForm) {
  return form.results.map((r) => ({
    ...(r.resultId ? { resultId: r.resultId } : {}),
    text: r.text.trim(),
    ...(r.parentResultId ? { parentResultId: r.parentResultId } : {}),
    indicators: r.indicators.map((k) => ({
      ...(k.indicatorId ? { indicatorId: k.indicatorId } : {}),
      text: k.text.trim(),
      quantity: num(k.quantity),
      unit: k.unit.trim(),
      quality: num(k.quality),
      timeMonths: num(k.timeMonths),
    })),
  }));
}

export type Checked<T> = { ok: true; body: T } | { ok: false; errors: ReadonlyMap<string, string> };

/**
 * The decider's shape rules on results that passed the schema: ids the server has not given yet are
 * placeholders here (the server makes them), so only the rules on texts and targets can refuse.
 */
function domainErrors(results: ReturnType<typeof resultsBody>, prefix: string): Map<string, string> {
  let n = 0;
  const placeholder = () => `baru-${n++}`;
  const withIds = results.map((r) => ({
    ...r,
    resultId: r.resultId ?? placeholder(),
    indicators: r.indicators.map((k) => ({
      ...k,
      indicatorId: k.indicatorId ?? placeholder(),
      quantity: k.quantity ?? NaN,
      quality: k.quality ?? NaN,
      timeMonths: k.timeMonths ?? NaN,
    })),
  }));
  try {
    validateResults(withIds);
    return new Map();
  } catch (e) {
    if (!(e instanceof KinerjaError)) throw e;
    const field = typeof e.details.field === 'string' ? `${prefix}${e.details.field}` : 'results';
    return new Map([[field, messageOf(e.code)]]);
  }
}

/**
 * Every RHK of a staff member names the superior's RHK it supports (PARENT_RESULT_REQUIRED at submission);
 * `parents` are the RHK offered today, and a choice no longer offered is refused as the API would.
 */
function lineErrors(form: PlanForm, parents: readonly string[] | null): Map<string, string> {
  const errors = new Map<string, string>();
  if (parents === null) return errors;
  form.results.forEach((r, i) => {
    if (!r.parentResultId) errors.set(`results.${i}.parentResultId`, messageOf('PARENT_RESULT_REQUIRED'));
    else if (!parents.includes(r.parentResultId)) errors.set(`results.${i}.parentResultId`, messageOf('PARENT_RESULT_NOT_IN_LINE'));
  });
  return errors;
}

/** The body of POST .../draft, or the problems by field. `requireParents`: the RHK offered, when the plan is to be submitted. */
export function checkDraft(form: PlanForm, requireParents: readonly string[] | null = null): Checked<DraftWorkPlanBodyType> {
  const results = resultsBody(form);
  const c = validate(DraftWorkPlanBody, { results });
  if (!c.ok) return { ok: false, errors: c.errors };
  const errors = new Map([...domainErrors(results, ''), ...lineErrors(form, requireParents)]);
  return errors.size ? { ok: false, errors } : { ok: true, body: c.value };
}

/** The body of POST .../revise (a reason and the new results), or the problems by field. */
export function checkRevision(form: PlanForm): Checked<ReviseWorkPlanBodyType> {
  const results = resultsBody(form);
  const c = validate(ReviseWorkPlanBody, { reason: form.reason.trim(), results });
  if (!c.ok) return { ok: false, errors: c.errors };
  const errors = domainErrors(results, '');
  return errors.size ? { ok: false, errors } : { ok: true, body: c.value };
}

type DraftWorkPlanBodyType = z.output<typeof DraftWorkPlanBody>;
type ReviseWorkPlanBodyType = z.output<typeof ReviseWorkPlanBody>;
type ResultTemplateBodyType = z.output<typeof ResultTemplateBody>;

/** Whether the form differs from the results saved (then "Ajukan" saves the draft first). */
export function isChanged(form: PlanForm, saved: readonly PlannedResult[] | undefined): boolean {
  return JSON.stringify(resultsBody(form)) !== JSON.stringify(resultsBody(formOf(saved ?? [])));
}

// Handing one RHK to many subordinates (POST .../result-templates): the RHK and its IKI once, a quantity
// target per subordinate and IKI.

export interface TemplateForm {
  resultId: string;
  text: string;
  parentResultId: string;
  indicators: Array<{ indicatorId: string; text: string; unit: string; quality: NumberInput; timeMonths: NumberInput }>;
  /** Chosen subordinates (NIP). */
  assignees: string[];
  /** Quantity targets: `${nip}|${indicatorId}` -> quantity. */
  targets: Record<string, NumberInput>;
}

export const targetKey = (nip: string, indicatorId: string) => `${nip}|${indicatorId}`;

/** The body of POST .../result-templates, or the problems by field (paths of that body). */
export function checkTemplate(form: TemplateForm): Checked<ResultTemplateBodyType> {
  const body = {
    template: {
      resultId: form.resultId,
      text: form.text.trim(),
      parentResultId: form.parentResultId || undefined,
      indicators: form.indicators.map((k) => ({
        indicatorId: k.indicatorId,
        text: k.text.trim(),
        unit: k.unit.trim(),
        quality: num(k.quality),
        timeMonths: num(k.timeMonths),
      })),
    },
    assignees: form.assignees.map((nip) => ({
      nip,
      targets: form.indicators.map((k) => ({
        indicatorId: k.indicatorId,
        quantity: num(form.targets[targetKey(nip, k.indicatorId)] ?? ''),
      })),
    })),
  };
  const c = validate(ResultTemplateBody, body);
  if (!c.ok) return { ok: false, errors: c.errors };
  // The decider's rules on each subordinate's RHK as it will be handed over.
  for (const [i, a] of c.value.assignees.entries()) {
    const result = {
      resultId: c.value.template.resultId,
      text: c.value.template.text,
      indicators: c.value.template.indicators.map((k, j) => ({ ...k, quantity: a.targets[j].quantity })),
    };
    const errors = domainErrors([result], '');
    if (errors.size) {
      // Targets are per subordinate; the other rules are the template's.
      const [[field, message]] = [...errors];
      const m = /^results\.0\.indicators\.(\d+)\.quantity$/.exec(field);
      if (m) return { ok: false, errors: new Map([[`assignees.${i}.targets.${m[1]}.quantity`, message]]) };
      return { ok: false, errors: new Map([[field.replace(/^results\.0/, 'template'), message]]) };
    }
  }
  return { ok: true, body: c.value };
}

// The cascade tree of a unit, searchable.

export interface TreeNode {
  resultId: string;
  nip: string;
  text: string;
  children: TreeNode[];
}

/**
 * The tree pruned to the nodes whose text, RHK id, NIP or holder's name holds `query` (case-insensitive),
 * with their ancestors so each stays in its place and their whole subtree; everything when the query is empty.
 */
export function filterTree<T extends TreeNode>(tree: readonly T[], query: string, names: ReadonlyMap<string, string | null>): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...tree];
  const hit = (n: T) => [n.text, n.resultId, n.nip, names.get(n.nip) ?? ''].some((s) => s.toLowerCase().includes(q));
  const out: T[] = [];
  for (const n of tree) {
    if (hit(n)) {
      out.push(n);
      continue;
    }
    const children = filterTree(n.children as T[], query, names);
    if (children.length) out.push({ ...n, children });
  }
  return out;
}

/** How many RHK the tree holds. */
export const countNodes = (tree: readonly TreeNode[]): number => tree.reduce((s, n) => s + 1 + countNodes(n.children), 0);

/**
 * Mantine's error red (red.6) is under 4.5:1 on white: the forms of these pages set a darker one for their
 * fields' messages and borders (a CSS variable, inherited by everything inside).
 */
export const AA_ERROR_COLOR = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as Record<string, string>;
