/**
 * Text kinerja can store and show. PostgreSQL refuses a lone UTF-16 surrogate in `jsonb` and NUL
 * anywhere in text, so either one reaching a query or an event is a 500 unless refused first; the
 * other control characters mean nothing in a name, an id or a note, and hide on screens and in
 * logs. Tab, line feed and carriage return are kept where text may span lines (JSON bodies:
 * comments, CSV imports).
 */
export type TextFlaw = 'LONE_SURROGATE' | 'CONTROL_CHARACTER';

export interface TextProblem {
  /** Where, e.g. `body.results[0].text`, `query.q`, `params.nip`. */
  field: string;
  /** True when the flaw is in an object key at `field`, not in a value. */
  key?: true;
  reason: TextFlaw;
  /** The offending code unit as U+XXXX (never the text itself: that may be the bad input). */
  character: string;
  /** Its index in the string, in UTF-16 code units. */
  index: number;
}

// In a `u` regex a well-formed pair is one code point, so \p{Cs} matches only a lone half.
const LONE_SURROGATE = /\p{Cs}/u;
// Any half at all, pair or not: one plain test of each code unit, several times cheaper than the
// search by code point, which runs only where it finds one (text outside the Basic Multilingual Plane).
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above, less tab, LF and CR
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface TextRules {
  /** Allow tab, LF and CR in string values (never in keys). */
  multiline: boolean;
  /** Check lone surrogates only: what a store cannot hold, whatever it means. */
  surrogatesOnly?: boolean;
}

function flawIn(s: string, rules: TextRules, isKey: boolean): Omit<TextProblem, 'field'> | undefined {
  const surrogate = ANY_SURROGATE.test(s) ? LONE_SURROGATE.exec(s) : null;
  const control = rules.surrogatesOnly ? null : (rules.multiline && !isKey ? CONTROL_EXCEPT_LINES : CONTROL).exec(s);
  const first = surrogate && (!control || surrogate.index < control.index) ? surrogate : control;
  if (!first) return undefined;
  return {
    ...(isKey ? { key: true as const } : {}),
    reason: first === surrogate ? 'LONE_SURROGATE' : 'CONTROL_CHARACTER',
    character: `U+${s.charCodeAt(first.index).toString(16).toUpperCase().padStart(4, '0')}`,
    index: first.index,
  };
}

/**
 * The first flawed string in a parsed JSON value (any depth, keys included), or undefined.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findTextProblem(value: unknown, root: string, rules: TextRules): TextProblem | undefined {
  const todo: Array<[unknown, string]> = [[value, root]];
  while (todo.length > 0) {
    const [v, at] = todo.pop()!;
    if (typeof v === 'string') {
      const flaw = flawIn(v, rules, false);
      if (flaw) return { field: at, ...flaw };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) todo.push([v[i], `${at}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [k] of entries) {
        const flaw = flawIn(k, rules, true);
        if (flaw) return { field: at, ...flaw };
      }
      for (let i = entries.length - 1; i >= 0; i--) todo.push([entries[i][1], `${at}.${entries[i][0]}`]);
    }
  }
  return undefined;
}
