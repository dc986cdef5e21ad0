/**
 * The supervisor's answer, kept on the row of what it answers (a daily report, a realisation): set by
 * an answer, cleared by a revision so that the row waits for a new one (`answer_kind IS NULL`).
 */
export interface AnswerColumns {
  answer_kind: string | null;
  answer_note: string | null;
  answered_by: string | null;
}

/** What a row's answer reads as: null while it waits for one. */
export interface RowAnswer {
  kind: string;
  note: string | null;
  answeredBy: string | null;
}

/** The columns of a row that waits for an answer (new, or revised). */
export const UNANSWERED: AnswerColumns = { answer_kind: null, answer_note: null, answered_by: null };

/** The columns an answer sets. */
export const answerColumns = (a: { kind: string; note?: string; answeredBy: string | null }): AnswerColumns => ({
  answer_kind: a.kind,
  answer_note: a.note ?? null,
  answered_by: a.answeredBy,
});

export const answerOf = (r: AnswerColumns): RowAnswer | null =>
  r.answer_kind ? { kind: r.answer_kind, note: r.answer_note, answeredBy: r.answered_by } : null;
