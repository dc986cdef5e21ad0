import { badInput, D, Decider, notFound, Nip } from '@kinerja/kernel';
import { MAX_PUBLIC_COMMENT, MAX_SERVICE_NAME, PublicFeedbackCommand, SERVICE_VALUES, ServiceRatings, ServiceValue } from './commands';
import type { PublicFeedbackEvent } from './events';

export interface PublicFeedbackState {
  link: { linkId: string; nip: Nip; year: number; orgUnitId: string | null; service: string; open: boolean } | null;
  count: number;
  sums: ServiceRatings;
  comments: string[];
}

const zero = (): ServiceRatings => Object.fromEntries(SERVICE_VALUES.map((v) => [v, 0])) as ServiceRatings;
export const initialPublicFeedbackState = (): PublicFeedbackState => ({ link: null, count: 0, sums: zero(), comments: [] });

export function evolvePublicFeedback(state: PublicFeedbackState, event: PublicFeedbackEvent): PublicFeedbackState {
  switch (event.type) {
    case 'PublicFeedbackLinkOpened': {
      const d = event.data;
      return { ...state, link: { linkId: d.linkId, nip: d.nip, year: d.year, orgUnitId: d.orgUnitId, service: d.service, open: true } };
    }
    case 'PublicFeedbackLinkClosed':
      return state.link ? { ...state, link: { ...state.link, open: false } } : state;
    case 'PublicFeedbackGiven': {
      const sums = Object.fromEntries(SERVICE_VALUES.map((v) => [v, state.sums[v] + event.data.ratings[v]])) as ServiceRatings;
      return {
        ...state,
        count: state.count + 1,
        sums,
        comments: event.data.comment ? [...state.comments, event.data.comment] : state.comments,
      };
    }
  }
}

const LINK_ID_RE = /^[0-9a-f]{32,64}$/;
const linkClosed = () => notFound('FEEDBACK_LINK_NOT_FOUND', 'this feedback link does not exist or is closed');

export function decidePublicFeedback(cmd: PublicFeedbackCommand, state: PublicFeedbackState): PublicFeedbackEvent[] {
  if (!LINK_ID_RE.test(cmd.linkId)) throw linkClosed();
  switch (cmd.type) {
    case 'OpenPublicFeedbackLink': {
      if (!Number.isInteger(cmd.year) || cmd.year < 2000 || cmd.year > 2100)
        throw badInput('INVALID_YEAR', 'year must be 2000..2100', { year: cmd.year });
      const service = typeof cmd.service === 'string' ? cmd.service.trim() : '';
      if (!service || service.length > MAX_SERVICE_NAME)
        throw badInput('INVALID_SERVICE', `the service is named in 1..${MAX_SERVICE_NAME} characters`, { field: 'service' });
      // Opening the same link again (a retry) appends nothing.
      if (state.link) return [];
      return [
        {
          type: 'PublicFeedbackLinkOpened',
          data: {
            linkId: cmd.linkId,
            nip: cmd.nip,
            year: cmd.year,
            orgUnitId: cmd.orgUnitId,
            service,
            openedBy: cmd.by.nip ?? cmd.by.userId,
            at: cmd.now,
          },
        },
      ];
    }
    case 'ClosePublicFeedbackLink':
      if (!state.link) throw linkClosed();
      if (!state.link.open) return [];
      return [{ type: 'PublicFeedbackLinkClosed', data: { linkId: cmd.linkId, closedBy: cmd.by.nip ?? cmd.by.userId, at: cmd.now } }];
    case 'GivePublicFeedback': {
      if (!state.link?.open) throw linkClosed();
      const ratings = cmd.ratings as Record<string, unknown> | undefined;
      if (!ratings || typeof ratings !== 'object')
        throw badInput('MISSING_FIELD', `ratings on ${SERVICE_VALUES.join(', ')}`, { field: 'ratings' });
      for (const v of SERVICE_VALUES) {
        const r = ratings[v];
        if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 5)
          throw badInput('INVALID_RATING', `${v} is rated 1..5`, { field: `ratings.${v}` });
      }
      const extra = Object.keys(ratings).filter((k) => !(SERVICE_VALUES as readonly string[]).includes(k));
      if (extra.length) throw badInput('UNKNOWN_VALUE', `ratings are on ${SERVICE_VALUES.join(', ')} only`, { values: extra });
      if (
        cmd.comment !== undefined &&
        (typeof cmd.comment !== 'string' || cmd.comment.trim() === '' || cmd.comment.length > MAX_PUBLIC_COMMENT)
      )
        throw badInput('INVALID_COMMENT', `a comment is 1..${MAX_PUBLIC_COMMENT} characters`, { field: 'comment' });
      const clean = Object.fromEntries(SERVICE_VALUES.map((v) => [v, ratings[v]])) as ServiceRatings;
      return [
        {
          type: 'PublicFeedbackGiven',
          data: { linkId: cmd.linkId, ratings: clean, ...(cmd.comment ? { comment: cmd.comment.trim() } : {}), at: cmd.now },
        },
      ];
    }
  }
}

/** What the rater sees: the number of answers, the average per value and the comments; never who or from where. */
export function publicFeedbackResults(state: PublicFeedbackState) {
  const averages = state.count
    ? (Object.fromEntries(SERVICE_VALUES.map((v) => [v, new D(state.sums[v]).div(state.count).toDecimalPlaces(2).toNumber()])) as Record<
        ServiceValue,
        number
      >)
    : null;
  return {
    service: state.link?.service ?? null,
    open: state.link?.open ?? false,
    answered: state.count,
    averages,
    comments: state.comments,
  };
}

export const publicFeedbackDecider: Decider<PublicFeedbackCommand, PublicFeedbackEvent, PublicFeedbackState> = {
  decide: decidePublicFeedback,
  evolve: evolvePublicFeedback,
  initialState: initialPublicFeedbackState,
};
