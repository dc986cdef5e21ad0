import { z } from 'zod';
import { GiveFeedbackBody, GivePublicFeedbackBody, InviteFeedbackBody, OpenPublicFeedbackLinkBody } from '@kinerja/contracts';
import { pathOf, validate, withoutError } from './forms';

describe('validate: a form checked with the API’s zod schema, problems in Indonesian by field path', () => {
  const Body = z
    .object({ name: z.string().min(1).max(5), n: z.number().int(), items: z.array(z.object({ x: z.number() })).min(1) })
    .strict();

  it('answers the parsed body when the values pass', () => {
    expect(validate(Body, { name: 'ab', n: 2, items: [{ x: 1 }] })).toEqual({
      ok: true,
      value: { name: 'ab', n: 2, items: [{ x: 1 }] },
      errors: new Map(),
    });
  });

  it('says what is missing, too long, not a number or empty, keyed by the dotted path', () => {
    const r = validate(Body, { name: 'abcdefg', items: [{ x: 'a' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.get('name')).toBe('Paling banyak 5 karakter.');
    expect(r.errors.get('n')).toBe('Wajib diisi.');
    expect(r.errors.get('items.0.x')).toBe('Isi dengan angka.');
    const empty = validate(Body, { name: '', n: 1, items: [] });
    expect(empty.ok ? null : [...empty.errors]).toEqual([
      ['name', 'Wajib diisi.'],
      ['items', 'Pilih paling sedikit satu.'],
    ]);
  });

  it('keeps the first problem of each field, and names unknown fields', () => {
    const r = validate(Body, { name: 'a', n: 1.5, items: [{ x: 1 }], extra: true });
    expect(r.ok ? null : r.errors.get('')).toBe('Ada isian yang tidak dikenal.');
    expect(pathOf(['a', 0, 'b'])).toBe('a.0.b');
  });
});

describe('validate with the contracts of 360 feedback', () => {
  it('passes a valid body through, parsed', () => {
    const r = validate(OpenPublicFeedbackLinkBody, { service: '  Pelayanan KTP ' });
    expect(r).toMatchObject({ ok: true, value: { service: 'Pelayanan KTP' } });
  });

  it('names each missing or out-of-range score by its dotted path, in Indonesian', () => {
    const r = validate(GiveFeedbackBody, { scores: { AKUNTABEL: 6, KOMPETEN: 0 } });
    expect(r.ok).toBe(false);
    expect(r.errors.get('scores.AKUNTABEL')).toBe('Paling besar 5.');
    expect(r.errors.get('scores.KOMPETEN')).toBe('Paling kecil 1.');
    expect(r.errors.get('scores.LOYAL')).toBe('Wajib diisi.');
  });

  it('explains an empty list, a too long comment and a bad NIP', () => {
    expect(validate(InviteFeedbackBody, { invitees: [] }).errors.get('invitees')).toBe('Pilih paling sedikit satu.');
    const long = validate(GivePublicFeedbackBody, {
      ratings: { KECEPATAN: 5, KEJELASAN: 5, KERAMAHAN: 5, KEMUDAHAN: 5 },
      comment: 'x'.repeat(501),
    });
    expect(long.errors.get('comment')).toBe('Paling banyak 500 karakter.');
    expect(validate(InviteFeedbackBody, { invitees: [{ nip: '12', relation: 'PEER' }] }).errors.get('invitees.0.nip')).toBe(
      'Format isian tidak sesuai.',
    );
    expect(validate(OpenPublicFeedbackLinkBody, { service: '   ' }).errors.get('service')).toBe('Wajib diisi.');
  });

  it('forgets a field’s error once it changes, and only that field’s', () => {
    const errors = new Map([
      ['scores.LOYAL', 'Wajib diisi.'],
      ['comment', 'Paling banyak 500 karakter.'],
    ]);
    expect([...withoutError(errors, 'scores.LOYAL').keys()]).toEqual(['comment']);
    expect([...withoutError(errors, 'scores').keys()]).toEqual(['comment']);
    expect(withoutError(errors, 'service')).toBe(errors);
  });
});
