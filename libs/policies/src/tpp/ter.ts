/** TER (PP 58/2023) bracket lookup, shared by the decimal and the integer calculators. */
import type { Dec } from '@kinerja/kernel';

/** The TER bracket for a monthly gross: the first whose upper bound is at or above it (bounds are inclusive). */
export function terBracketIndex(bounds: ArrayLike<Dec | number>, amount: Dec | number): number {
  // Binary search for the first bound >= amount; bounds.length means "above the last bound".
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const bound = bounds[mid];
    const below = typeof bound === 'number' ? bound < (amount as number) : (bound as Dec).lt(amount as Dec);
    if (below) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
