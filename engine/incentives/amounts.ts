/**
 * Exact quantities for incentive arithmetic. Every amount, basis and measure
 * is an exact rational of decimals (`Ratio`: numerator / denominator, both
 * big.js decimals, whose +, − and × never round), never binary floating
 * point; a money quotient the evaluator hands over as an `ExactQuotient`
 * (1000 / 3 minor units) stays exact too. The incentive's amount is rounded
 * to the minor unit exactly once, by the template's rounding mode, when its
 * value is produced (`roundRatio`).
 * @module
 */
import Big from "big.js";
import type { Value } from "../evaluate/contract.js";
import { ExactQuotient, isBig } from "../evaluate/values.js";
import { literalToMinor, parseDecimal, roundRational, toScaled, type Rounding } from "../money.js";

/**
 * An exact quantity `num / den`; `den` is positive.
 * @example
 * const r: Ratio = { num: new Big("52.5"), den: new Big(1) };
 */
export interface Ratio {
  num: Big;
  den: Big;
}

const ONE = new Big(1);
const BIG_ZERO = new Big(0);
// Constants as Big values: comparing with a JS number makes big.js parse it on every call.
const MAX_MINOR = new Big(Number.MAX_SAFE_INTEGER);

/** True when a ratio's denominator is 1 (the usual case: an exact decimal). */
const wholeDen = (r: Ratio): boolean => r.den === ONE || r.den.eq(ONE);

/**
 * A decimal as a ratio.
 * @example
 * ratio(new Big(5)); // { num: 5, den: 1 }
 */
export const ratio = (num: Big, den: Big = ONE): Ratio => ({ num, den });

/**
 * A numeric runtime value as an exact ratio; null for null, non-numbers and NaN/∞.
 * A JS number converts through its shortest decimal form (`0.8` is exactly 0.8).
 * @example
 * exact(1.04);                         // 1.04 / 1
 * exact(new ExactQuotient(1000n, 3n)); // 1000 / 3
 */
export function exact(v: Value): Ratio | null {
  if (v instanceof ExactQuotient) return ratio(new Big(v.num.toString()), new Big(v.den.toString()));
  if (isBig(v)) return ratio(v);
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  return ratio(new Big(v));
}

/** Parsed literals: a template has few, and incentives run for every entity and period. */
const literals = new Map<string, Big>();

/**
 * A number literal of the template (`80%`, `1_000`) as an exact decimal; the
 * checker has validated it, so a bad one is a bug. Parsed once per text
 * (big.js values are never mutated).
 * @example
 * literal("80%").toFixed(); // "0.8"
 */
export function literal(text: string): Big {
  let v = literals.get(text);
  if (v === undefined) {
    const p = parseDecimal(text);
    if (!p.ok) throw new Error(`internal: bad literal in a checked incentive: ${p.reason}`);
    v = p.value;
    literals.set(text, v);
  }
  return v;
}

/** Money literals as minor units, by currency digits and text. */
const moneyLiterals = new Map<string, Ratio>();
const moneyNumbers = new Map<string, number>();

/**
 * A money literal as integer minor units (a cap, a floor), parsed once.
 * @example
 * moneyNumber("50_000", 2); // 5000000
 */
export function moneyNumber(text: string, digits: number): number {
  const key = `${digits}:${text}`;
  let n = moneyNumbers.get(key);
  if (n === undefined) moneyNumbers.set(key, (n = moneyMinor(text, digits).num.toNumber()));
  return n;
}

/**
 * A money literal the checker has validated (`50_000`, `1_000.50`) as exact minor units, parsed once.
 * @example
 * moneyMinor("1_000", 2); // 100000 / 1
 */
export function moneyMinor(text: string, digits: number): Ratio {
  const key = `${digits}:${text}`;
  let minor = moneyLiterals.get(key);
  if (minor === undefined) {
    const m = literalToMinor(text, digits);
    if (!m.ok) throw new Error(`internal: bad amount in a checked incentive: ${m.reason}`);
    moneyLiterals.set(key, (minor = ratio(new Big(m.minor))));
  }
  return minor;
}

/**
 * Words for a trace, produced only when someone reads the trace: incentives
 * run for every entity and period, explanations for a few.
 * @example
 * const say: Say = (text) => steps.push(text());
 */
export type Say = (text: () => string) => void;

/** A narrator that says nothing. @example payTiers({ ...input, say: QUIET }); */
export const QUIET: Say = () => {};

/**
 * A ratio times an exact decimal (a rate, 10^digits).
 * @example
 * times(ratio(new Big(1050)), literal("5%")); // 52.5 / 1
 */
