import { randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { sha256, sha256Hex } from './sha256';

export function newId(): string {
  return randomUUID();
}

/**
 * A UUID (version 8, name-based on SHA-256) derived from its inputs. Jobs use it for the ids of
 * the events they append, so a job retried after a crash appends the same ids and the store
 * treats the second append as the no-op it is.
 */
export function deterministicId(namespace: string, ...parts: Array<string | number>): string {
  // One text hashed at once: the same bytes as the namespace and each part fed in turn.
  let text = namespace;
  for (const p of parts) text += `\u0000${p}`;
  const b = sha256(text);
  b[6] = (b[6] & 0x0f) | 0x80; // version 8
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return uuidText(b);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A short id naming a content: the first 16 hex digits of the SHA-256 of its canonical JSON. An
 * import, a roster or a reconciliation file sent twice gets the same id, so the second is seen as
 * the same content (idempotent) and a changed one as a new content.
 */
export function contentId(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, 16);
}

/** 16 bytes as a UUID's text: lowercase hex, grouped 8-4-4-4-12. */
export function uuidText(b: Buffer): string {
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
