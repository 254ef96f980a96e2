/**
 * How target traces show numbers: money in major units with thousands
 * separators and the currency's digits (`1,200,000.00`), counts as grouped
 * integers (`600`, `12,500`), percents as `85%`, other numbers as written.
 * Only explanations use this; results format money with `moneyJson`.
 * @module
 */
import Big from "big.js";
import type { MetricType } from "../check/checked-model.js";
import { formatMoney } from "../money.js";

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * Formats a target value of a metric type for a trace.
 * @example
 * formatTarget(120000000, "money", 2); // "1,200,000.00"
 * formatTarget(0.85, "percent", 2);    // "85%"
 */
export function formatTarget(v: number | null, type: MetricType, digits: number): string {
  if (v === null || Number.isNaN(v)) return "none";
  if (type === "money" && Number.isSafeInteger(v)) {
    const text = formatMoney(v, digits);
    const sign = text.startsWith("-") ? "-" : "";
    const [int = "", frac] = text.slice(sign.length).split(".");
    return `${sign}${group(int)}${frac === undefined ? "" : `.${frac}`}`;
  }
  if (type === "percent") return `${new Big(v).times(100).toFixed()}%`;
  if (Number.isSafeInteger(v)) return (v < 0 ? "-" : "") + group(String(Math.abs(v)));
  return String(v);
}

/**
 * A formatter bound to one metric.
 * @example
 * formatterFor("money", 2)(2580645); // "25,806.45"
 */
export const formatterFor = (type: MetricType, digits: number) => (v: number | null): string => formatTarget(v, type, digits);
