/**
 * Time splits: how an amount set for a period (a year, a quarter, a month, a
 * week) reaches the grain. A `SpreadPlan` is the period's split tree, built
 * once per metric, period and fiscal year and reused for every entity:
 * - year → quarters by `quarters a b c d` (default even), or → 12 months
 *   directly by `months …` (weights in fiscal order: the first is the fiscal
 *   start month); at a quarter grain `months` weights are summed per quarter;
 * - quarter → its 3 months by their `months` weights, else evenly;
 * - month → its days (day grain) or its weeks (week grain: the weeks whose
 *   Thursday lies in it). Decision: below a month the split is proportional
 *   to days — every day, and every week (7 days), weighs the same — so a
 *   month's amount goes evenly to its days or weeks;
 * - week → its 7 days evenly.
 * Every level uses the largest-remainder method (ties to the earlier part),
 * so the grain cells sum exactly to the amount. A leaf outside the year being
 * built (a week's days across New Year) has column −1 and is skipped.
 * @module
 */
import Big from "big.js";
import { grainPeriodsIn, type Period, type PeriodUnit } from "../periods.js";
import type { YearLayout } from "./calendar.js";
import { makeSplitter, type Splitter } from "./fast-split.js";

/** The quarter and month weights of a target (decimal literal text). @example const w: TimeWeights = { quarters: ["20%", "25%", "25%", "30%"] }; */
export interface TimeWeights {
  quarters?: readonly string[];
  months?: readonly string[];
}

/** A split tree over one period. @example spreadEach(plan, 1200, (col, v) => (row[col] = v)); */
export type SpreadPlan =
  | { kind: "leaf"; period: Period; column: number }
  | { kind: "node"; period: Period; splitter: Splitter; weights: readonly string[] | null; children: SpreadPlan[]; parts: Float64Array };

const splitters = new Map<string, Splitter>();
/** Splitters are pure functions of their weights, so one cache serves every table. */
function splitterFor(weights: readonly string[]): Splitter {
  const key = weights.join(" ");
  let s = splitters.get(key);
  if (s === undefined) splitters.set(key, (s = makeSplitter(weights)));
  return s;
}

const CHILD: Partial<Record<PeriodUnit, PeriodUnit>> = { year: "quarter", quarter: "month", week: "day" };

/** The position (0..11) of a calendar month in the fiscal year. */
const fiscalMonthIndex = (month: Period): number => (Number(month.text.slice(5, 7)) - month.fiscalStart + 12) % 12;

/**
 * Builds the split tree that takes an amount set for `period` down to the grain cells of `layout`.
 * @example
 * const plan = buildPlan(cal.parse("2026") as Period, cal.layout(2026), { quarters: ["20%", "25%", "25%", "30%"] });
 */
export function buildPlan(period: Period, layout: YearLayout, w: TimeWeights): SpreadPlan {
  const grain = layout.periods[0]!.unit;
  if (period.unit === grain) return { kind: "leaf", period, column: layout.column.get(period.start) ?? -1 };
  let unit: PeriodUnit = CHILD[period.unit] ?? grain;
  if (period.unit === "month") unit = grain; // days, or weeks by their Thursday
  let weights: readonly string[] | null = null;
  if (period.unit === "year") {
    if (w.months && grain !== "quarter") {
      unit = "month";
      weights = w.months;
    } else if (w.months) {
      weights = [0, 3, 6, 9].map((i) => w.months!.slice(i, i + 3).reduce((a, b) => a.plus(literal(b)), new Big(0)).toFixed());
    } else weights = w.quarters ?? null;
  } else if (period.unit === "quarter" && w.months) {
    const first = fiscalMonthIndex(grainPeriodsIn(period, "month")[0]!);
    weights = w.months.slice(first, first + 3);
  }
  const childPeriods = grainPeriodsIn(period, unit);
  const children = childPeriods.map((c) => buildPlan(c, layout, w));
  const splitter = weights ? splitterFor(weights) : splitterFor(childPeriods.map(() => "1"));
  // `parts` is this node's scratch for `spreadValues` (a plan is used by one table at a time).
  return { kind: "node", period, splitter, weights, children, parts: new Float64Array(children.length) };
}

