import { notificationOf, parseNotification } from './notification';

describe('notifications between processes', () => {
  it('names the appending store and its types, and reads them back', () => {
    const payload = notificationOf('store-1', new Set(['DailyReportFiled', 'FeedbackGiven']));
    expect(parseNotification(payload)).toEqual({ origin: 'store-1', types: ['DailyReportFiled', 'FeedbackGiven'] });
  });

  it('wakes every reader for a bare origin: every type, or a process of an older version', () => {
    expect(notificationOf('store-1', undefined)).toBe('store-1');
    expect(parseNotification('store-1')).toEqual({ origin: 'store-1' });
  });

  it('names no types past the payload limit (every reader wakes) instead of failing the NOTIFY', () => {
    const types = new Set(Array.from({ length: 400 }, (_, i) => `SomeRatherLongEventTypeName${i}`));
    expect(notificationOf('store-1', types)).toBe('store-1');
  });

  it.each([
    ['{not json', { origin: '{not json' }],
    ['{"origin":"o","types":"DailyReportFiled"}', { origin: 'o' }],
    ['{"origin":"o","types":[1,2]}', { origin: 'o' }],
    ['{"types":["A"]}', { origin: '{"types":["A"]}' }],
    ['{"origin":"o","types":["A"],"__proto__":{"polluted":true}}', { origin: 'o', types: ['A'] }],
    ['[]', { origin: '[]' }],
  ])('takes a payload it cannot read as typed (%s) as one that wakes every reader', (payload, read) => {
    expect(parseNotification(payload)).toEqual(read);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
