import type { LocalDate } from '../shared';
import type { Assignment } from './assignment';

/**
 * How many definitive holders a position has on each day, kept so that the seat check of one more
 * placement does not look at every other one (issue 17: an import of 100,000 rows places thousands
 * on one shared staff position, and checking each against all before it made the import quadratic;
 * with the start dates out of order, cubic).
 *
 * The count is a step function of the date: +1 on each holder's TMT, −1 on each `validUntil`. It is
 * kept as a balanced search tree of those change points (one node per date, its net change), each
 * node also holding its subtree's sum and its highest running total. Then
 *
 *   holders on `d`            = the sum of the changes dated on or before `d`;
 *   the most holders in [from, until) = holders on `from` + the highest running total of the
 *                                changes dated strictly between `from` and `until`,
 *
 * both along one path of the tree: O(log k) for a position with k assignments, whatever the order
 * of their dates. A change is one split and two merges of the tree, O(log k) too.
 *
 * The tree is a treap whose priorities are a hash of the date, so its shape depends only on the
 * dates it holds, not on the order they came in: a history loaded from a snapshot and folded on is
 * the very same value as one folded from the start (the snapshot tests compare them as text). Its
 * nodes are never changed once made: a change copies the O(log k) nodes on its path and shares the
 * rest, so an older history that holds the old root still sees its own counts.
 */
export interface ChangeNode {
  date: LocalDate;
  /** Holders starting minus holders ending on this date (never 0: such a node is dropped). */
  delta: number;
  /** The sum of `delta` over this subtree. */
  sum: number;
  /** The highest running total over this subtree's dates in order, counting from 0 (so at least 0). */
  peak: number;
  left: ChangeNode | null;
  right: ChangeNode | null;
}

/** What the decider needs of one position's assignments, maintained by the fold. */
export interface PositionOccupancy {
  /**
   * How many of the position's assignments (definitive and acting) this entry has taken in: the
   * decider uses the entry only when this is the length of the position's id list (see `occupancyOf`).
   */
  assignments: number;
  /** The Plt assignments, in the order they were made: one at a time, so few. */
  acting: string[];
  /** The definitive holders' change points. */
  changes: ChangeNode | null;
}

export const emptyOccupancy = (): PositionOccupancy => ({ assignments: 0, acting: [], changes: null });

/** A 32-bit hash of the date (FNV-1a, then murmur3's finaliser to spread it): the treap's priority. */
function priority(date: string): number {
  let x = 0x811c9dc5;
  for (let i = 0; i < date.length; i++) x = Math.imul(x ^ date.charCodeAt(i), 0x01000193);
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Whether a's node sits above b's (higher priority; a tie of hashes goes to the earlier date). */
const above = (a: ChangeNode, b: ChangeNode) => {
  const pa = priority(a.date);
  const pb = priority(b.date);
  return pa > pb || (pa === pb && a.date < b.date);
};

function node(date: LocalDate, delta: number, left: ChangeNode | null, right: ChangeNode | null): ChangeNode {
  const ls = left?.sum ?? 0;
  return {
    date,
    delta,
    sum: ls + delta + (right?.sum ?? 0),
    peak: Math.max(left?.peak ?? 0, ls + delta + (right?.peak ?? 0)),
    left,
    right,
  };
}

/** The tree cut into the dates before `date`, the node of `date` itself (or null) and the dates after. */
function split(t: ChangeNode | null, date: LocalDate): [ChangeNode | null, ChangeNode | null, ChangeNode | null] {
  if (!t) return [null, null, null];
  if (date < t.date) {
    const [l, m, r] = split(t.left, date);
    return [l, m, node(t.date, t.delta, r, t.right)];
  }
  if (date > t.date) {
    const [l, m, r] = split(t.right, date);
    return [node(t.date, t.delta, t.left, l), m, r];
  }
  return [t.left, t, t.right];
}

/** Two trees as one, every date of `a` being before every date of `b`. */
function merge(a: ChangeNode | null, b: ChangeNode | null): ChangeNode | null {
  if (!a) return b;
  if (!b) return a;
  return above(a, b) ? node(a.date, a.delta, a.left, merge(a.right, b)) : node(b.date, b.delta, merge(a, b.left), b.right);
}

/** The tree with `change` added on `date` (a new tree; `t` is left as it was). */
export function addChange(t: ChangeNode | null, date: LocalDate, change: number): ChangeNode | null {
  const [l, m, r] = split(t, date);
  const delta = (m?.delta ?? 0) + change;
  return merge(merge(l, delta === 0 ? null : node(date, delta, null, null)), r);
}

/** The tree with one definitive assignment's period counted in (`sign` 1) or out (−1). */
export function withPeriod(t: ChangeNode | null, a: Pick<Assignment, 'validFrom' | 'validUntil'>, sign: 1 | -1): ChangeNode | null {
  const started = addChange(t, a.validFrom, sign);
  return a.validUntil === undefined ? started : addChange(started, a.validUntil, -sign);
}

/** Definitive holders on `date`: the changes dated on or before it. */
export function holdersOn(t: ChangeNode | null, date: LocalDate): number {
  let total = 0;
  while (t) {
    if (date < t.date) t = t.left;
    else {
      total += (t.left?.sum ?? 0) + t.delta;
      if (date === t.date) break;
      t = t.right;
    }
  }
  return total;
}

/** Sum and highest running total (from 0) of the changes dated strictly between `after` and `before` (open when undefined). */
function between(t: ChangeNode | null, after: LocalDate | undefined, before: LocalDate | undefined): { sum: number; peak: number } {
  if (!t) return { sum: 0, peak: 0 };
  if (after === undefined && before === undefined) return { sum: t.sum, peak: t.peak };
  if (after !== undefined && t.date <= after) return between(t.right, after, before);
  if (before !== undefined && t.date >= before) return between(t.left, after, before);
  // t is inside: its left part is bounded only below and its right part only above, each one path.
  const l = between(t.left, after, undefined);
  const r = between(t.right, undefined, before);
  return { sum: l.sum + t.delta + r.sum, peak: Math.max(l.peak, l.sum + t.delta + r.peak) };
}

/**
 * The most definitive holders on any day of [from, until) (`until` exclusive, open-ended when
 * undefined): the count on `from`, raised by whatever starts later in the period adds to it.
 */
export function mostHolders(t: ChangeNode | null, from: LocalDate, until: LocalDate | undefined): number {
  return holdersOn(t, from) + between(t, from, until).peak;
}

/** The entry after `a` was placed (a new entry; `o` is left as it was). */
export function withAssignment(o: PositionOccupancy, a: Assignment): PositionOccupancy {
  return {
    assignments: o.assignments + 1,
    acting: a.acting ? [...o.acting, a.assignmentId] : o.acting,
    changes: a.acting ? o.changes : withPeriod(o.changes, a, 1),
  };
}

/** The entry after a definitive assignment's end moved from `before.validUntil` to `after.validUntil`. */
export function withEndMoved(o: PositionOccupancy, before: Assignment, after: Assignment): PositionOccupancy {
  if (before.acting) return o;
  let changes = o.changes;
  if (before.validUntil !== undefined) changes = addChange(changes, before.validUntil, 1);
  if (after.validUntil !== undefined) changes = addChange(changes, after.validUntil, -1);
  return { ...o, changes };
}

/** The entry of a position's assignments, built whole (O(k log k)). */
export function occupancyFrom(assignments: readonly Assignment[]): PositionOccupancy {
  return assignments.reduce(withAssignment, emptyOccupancy());
}
