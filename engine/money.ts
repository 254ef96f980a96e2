/**
 * Exact money arithmetic for the evaluator, incentives and target splitting.
 * Money is integer minor units of the template's currency held in JS numbers
 * (exact while they are safe integers); rates, weights and literals are exact
 * decimals (big.js), never binary floating point. A money value produced with
 * a rate or a division is computed as an exact rational and rounded to the
 * minor unit exactly once, by the template's rounding mode (DESIGN.md,
 * "Money is exact"). Rounding itself is done on BigInt numerator/denominator
 * pairs: big.js would need its global `DP`/`RM` settings for division, and a
 * quotient such as 10/31 has no finite decimal to round. This module sits
 * under the evaluator and `split.ts`; parsing money from data is in
 * `money-parse.ts`. Results beyond the safe-integer range throw a RangeError,
 * the one limit callers must respect (about 90 trillion in a 2-digit currency).
 * @module
 */
import Big from "big.js";

/** `half_up` is Excel's ROUND (ties away from zero); `half_even` is banker's rounding (ties to the even neighbour). @example const mode: Rounding = "half_even"; */
export type Rounding = "half_up" | "half_even";

/** The outcome of parsing a number literal; user text never throws. @example const r: DecimalParse = parseDecimal("80%"); */
export type DecimalParse = { ok: true; value: Big; percent: boolean } | { ok: false; reason: string };

/** A literal as the language writes it: digits with `_` separators, an optional fraction, an optional `%`. */
const DECIMAL_TEXT = /^([+-]?)(\d(?:_?\d)*)(?:\.(\d(?:_?\d)*))?(%?)$/;

/**
 * Parses a number literal as written in the language into an exact decimal.
 * `_` may separate digits (never lead, trail or double), `%` divides by 100 exactly.
 * @example
 * parseDecimal("1_200_000"); // { ok: true, value: Big(1200000), percent: false }
 * parseDecimal("80%");       // { ok: true, value: Big(0.8), percent: true }
 * parseDecimal("1__0");      // { ok: false, reason: "\"1__0\" is not a number" }
 */
export function parseDecimal(text: string): DecimalParse {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return { ok: false, reason: `${JSON.stringify(text)} is not a number` };
  const digits = `${m[1] === "-" ? "-" : ""}${(m[2] ?? "").replace(/_/g, "")}${m[3] ? "." + m[3].replace(/_/g, "") : ""}`;
  const value = new Big(digits);
  // times("0.01") is exact in big.js (multiplication never rounds), unlike div which obeys Big.DP.
  return m[4] ? { ok: true, value: value.times("0.01"), percent: true } : { ok: true, value, percent: false };
}

/** An exact decimal as an integer coefficient and a power-of-ten scale: value = coefficient / 10^scale. @example const half: ScaledDecimal = { coefficient: 5n, scale: 1 }; */
export interface ScaledDecimal {
  coefficient: bigint;
  scale: number;
}

/**
 * Splits an exact decimal into a BigInt coefficient and its smallest decimal scale.
 * @example
 * toScaled(new Big("-12.50")); // { coefficient: -125n, scale: 1 }
 */
export function toScaled(x: Big): ScaledDecimal {
  // toFixed() without arguments prints every digit in plain notation (no exponent) and no trailing zeros.
  const text = x.toFixed();
  const negative = text.startsWith("-");
  const [int = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  const coefficient = BigInt(int + frac);
  return { coefficient: negative ? -coefficient : coefficient, scale: frac.length };
}

/**
 * Rounds the rational `numerator / denominator` to an integer, exactly.
 * @example
 * roundRational(105n, 2n, "half_up");   // 53n
 * roundRational(105n, 2n, "half_even"); // 52n
 * roundRational(-105n, 2n, "half_up");  // -53n
 */
export function roundRational(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError("roundRational: denominator is zero");
  if (denominator < 0n) return roundRational(-numerator, -denominator, rounding);
  const q = numerator / denominator; // truncated toward zero
  const r = numerator % denominator; // same sign as the numerator
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < denominator) return q;
  const away = q + (numerator < 0n ? -1n : 1n);
  if (twice > denominator) return away;
  if (rounding === "half_up") return away;
  return q % 2n === 0n ? q : away;
}

/** Converts a BigInt result back to a JS number, refusing values that would lose exactness. */
function toSafe(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what}: ${n} minor units exceed the exact range`);
  }
  return Number(n);
}

function assertMinor(minor: number, what: string): void {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${what}: ${minor} is not a whole number of minor units`);
}

function toBig(x: Big | string, what: string): Big {
  if (typeof x !== "string") return x;
  const parsed = parseDecimal(x);
  // A bad string here is a programming error: user literals are parsed (and reported) by the checker.
  if (!parsed.ok) throw new TypeError(`${what}: ${parsed.reason}`);
  return parsed.value;
}

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);

/**
 * Multiplies money by an exact factor and rounds the product to the minor unit once.
 * @example
 * moneyTimes(1050, "5%", "half_up");    // 53  (10.50 × 5% = 0.525)
 * moneyTimes(1050, "5%", "half_even");  // 52
 * moneyTimes(-1050, "5%", "half_up");   // -53
 */
