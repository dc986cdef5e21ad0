import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS, AUTHENTICATED, COMMAND, PARAMETER, WITH_BODY, WITH_QUERY, WITH_TEXT } from '../../../api/src/openapi/error-codes';
import { ERROR_MESSAGES, messageOf } from './errors';

/**
 * The console's one table of messages against the API's code tables: apps/api/src/openapi/error-codes.ts
 * lists every code the API can answer (openapi.spec.ts fails on a code thrown in libs/ or apps/ that no
 * table lists), so a code covered here is a code the console can put next to its field in Indonesian.
 */

// Codes the console knows that no code table lists, each with why.
const CONSOLE_OWN = new Map([
  ['NETWORK_ERROR', 'the console’s own: no answer came (offline, server down); apps/console/src/api/errors.ts'],
  ['INTERNAL', 'the error filter’s 500 for a bug, and the console’s code for a 5xx with no error body'],
  ['NOT_FOUND', 'the error filter’s code for Nest’s own 404: a path no route serves'],
  [
    'DATABASE_UNAVAILABLE',
    'the error filter’s 503 while PostgreSQL is down or restarting (isDatabaseUnavailable); every route can answer it',
  ],
  ['QUEUE_UNAVAILABLE', 'the error filter’s 503 while the queue (Redis) is down, for a route that must enqueue at once'],
  ['SIGN_IN_REFUSED', 'the console’s: the identity provider refused the sign-in or its token request (session/oidc.ts)'],
  ['SIGN_IN_STATE_MISMATCH', 'the console’s: an OIDC callback whose state this tab did not start (session/oidc.ts)'],
]);

const API_CODES = new Set(
  [AUTHENTICATED, WITH_BODY, WITH_TEXT, WITH_QUERY, COMMAND, ...Object.values(PARAMETER), ...Object.values(AREAS)].flatMap((table) =>
    Object.keys(table),
  ),
);

describe('the error messages of the console', () => {
  it('has a message for every code of the API’s code tables', () => {
    expect(API_CODES.size).toBeGreaterThan(200);
    expect([...API_CODES].filter((code) => !ERROR_MESSAGES.has(code)).sort()).toEqual([]);
  });

  it('has no message for a code that neither a code table nor the console’s own list names', () => {
    expect([...ERROR_MESSAGES.keys()].filter((code) => !API_CODES.has(code) && !CONSOLE_OWN.has(code)).sort()).toEqual([]);
  });

  it('keeps its own list to codes no table lists, and has a message for each', () => {
    for (const code of CONSOLE_OWN.keys()) {
      expect(API_CODES.has(code)).toBe(false);
      expect(ERROR_MESSAGES.has(code)).toBe(true);
    }
  });

  it('covers every code the error filter sends by name', () => {
    const filter = readFileSync(join(__dirname, '..', '..', '..', 'api', 'src', 'error.filter.ts'), 'utf8');
    // NOT_UTF8 is a reason in the details of INVALID_TEXT, not a code; HTTP_<status> falls to messageOf's generic message.
    const sent = [...filter.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]).filter((code) => code !== 'NOT_UTF8');
    expect(sent).toEqual(expect.arrayContaining(['INTERNAL', 'NOT_FOUND', 'MALFORMED_JSON', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE']));
    expect(sent.filter((code) => !ERROR_MESSAGES.has(code))).toEqual([]);
  });

  it('says something for each code: not empty, not the code, a full sentence', () => {
    const bad = [...ERROR_MESSAGES].filter(
      ([code, message]) =>
        message.trim() === '' ||
        message.trim() === code ||
        !message.endsWith('.') ||
        /undefined/i.test(message) ||
        message !== message.trim(),
    );
    expect(bad).toEqual([]);
  });

  it('lists each code once, one entry per line, sorted within each group', () => {
    // A Map keeps the last of two entries with the same code without a word: count the source's lines.
    const groups: string[][] = [[]];
    for (const line of readFileSync(join(__dirname, 'errors.ts'), 'utf8').split('\n')) {
      const entry = /^ {2}\['([A-Z][A-Z0-9_]+)', '.*'\],$/.exec(line);
      if (entry) groups[groups.length - 1].push(entry[1]);
      else if (groups[groups.length - 1].length) groups.push([]);
    }
    const codes = groups.flat();
    expect(codes.length).toBe(ERROR_MESSAGES.size);
    expect(groups.filter((g) => g.join() !== [...g].sort().join())).toEqual([]);
  });

  it('answers an unknown code with a generic Indonesian message that names the code', () => {
    expect(ERROR_MESSAGES.has('HTTP_405')).toBe(false);
    const message = messageOf('HTTP_405');
    expect(message).toContain('HTTP_405');
    expect(message).toMatch(/^Permintaan tidak dapat diproses/);
    expect(message.endsWith('.')).toBe(true);
    expect(message).not.toMatch(/undefined/);
  });

  it('answers a known code with its message', () => {
    expect(messageOf('OBJECTION_WINDOW_CLOSED')).toBe(ERROR_MESSAGES.get('OBJECTION_WINDOW_CLOSED'));
    expect(messageOf('TOKEN_EXPIRED')).toMatch(/Sesi Anda telah berakhir/);
  });
});
