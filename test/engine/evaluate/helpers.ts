/**
 * Shared by the evaluator tests: check a template (failing on any error),
 * load a JSON dataset for it, evaluate through the public API (validating
 * every result against schemas/result.schema.json), and read one metric of
 * one entity in one period. `header` is a small CNY template head with teams
 * of reps, deals and visits, which most tests extend with their metrics.
 * @module
 */
import { expect } from "vitest";
import type { CheckedTemplate } from "../../../engine/check/checked-model.js";
import { checkSource } from "../../../engine/check/index.js";
import { formatDataError, loadDatasetJson, type Dataset } from "../../../engine/dataset/index.js";
import { parseDate, parsePeriod, type EpochDay, type Period } from "../../../engine/periods.js";
import { datasetSpecOf, evaluate, type EvaluateOutcome, type EvaluateRequest } from "../../../engine/evaluate/index.js";
import type { MetricResult, Result } from "../../../schemas/generated/result.js";
import { schemaValidator } from "../../../schemas/validators.js";

const validateResult = schemaValidator<Result>("result");

/**
 * A template head: `rounding` as given, teams of reps, deals and visits.
 * @example
 * check(header() + "metric n = count(deals)");
 */
export function header(rounding: "half_up" | "half_even" = "half_up"): string {
  return `template t {
  grain month
  currency CNY
  rounding ${rounding}
}
entity rep in team
entity team
source deals by rep at closed_on {
  amount: money
  status: "open" | "won" | "lost"
  kind: "new" | "renewal"
  customer: string
  quoted: boolean
  closed_on: date
}
source visits by rep at visited_on {
  visited_on: date
}
`;
}

/**
 * Checks template text; fails the test on any error.
 * @example
 * const checked = check(header() + "metric n = count(deals)");
 */
export function check(text: string): CheckedTemplate {
  const r = checkSource(text);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`)).toEqual([]);
  return r.checked!;
}

/** Two teams of two reps: east (zhang, li), west (wang, zhao). */
export const TEAMS = [
  { id: "east", kind: "team", name: "East" },
  { id: "west", kind: "team", name: "West" },
  { id: "zhang", kind: "rep", name: "Zhang", parent: "east" },
  { id: "li", kind: "rep", name: "Li", parent: "east" },
  { id: "wang", kind: "rep", name: "Wang", parent: "west" },
  { id: "zhao", kind: "rep", name: "Zhao", parent: "west" },
];

/**
 * A deal record with defaults (won, new, 2026-03-10).
 * @example
 * deal("zhang", "100.00", { status: "lost" });
 */
export function deal(rep: string, amount: string | null, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { rep, amount, status: "won", kind: "new", customer: "c1", quoted: true, closed_on: "2026-03-10", ...more };
}

/**
 * Loads a JSON dataset document for a checked template; fails the test on errors.
 * @example
 * const ds = load(checked, { entities: TEAMS, records: { deals: [], visits: [] } });
 */
export function load(checked: CheckedTemplate, doc: Record<string, unknown>): Dataset {
  const r = loadDatasetJson(JSON.stringify(doc), datasetSpecOf(checked), "data.json");
  if (!r.ok) throw new Error(r.errors.map(formatDataError).join("\n"));
  return r.dataset;
}

/**
 * Evaluates and returns the result, failing on errors or a schema-invalid result.
 * @example
 * const result = run(checked, ds, { period: "2026-03" });
 */
export function run(checked: CheckedTemplate, ds: Dataset, request: EvaluateRequest): Result {
  const out = evaluate(checked, ds, request);
  if (!out.ok) throw new Error(out.errors.map((e) => `${e.path ?? ""}: ${e.message}`).join("\n"));
  expect(validateResult(JSON.parse(JSON.stringify(out.result))) ? [] : validateResult.errors()).toEqual([]);
  return out.result;
}

/**
 * The errors of an evaluation that must fail.
 * @example
 * expect(errorsOf(checked, ds, { period: "2026-13" })).toEqual([...]);
 */
export function errorsOf(checked: CheckedTemplate, ds: Dataset, request: EvaluateRequest): { message: string; path?: string }[] {
  const out: EvaluateOutcome = evaluate(checked, ds, request);
  if (out.ok) throw new Error("expected errors, got a result");
  return out.errors;
}

/**
 * One metric's result for an entity in a period.
 * @example
 * metric(result, "2026-03", "east", "new_amount").value; // "300.00"
 */
export function metric(result: Result, period: string, entity: string, name: string): MetricResult {
  const p = result.periods.find((x) => x.period === period);
  if (!p) throw new Error(`no period ${period}`);
  const e = p.entities.find((x) => x.id === entity);
  if (!e) throw new Error(`no entity ${entity}`);
  const m = e.metrics[name];
  if (!m) throw new Error(`no metric ${name}`);
  return m;
}

/**
 * Every entity's value of one metric in a period, by id.
 * @example
 * values(result, "2026-03", "n"); // { all: 4, east: 3, … }
 */
export function values(result: Result, period: string, name: string): Record<string, MetricResult["value"]> {
  const p = result.periods.find((x) => x.period === period)!;
  return Object.fromEntries(p.entities.map((e) => [e.id, e.metrics[name]!.value]));
}

/**
 * A period from its text (calendar fiscal years); throws on bad text.
 * @example
 * period("2026-03").start; // 20513
 */
export function period(text: string): Period {
  const p = parsePeriod(text);
  if (!p.ok) throw new Error(p.reason);
  return p.period;
}

/**
 * An epoch day from `YYYY-MM-DD`; throws on bad text.
 * @example
 * day("2026-03-10"); // 20522
 */
export function day(text: string): EpochDay {
  const d = parseDate(text);
  if (!d.ok) throw new Error(d.reason);
  return d.day;
}
