/**
 * The evaluator's public API, the one `kpi eval`, the HTTP server and the
 * benchmark call: `evaluate(checked, dataset, request)` computes, for every
 * requested period and every entity of the tree, each metric's value, target,
 * attainment and pace, the scorecards' scores, the incentives and payout and
 * the alerts (schemas/result.schema.json), with explanations on request;
 * `datasetSpecOf(checked)` tells the dataset loader what to load. The
 * pipeline: `plan.ts` (distinct aggregates per source) → `pass.ts` (one
 * generated, fused pass per source into entity × period cells) → `rollup.ts`
 * (up the tree, across buckets) → `formulas.ts` (typed closures, exact
 * money) → `core.ts` (frames, metric columns, time shifts, targets) →
 * `result-columns.ts` (→ `result-objects.ts`, `result-json.ts`). See CONTEXT.md for the decisions.
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import { evaluateAlert } from "../alerts/index.js";
import { explainEntity } from "../explain/index.js";
import { evaluateIncentiveColumn } from "../incentives/column.js";
import { evaluateIncentive } from "../incentives/index.js";
import { evaluateScorecard } from "../scorecards/index.js";
import { attainmentColumn, attainmentOf, buildTargets, paceIsAttainment, paceOf } from "../targets/index.js";
import { evaluateWith, type EvaluateOptions, type EvaluateOutcome, type EvaluateParts } from "./evaluate.js";
import type { EvaluateRequest } from "./request.js";

export { datasetSpecOf } from "./dataset-spec.js";
export { annotateWarnings } from "./data-warnings.js";
export { MAX_PERIODS, type EvaluateError, type EvaluateRequest } from "./request.js";
export type { EvaluateOptions, EvaluateOutcome, EvaluateParts } from "./evaluate.js";
export type { AggregateFill } from "./windows.js";
export type { MetricColumns, PeriodColumns, ResultColumns, ResultLayout } from "./result-columns.js";
export { resultObjects } from "./result-objects.js";
export { resultJson, resultJsonChunks, resultNdjsonChunks, writeResultJson } from "./result-json.js";
export { narrowColumns, narrowingErrors, type Narrowing } from "./result-narrow.js";
export { limitedWriter, minResultBytes, ResultTooLarge } from "./result-size.js";

/**
 * The engine's own parts: targets, incentives, scorecards, alerts, explanations.
 * @example
 * evaluateWith({ ...ENGINE_PARTS, evaluateAlert: myAlerts }, checked, dataset, { period: "2026-03" });
 */
export const ENGINE_PARTS: EvaluateParts = { buildTargets, attainmentOf, attainmentColumn, paceOf, paceIsAttainment, evaluateIncentive, evaluateIncentiveColumn, evaluateScorecard, evaluateAlert, explainEntity };

/**
 * Evaluates a checked template over a dataset loaded with `datasetSpecOf(checked)`.
 * `period` is `P` or `P1..P2` (every period of that unit); `asOf` leaves out records
 * dated after it (default: each period's last day); `explain` lists entity ids.
 * @example
 * const out = evaluate(checked, dataset, { period: "2026-01..2026-12", asOf: "2026-06-30" });
 * if (out.ok) console.log(JSON.stringify(out.result));
 * else for (const e of out.errors) console.error(`${e.path ?? ""}: ${e.message}`);
 */
export function evaluate(checked: CheckedTemplate, dataset: Dataset, request: EvaluateRequest, options: EvaluateOptions = {}): EvaluateOutcome {
  return evaluateWith(ENGINE_PARTS, checked, dataset, request, options);
}