export function moneyTimes(minor: number, factor: Big | string, rounding: Rounding): number {
  assertMinor(minor, "moneyTimes");
  const f = toScaled(toBig(factor, "moneyTimes"));
  return toSafe(roundRational(BigInt(minor) * f.coefficient, pow10(f.scale), rounding), "moneyTimes");
}

/**
 * Divides money by an exact number and rounds the quotient to the minor unit once.
 * Division by zero gives null, as everywhere in the language.
 * @example
 * moneyDivide(1000, "3", "half_up");   // 333
 * moneyDivide(1000, "0.5", "half_up"); // 2000
 * moneyDivide(1000, "0", "half_up");   // null
 */
export function moneyDivide(minor: number, divisor: Big | string, rounding: Rounding): number | null {
  assertMinor(minor, "moneyDivide");
  const d = toScaled(toBig(divisor, "moneyDivide"));
  if (d.coefficient === 0n) return null;
  // minor / (c / 10^s) = minor × 10^s / c, one exact rational.
  return toSafe(roundRational(BigInt(minor) * pow10(d.scale), d.coefficient, rounding), "moneyDivide");
}

/**
 * Scales money by the integer ratio `numerator / denominator` with one rounding.
 * This is proration (a target × active days / days in the period), where the
 * ratio such as 10/31 has no exact decimal form.
 * @example
 * moneyMulDiv(100_000, 10, 31, "half_up"); // 32258  (1000.00 × 10/31 = 322.5806…)
 * moneyMulDiv(100, 0, 31, "half_even");    // 0
 */
export function moneyMulDiv(minor: number, numerator: number, denominator: number, rounding: Rounding): number | null {
  assertMinor(minor, "moneyMulDiv");
  assertMinor(numerator, "moneyMulDiv numerator");
  assertMinor(denominator, "moneyMulDiv denominator");
  if (denominator === 0) return null;
  return toSafe(roundRational(BigInt(minor) * BigInt(numerator), BigInt(denominator), rounding), "moneyMulDiv");
}

/**
 * Rounds an exact value in major units (yuan, dollars) to integer minor units.
 * @example
 * roundToMinor(new Big("0.125"), 2, "half_up");   // 13
 * roundToMinor(new Big("0.125"), 2, "half_even"); // 12
 * roundToMinor(new Big("1234.5"), 0, "half_up");  // 1235 (JPY)
 */
export function roundToMinor(x: Big, digits: number, rounding: Rounding): number {
  const v = toScaled(x);
  return toSafe(roundRational(v.coefficient * pow10(digits), pow10(v.scale), rounding), "roundToMinor");
}

/**
 * Sums minor units, refusing a total that would leave the exact range instead of silently losing cents.
 * @example
 * sumMoney([10, 20, -5]); // 25
 */
export function sumMoney(minors: Iterable<number>): number {
  let total = 0;
  for (const m of minors) {
    total += m;
    // Integer addition is exact while every partial sum is safe, so checking each step suffices.
    if (!Number.isSafeInteger(total)) throw new RangeError(`sumMoney: the total leaves the exact range (or ${m} is not whole)`);
  }
  return total;
}

/**
 * Formats minor units as a decimal string with exactly the currency's digits, as results carry money.
 * @example
 * formatMoney(123450, 2); // "1234.50"
 * formatMoney(-5, 2);     // "-0.05"
 * formatMoney(100, 0);    // "100"
 */
export function formatMoney(minor: number, digits: number): string {
  assertMinor(minor, "formatMoney");
  const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
  const sign = minor < 0 ? "-" : "";
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** The outcome of reading a money literal (same shape as `parseMoney`). @example const r: MoneyLiteral = literalToMinor("50_000", 2); */
export type MoneyLiteral = { ok: true; minor: number } | { ok: false; reason: string };

/**
 * Reads a money literal of the language (`50_000`, `1_200_000.50`) into minor units.
 * More decimals than the currency has is an error rather than a silent rounding.
 * @example
 * literalToMinor("50_000", 2); // { ok: true, minor: 5000000 }
 * literalToMinor("12.345", 2); // { ok: false, reason: "\"12.345\" has 3 decimals; the currency allows 2" }
 */
export function literalToMinor(text: string, digits: number): MoneyLiteral {
  const parsed = parseDecimal(text);
  if (!parsed.ok) return { ok: false, reason: `${JSON.stringify(text)} is not an amount` };
  if (parsed.percent) return { ok: false, reason: `${JSON.stringify(text)} is a percentage, not an amount` };
  // toScaled drops trailing zeros, so 12.500 counts as 2 decimals, as in parseMoney.
  const v = toScaled(parsed.value);
  if (v.scale > digits) {
    return { ok: false, reason: `${JSON.stringify(text)} has ${v.scale} decimal${v.scale === 1 ? "" : "s"}; the currency allows ${digits}` };
  }
  const minor = v.coefficient * pow10(digits - v.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: `${JSON.stringify(text)} is too large` };
  }
  return { ok: true, minor: Number(minor) };
}
