import { accessLogDecider, accessLogStreamId, RecordDataAccess } from './index';

const NIP = '198503122010011002';
const read = (over: Partial<RecordDataAccess> = {}): RecordDataAccess => ({
  type: 'RecordDataAccess',
  nip: NIP,
  what: 'pay.ledger',
  scope: '2026-10',
  reader: { userId: 'inspektur' },
  via: 'role:inspektorat',
  now: '2026-11-30T03:00:00.000Z',
  ...over,
});

describe('access log', () => {
  it('records every read as one event, whatever was read before (append only)', () => {
    const state = accessLogDecider.evolve(accessLogDecider.initialState(), { type: 'DataAccessed', data: { ...read(), at: read().now } });
    expect(accessLogDecider.decide(read({ reason: 'pemeriksaan reguler' }), state)).toEqual([
      {
        type: 'DataAccessed',
        data: {
          nip: NIP,
          what: 'pay.ledger',
          scope: '2026-10',
          reader: { userId: 'inspektur' },
          via: 'role:inspektorat',
          reason: 'pemeriksaan reguler',
          at: '2026-11-30T03:00:00.000Z',
        },
      },
    ]);
    expect(state.reads).toBe(1);
  });

  it('refuses a malformed entry with a code', () => {
    const s = accessLogDecider.initialState();
    expect(() => accessLogDecider.decide(read({ nip: '123' }), s)).toThrow(expect.objectContaining({ code: 'INVALID_NIP' }));
    expect(() => accessLogDecider.decide(read({ what: 'salary' as never }), s)).toThrow(
      expect.objectContaining({ code: 'INVALID_READ_KIND' }),
    );
    expect(() => accessLogDecider.decide(read({ reason: 'x'.repeat(501) }), s)).toThrow(
      expect.objectContaining({ code: 'INVALID_REASON' }),
    );
  });

  it('keeps one stream per employee per month', () => {
    expect(accessLogStreamId(NIP, '2026-11-30T23:59:59.000Z')).toBe(`AccessLog-${NIP}-2026-11`);
  });
});
