import { canonicalJson, canonicalStoredJson, isInCanonicalOrder } from './canonical-json';
import { contentId, deterministicId } from './ids';
import { rupiah, toRupiahString, D } from './money';

describe('canonicalJson', () => {
  it('sorts keys at every depth so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}');
  });
  it('writes what JSON.stringify writes once keys are sorted: dates, escapes, arrays, bigints', () => {
    expect(canonicalJson({ z: new Date(0), a: 'quote " and \\ and \u0001', m: [undefined, { b: 1, a: 2 }], n: 10n })).toBe(
      '{"a":"quote \\" and \\\\ and \\u0001","m":[null,{"a":2,"b":1}],"n":"10","z":"1970-01-01T00:00:00.000Z"}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps a `__proto__` key, in whatever order it comes (jsonb gives the shorter keys first)', () => {
    const text = '{"__proto__":{"polluted":true},"opdId":"DISDIK"}';
    const asStored = JSON.parse('{"opdId":"DISDIK","__proto__":{"polluted":true}}');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(canonicalJson(asStored)).toBe(text);
    expect(canonicalJson({ nested: asStored })).toBe(`{"nested":${text}}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  // A value already in key order skips the replacer; the text must be the replacer's, whatever the value.
  it('writes the same text with and without the shortcut for values in key order, random or odd', () => {
    const slow = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (isPlain(x) ? sortedCopy(x) : x)) ?? 'null';
    const isPlain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
    const sortedCopy = (x: Record<string, unknown>) =>
      Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, x[k]]),
      );
    let seed = 17;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const KEYS = ['a', 'B', 'b', 'é', 'z', 'aa', '_', 'Zz', 'toJSONx', ''];
    const gen = (depth: number): unknown => {
      switch (rnd(depth > 3 ? 5 : 8)) {
        case 0:
          return rnd(2) ? null : undefined;
        case 1:
          return rnd(1000) - 500 + rnd(3) / 4;
        case 2:
          return 'x"\\\u0001'.slice(rnd(6));
        case 3:
          return rnd(2) === 1;
        case 4:
          return new Date(rnd(1e9) * 1000);
        case 5:
          return Array.from({ length: rnd(4) }, () => gen(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (const k of KEYS.filter(() => rnd(3) === 0)) o[k] = gen(depth + 1);
          return rnd(4) === 0 ? o : sortedCopy(o); // mostly in order, as values built for it are
        }
      }
    };
    let fast = 0;
    for (let i = 0; i < 2000; i++) {
      const v = gen(0);
      if (isInCanonicalOrder(v)) fast++;
      expect(canonicalJson(v)).toBe(slow(v));
      expect(canonicalStoredJson(v)).toBe(slow(v));
    }
    expect(fast).toBeGreaterThan(500);
  });

  it('leaves to the replacer what JSON.stringify alone would write differently', () => {
    // Integer-like keys come first whatever the order they were set in: not code-point order.
    expect(isInCanonicalOrder({ '10': 1, '2': 2 })).toBe(false);
    expect(isInCanonicalOrder({ a: 1n })).toBe(false);
    expect(() => canonicalStoredJson({ a: 1n })).toThrow(TypeError);
    expect(isInCanonicalOrder({ a: Number.POSITIVE_INFINITY })).toBe(false);
    expect(() => canonicalStoredJson({ a: [Number.NaN] })).toThrow(TypeError);
    // A toJSON other than a Date's may return anything: the replacer sorts what it returns.
    const custom = { toJSON: () => ({ b: 1, a: 2 }) };
    expect(isInCanonicalOrder({ x: custom })).toBe(false);
    expect(canonicalJson({ x: custom })).toBe('{"x":{"a":2,"b":1}}');
    // A cycle is refused as before (a TypeError from JSON.stringify), not a stack overflow.
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalStoredJson(cycle)).toThrow(TypeError);
  });
});

describe('deterministicId', () => {
  it('is a stable UUID of its inputs', () => {
    const a = deterministicId('run', 'r1', 'e1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('run', 'r1', 'e1')).toBe(a);
    expect(deterministicId('run', 'r1e', '1')).not.toBe(a);
  });
});

describe('money', () => {
  it('rounds half-up to the rupiah', () => {
    expect(toRupiahString(new D('1170124.5'))).toBe('1170125');
    expect(toRupiahString(new D('-0.5'))).toBe('-1');
  });
  it('refuses fractions and floats', () => {
    expect(() => rupiah('1.5')).toThrow(RangeError);
    expect(() => rupiah('1e6')).toThrow(RangeError);
    expect(rupiah('3900000').toFixed(0)).toBe('3900000');
  });
});

describe('contentId', () => {
  it('names the same content the same way whatever the key order, and a changed content differently', () => {
    const id = contentId({ month: '2026-10', rows: [{ nip: '1', hadir: 20 }] });
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(contentId({ rows: [{ hadir: 20, nip: '1' }], month: '2026-10' })).toBe(id);
    expect(contentId({ month: '2026-10', rows: [{ nip: '1', hadir: 21 }] })).not.toBe(id);
  });
});
