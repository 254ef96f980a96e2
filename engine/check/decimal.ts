/**
 * Exact decimal arithmetic on number literals as written (`1_200_000`,
 * `12.5%`, `-3`), for the checks that compare or add literals: weights that
 * must sum to exactly 100%, ascending tier bounds, money digits. Binary
 * floating point is never involved (0.1 + 0.2 must be 0.3 here).
 * @module
 */
import Big from "big.js";

/**
 * The value of a literal: `80%` is 0.8.
 * @example
 * literalValue("12.5%").toFixed(); // "0.125"
 */
export function literalValue(text: string): Big {
  const percent = text.endsWith("%");
  const v = new Big(text.replace(/[_%]/g, ""));
  return percent ? v.div(100) : v;
}

/**
 * Decimals of the literal's value as written (percent literals count the digits of the fraction they stand for).
 * @example
 * literalDecimals("1_000.50"); // 1
 */
export function literalDecimals(text: string): number {
  const v = literalValue(text);
  if (v.eq(0)) return 0;
  return Math.max(0, v.c.length - v.e - 1);
}

/**
 * The exact sum of literals.
 * @example
 * sumLiterals(["20%", "25%", "25%", "30%"]).eq(1); // true
 */
export function sumLiterals(texts: readonly string[]): Big {
  return texts.reduce((acc, t) => acc.plus(literalValue(t)), new Big(0));
}

/**
 * A value as a percentage for messages.
 * @example
 * formatPercent(new Big("0.9")); // "90%"
 */
export function formatPercent(v: Big): string {
  return `${v.times(100).toFixed()}%`;
}
