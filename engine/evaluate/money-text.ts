/**
 * Minor units as the result's decimal strings, fast: results print hundreds
 * of thousands of amounts, and `formatMoney`'s general path (padding, slicing)
 * is most of that cost.
 * @module
 */
import { formatMoney } from "../money.js";

const FAST_LIMIT = 2 ** 50;

/** `.00` … `.99` (for 2 digits): the fractional parts, made once per digit count up to 3. */
const fractions = new Map<number, string[]>();

function fractionsOf(digits: number): string[] | undefined {
  if (digits < 1 || digits > 3) return undefined;
  let f = fractions.get(digits);
  if (!f) fractions.set(digits, (f = Array.from({ length: 10 ** digits }, (_, r) => `.${String(r).padStart(digits, "0")}`)));
  return f;
}

/**
 * A formatter of minor units for a currency's digits. Below 2^50 the integer
 * and fractional parts come from one exact division (the quotient's error is
 * far below the gap to the next integer); anything else goes through
 * `formatMoney`, which refuses a value that is not a safe integer.
 * @example
 * const text = moneyFormatter(2);
 * text(123450); // "1234.50"
 */
export function moneyFormatter(digits: number): (minor: number) => string {
  const unit = 10 ** digits;
  const fracs = fractionsOf(digits);
  return (minor) => {
    if (fracs && minor >= 0 && minor < FAST_LIMIT && Number.isInteger(minor)) {
      const q = Math.floor(minor / unit);
      const r = minor - q * unit;
      if (r >= 0 && r < unit) return q + fracs[r]!;
    }
    return formatMoney(minor, digits);
  };
}
