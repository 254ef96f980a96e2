/**
 * A checked `target` declaration read into numbers, once per evaluation.
 * Money literals become integer minor units exactly (`literalToMinor`);
 * count (integer) literals become integers — decision: a count target
 * written with decimals (`base 10.5`) is rounded once by the template's
 * mode, since counts split into whole units; percent literals are fractions
 * (`85%` → 0.85). Money and integer metrics are *additive*: their targets
 * split down time and the entity tree and sum up again. Every other metric
 * (percent, number) is *flat*: its target applies unchanged at every entity
 * and period, so `per KIND`, `per PERIOD`, `split`, `quarters` and `months`
 * do not change it. A money or count metric whose target is written `flat`
 * (`base 550 flat`: an average order value, a distinct count) is flat too —
 * its figure is a level to reach, not a total to divide.
 * @module
 */
import Big from "big.js";
import type { CheckedTarget, CheckedTemplate, MetricType } from "../check/checked-model.js";
import { literalToMinor, parseDecimal, roundToMinor, type Rounding } from "../money.js";
import type { PeriodUnit } from "../periods.js";
import type { TimeWeights } from "./spread.js";

/** How a root total goes down the tree. @example const s: TreeSplit = { by: "attr", attr: "headcount" }; */
export interface TreeSplit {
  by: "even" | "history" | "attr";
  attr?: string;
}

/** An amount the template sets: `N per KIND per PERIOD`, or a root total split down the tree. @example const a: TemplateAmount = { amount: 120000000, text: "1_200_000", per: "year", perEntity: "rep" }; */
export interface TemplateAmount {
  /** Minor units (money), an integer (counts) or the plain number (flat metrics). */
  amount: number;
  text: string;
  per: PeriodUnit;
  /** The kind whose every entity gets `amount`; absent for a root total. */
  perEntity?: string;
}

/** Everything targets need to know about one metric. @example rules.get("new_amount")?.additive; // true */
export interface MetricRule {
  metric: string;
  type: MetricType;
  /** Money and counts, unless their target is written `flat`. */
  additive: boolean;
  base?: TemplateAmount;
  /** Set when totals go down the tree: `split …` written, or a base without `per KIND` (decision: `split even` is the default). */
  split?: TreeSplit;
  time: TimeWeights;
  /** `challenge P%` (factor P/100 as an exact decimal) or `challenge N` (an amount shaped like the base). */
  challenge?: { percent: true; factor: Big; text: string } | { percent: false; amount: TemplateAmount };
}

/**
 * Reads every target declaration, and gives every other targetable metric an empty rule (for dataset targets).
 * @example
 * resolveRules(checked).get("new_amount")?.base?.amount; // 120000000 for `base 1_200_000 per rep per year`
 */
export function resolveRules(checked: CheckedTemplate): Map<string, MetricRule> {
  const { grain, currencyDigits, rounding } = checked.settings;
  const out = new Map<string, MetricRule>();
  for (const m of checked.metrics) {
    if (m.inferredType === "boolean" || m.inferredType === "string" || m.inferredType === "date") continue;
    out.set(m.name, { metric: m.name, type: m.inferredType, additive: isAdditive(m.inferredType), time: {} });
  }
  for (const t of checked.targets) {
    const rule = out.get(t.metric);
    if (rule === undefined) continue; // the checker rejects targets on non-numeric metrics
    if (t.base?.flat) rule.additive = false;
    const read = (text: string): number => readAmount(text, rule.type, currencyDigits, rounding);
    if (t.quarters) rule.time.quarters = t.quarters;
    if (t.months) rule.time.months = t.months;
    if (t.base) rule.base = shape(t.base.value, read(t.base.value), t, grain);
    if (rule.additive && (t.split || (t.base && t.base.perEntity === undefined))) rule.split = t.split ? { ...t.split } : { by: "even" };
    if (t.challenge?.percent) rule.challenge = { percent: true, factor: decimal(t.challenge.value), text: t.challenge.value };
    else if (t.challenge) rule.challenge = { percent: false, amount: shape(t.challenge.value, read(t.challenge.value), t, grain) };
  }
  return out;
}

/** An absolute challenge takes the base's `per KIND` and `per PERIOD`, so it splits like the base. */
function shape(text: string, amount: number, t: CheckedTarget, grain: PeriodUnit): TemplateAmount {
  const a: TemplateAmount = { amount, text, per: t.base?.per ?? grain };
  if (t.base?.perEntity !== undefined) a.perEntity = t.base.perEntity;
  return a;
}

/**
 * True for the metric types whose targets split and sum (money and counts).
 * @example
 * isAdditive("percent"); // false
 */
export const isAdditive = (t: MetricType): boolean => t === "money" || t === "integer";

function decimal(text: string): Big {
  const p = parseDecimal(text);
  if (!p.ok) throw new Error(`internal: target literal ${text}: ${p.reason}`);
  return p.value;
}

/**
 * A target literal in the metric's units.
 * @example
 * readAmount("1_200_000", "money", 2, "half_up"); // 120000000
 * readAmount("85%", "percent", 2, "half_up");     // 0.85
 */
export function readAmount(text: string, type: MetricType, digits: number, rounding: Rounding): number {
  if (type === "money") {
    const m = literalToMinor(text, digits);
    if (!m.ok) throw new Error(`internal: money target ${text}: ${m.reason}`); // the checker reports these
    return m.minor;
  }
  if (type === "integer") return roundToMinor(decimal(text), 0, rounding);
  return decimal(text).toNumber();
}
