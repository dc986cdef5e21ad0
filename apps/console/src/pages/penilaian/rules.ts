import { isKinerjaError } from '@kinerja/kernel';
import type { Predikat, Rating } from '@kinerja/policies';
import { DecideObjectionBody, FileObjectionBody, RateAppraisalBody } from '@kinerja/contracts/appraisal';
import { checkRatings } from '@kinerja/domain/appraisal/decider';
import { written } from '@kinerja/domain/appraisal/written';
import { EVIDENCE_URL } from '@kinerja/domain/appraisal/commands';
import type { BehaviourValue } from '@kinerja/domain/appraisal/events';
import type { z } from 'zod';
import { messageOf } from '../../i18n/errors';
import { daysUntil } from '../../format';

// The appraisal's rules as the console applies them before sending: the same zod schemas as the API
// (libs/contracts) and the decider's own pure checks (libs/domain: a written reason for any rating
// other than SESUAI_EKSPEKTASI, a reason for an objection and for its decision). Pure, unit-tested.

/** results rating -> behaviour rating -> predikat, as the policy in force has it. */
export type Matrix = Record<Rating, Record<Rating, Predikat>>;

/** The predikat the matrix gives two ratings; none until both are chosen. */
export function predikatPreview(
  matrix: Matrix | undefined,
  results: Rating | '' | undefined,
  behaviour: Rating | '' | undefined,
): Predikat | null {
  if (!matrix || !results || !behaviour) return null;
  return matrix[results]?.[behaviour] ?? null;
}

/** A written reason is asked for a rating other than "sesuai ekspektasi" (the decider's rule). */
export const reasonRequired = (rating: Rating | '' | undefined): boolean => !!rating && rating !== 'SESUAI_EKSPEKTASI';

/** Field problems by the request body's dotted path, each an Indonesian message. */
export type FieldErrors = ReadonlyMap<string, string>;

type Checked<B> = { ok: true; body: B } | { ok: false; errors: FieldErrors };

function zodErrors(issues: readonly z.core.$ZodIssue[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (errors.has(path)) continue;
    const missing = issue.code === 'invalid_type' && (issue.input === undefined || issue.input === '');
    errors.set(path, missing ? 'Wajib dipilih.' : issue.code === 'too_big' ? 'Teks terlalu panjang.' : 'Isian tidak sesuai.');
  }
  return errors;
}

/** The decider's refusal (a KinerjaError naming its field) as a field problem; anything else is rethrown. */
function refusal(e: unknown): Map<string, string> {
  if (!isKinerjaError(e)) throw e;
  const field = typeof e.details.field === 'string' ? e.details.field : '';
  return new Map([[field, messageOf(e.code)]]);
}

const text = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s);

// ---------- rating ----------

export interface RatingDraft {
  results: Rating | '';
  behaviour: Rating | '';
  reasonResults: string;
  reasonBehaviour: string;
  behaviourValues: Partial<Record<BehaviourValue, Rating>>;
}

export const emptyRating = (): RatingDraft => ({ results: '', behaviour: '', reasonResults: '', reasonBehaviour: '', behaviourValues: {} });

export type RateBody = z.output<typeof RateAppraisalBody>;

/** The rating form as the API's body, checked as the API and the decider check it. */
export function checkRating(d: RatingDraft): Checked<RateBody> {
  const reasons = { results: text(d.reasonResults), behaviour: text(d.reasonBehaviour) };
  const input = {
    results: d.results || undefined,
    behaviour: d.behaviour || undefined,
    ...(reasons.results || reasons.behaviour ? { reasons: JSON.parse(JSON.stringify(reasons)) as typeof reasons } : {}),
    ...(Object.keys(d.behaviourValues).length ? { behaviourValues: d.behaviourValues } : {}),
  };
  const parsed = RateAppraisalBody.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error.issues) };
  try {
    checkRatings(parsed.data, []);
  } catch (e) {
    return { ok: false, errors: refusal(e) };
  }
  return { ok: true, body: parsed.data };
}

// ---------- objection ----------

