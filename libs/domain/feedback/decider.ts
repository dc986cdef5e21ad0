import { badInput, conflict, D, Decider, domainError, Nip } from '@kinerja/kernel';
import { BehaviourScores, BERAKHLAK, BerakhlakValue, FeedbackCommand, FeedbackRelation, MIN_ANSWERS_FOR_AGGREGATE } from './commands';
import type { FeedbackEvent } from './events';

export interface FeedbackState {
  /** By invitee NIP; the giver's NIP comes from a token, so a `Map` and not a plain object. */
  invited: ReadonlyMap<Nip, FeedbackRelation>;
  answers: Array<{ giver: Nip; relation: FeedbackRelation; scores: BehaviourScores }>;
}

export const initialFeedbackState = (): FeedbackState => ({ invited: new Map(), answers: [] });

export function evolveFeedback(state: FeedbackState, event: FeedbackEvent): FeedbackState {
  if (event.type === 'FeedbackInvited') return { ...state, invited: new Map(state.invited).set(event.data.invitee, event.data.relation) };
  return { ...state, answers: [...state.answers, { giver: event.data.giver, relation: event.data.relation, scores: event.data.scores }] };
}

const MAX_INVITEES = 20;
const NIP_RE = /^\d{18}$/;

export function decideFeedback(cmd: FeedbackCommand, state: FeedbackState): FeedbackEvent[] {
  if (!Number.isInteger(cmd.year) || cmd.year < 2000 || cmd.year > 2100)
    throw badInput('INVALID_YEAR', 'year must be 2000..2100', { year: cmd.year });
  const base = { nip: cmd.nip, year: cmd.year, at: cmd.now };
  switch (cmd.type) {
    case 'InviteFeedback': {
      if (!Array.isArray(cmd.invitees) || cmd.invitees.length === 0) throw badInput('NO_INVITEES', 'invite at least one person');
      if (cmd.invitees.length > MAX_INVITEES) throw badInput('TOO_MANY_INVITEES', `at most ${MAX_INVITEES} at once`, { max: MAX_INVITEES });
      const events: FeedbackEvent[] = [];
      const seen = new Set<Nip>();
      for (const i of cmd.invitees) {
        if (!NIP_RE.test(i.nip)) throw badInput('INVALID_NIP', 'an invitee is named by an 18-digit NIP', { nip: i.nip });
        if (i.relation !== 'PEER' && i.relation !== 'SUBORDINATE')
          throw badInput('INVALID_RELATION', 'relation is PEER or SUBORDINATE', { relation: i.relation });
        if (i.nip === cmd.nip) throw domainError('SELF_FEEDBACK', { nip: i.nip }, 'nobody gives feedback on themself');
        if (i.nip === cmd.by.nip)
          throw domainError('RATER_NOT_INVITEE', { nip: i.nip }, 'the rater rates; they are not invited to the 360');
        // Inviting again is harmless: a retried or repeated invitation appends nothing.
        if (state.invited.has(i.nip) || seen.has(i.nip)) continue;
        seen.add(i.nip);
        events.push({ type: 'FeedbackInvited', data: { ...base, invitee: i.nip, relation: i.relation, invitedBy: cmd.by.nip ?? null } });
      }
      return events;
    }
    case 'GiveFeedback': {
      const giver = cmd.by.nip;
      const relation = giver ? state.invited.get(giver) : undefined;
      if (!giver || !relation) throw domainError('FEEDBACK_NOT_INVITED', { nip: cmd.nip }, 'only people the rater invited give feedback');
      if (state.answers.some((a) => a.giver === giver))
        throw conflict('FEEDBACK_ALREADY_GIVEN', 'this person has already answered', { nip: cmd.nip });
      const scores = cmd.scores as Record<string, unknown> | undefined;
      if (!scores || typeof scores !== 'object')
        throw badInput('MISSING_FIELD', 'scores on the seven BerAKHLAK values', { field: 'scores' });
      for (const v of BERAKHLAK) {
        const s = scores[v];
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > 5)
          throw badInput('INVALID_SCORE', `${v} is scored 1..5`, { field: `scores.${v}` });
      }
      const extra = Object.keys(scores).filter((k) => !(BERAKHLAK as readonly string[]).includes(k));
      if (extra.length) throw badInput('UNKNOWN_VALUE', 'scores are on the seven BerAKHLAK values only', { values: extra });
      if (cmd.comment !== undefined && (typeof cmd.comment !== 'string' || cmd.comment.trim() === '' || cmd.comment.length > 1000))
        throw badInput('INVALID_COMMENT', 'a comment is 1..1000 characters', { field: 'comment' });
      const clean = Object.fromEntries(BERAKHLAK.map((v) => [v, scores[v]])) as BehaviourScores;
      return [
        {
          type: 'FeedbackGiven',
          data: { ...base, giver, relation, scores: clean, ...(cmd.comment ? { comment: cmd.comment.trim() } : {}) },
        },
      ];
    }
  }
}

/**
 * What the rater sees: how many were invited and answered, and the average per value once at
 * least three have answered; never who said what.
 */
export function feedbackAggregate(state: FeedbackState) {
  const answered = state.answers.length;
  const shown = answered >= MIN_ANSWERS_FOR_AGGREGATE;
  const averages = shown
    ? (Object.fromEntries(
        BERAKHLAK.map((v) => [v, new D(state.answers.reduce((t, a) => t + a.scores[v], 0)).div(answered).toDecimalPlaces(2).toNumber()]),
      ) as Record<BerakhlakValue, number>)
    : null;
  return { invited: state.invited.size, answered, minimum: MIN_ANSWERS_FOR_AGGREGATE, shown, averages };
}

export const feedbackDecider: Decider<FeedbackCommand, FeedbackEvent, FeedbackState> = {
  decide: decideFeedback,
  evolve: evolveFeedback,
  initialState: initialFeedbackState,
};
