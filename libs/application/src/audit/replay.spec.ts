import { asOfMoment } from './as-of';
import { differences } from './replay';

describe('differences: the recorded decision against the replayed one, field by field', () => {
  it('finds none between equal JSON, missing and undefined alike', () => {
    expect(differences({ a: 1, b: { c: [1, 2] }, d: undefined }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(differences({ a: null }, {})).toEqual([]);
  });

  it('names each field that differs by its dotted path, with both values', () => {
    expect(
      differences(
        { predikat: 'BAIK', amounts: { net: '10', gross: '12' }, list: [{ x: 1 }] },
        { predikat: 'SANGAT_BAIK', amounts: { net: '11', gross: '12' }, list: [{ x: 2 }] },
      ),
    ).toEqual([
      { field: 'predikat', recorded: 'BAIK', replayed: 'SANGAT_BAIK' },
      { field: 'amounts.net', recorded: '10', replayed: '11' },
      { field: 'list[0].x', recorded: 1, replayed: 2 },
    ]);
    expect(differences({ a: [1] }, { a: [1, 2] })).toEqual([{ field: 'a', recorded: [1], replayed: [1, 2] }]);
    expect(differences({ a: 1 }, { a: 1, b: 'new' })).toEqual([{ field: 'b', recorded: null, replayed: 'new' }]);
  });
});

describe('asOfMoment: the moment a ledger is asked as of', () => {
  const now = '2026-11-30T10:00:00.000Z';
  it('takes an ISO timestamp with its offset, at or before now', () => {
    expect(asOfMoment(undefined, now)).toBeUndefined();
    expect(asOfMoment('2026-11-03T09:00:00+07:00', now)).toEqual(new Date('2026-11-03T02:00:00Z'));
    expect(asOfMoment(now, now)).toEqual(new Date(now));
  });

  it('refuses a malformed one with INVALID_AS_OF and one to come with AS_OF_IN_FUTURE', () => {
    for (const bad of ['yesterday', '2026-11-03', '2026-11-31T00:00:00Z', '2026-11-03T09:00:00', '2026-11-03T25:00:00Z'])
      expect(() => asOfMoment(bad, now)).toThrow(expect.objectContaining({ code: 'INVALID_AS_OF' }));
    expect(() => asOfMoment('2026-11-30T10:00:00.001Z', now)).toThrow(expect.objectContaining({ code: 'AS_OF_IN_FUTURE' }));
  });
});
