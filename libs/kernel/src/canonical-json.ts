/**
 * Canonical JSON: object keys sorted by code point, no whitespace, numbers as JSON.stringify
 * writes them. Two equal values always give the same text, so it can be hashed and signed.
 *
 * Built on JSON.stringify with a replacer that hands it each object with its keys in order
 * (objects already in order pass as they are): several times faster than a hand-written walk,
 * and every other rule (escaping, toJSON, undefined members) is JSON.stringify's own.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'null';
}

/**
 * Canonical JSON of what is stored as it is written, refusing what cannot come back as written:
 * a BigInt (canonicalJson would store its digits as a string) or a non-finite number (a TypeError
 * either way). The event store serialises each event once with it, then checks, sizes, hashes and
 * sends that one text.
 */
export function canonicalStoredJson(value: unknown): string {
  return JSON.stringify(value, storedSortedKeys) ?? 'null';
}

function storedSortedKeys(key: string, v: unknown): unknown {
  if (typeof v === 'bigint') throw new TypeError('a BigInt is not JSON');
  return sortedKeys(key, v);
}

function sortedKeys(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('non-finite number');
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  let ordered = true;
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1] > keys[i]) {
      ordered = false;
      break;
    }
  if (ordered) return v;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (v as Record<string, unknown>)[k];
  return out;
}
