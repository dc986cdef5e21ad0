import type { EventEmitter } from 'node:events';
import { badInput, canonicalStoredJson, findTextProblem, KinerjaError, UUID_RE } from '@kinerja/kernel';
import { EVENT_TYPE_RE, STREAM_ID_RE } from './errors';
import type { AppendOptions, Checkpoint, NewEvent } from './port';

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

export function streamTypeOf(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID_RE.test(streamId))
    throw badInput('INVALID_STREAM_NAME', 'a stream id is `<Type>-<id>`: a capitalised type, a dash, then letters, digits or _.:@-', {
      streamId,
    });
}

/** An event's data and metadata as the canonical JSON texts the store keeps (and hashes). */
export interface EventTexts {
  data: string;
  metadata: string;
}

// A JSON escape of a lone UTF-16 surrogate (JSON.stringify writes every lone half as `\udXXX` and a
// well-formed pair as the characters themselves) or of NUL, preceded by an even number of
// backslashes, so that it is an escape and not the text `\u…` after an escaped backslash.
const SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;
const NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** True when a canonical JSON text holds NUL (which PostgreSQL's jsonb cannot store). */
export const jsonHasNul = (json: string): boolean => json.includes('\\u0000') && NUL_ESCAPE.test(json);

/**
 * Checks an append before any I/O, so a bad append is refused with a code and nothing written.
 * Returns each event's data and metadata as canonical JSON: serialised once here, the same text is
 * sized, checked, hashed and sent (an append of a thousand pay lines was serialised four times).
 */
export function validateAppend(streamId: string, events: NewEvent[], options: AppendOptions, maxEventBytes: number): EventTexts[] {
  assertStreamId(streamId);
  const ev = options.expectedVersion ?? 'any';
  if (!(ev === 'any' || ev === 'no_stream' || ev === 'stream_exists' || (Number.isSafeInteger(ev) && ev >= 0)))
    throw badInput('INVALID_EXPECTED_VERSION', 'expected version is any, no_stream, stream_exists or a whole number >= 0', {
      expectedVersion: ev,
    });
  if (!Array.isArray(events) || events.length === 0) throw badInput('NO_EVENTS', 'an append needs at least one event');
  const ids = new Set<string>();
  return events.map((e, i) => {
    if (!e || typeof e.type !== 'string' || !EVENT_TYPE_RE.test(e.type))
      throw badInput('INVALID_EVENT_TYPE', 'an event type is a capitalised name of letters and digits', { index: i, type: e?.type });
    if (e.id !== undefined) {
      if (typeof e.id !== 'string' || !UUID_RE.test(e.id))
        throw badInput('INVALID_EVENT_ID', 'an event id is a UUID', { index: i, id: e.id });
      if (ids.has(e.id)) throw badInput('DUPLICATE_EVENT_ID', 'the same event id twice in one append', { index: i, id: e.id });
      ids.add(e.id);
    }
    const sv = e.schemaVersion ?? 1;
    if (!Number.isSafeInteger(sv) || sv < 1)
      throw badInput('INVALID_SCHEMA_VERSION', 'schema version is a whole number >= 1', { index: i });
    let texts: EventTexts;
    try {
      texts = { data: canonicalStoredJson(e.data ?? null), metadata: canonicalStoredJson(e.metadata ?? {}) };
    } catch (err) {
      throw badInput('INVALID_EVENT_DATA', 'event data must be JSON-serialisable', { index: i, reason: String(err) });
    }
    // A lone surrogate would reach PostgreSQL's jsonb as an escape it refuses mid-transaction;
    // refuse it here with a code instead (the API refuses it earlier still). The text is searched
    // (cheap); only a hit walks the value, to name where it is.
    if (hasSurrogateEscape(texts.data) || hasSurrogateEscape(texts.metadata)) {
      const flaw =
        findTextProblem(e.data ?? null, 'data', { multiline: true, surrogatesOnly: true }) ??
        findTextProblem(e.metadata ?? {}, 'metadata', { multiline: true, surrogatesOnly: true });
      if (flaw)
        throw badInput('INVALID_EVENT_DATA', 'event data may not contain a lone UTF-16 surrogate', {
          index: i,
          field: flaw.field,
          character: flaw.character,
        });
    }
    const size = Buffer.byteLength(texts.data) + Buffer.byteLength(texts.metadata);
    if (size > maxEventBytes)
      throw new KinerjaError('EVENT_TOO_LARGE', `event ${i} is ${size} bytes; the limit is ${maxEventBytes}`, 'TOO_LARGE', {
        index: i,
        size,
        limit: maxEventBytes,
      });
    return texts;
  });
}

const hasSurrogateEscape = (json: string) => json.includes('\\ud') && SURROGATE_ESCAPE.test(json);

export function assertCheckpoint(c: Checkpoint): void {
  if (!c || !/^\d{1,20}$/.test(String(c.transactionId)) || !/^\d{1,20}$/.test(String(c.globalPosition)))
    throw badInput('INVALID_CHECKPOINT', 'a checkpoint is {transactionId, globalPosition} as whole numbers', { checkpoint: c });
}

/**
 * What an `append` on a store's wake emitter carries: the event types whose readers it concerns, or
 * undefined for any reader (another process's append, a statement that failed).
 */
export type WokenTypes = ReadonlySet<string> | undefined;

/**
 * Resolves at the first of: an `append` on `wake` that concerns one of `types` (any append when
 * `types` is absent or empty), `timeoutMs`, or `signal` aborting. It never rejects and leaves no
 * listener behind: a waiter reads from its own checkpoint whichever came.
 */
export function nextAppend(wake: EventEmitter, timeoutMs: number, signal?: AbortSignal, types?: readonly string[]): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      wake.off('append', appended);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const appended = (woken: WokenTypes) => {
      if (woken && types?.length && !types.some((t) => woken.has(t))) return;
      done();
    };
    const timer = setTimeout(done, timeoutMs);
    wake.on('append', appended);
    signal?.addEventListener('abort', done);
  });
}
