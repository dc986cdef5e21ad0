import { canonicalState, decodeState, encodeState } from './state-codec';
import { D } from './money';

describe('state codec (what a stream snapshot stores)', () => {
  it('gives back Maps, Sets, Dates, Decimals, undefined members and odd numbers as they were', () => {
    const state = {
      units: new Map<string, unknown>([
        ['b', [{ from: '2026-01-01', seats: 2 }]],
        ['a', new Map([[1, new Set(['x', 'y'])]])],
      ]),
      at: new Date('2026-03-01T01:02:03.456Z'),
      amount: D('1234567.50'),
      retiredFrom: undefined,
      zero: -0,
      nothing: null,
      list: [1, undefined, 'three'],
    };
    const back = decodeState<typeof state>(encodeState(state));
    expect(back).toEqual(state);
    expect(back.units).toBeInstanceOf(Map);
    expect(back.units.get('a')).toEqual(new Map([[1, new Set(['x', 'y'])]]));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.amount.equals(D('1234567.5'))).toBe(true);
    expect('retiredFrom' in back).toBe(true);
    expect(Object.is(back.zero, -0)).toBe(true);
    expect(canonicalState(back)).toBe(canonicalState(state));
  });

  it('keeps data that looks like a tag, or names __proto__, as plain data', () => {
    const hostile = JSON.parse('{"$map":[["k",1]],"__proto__":{"polluted":true},"$date":"x"}') as Record<string, unknown>;
    const back = decodeState<Record<string, unknown>>(encodeState({ m: new Map([['$set', hostile]]) })) as { m: Map<string, unknown> };
    const h = back.m.get('$set') as Record<string, unknown>;
    expect(Object.keys(h).sort()).toEqual(['$date', '$map', '__proto__']);
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(h.$map).toEqual([['k', 1]]);
  });

  it('gives equal states one canonical text, whatever the order their objects were built in', () => {
    expect(canonicalState({ a: 1, b: new Map([['k', { y: 1, x: 2 }]]) })).toBe(
      canonicalState({ b: new Map([['k', { x: 2, y: 1 }]]), a: 1 }),
    );
    expect(
      canonicalState(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).not.toBe(
      canonicalState(
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    );
  });

  it('refuses what it cannot give back faithfully rather than storing it wrong', () => {
    class Thing {
      x = 1;
    }
    expect(() => encodeState({ t: new Thing() })).toThrow(TypeError);
    expect(() => encodeState({ f: () => 1 })).toThrow(TypeError);
    expect(() => encodeState({ d: new Date('nope') })).toThrow(TypeError);
  });
});
