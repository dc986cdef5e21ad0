import { GiveFeedbackBody, GivePublicFeedbackBody, InviteFeedbackBody, OpenPublicFeedbackLinkBody } from '@kinerja/contracts';
import { validate, withoutError } from './forms';

describe('validate: the API schema in the browser, messages per field', () => {
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
      'Formatnya tidak sesuai.',
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
