/**
 * The measure a tier table compares its bounds with (`tiers … on MEASURE`,
 * default the basis), and where marginal slices lie on the basis (see
 * `tiers.ts`). Money measures are compared in minor units, with bounds
 * written in currency units (`from 300_000` is 300,000.00); other measures
 * in their own units (`from 80%` is 0.8, `from 5` is 5).
 * @module
 */
import Big from "big.js";
import type { CheckedIncentive } from "../check/checked-model.js";
import type { Cell, EvalEnv } from "../evaluate/contract.js";
import { exprText } from "../explain/expr-text.js";
import { formatExactAmount, formatLiteral, formatNumber, formatPercent, NULL_TEXT } from "../explain/format.js";
import { exact, literal, ratio, ratioValue, times, type Ratio, type Say } from "./amounts.js";

/**
 * An exact amount in minor units for people: `5,200.005`, with `…` when a quotient is cut.
 * @example
 * showAmount(ratio(new Big("520000.5")), 2); // "5,200.005"
 */
export function showAmount(r: Ratio, digits: number): string {
  const { value, exact: isExact } = ratioValue(r);
  return `${formatExactAmount(value, digits)}${isExact ? "" : "…"}`;
}

/** Bounds of money measures in minor units, by currency digits and literal. */
const moneyBounds = new Map<string, Ratio>();

/**
 * The value the bounds are compared with, in "bound units" (minor units for
 * a money measure, its own units otherwise), and how to show it.
 * @example
 * const m = new TierMeasure(exact(1.04), "percent", 2); m.show(m.value!); // "104%"
 */
export class TierMeasure {
  #value: Ratio | null | undefined;
  /** The measure as a JS number when the evaluator gave one (an attainment, a count). */
  readonly num: number | undefined;

  constructor(
    raw: Ratio | number | null,
    /** `money`, `percent`, or any other value type. */
    readonly type: string,
    readonly digits: number,
  ) {
    if (typeof raw === "number") {
      this.num = Number.isFinite(raw) ? raw : undefined;
      if (this.num === undefined) this.#value = null;
    } else this.#value = raw;
  }

  /** The exact measure; null when missing. Built from `num` only when needed. */
  get value(): Ratio | null {
    if (this.#value === undefined) this.#value = exact(this.num ?? null);
    return this.#value;
  }

  get isNull(): boolean {
    return this.num === undefined && this.value === null;
  }

  /** A bound literal in the measure's units. */
  bound(text: string): Ratio {
    if (this.type !== "money") return ratio(literal(text));
    const key = `${this.digits}:${text}`;
    let b = moneyBounds.get(key);
    if (b === undefined) moneyBounds.set(key, (b = ratio(literal(text).times(`1e${this.digits}`))));
    return b;
  }

  show(x: Ratio): string {
    if (this.type === "money") return showAmount(x, this.digits);
    const n = ratioValue(x).value.toNumber();
    return this.type === "percent" ? formatPercent(n, 4) : formatNumber(n);
  }

  showBound(text: string): string {
    return formatLiteral(text, this.type === "money", this.digits);
  }
}

/**
 * Where marginal slices lie on the basis: at given amounts (minor units), or
 * as each measure slice's share of the basis.
 * @example
 * const s: Slicing = { kind: "amounts", cuts: [ZERO, ratio(new Big(30_000_000))] };
 */
export type Slicing = { kind: "amounts"; cuts: Ratio[] } | { kind: "share" };

const SHARE: Slicing = { kind: "share" };

/**
 * A measure and where its marginal slices lie.
 * @example
 * const { measure, slicing } = tierMeasure(inc, env, cell, basis, QUIET);
 */
export interface MeasureSetup {
  measure: TierMeasure;
  slicing: Slicing;
}

/**
 * Builds the measure of an incentive's tiers at a cell; `basis` is in minor units.
 * @example
 * tierMeasure(inc, env, cell, ratio(new Big(26_000_000)), QUIET).measure.value; // 1.3 (attainment 130%)
 */
export function tierMeasure(inc: CheckedIncentive, env: EvalEnv, cell: Cell, basis: Ratio | null, say: Say): MeasureSetup {
  const digits = env.checked.settings.currencyDigits;
  const on = inc.tiers?.on;
  if (on === undefined) {
    const measure = new TierMeasure(basis, "money", digits);
    const cuts = (inc.tiers?.steps ?? []).map((s) => measure.bound(s.from));
    say(() => "the tiers measure the basis; their bounds are amounts");
    return { measure, slicing: { kind: "amounts", cuts } };
  }
  const raw = env.evaluate(on, cell);
  const measure = new TierMeasure(typeof raw === "number" && on.type !== "money" ? raw : exact(raw), on.type, digits);
  say(() => `measure ${exprText(on)} = ${measure.value === null ? NULL_TEXT : measure.show(measure.value)}`);
  if (inc.tiers?.mode !== "marginal" || on.node !== "metricFn" || on.fn !== "attainment") return { measure, slicing: SHARE };
  const metric = env.checked.metrics.find((m) => m.name === on.metric);
  if (!metric || metric.inferredType !== "money" || metric.lowerBetter) return { measure, slicing: SHARE };
  // DESIGN.md: marginal bounds on attainment become amounts as bound × target.
  const base = env.targets.target(metric.name, cell).base;
  if (base === null) {
    say(() => `${metric.name} has no target`);
    return { measure, slicing: SHARE };
  }
  const target = ratio(new Big(base));
  const steps = inc.tiers.steps;
  const cuts = steps.map((s) => times(target, literal(s.from)));
  say(() => {
    const shown = steps.map((s, i) => `${formatLiteral(s.from, false, digits)} → ${showAmount(cuts[i]!, digits)}`).join(", ");
    return `marginal bounds on attainment become amounts, bound × target ${showAmount(target, digits)}: ${shown}`;
  });
  return { measure, slicing: { kind: "amounts", cuts } };
}
