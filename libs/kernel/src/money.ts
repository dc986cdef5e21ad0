import Decimal from 'decimal.js';

/**
 * Money is whole rupiah. Arithmetic runs on decimal.js (never a JS float); every amount that
 * leaves a calculation is rounded half-up to the rupiah and travels as a decimal string.
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

const RUPIAH_RE = /^-?\d{1,18}$/;

export function isRupiahString(s: unknown): s is string {
  return typeof s === 'string' && RUPIAH_RE.test(s);
}

/** Parse a whole-rupiah string; throws on anything else (fractions, floats, exponents). */
export function rupiah(s: string): Dec {
  if (!isRupiahString(s)) throw new RangeError(`not a whole-rupiah amount: ${JSON.stringify(s)}`);
  return new D(s);
}

/** Round half-up to whole rupiah. */
export function roundRupiah(x: Dec): Dec {
  return x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

export function toRupiahString(x: Dec): string {
  return roundRupiah(x).toFixed(0);
}
