/**
 * The language's functions, by family: aggregates over a source's records,
 * functions of values, and functions whose argument is a metric (targets and
 * other periods). `min` and `max` are both: with one source-field argument
 * (or a `where`) they aggregate, otherwise they pick among values.
 * @module
 */
import type { Expr } from "../../dsl/ast.js";
import type { AggregateFn, MetricFn, RecordFn, ScalarFn } from "./checked-model.js";

/**
 * Aggregates and an example of each, for messages.
 * @example
 * AGGREGATES.sum; // "sum(deals.amount)"
 */
export const AGGREGATES: Record<AggregateFn, string> = {
  sum: "sum(deals.amount)",
  count: "count(deals)",
  avg: "avg(deals.amount)",
  min: "min(deals.amount)",
  max: "max(deals.amount)",
  distinct: "distinct(deals.customer)",
};

/**
 * Functions of values: argument counts (max undefined: any number).
 * @example
 * SCALARS.round; // { min: 2, max: 2 }
 */
export const SCALARS: Record<ScalarFn, { min: number; max?: number }> = {
  if: { min: 3, max: 3 },
  min: { min: 2 },
  max: { min: 2 },
  abs: { min: 1, max: 1 },
  round: { min: 2, max: 2 },
  coalesce: { min: 1 },
  clamp: { min: 3, max: 3 },
};

/**
 * Functions of a metric. `prev` and `last_year` read earlier periods; the target-like ones need a numeric metric.
 * @example
 * METRIC_FNS.prev.timeShift; // true
 */
export const METRIC_FNS: Record<MetricFn, { timeShift: boolean; targetLike: boolean }> = {
  target: { timeShift: false, targetLike: true },
  challenge: { timeShift: false, targetLike: true },
  attainment: { timeShift: false, targetLike: true },
  pace: { timeShift: false, targetLike: true },
  prev: { timeShift: true, targetLike: false },
  last_year: { timeShift: true, targetLike: false },
  ytd: { timeShift: false, targetLike: false },
};

/**
 * Functions of the record being aggregated, with an example of each, for messages.
 * @example
 * RECORD_FNS.days_to_period_end; // "count(orders where days_to_period_end() < 3)"
 */
export const RECORD_FNS: Record<RecordFn, string> = {
  days_to_period_end: "count(orders where days_to_period_end() < 3)",
};

/**
 * Every function name, for "did you mean".
 * @example
 * suggest("summ", FUNCTION_NAMES); // "sum"
 */
export const FUNCTION_NAMES: string[] = [...new Set([...Object.keys(AGGREGATES), ...Object.keys(SCALARS), ...Object.keys(METRIC_FNS), ...Object.keys(RECORD_FNS)])];

/**
 * Whether a name is an aggregate, a function of values, or a function of a metric.
 * @example
 * isAggregateName("distinct"); // true
 */
export const isAggregateName = (name: string): name is AggregateFn => Object.hasOwn(AGGREGATES, name);
export const isScalarName = (name: string): name is ScalarFn => Object.hasOwn(SCALARS, name);
export const isMetricFnName = (name: string): name is MetricFn => Object.hasOwn(METRIC_FNS, name);
export const isRecordFnName = (name: string): name is RecordFn => Object.hasOwn(RECORD_FNS, name);

/**
 * Whether a call aggregates records: every aggregate name except `min`/`max`
 * called with several values.
 * @example
 * isAggregateCall(parseExpression("max(a, b)").expr!); // false
 */
export function isAggregateCall(e: Expr): boolean {
  if (e.node !== "call" || !isAggregateName(e.name)) return false;
  if (e.name !== "min" && e.name !== "max") return true;
  return e.args.length === 1 || e.where !== undefined;
}

/**
 * Words for a function's argument count: "3 arguments", "at least 2 arguments".
 * @example
 * arityWords({ min: 2 }); // "at least 2 arguments"
 */
export function arityWords(a: { min: number; max?: number }): string {
  const n = (k: number) => `${k} argument${k === 1 ? "" : "s"}`;
  return a.max === undefined ? `at least ${n(a.min)}` : n(a.min);
}
