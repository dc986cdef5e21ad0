import { z } from 'zod';
import { checkForm, pathOf } from './forms';

describe('checkForm: a form checked with the API’s zod schema, problems in Indonesian by field path', () => {
  const Body = z
    .object({ name: z.string().min(1).max(5), n: z.number().int(), items: z.array(z.object({ x: z.number() })).min(1) })
    .strict();

  it('answers the parsed body when the values pass', () => {
    expect(checkForm(Body, { name: 'ab', n: 2, items: [{ x: 1 }] })).toEqual({ ok: true, value: { name: 'ab', n: 2, items: [{ x: 1 }] } });
  });

  it('says what is missing, too long, not a number or empty, keyed by the dotted path', () => {
    const r = checkForm(Body, { name: 'abcdefg', items: [{ x: 'a' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.get('name')).toBe('Paling banyak 5 karakter.');
    expect(r.errors.get('n')).toBe('Wajib diisi.');
    expect(r.errors.get('items.0.x')).toBe('Isi dengan angka.');
    const empty = checkForm(Body, { name: '', n: 1, items: [] });
    expect(empty.ok ? null : [...empty.errors]).toEqual([
      ['name', 'Wajib diisi.'],
      ['items', 'Tambahkan sedikitnya 1.'],
    ]);
  });

  it('keeps the first problem of each field, and names unknown fields', () => {
    const r = checkForm(Body, { name: 'a', n: 1.5, items: [{ x: 1 }], extra: true });
    expect(r.ok ? null : r.errors.get('')).toBe('Ada isian yang tidak dikenal.');
    expect(pathOf(['a', 0, 'b'])).toBe('a.0.b');
  });
});
