/**
 * `conversion`: a funnel step's conversion from the step before changed by
 * `by` (`+10%` → × 1.1). Decision (docs/scenarios.md): as if 1 + `by` as
 * many reached the step and went on at today's rates, the step's count and
 * the count of every later step are multiplied by 1 + `by`; the steps
 * before, and the rates after it, stay as they are, so the step's rate and
 * the funnel's conversion move by the same factor. Every metric that reads
 * the steps — alerts, scorecards, incentives on a funnel metric — follows.
 * The records, and so amounts, do not change: a scenario that also wants
 * more revenue adds a `scale` of the amount. The scaled counts are expected
 * counts, not whole numbers (111 × 1.1 = 122.1), so the scaled step metrics
 * are numbers in this scenario. Exact: the factor is a decimal literal in
 * the step's formula, which the evaluator multiplies as it multiplies any
 * literal. The template is copied, never changed in place.
 * @module
 */
import Big from "big.js";
import type { CheckedExpr, CheckedMetric, CheckedTemplate } from "../check/checked-model.js";
import type { ConversionChange, ScenarioError } from "./types.js";

const BY = /^[+-](0|[1-9]\d*)(\.\d{1,6})?%$/;

/**
 * Applies one `conversion` to a copy of the template, or says why it cannot, at `at` (the change's JSON pointer in the request).
 * @example
 * applyConversion(checked, { kind: "conversion", funnel: "pipeline", step: "quotes", by: "+10%" }, "/scenarios/0/changes/0");
 */
export function applyConversion(t: CheckedTemplate, c: ConversionChange, at: string): { ok: true; checked: CheckedTemplate } | { ok: false; error: ScenarioError } {
  const fail = (sub: string, message: string) => ({ ok: false as const, error: { path: `${at}/${sub}`, message } });
  const funnels = [...new Set(t.metrics.flatMap((m) => (m.funnel ? [m.funnel.name] : [])))];
  if (!funnels.includes(c.funnel)) return fail("funnel", `the template has no funnel ${JSON.stringify(c.funnel)}${funnels.length ? ` (its funnels: ${funnels.join(", ")})` : ""}`);
  // A funnel's steps, in the order the funnel lists them (the checker expands them in order).
  const steps = t.metrics.filter((m) => m.funnel?.name === c.funnel && m.funnel.role === "step");
  const k = steps.findIndex((m) => m.funnel!.step === c.step);
  if (k === -1) return fail("step", `funnel ${c.funnel} has no step ${JSON.stringify(c.step)} (its steps: ${steps.map((m) => m.funnel!.step).join(", ")})`);
  if (k === 0) return fail("step", `${c.step} is the first step of funnel ${c.funnel}: nothing converts into it; change its source's records with a "scale" instead`);
  if (!BY.test(c.by)) return fail("by", `${JSON.stringify(c.by)} is not a change like +10% or -5%`);
  const factor = new Big(1).plus(new Big(c.by.slice(0, -1).replace(/^\+/, "")).div(100));
  if (factor.lt(0)) return fail("by", `${c.by} would make the counts of ${c.funnel}.${c.step} negative; the most a conversion can take away is -100%`);
  const literal = factor.toFixed();
  const scaled = new Set(steps.slice(k).map((m) => m.name));
  const metrics = t.metrics.map((m): CheckedMetric => {
    if (!scaled.has(m.name) || !m.formula) return m;
    const formula: CheckedExpr = { node: "binary", op: "*", left: m.formula, right: { node: "number", text: literal, type: "number" }, type: "number" };
    return { ...m, formula, text: `(${m.text ?? ""}) * ${literal}`, inferredType: "number", formulaType: "number", ...(m.declaredType === "integer" ? { declaredType: "number" as const } : {}) };
  });
  return { ok: true, checked: { ...t, metrics } };
}
