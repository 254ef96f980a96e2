/**
 * Values as an admin reads them on a worksheet or in a terminal table: money
 * with its currency's digits and thousands separators (`1,234,567.50`),
 * percents as `104%` / `87.5%`, counts with separators, dates as
 * `YYYY-MM-DD`, null as `—`. Used by incentive traces, explanations and the
 * CLI's table. Machine formats (JSON, CSV) use `engine/evaluate/values.ts`
 * instead: they must not carry separators.
 * @module
 */
import Big from "big.js";
import type { ValueType } from "../check/checked-model.js";
import type { Value } from "../evaluate/contract.js";
import { isBig } from "../evaluate/values.js";
import { formatMoney, parseDecimal } from "../money.js";
import { formatDate } from "../periods.js";

/** What a missing value looks like. @example NULL_TEXT; // "—" */
export const NULL_TEXT = "—";

/**
 * Puts thousands separators into a plain decimal string (`-1234567.5` → `-1,234,567.5`).
 * @example
 * groupThousands("1234567.50"); // "1,234,567.50"
 */
export function groupThousands(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (!m) return decimal;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

/**
 * Integer minor units as an amount with separators and exactly the currency's digits.
 * @example
 * formatAmount(123456750, 2); // "1,234,567.50"
 */
export const formatAmount = (minor: number, digits: number): string => groupThousands(formatMoney(minor, digits));

/**
 * An exact, possibly unrounded amount in minor units (a `Big`), in major units
 * with every digit it has but at least the currency's (`52.5` minor → `0.525`).
 * @example
 * formatExactAmount(new Big("520000.5"), 2); // "5,200.005"
 */
export function formatExactAmount(minor: Big, digits: number): string {
  const major = minor.times(`1e-${digits}`);
  const plain = major.toFixed();
  const decimals = plain.includes(".") ? plain.length - plain.indexOf(".") - 1 : 0;
  return groupThousands(major.toFixed(Math.max(decimals, digits)));
}

/**
 * A fraction as a percentage with up to `decimals` decimals, trailing zeros dropped.
 * @example
 * formatPercent(0.875);     // "87.5%"
 * formatPercent(1.0433333); // "104.33%"
 */
export function formatPercent(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return NULL_TEXT;
  return `${trimZeros(new Big(x).times(100).toFixed(decimals))}%`;
}

/**
 * A plain number: integers with separators, fractions to at most six decimals.
 * @example
 * formatNumber(12345); // "12,345"
 * formatNumber(0.1 + 0.2); // "0.3"
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NULL_TEXT;
  return groupThousands(trimZeros(new Big(x).toFixed(Number.isInteger(x) ? 0 : 6)));
}

const trimZeros = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);

/**
 * Any runtime value by its type, for people. Money is minor units (a number, or an exact `Big`).
 * @example
 * formatValue(10400000, "money", 2); // "104,000.00"
 * formatValue(1.04, "percent", 2);   // "104%"
 * formatValue(null, "money", 2);     // "—"
 */
export function formatValue(v: Value, type: ValueType | string, digits: number): string {
  if (v === null) return NULL_TEXT;
  if (type === "money" && (typeof v === "number" || isBig(v))) {
    return typeof v === "number" && Number.isInteger(v) ? formatAmount(v, digits) : formatExactAmount(new Big(v), digits);
  }
  const n = isBig(v) ? v.toNumber() : v;
  if (typeof n === "number") {
    if (type === "percent") return formatPercent(n);
    if (type === "date") return formatDate(n);
    return formatNumber(n);
  }
  return String(n);
}

/**
 * A number literal as written in the template, for people: `1_000` → `1,000`,
 * and as an amount when it is money (`50_000` → `50,000.00`).
 * @example
 * formatLiteral("80%", false, 2);   // "80%"
 * formatLiteral("1_000", true, 2);  // "1,000.00"
 */
export function formatLiteral(text: string, money: boolean, digits: number): string {
  const parsed = parseDecimal(text);
  if (!parsed.ok) return text;
  if (parsed.percent) return `${trimZeros(parsed.value.times(100).toFixed())}%`;
  if (money) return formatExactAmount(parsed.value.times(`1e${digits}`), digits);
  return groupThousands(parsed.value.toFixed());
}
