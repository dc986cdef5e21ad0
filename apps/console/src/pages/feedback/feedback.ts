import type { BehaviourValue } from '@kinerja/domain/appraisal/events';

// The words and the little logic of the 360 feedback screens and the public feedback page (pure,
// unit-tested in feedback.spec.ts).

export const RELATION_LABEL: ReadonlyMap<string, string> = new Map([
  ['PEER', 'Rekan kerja'],
  ['SUBORDINATE', 'Bawahan'],
]);

/** The service values a member of the public rates (libs/domain/publicfeedback SERVICE_VALUES). */
export const SERVICE_VALUES = ['KECEPATAN', 'KEJELASAN', 'KERAMAHAN', 'KEMUDAHAN'] as const;
export const SERVICE_LABEL: ReadonlyMap<string, string> = new Map([
  ['KECEPATAN', 'Kecepatan pelayanan'],
  ['KEJELASAN', 'Kejelasan informasi'],
  ['KERAMAHAN', 'Keramahan petugas'],
  ['KEMUDAHAN', 'Kemudahan prosedur'],
]);

/** The words under the 1..5 scale. */
export const SCALE_HINT: ReadonlyMap<number, string> = new Map([
  [1, 'Sangat kurang'],
  [2, 'Kurang'],
  [3, 'Cukup'],
  [4, 'Baik'],
  [5, 'Sangat baik'],
]);

/** A form's scores: a value per key, null until chosen. */
export type ScoreDraft = Record<string, number | null>;

export function emptyScores(keys: readonly string[]): ScoreDraft {
  return Object.fromEntries(keys.map((k) => [k, null]));
}

/** The body's scores: only the chosen values (a missing one is reported by the schema, by its path). */
export function chosenScores(draft: ScoreDraft, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) if (typeof draft[k] === 'number') out[k] = draft[k];
  return out;
}

/** An optional comment: empty or blank is no comment. */
export const optionalComment = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** An average as people read it: "4,33". */
export const formatAverage = (n: number): string => n.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** What the rater reads while the aggregate is still hidden. */
export function aggregateNote(answered: number, minimum: number): string {
  const left = minimum - answered;
  return left > 0
    ? `Rata-rata ditampilkan setelah paling sedikit ${minimum} orang menjawab. Sudah ${answered} jawaban; kurang ${left} lagi.`
    : '';
}

export interface Invitee {
  nip: string;
  name: string;
  relation: 'PEER' | 'SUBORDINATE';
}

/** Adds someone to the invitation list once; the rated employee and the rater themself are not invited. */
export function addInvitee(list: readonly Invitee[], person: { nip: string; name: string }, exclude: readonly string[]): Invitee[] {
  if (exclude.includes(person.nip) || list.some((i) => i.nip === person.nip)) return [...list];
  return [...list, { nip: person.nip, name: person.name, relation: 'PEER' }];
}

/** The order in which the seven BerAKHLAK values are asked. */
export type { BehaviourValue };

/** The public link's address as it is given out (the token is shown once, when the link is opened). */
export const publicLinkUrl = (origin: string, token: string): string => `${origin}/umpan-balik-publik/${encodeURIComponent(token)}`;
