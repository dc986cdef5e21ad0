import { deciderSpec as spec } from '@kinerja/kernel/testing';
import { fold } from '@kinerja/kernel';
import type { Actor } from '@kinerja/kernel';
import { publicFeedbackDecider, publicFeedbackResults } from './decider';
import type { PublicFeedbackCommand, ServiceRatings } from './commands';
import type { PublicFeedbackEvent } from './events';

const NIP = '198503122010011002';
const RATER: Actor = { userId: 'u-rater', nip: '197001011995031001', roles: ['pegawai'] };
const LINK = 'a'.repeat(64);
const now = '2026-06-10T09:00:00+07:00';
const given = (events: PublicFeedbackEvent[]) => spec(publicFeedbackDecider).given(events);
const r = (n = 4): ServiceRatings => ({ KECEPATAN: n, KEJELASAN: n, KERAMAHAN: n, KEMUDAHAN: n });
const opened: PublicFeedbackEvent = {
  type: 'PublicFeedbackLinkOpened',
  data: { linkId: LINK, nip: NIP, year: 2026, orgUnitId: 'DINKES', service: 'Loket KIA', openedBy: RATER.nip!, at: now },
};
const closed: PublicFeedbackEvent = { type: 'PublicFeedbackLinkClosed', data: { linkId: LINK, closedBy: RATER.nip!, at: now } };
const gave = (n = 4, comment?: string): PublicFeedbackEvent => ({
  type: 'PublicFeedbackGiven',
  data: { linkId: LINK, ratings: r(n), ...(comment ? { comment } : {}), at: now },
});
const open = (over: Record<string, unknown> = {}) =>
  ({
    type: 'OpenPublicFeedbackLink',
    linkId: LINK,
    nip: NIP,
    year: 2026,
    orgUnitId: 'DINKES',
    service: 'Loket KIA',
    by: RATER,
    now,
    ...over,
  }) as PublicFeedbackCommand;
const give = (over: Record<string, unknown> = {}) =>
  ({ type: 'GivePublicFeedback', linkId: LINK, ratings: r(), now, ...over }) as PublicFeedbackCommand;

describe('OpenPublicFeedbackLink', () => {
  it('opens a link once; opening again appends nothing', () => {
    given([]).when(open()).then([opened]);
    given([opened]).when(open()).then([]);
  });
  it('refuses an empty or over-long service name and a bad year', () => {
    given([])
      .when(open({ service: '  ' }))
      .thenThrows('INVALID_SERVICE');
    given([])
      .when(open({ service: 'x'.repeat(201) }))
      .thenThrows('INVALID_SERVICE');
    given([])
      .when(open({ year: 1999 }))
      .thenThrows('INVALID_YEAR');
  });
});

describe('GivePublicFeedback', () => {
  it('takes ratings on the service values and a trimmed comment, no identity', () => {
    given([opened])
      .when(give({ comment: ' cepat ' }))
      .then([gave(4, 'cepat')]);
    given([opened]).when(give()).then([gave()]);
  });
  it('refuses an unknown or closed link with a 404 code', () => {
    given([]).when(give()).thenThrows('FEEDBACK_LINK_NOT_FOUND');
    given([opened, closed]).when(give()).thenThrows('FEEDBACK_LINK_NOT_FOUND');
    given([opened])
      .when(give({ linkId: 'not-a-hash' }))
      .thenThrows('FEEDBACK_LINK_NOT_FOUND');
  });
  it('refuses bad ratings and comments', () => {
    given([opened])
      .when(give({ ratings: { ...r(), KERAMAHAN: 0 } }))
      .thenThrows('INVALID_RATING', { field: 'ratings.KERAMAHAN' });
    given([opened])
      .when(give({ ratings: { KECEPATAN: 3 } }))
      .thenThrows('INVALID_RATING');
    given([opened])
      .when(give({ ratings: { ...r(), JUJUR: 3 } }))
      .thenThrows('UNKNOWN_VALUE');
    given([opened])
      .when(give({ ratings: undefined }))
      .thenThrows('MISSING_FIELD');
    given([opened])
      .when(give({ comment: 'x'.repeat(501) }))
      .thenThrows('INVALID_COMMENT');
    given([opened])
      .when(give({ comment: '   ' }))
      .thenThrows('INVALID_COMMENT');
  });
});

describe('ClosePublicFeedbackLink', () => {
  it('closes once; an unknown link is a 404', () => {
    given([opened]).when({ type: 'ClosePublicFeedbackLink', linkId: LINK, by: RATER, now }).then([closed]);
    given([opened, closed]).when({ type: 'ClosePublicFeedbackLink', linkId: LINK, by: RATER, now }).then([]);
    given([]).when({ type: 'ClosePublicFeedbackLink', linkId: LINK, by: RATER, now }).thenThrows('FEEDBACK_LINK_NOT_FOUND');
  });
});

describe('the results the rater sees', () => {
  it('averages per value and comments, nothing about who', () => {
    const s = fold(publicFeedbackDecider, [opened, gave(5, 'ramah'), gave(4), gave(4)]);
    expect(publicFeedbackResults(s)).toEqual({
      service: 'Loket KIA',
      open: true,
      answered: 3,
      averages: { KECEPATAN: 4.33, KEJELASAN: 4.33, KERAMAHAN: 4.33, KEMUDAHAN: 4.33 },
      comments: ['ramah'],
    });
    expect(publicFeedbackResults(fold(publicFeedbackDecider, [opened])).averages).toBeNull();
  });
});
