/**
 * Helpers on runtime values shared by every part of evaluation: telling money
 * forms apart, rounding money once, and formatting values for JSON results
 * and alert messages. See `contract.ts` for what each type looks like at run time.
 * @module
 */
import Big from "big.js";
import type { Rounding } from "../money.js";
import { formatMoney, roundRational, roundToMinor } from "../money.js";
import { formatDate } from "../periods.js";
import type { Value } from "./contract.js";
import type { RV } from "./ops.js";
import { Rat } from "./rational.js";

/**
 * True for an exact decimal produced by a money product or quotient.
 * @example
 * isBig(env.evaluate(expr, cell)); // true for 10.50 × 5% (52.5 minor units)
 */
export const isBig = (v: Value): v is Big => v instanceof Big;

/**
 * A money quotient without a finite decimal (1000 / 3 minor units) as it
 * leaves the evaluator: a `Big` holding the value to 30 decimals for anyone
 * who reads it as a decimal, and the exact fraction `num / den`, which
 * `finishMoney` rounds from, so the one rounding is still exact.
 * @example
 * const q = new ExactQuotient(1000n, 3n); q.toFixed(2); // "333.33"
 */
export class ExactQuotient extends Big {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {
    super(decimalOf(num, den));
  }
}

/** num / den truncated to 30 decimals, as decimal text. */
function decimalOf(num: bigint, den: bigint): string {
  const scaled = (num * 10n ** 30n) / den;
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(31, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -30)}.${digits.slice(-30)}`;
}

/**
 * A rational money value of the evaluator as a contract `Value`: an exact `Big`
 * when its decimal ends (the denominator divides a power of ten), else an `ExactQuotient`.
 * @example
 * ratToBig(new Rat(105n, 2n)).toFixed(); // "52.5"
 */
export function ratToBig(r: Rat): Big {
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) (d /= 2n), twos++;
  while (d % 5n === 0n) (d /= 5n), fives++;
  if (d !== 1n) return new ExactQuotient(r.n, r.d);
  const k = Math.max(twos, fives);
  // n / d = n × (10^k / d) / 10^k, an exact decimal with k places.
  return new Big(`${r.n * (10n ** BigInt(k) / r.d)}e-${k}`);
}

/**
 * An evaluator value as a contract `Value`: fractional money (`Rat`) becomes a big.js value.
 * @example
 * toValue(new Rat(105n, 2n)); // Big 52.5
 */
export const toValue = (v: RV): Value => (v instanceof Rat ? ratToBig(v) : v);

/**
 * A money value as integer minor units, rounded once by the template's mode; null stays null.
 * @example
 * finishMoney(new Big("52.5"), "half_even"); // 52
 */
export function finishMoney(v: Value, rounding: Rounding): number | null {
  if (v === null) return null;
  if (typeof v === "number") return Number.isInteger(v) ? v : roundToMinor(new Big(v), 0, rounding);
  if (v instanceof ExactQuotient) return safeMinor(roundRational(v.num, v.den, rounding));
  if (isBig(v)) return roundToMinor(v, 0, rounding);
  throw new Error(`internal: money value of type ${typeof v}`);
}

function safeMinor(q: bigint): number {
  if (q > BigInt(Number.MAX_SAFE_INTEGER) || q < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`a money value of ${q} minor units exceeds the exact range`);
  return Number(q);
}

/**
 * A money value in minor units as the result's decimal string with the currency's digits.
 * @example
 * moneyJson(123450, 2); // "1234.50"
 */
export const moneyJson = (minor: number | null, digits: number): string | null => (minor === null ? null : formatMoney(minor, digits));

/**
 * A plain number for JSON: finite numbers as they are, anything else null.
 * @example
 * numberJson(0.25); // 0.25
 */
export function numberJson(v: Value): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (isBig(v)) return v.toNumber();
  return null;
}

/**
 * A value as an alert message shows it: money with its digits, percent as `87.5%`
 * (up to one decimal), dates as `YYYY-MM-DD`, numbers as written, null as `—`.
 * @example
 * formatForMessage(0.875, "percent", 2); // "87.5%"
 */
export function formatForMessage(v: Value, type: string, digits: number): string {
  if (v === null) return "—";
  if (type === "money") return formatMoney(typeof v === "number" && Number.isInteger(v) ? v : roundToMinor(new Big(v as number | Big), 0, "half_up"), digits);
  if (type === "percent" && typeof v === "number") return `${Number((v * 100).toFixed(1))}%`;
  if (type === "date" && typeof v === "number") return formatDate(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
  return String(v);
}
