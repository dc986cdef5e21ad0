import fc from 'fast-check';
import { deciderSpec as spec, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import { fold } from '@kinerja/kernel';
import type { Actor } from '@kinerja/kernel';
import { feedbackAggregate, feedbackDecider } from './decider';
import type { BehaviourScores, FeedbackCommand } from './commands';
import type { FeedbackEvent } from './events';

const RATED = '198503122010011002';
const RATER = '197001011995031001';
const P = ['198601012010011001', '198701012010011001', '198801012010011001', '198901012010011001'];
const as = (nip: string): Actor => ({ userId: `u-${nip}`, nip, roles: ['pegawai'] });
const now = '2026-06-10T09:00:00+07:00';
const given = (events: FeedbackEvent[]) => spec(feedbackDecider).given(events);
const scores = (n = 4): BehaviourScores => ({
  BERORIENTASI_PELAYANAN: n,
  AKUNTABEL: n,
  KOMPETEN: n,
  HARMONIS: n,
  LOYAL: n,
  ADAPTIF: n,
  KOLABORATIF: n,
});
const base = { nip: RATED, year: 2026, at: now };
const invited = (nip: string, relation: 'PEER' | 'SUBORDINATE' = 'PEER'): FeedbackEvent => ({
  type: 'FeedbackInvited',
  data: { ...base, invitee: nip, relation, invitedBy: RATER },
});
const gave = (nip: string, n = 4): FeedbackEvent => ({
  type: 'FeedbackGiven',
  data: { ...base, giver: nip, relation: 'PEER', scores: scores(n) },
});
const invite = (invitees: Array<{ nip: string; relation: string }>): FeedbackCommand =>
  ({ type: 'InviteFeedback', nip: RATED, year: 2026, by: as(RATER), now, invitees }) as FeedbackCommand;
const give = (by: string, over: Record<string, unknown> = {}): FeedbackCommand =>
  ({ type: 'GiveFeedback', nip: RATED, year: 2026, by: as(by), now, scores: scores(), ...over }) as FeedbackCommand;

describe('InviteFeedback', () => {
  it('invites peers and subordinates; a repeated invitation appends nothing', () => {
    given([])
      .when(
        invite([
          { nip: P[0], relation: 'PEER' },
          { nip: P[1], relation: 'SUBORDINATE' },
        ]),
      )
      .then([invited(P[0]), invited(P[1], 'SUBORDINATE')]);
    given([invited(P[0])])
      .when(invite([{ nip: P[0], relation: 'PEER' }]))
      .then([]);
  });
  it('refuses the rated employee, the rater, no invitee and a bad NIP or relation', () => {
    given([])
      .when(invite([{ nip: RATED, relation: 'PEER' }]))
      .thenThrows('SELF_FEEDBACK');
    given([])
      .when(invite([{ nip: RATER, relation: 'PEER' }]))
      .thenThrows('RATER_NOT_INVITEE');
    given([]).when(invite([])).thenThrows('NO_INVITEES');
    given([])
      .when(invite([{ nip: '123', relation: 'PEER' }]))
      .thenThrows('INVALID_NIP');
    given([])
      .when(invite([{ nip: P[0], relation: 'BOSS' }]))
      .thenThrows('INVALID_RELATION');
  });
});

describe('GiveFeedback', () => {
  it('takes an invited person’s scores on the seven values, once', () => {
    given([invited(P[0])])
      .when(give(P[0]))
      .then([gave(P[0])]);
    given([invited(P[0]), gave(P[0])])
      .when(give(P[0]))
      .thenThrows('FEEDBACK_ALREADY_GIVEN');
  });
  it('refuses a person not invited, and bad scores', () => {
    given([invited(P[0])])
      .when(give(P[1]))
      .thenThrows('FEEDBACK_NOT_INVITED');
    given([invited(P[0])])
      .when(give(P[0], { scores: { ...scores(), LOYAL: 6 } }))
      .thenThrows('INVALID_SCORE', { field: 'scores.LOYAL' });
    given([invited(P[0])])
      .when(give(P[0], { scores: { AKUNTABEL: 3 } }))
      .thenThrows('INVALID_SCORE');
    given([invited(P[0])])
      .when(give(P[0], { scores: { ...scores(), JUJUR: 3 } }))
      .thenThrows('UNKNOWN_VALUE');
    given([invited(P[0])])
      .when(give(P[0], { comment: 'x'.repeat(1001) }))
      .thenThrows('INVALID_COMMENT');
  });
});

describe('the aggregate the rater sees', () => {
  it('hides everything below three answers, then shows averages only', () => {
    const two = fold(feedbackDecider, [invited(P[0]), invited(P[1]), invited(P[2]), gave(P[0], 5), gave(P[1], 4)]);
    expect(feedbackAggregate(two)).toEqual({ invited: 3, answered: 2, minimum: 3, shown: false, averages: null });
    const three = fold(feedbackDecider, [invited(P[0]), invited(P[1]), invited(P[2]), gave(P[0], 5), gave(P[1], 4), gave(P[2], 4)]);
    const agg = feedbackAggregate(three);
    expect(agg).toMatchObject({ answered: 3, shown: true });
    expect(agg.averages!.LOYAL).toBe(4.33);
    expect(JSON.stringify(agg)).not.toContain(P[0]);
  });
});

describe('a giver whose token names an Object.prototype name as its NIP', () => {
  it('was not invited', () =>
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), (nip) =>
        given([invited(P[0])])
          .when(give(nip))
          .thenThrows('FEEDBACK_NOT_INVITED'),
      ),
    ));
});
