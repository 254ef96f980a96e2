/**
 * The whole comparison, shared by `POST /v1/simulate` (in a worker) and
 * `kpi simulate`, so that both give the same numbers: check every change of
 * every scenario first (nothing is evaluated when one is wrong; every
 * problem is listed with its JSON path), then evaluate the baseline and
 * each scenario over the one loaded dataset, and compare. One period only:
 * a comparison of totals over a range would hide which month moved.
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import { evaluate, MAX_PERIODS } from "../evaluate/index.js";
import { monthFromName, parseRange } from "../periods.js";
import { applyConversion } from "./apply-conversion.js";
import { applySet } from "./apply-set.js";
import { basisOf, figuresOf, summarize, type Basis, type Summary } from "./compare.js";
import { applyScale, checkScale, type CheckedScale } from "./scale-source.js";
import { MAX_CHANGES, MAX_SCENARIOS, type Scenario, type ScenarioError } from "./types.js";

/** What to compare. */
export interface SimulateInput {
  period: string;
  asOf?: string;
  scenarios: Scenario[];
  attainment?: string;
  revenue?: string;
}

/** The comparison (schemas/api.schema.json `SimulateResponse`). */
export interface SimulateOutput {
  template: string;
  currency: string;
  period: string;
  attainmentMetric: string;
  revenueMetric: string;
  baseline: Summary;
  scenarios: Summary[];
}

/** How a comparison ended: 422 for scenarios that do not fit the template, 400 for the request, the evaluator's errors as data errors. */
export type SimulateOutcome =
  | { kind: "ok"; value: SimulateOutput }
  | { kind: "scenario-errors"; errors: ScenarioError[] }
  | { kind: "request-errors"; errors: ScenarioError[] }
  | { kind: "data-errors"; errors: ScenarioError[] };

interface Prepared {
  checked: CheckedTemplate;
  scales: CheckedScale[];
}

/**
 * Checks every scenario against the template: the changed template and the data changes of each, or every problem.
 * @example
 * const p = prepareScenarios(checked, scenarios); if (!p.ok) show(p.errors);
 */
export function prepareScenarios(t: CheckedTemplate, scenarios: readonly Scenario[]): { ok: true; prepared: Prepared[] } | { ok: false; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  if (scenarios.length > MAX_SCENARIOS) errors.push({ path: "/scenarios", message: `${scenarios.length} scenarios; at most ${MAX_SCENARIOS} are compared in one request` });
  const seen = new Map<string, number>();
  const prepared: Prepared[] = [];
  scenarios.forEach((s, i) => {
    const at = `/scenarios/${i}`;
    const first = seen.get(s.name);
    if (first !== undefined) errors.push({ path: `${at}/name`, message: `scenario ${JSON.stringify(s.name)} is named twice (also /scenarios/${first})` });
    else seen.set(s.name, i);
    if (s.changes.length > MAX_CHANGES) errors.push({ path: `${at}/changes`, message: `${s.changes.length} changes; a scenario makes at most ${MAX_CHANGES}` });
    let checked = t;
    const scales: CheckedScale[] = [];
    s.changes.forEach((c, j) => {
      const cat = `${at}/changes/${j}`;
      if (c.kind === "set") {
        const r = applySet(checked, c, cat);
        if (r.ok) checked = r.checked;
        else errors.push(r.error);
      } else if (c.kind === "scale") {
        const r = checkScale(t, c, cat);
        if (r.ok) scales.push(r.scale);
        else errors.push(r.error);
      } else {
        const r = applyConversion(checked, c, cat);
        if (r.ok) checked = r.checked;
        else errors.push(r.error);
      }
    });
    prepared.push({ checked, scales });
  });
  return errors.length ? { ok: false, errors } : { ok: true, prepared };
}

/**
 * Compares the baseline with each scenario for one period.
 * @example
 * const out = simulate(checked, dataset, { period: "2026-03", scenarios: [{ name: "top 10%", changes: [...] }] });
 */
export function simulate(t: CheckedTemplate, dataset: Dataset, input: SimulateInput): SimulateOutcome {
  const range = parseRange(input.period.trim(), { fiscalStart: monthFromName(t.settings.fiscalYearStarts) ?? 1, maxPeriods: MAX_PERIODS });
  if (!range.ok) return { kind: "request-errors", errors: [{ path: "/period", message: range.reason }] };
  if (range.periods.length !== 1) return { kind: "request-errors", errors: [{ path: "/period", message: `${input.period} is ${range.periods.length} periods; a comparison is of one period (a month, quarter or year)` }] };
  const b = basisOf(t, input);
  if (!b.ok) return { kind: "scenario-errors", errors: [{ path: b.path, message: b.message }] };
  const p = prepareScenarios(t, input.scenarios);
  if (!p.ok) return { kind: "scenario-errors", errors: p.errors };
  const request = { period: input.period.trim(), ...(input.asOf !== undefined ? { asOf: input.asOf } : {}) };
  const run = (checked: CheckedTemplate, d: Dataset, basis: Basis) => {
    const out = evaluate(checked, d, request);
    if (!out.ok) return { errors: out.errors.map((e) => ({ path: e.path ? `/${e.path}` : "/dataset", message: e.message })) };
    return { figures: figuresOf(out.columns, basis) };
  };
  const base = run(t, dataset, b.basis);
  if (!base.figures) return dataErrors(base.errors!);
  const digits = t.settings.currencyDigits;
  const scenarios: Summary[] = [];
  for (let i = 0; i < p.prepared.length; i++) {
    const { checked, scales } = p.prepared[i]!;
    let d = dataset;
    for (const s of scales) d = applyScale(t, d, s);
    const r = run(checked, d, b.basis);
    if (!r.figures) return dataErrors(r.errors!);
    scenarios.push(summarize(input.scenarios[i]!.name, r.figures, digits, base.figures));
  }
  return {
    kind: "ok",
    value: { template: t.name ?? "", currency: t.settings.currency, period: request.period, attainmentMetric: b.basis.attainment, revenueMetric: b.basis.revenue, baseline: summarize("baseline", base.figures, digits), scenarios },
  };
}

function dataErrors(errors: ScenarioError[]): SimulateOutcome {
  const request = errors.filter((e) => e.path === "/period" || e.path === "/asOf");
  return request.length ? { kind: "request-errors", errors: request } : { kind: "data-errors", errors };
}
