import Decimal from 'decimal.js';
import { canonicalJson } from './canonical-json';
import { D } from './money';

/**
 * A decider's state as text and back, faithfully: what a stream snapshot stores. Plain JSON loses
 * what states hold (a `Map` becomes `{}`, a `Date` a string, a `Decimal` a string, `undefined`
 * members vanish), so those travel as one-key tagged objects:
 *
 *   {"$map":[[k,v],…]}  {"$set":[v,…]}  {"$date":"…Z"}  {"$decimal":"1.50"}  {"$undefined":1}
 *   {"$number":"-0"|"NaN"|"Infinity"|"-Infinity"}  {"$object":[[k,v],…]}
 *
 * A plain object with a key starting with `$` (or `__proto__`) is itself written as `$object`, so no data can pass
 * for a tag. Anything
 * else (a class instance, a function, a symbol, a bigint) is refused with a TypeError rather than
 * stored wrong: such a state cannot be snapshotted.
 */
export function encodeState(state: unknown): string {
  return JSON.stringify(toTree(state));
}

/**
 * The state's canonical text: the same tagged form with every object's keys sorted, so that
 * `canonicalState(a) === canonicalState(b)` exactly when the two states are equal (Maps and arrays
 * in their order). What a test compares a snapshot with a fresh fold by; `encodeState` keeps the
 * objects' own key order (no sorting: it runs on a command's path).
 */
export function canonicalState(state: unknown): string {
  return canonicalJson(toTree(state));
}

/** The state `encodeState` wrote (fresh objects: the caller owns every part of it). */
export function decodeState<S>(text: string): S {
  return fromTree(JSON.parse(text)) as S;
}

type Tree = null | boolean | number | string | Tree[] | { [k: string]: Tree };

function toTree(v: unknown): Tree {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : { $number: Object.is(v, -0) ? '-0' : String(v) };
    case 'undefined':
      return { $undefined: 1 };
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof v} cannot be part of a snapshot`);
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    const out: Tree[] = new Array<Tree>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toTree(v[i]);
    return out;
  }
  if (v instanceof Map) {
    const out: Tree[] = [];
    for (const [k, x] of v) out.push([toTree(k), toTree(x)]);
    return { $map: out };
  }
  if (v instanceof Set) return { $set: [...v].map(toTree) };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new TypeError('an invalid Date cannot be part of a snapshot');
    return { $date: v.toISOString() };
  }
  if (Decimal.isDecimal(v)) return { $decimal: (v as Decimal).toString() };
  if (Object.getPrototypeOf(v) !== Object.prototype)
    throw new TypeError('only plain objects, Maps, Sets, Dates and Decimals can be snapshotted');
  const keys = Object.keys(v);
  const obj = v as Record<string, unknown>;
  // `__proto__` too: assigned as a member it would set the prototype instead.
  if (keys.some((k) => k.startsWith('$') || k === '__proto__')) return { $object: keys.map((k) => [k, toTree(obj[k])]) };
  const out: { [k: string]: Tree } = {};
  for (const k of keys) out[k] = toTree(obj[k]);
  return out;
}

function fromTree(t: Tree): unknown {
  if (t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) {
    const out: unknown[] = new Array<unknown>(t.length);
    for (let i = 0; i < t.length; i++) out[i] = fromTree(t[i]);
    return out;
  }
  const keys = Object.keys(t);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const x = t[keys[0]];
    switch (keys[0]) {
      case '$map':
        return new Map((x as Tree[][]).map(([k, y]) => [fromTree(k), fromTree(y)]));
      case '$set':
        return new Set((x as Tree[]).map(fromTree));
      case '$date':
        return new Date(x as string);
      case '$decimal':
        return new D(x as string);
      case '$undefined':
        return undefined;
      case '$number':
        return Number(x);
      case '$object': {
        const out: Record<string, unknown> = {};
        for (const [k, y] of x as [string, Tree][])
          Object.defineProperty(out, k, { value: fromTree(y), enumerable: true, writable: true, configurable: true });
        return out;
      }
      default:
        throw new TypeError(`unknown snapshot tag ${keys[0]}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromTree(t[k]);
  return out;
}