/** `20%` → 0.2 exactly, for summing month weights into quarter weights. */
function literal(text: string): Big {
  const t = text.replace(/_/g, "");
  return t.endsWith("%") ? new Big(t.slice(0, -1)).times("0.01") : new Big(t);
}

/**
 * Splits `amount` down the plan and calls `visit` with each grain column (inside the year) and its share.
 * @example
 * spreadEach(plan, 60_007_919, (col, v) => (row[col] = v)); // 4000528 … 6000791
 */
export function spreadEach(plan: SpreadPlan, amount: number, visit: (column: number, value: number) => void): void {
  if (plan.kind === "leaf") {
    if (plan.column >= 0) visit(plan.column, amount);
    return;
  }
  const parts = plan.splitter.split(amount);
  for (let i = 0; i < parts.length; i++) spreadEach(plan.children[i]!, parts[i]!, visit);
}

/**
 * The grain columns of a plan's leaves, in the order `spreadValues` writes
 * them (−1 for a leaf outside the year), made once per plan.
 * @example
 * leafColumns(plan); // Int32Array [0, 1, 2, …, 11] for a year at a month grain
 */
export function leafColumns(plan: SpreadPlan): Int32Array {
  let cols = leafCols.get(plan);
  if (!cols) {
    const out: number[] = [];
    const walk = (p: SpreadPlan): void => {
      if (p.kind === "leaf") out.push(p.column);
      else for (const c of p.children) walk(c);
    };
    walk(plan);
    leafCols.set(plan, (cols = Int32Array.from(out)));
  }
  return cols;
}

const leafCols = new WeakMap<SpreadPlan, Int32Array>();

/**
 * `spreadEach` without a callback: writes each leaf's share into `out` (the
 * leaves in `leafColumns` order) — for the loops over thousands of quotas.
 * @example
 * const shares = new Float64Array(leafColumns(plan).length); spreadValues(plan, 60_007_919, shares);
 */
export function spreadValues(plan: SpreadPlan, amount: number, out: Float64Array, at = 0): number {
  if (plan.kind === "leaf") {
    out[at] = amount;
    return at + 1;
  }
  const { parts, children } = plan;
  plan.splitter.splitInto(amount, parts, 0);
  let next = at;
  for (let i = 0; i < parts.length; i++) {
    const child = children[i]!;
    // Leaves are written directly: most plans end in a row of grain periods.
    if (child.kind === "leaf") out[next++] = parts[i]!;
    else next = spreadValues(child, parts[i]!, out, next);
  }
  return next;
}

/** One step of a split, for explanations: the part's period, how it was weighted, its share. @example `${s.period.text} ${s.weight ?? "even"} → ${s.value}`; */
export interface SpreadStep {
  period: Period;
  /** The weight as written (`20%`), or null for an even split into `of` parts. */
  weight: string | null;
  of: number;
  parent: Period;
  value: number;
}

/**
 * The steps from the plan's period down to one grain column; empty when the column is not in the plan.
 * @example
 * spreadPath(plan, 60_007_919, 2).map((s) => s.value); // [12001584, 4000528]
 */
export function spreadPath(plan: SpreadPlan, amount: number, column: number): SpreadStep[] {
  if (plan.kind === "leaf") return [];
  const parts = plan.splitter.split(amount);
  for (let i = 0; i < parts.length; i++) {
    const child = plan.children[i]!;
    if (!covers(child, column)) continue;
    const step: SpreadStep = { period: child.period, weight: plan.weights?.[i] ?? null, of: parts.length, parent: plan.period, value: parts[i]! };
    return [step, ...spreadPath(child, parts[i]!, column)];
  }
  return [];
}

function covers(plan: SpreadPlan, column: number): boolean {
  return plan.kind === "leaf" ? plan.column === column : plan.children.some((c) => covers(c, column));
}
