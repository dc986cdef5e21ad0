import fc from 'fast-check';
import { findTextProblem } from './text';

const body = { multiline: true };
const param = { multiline: false };
/** Printable text of any script, emoji (surrogate pairs) included; no control characters. */
const printable = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)); // eslint-disable-line no-control-regex

describe('findTextProblem', () => {
  it('finds nothing in well-formed text without control characters, at any depth', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(findTextProblem(JSON.parse(JSON.stringify(v)), 'body', body)).toBeUndefined()));
    fc.assert(
      fc.property(fc.dictionary(printable, fc.array(printable)), (v) => expect(findTextProblem(v, 'query', param)).toBeUndefined()),
    );
  });

  it('names the field, the character and its index of a lone surrogate or a control character, in values and in keys', () => {
    const bad = fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => ({ c, reason: 'LONE_SURROGATE' })),
      fc.constantFrom(0, 1, 8, 11, 12, 14, 27, 31, 127).map((c) => ({ c, reason: 'CONTROL_CHARACTER' })),
    );
    fc.assert(
      fc.property(
        printable.filter((s) => !/^[\udc00-\udfff]/.test(s)),
        printable.filter((s) => !/[\ud800-\udbff]$/.test(s)),
        bad,
        fc.boolean(),
        (before, after, { c, reason }, inKey) => {
          const text = before + String.fromCharCode(c) + after;
          const value = inKey ? { results: [{ ok: 'x' }, { [text]: 1 }] } : { results: [{ ok: 'x' }, { text }] };
          const hex = c.toString(16).toUpperCase().padStart(4, '0');
          expect(findTextProblem(value, 'body', body)).toEqual({
            field: inKey ? 'body.results[1]' : 'body.results[1].text',
            ...(inKey ? { key: true } : {}),
            reason,
            character: `U+${hex}`,
            index: before.length,
          });
        },
      ),
    );
  });

  it('keeps tab, LF and CR in multi-line body text, never in keys or parameters', () => {
    expect(findTextProblem({ csv: 'nip\tnama\r\n1\tA\n' }, 'body', body)).toBeUndefined();
    expect(findTextProblem({ 'a\tb': 1 }, 'body', body)).toMatchObject({ field: 'body', key: true, character: 'U+0009' });
    expect(findTextProblem({ q: 'a\nb' }, 'query', param)).toMatchObject({ field: 'query.q', reason: 'CONTROL_CHARACTER', index: 1 });
    expect(findTextProblem({ q: ['ok', 'b\u0000'] }, 'query', param)).toMatchObject({ field: 'query.q[1]', character: 'U+0000' });
  });

  it('checks only lone surrogates when asked (what a store cannot hold), and survives deep nesting', () => {
    expect(findTextProblem({ note: 'a\u0001b' }, 'data', { multiline: true, surrogatesOnly: true })).toBeUndefined();
    expect(findTextProblem({ note: 'a\udc00' }, 'data', { multiline: true, surrogatesOnly: true })).toMatchObject({
      field: 'data.note',
      reason: 'LONE_SURROGATE',
    });
    const deep = JSON.parse('['.repeat(100_000) + '"\\u0000"' + ']'.repeat(100_000));
    expect(findTextProblem(deep, 'body', body)).toMatchObject({ reason: 'CONTROL_CHARACTER' });
  });
});