export type EvidenceItem = { kind: 'FILE'; sha256: string; name?: string } | { kind: 'LINK'; url: string };

export interface ObjectionDraft {
  reasons: string;
  evidence: EvidenceItem[];
}

export type ObjectionBody = z.output<typeof FileObjectionBody>;

/** A link the API accepts as evidence (http or https, no spaces). */
export const isEvidenceLink = (url: string): boolean => EVIDENCE_URL.test(url.trim());

export function checkObjection(d: ObjectionDraft): Checked<ObjectionBody> {
  const input = {
    reasons: d.reasons,
    evidence: d.evidence.map((e) =>
      e.kind === 'FILE' ? { kind: 'FILE' as const, sha256: e.sha256 } : { kind: 'LINK' as const, url: e.url },
    ),
  };
  const parsed = FileObjectionBody.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error.issues) };
  try {
    written(parsed.data.reasons, 'reasons');
  } catch (e) {
    return { ok: false, errors: refusal(e) };
  }
  return { ok: true, body: parsed.data };
}

/** The objection window as the employee sees it: open until the end of its last day (Asia/Jakarta). */
export function objectionWindow(
  row: { state: string; objectionDeadline: string | null },
  today: string,
): { open: boolean; daysLeft: number | null } {
  if (!row.objectionDeadline) return { open: false, daysLeft: null };
  const daysLeft = daysUntil(row.objectionDeadline.slice(0, 10), today);
  return { open: row.state === 'ISSUED' && daysLeft >= 0, daysLeft };
}

/** "3 hari lagi", "hari terakhir", "sudah berakhir". */
export function daysLeftLabel(daysLeft: number | null): string {
  if (daysLeft === null) return '–';
  if (daysLeft < 0) return 'sudah berakhir';
  if (daysLeft === 0) return 'hari ini hari terakhir';
  return `${daysLeft} hari lagi`;
}

// ---------- decision ----------

export interface DecisionDraft {
  outcome: 'CONFIRM' | 'AMEND' | '';
  reasons: string;
  results: Rating | '';
  behaviour: Rating | '';
}

export type DecisionBody = z.output<typeof DecideObjectionBody>;

/**
 * The decision as the API's body. Confirming sends the outcome and reasons only; amending sends the
 * ratings that change (one left as the rater gave it is not re-rated), and at least one must change.
 */
export function checkDecision(d: DecisionDraft, original: { results: Rating | null; behaviour: Rating | null }): Checked<DecisionBody> {
  const amend = d.outcome === 'AMEND';
  const input = {
    outcome: d.outcome || undefined,
    reasons: d.reasons,
    ...(amend && d.results && d.results !== original.results ? { results: d.results } : {}),
    ...(amend && d.behaviour && d.behaviour !== original.behaviour ? { behaviour: d.behaviour } : {}),
  };
  const parsed = DecideObjectionBody.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error.issues) };
  try {
    written(parsed.data.reasons, 'reasons');
  } catch (e) {
    return { ok: false, errors: refusal(e) };
  }
  if (amend && parsed.data.results === undefined && parsed.data.behaviour === undefined)
    return { ok: false, errors: new Map([['results', messageOf('NOTHING_AMENDED')]]) };
  return { ok: true, body: parsed.data };
}

// ---------- periods ----------

/** The last `count` months whose last day has come by `today` (a month is rated from its last day), newest first. */
export function ratablePeriods(today: string, count = 12): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (Number(today.slice(8, 10)) < lastDay) [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  return out;
}

// ---------- field problems ----------

/** The problems without the one of `field` (the person is correcting it). */
export function without(errors: FieldErrors, field: string): FieldErrors {
  if (!errors.has(field)) return errors;
  const next = new Map(errors);
  next.delete(field);
  return next;
}

/** The body path a form field is checked under, where the two differ. */
const BODY_PATH: ReadonlyMap<string, string> = new Map([
  ['reasonResults', 'reasons.results'],
  ['reasonBehaviour', 'reasons.behaviour'],
]);
export const bodyPathOf = (field: string): string => BODY_PATH.get(field) ?? field;