export const times = (r: Ratio, k: Big | string): Ratio => ({ num: r.num.times(k), den: r.den });

/** a + b. @example plus(ratio(new Big(1)), ratio(new Big(2))); // 3 / 1 */
export const plus = (a: Ratio, b: Ratio): Ratio =>
  a.den.eq(b.den) ? { num: a.num.plus(b.num), den: a.den } : { num: a.num.times(b.den).plus(b.num.times(a.den)), den: a.den.times(b.den) };

/** a − b. @example minus(ratio(new Big(3)), ratio(new Big(1))); // 2 / 1 */
export const minus = (a: Ratio, b: Ratio): Ratio => plus(a, { num: b.num.neg(), den: b.den });

/** a × b. @example mul(ratio(new Big(2)), { num: new Big(1), den: new Big(3) }); // 2 / 3 */
export const mul = (a: Ratio, b: Ratio): Ratio => ({ num: a.num.times(b.num), den: a.den.times(b.den) });

/** a ÷ b, or null when b is 0. @example quotient(ratio(new Big(1)), ratio(new Big(3))); // 1 / 3 */
export function quotient(a: Ratio, b: Ratio): Ratio | null {
  if (b.num.eq(BIG_ZERO)) return null;
  const neg = b.num.lt(BIG_ZERO);
  return { num: a.num.times(neg ? b.den.neg() : b.den), den: a.den.times(neg ? b.num.neg() : b.num) };
}

/** Compares a and b: negative, 0 or positive. @example cmp(ratio(new Big(1)), ratio(new Big(2))); // -1 */
export const cmp = (a: Ratio, b: Ratio): number => (a.den === ONE && b.den === ONE ? a.num.cmp(b.num) : a.num.times(b.den).cmp(b.num.times(a.den)));

/** The smaller of a and b. @example min(ratio(new Big(1)), ratio(new Big(2))); // 1 / 1 */
export const min = (a: Ratio, b: Ratio): Ratio => (cmp(a, b) <= 0 ? a : b);

/** 0. @example ZERO.num.eq(0); // true */
export const ZERO: Ratio = ratio(BIG_ZERO);

/** True for a zero ratio. @example isZero(ZERO); // true */
export const isZero = (r: Ratio): boolean => r.num.eq(BIG_ZERO);

/**
 * Rounds a ratio to an integer exactly once, by the template's mode.
 * @example
 * roundRatio(ratio(new Big("52.5")), "half_even"); // 52
 * roundRatio({ num: new Big(1000), den: new Big(3) }, "half_up"); // 333
 */
export function roundRatio(r: Ratio, rounding: Rounding): number {
  if (wholeDen(r)) {
    // A decimal: big.js rounds it exactly (half_up: ties away from zero, like roundRational).
    const q = r.num.round(0, rounding === "half_up" ? Big.roundHalfUp : Big.roundHalfEven);
    if (q.abs().lte(MAX_MINOR)) return q.toNumber();
    throw new RangeError(`incentive: ${q.toFixed()} minor units exceed the exact range`);
  }
  const n = toScaled(r.num);
  const d = toScaled(r.den);
  // n.c / 10^n.s ÷ d.c / 10^d.s = n.c × 10^d.s / (d.c × 10^n.s): one exact rational.
  const result = roundRational(n.coefficient * 10n ** BigInt(d.scale), d.coefficient * 10n ** BigInt(n.scale), rounding);
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`incentive: ${result} minor units exceed the exact range`);
  }
  return Number(result);
}

/**
 * The ratio as one decimal, and whether that decimal is exact: a quotient
 * such as 1/3 is cut to 12 decimals for display (the rounding itself always
 * uses the exact ratio).
 * @example
 * ratioValue(ratio(new Big(3)));                    // { value: Big(3), exact: true }
 * ratioValue({ num: new Big(1), den: new Big(3) }); // { value: Big(0.333333333333), exact: false }
 */
export function ratioValue(r: Ratio): { value: Big; exact: boolean } {
  if (wholeDen(r)) return { value: r.num, exact: true };
  const value = r.num.div(r.den).round(12, Big.roundHalfUp);
  return { value, exact: value.times(r.den).eq(r.num) };
}

/**
 * The decimal text of a ratio for a trace, `…` marking a cut quotient.
 * @example
 * ratioText(ratio(new Big("52.5"))); // "52.5"
 */
export function ratioText(r: Ratio): string {
  const { value, exact } = ratioValue(r);
  return exact ? value.toFixed() : `${value.toFixed()}…`;
}
