import { canonicalJson } from './canonical-json';
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

  it('drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
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
