/**
 * Helpers on runtime values shared by every part of evaluation: telling money
 * forms apart, rounding money once, and formatting values for JSON results
 * and alert messages. See `contract.ts` for what each type looks like at run time.
 * @module
 */
import Big from "big.js";
import type { Rounding } from "../money.js";
import { formatMoney, roundToMinor } from "../money.js";
import type { Value } from "./contract.js";

/** True for an exact decimal produced by a money product or quotient. */
export const isBig = (v: Value): v is Big => v instanceof Big;

/**
 * A money value as integer minor units, rounded once by the template's mode; null stays null.
 * @example
 * finishMoney(new Big("52.5"), "half_even"); // 52
 */
export function finishMoney(v: Value, rounding: Rounding): number | null {
  if (v === null) return null;
  if (typeof v === "number") return Number.isInteger(v) ? v : roundToMinor(new Big(v), 0, rounding);
  if (isBig(v)) return roundToMinor(v, 0, rounding);
  throw new Error(`internal: money value of type ${typeof v}`);
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
 * (up to one decimal), numbers as written, null as `—`.
 * @example
 * formatForMessage(0.875, "percent", 2); // "87.5%"
 */
export function formatForMessage(v: Value, type: string, digits: number): string {
  if (v === null) return "—";
  if (type === "money") return formatMoney(typeof v === "number" && Number.isInteger(v) ? v : roundToMinor(new Big(v as number | Big), 0, "half_up"), digits);
  if (type === "percent" && typeof v === "number") return `${Number((v * 100).toFixed(1))}%`;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
  return String(v);
}
