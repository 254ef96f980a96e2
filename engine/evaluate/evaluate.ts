/**
 * One evaluation, with its collaborators passed in: read the request, build
 * the core (plan → fused passes → rollups; targets), then the result period
 * by period, and explanations when asked. `index.ts` supplies the real
 * targets, incentives, scorecards, alerts and explanations; tests may supply
 * their own. User mistakes never throw: a bad request, a dataset that does
 * not fit the template, target rows the targets module rejects, or money
 * beyond the exact range come back as `{ ok: false, errors }` — never a
 * partial result.
 * @module
 */
import type { CheckedTemplate } from "../check/checked-model.js";
import type { Dataset } from "../dataset/types.js";
import type { Result } from "../../schemas/generated/result.js";
import type { Cell, EvalEnv, TargetProvider } from "./contract.js";
import { EvalCore, type TargetParts } from "./core.js";
import { PeriodEnv } from "./env.js";
import { parseRequest, type EvaluateError, type EvaluateRequest } from "./request.js";
import { periodColumns, resultLayout, type ResultColumns, type ResultParts } from "./result-columns.js";
import { resultObjects } from "./result-objects.js";
import type { AggregateFill } from "./windows.js";

/**
 * Everything an evaluation needs from the other parts of the engine.
 * @example
 * const parts: EvaluateParts = { buildTargets, attainmentOf, paceOf, evaluateIncentive, evaluateScorecard, evaluateAlert, explainEntity };
 */
export interface EvaluateParts extends TargetParts, ResultParts {
  /** Explains every number of one entity at one cell (DESIGN.md "Explanations"). */
  explainEntity?(env: EvalEnv, cell: Cell, entityName: string): unknown;
}

/**
 * The outcome: the result as columns (`columns`, what was computed), the same
 * result as the objects of schemas/result.schema.json (`result`, made from the
 * columns when first read), explanations keyed by entity id (one explanation,
 * or a list per period for a range) — or errors. For JSON text, write the
 * columns with `writeResultJson` rather than stringifying `result`.
 * @example
 * if (!outcome.ok) for (const e of outcome.errors) console.error(`${e.path}: ${e.message}`);
 * else console.log(outcome.result.periods[0]!.entities[0]!.id); // "all"
 */
export type EvaluateOutcome =
  | { ok: true; readonly result: Result; readonly columns: ResultColumns; explanations?: Record<string, unknown> }
  | { ok: false; errors: EvaluateError[] };

/**
 * The successful outcome: `result` is an enumerable getter that builds the
 * objects once, so `JSON.stringify(outcome)` still shows the result;
 * `columns` is not enumerable (typed arrays make poor JSON).
 */
function success(columns: ResultColumns, explanations: Record<string, unknown> | undefined): EvaluateOutcome {
  let result: Result | undefined;
  const out = { ok: true as const } as { ok: true; result: Result; columns: ResultColumns; explanations?: Record<string, unknown> };
  Object.defineProperty(out, "result", {
    enumerable: true,
    get: () => {
      if (!result) {
        result = resultObjects(columns);
        if (explanations) result.explanations = explanations;
      }
      return result;
    },
  });
  Object.defineProperty(out, "columns", { value: columns, enumerable: false });
  if (explanations) out.explanations = explanations;
  return out;
}

/**
 * Options for tests.
 * @example
 * evaluateWith(parts, checked, dataset, { period: "2026-03" }, { interpret: true });
 */
export interface EvaluateOptions {
  /** Evaluate every `where` through closures instead of generated code (the reference path). */
  interpret?: boolean;
  /** When given, filled with where the time went (the benchmark's split). */
  timings?: EvaluateTimings;
  /** Aggregates computed in a database instead of the fused passes (`engine/sql`). */
  aggregates?: AggregateFill;
}

/**
 * Where an evaluation's time went, in ms: fused passes and rollups; building the
 * target provider; the metric formulas of the requested periods; assembling the
 * result — of which `parts` were spent in target look-ups, incentives,
 * scorecards and alerts (each call timed, which adds a little of its own).
 * @example
 * const timings = {} as EvaluateTimings; evaluateWith(parts, checked, ds, req, { timings });
 */
export interface EvaluateTimings {
  passes: number;
  targets: number;
  formulas: number;
  result: number;
  parts: number;
}

/** The parts with every call timed into `t.parts`. */
function timedParts(parts: EvaluateParts, t: EvaluateTimings): EvaluateParts {
  const time = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => {
    const t0 = performance.now();
    try {
      return f(...a);
    } finally {
      t.parts += performance.now() - t0;
    }
  };
  return {
    ...parts,
    evaluateIncentive: time(parts.evaluateIncentive),
    evaluateScorecard: time(parts.evaluateScorecard),
    evaluateAlert: time(parts.evaluateAlert),
    buildTargets: (c, d, h) => {
      const provider = parts.buildTargets(c, d, h);
      const timed: TargetProvider = { target: time((m, cell) => provider.target(m, cell)), explain: (m, cell) => provider.explain(m, cell) };
      if (provider.columns) timed.columns = time((m, p) => provider.columns!(m, p));
      return timed;
    },
  };
}

/** Errors a caller can act on; anything else is a bug and propagates. */
function userError(err: unknown): EvaluateError | undefined {
  if (err instanceof RangeError) return { message: err.message };
  if (err instanceof Error && err.name === "TargetDataError") return { message: err.message, path: "dataset/targets" };
  return undefined;
}

/**
 * Evaluates a checked template over a dataset with the given parts.
 * @example
 * const out = evaluateWith(parts, checked, dataset, { period: "2026-01..2026-12" });
 * if (out.ok) console.log(out.result.periods.length); // 12
 */
export function evaluateWith(parts: EvaluateParts, checked: CheckedTemplate, dataset: Dataset, request: EvaluateRequest, options: EvaluateOptions = {}): EvaluateOutcome {
  const parsed = parseRequest(checked, dataset, request);
  if (!parsed.ok) return parsed;
  const { periods, cutoff, explain } = parsed.value;
  const t = options.timings;
  if (t) Object.assign(t, { passes: 0, targets: 0, formulas: 0, result: 0, parts: 0 });
  const used = t ? timedParts(parts, t) : parts;
  try {
    let t0 = performance.now();
    const core = new EvalCore(checked, dataset, { periods, cutoff, parts: used, ...(options.interpret ? { interpret: true } : {}), ...(options.aggregates ? { aggregates: options.aggregates } : {}) });
    if (t) {
      t.passes = core.passMs;
      t.targets = performance.now() - t0 - core.passMs;
      t0 = performance.now();
      // Metric columns are otherwise computed as the result first reads them.
      for (const p of periods) for (let mi = 0; mi < core.metrics.length; mi++) core.column(core.frame(p), mi);
      t.formulas = performance.now() - t0 - (core.passMs - t.passes);
      t.parts = 0;
      t0 = performance.now();
    }
    const layout = resultLayout(core);
    const envs = periods.map((p) => new PeriodEnv(core, cutoff ?? p.end));
    const columns: ResultColumns = { layout, periods: periods.map((p, i) => periodColumns(core, used, layout, p, envs[i]!)) };
    if (t) {
      t.result = performance.now() - t0;
      t.passes = core.passMs;
    }
    if (explain.length === 0 || !parts.explainEntity) return success(columns, undefined);
    const explanations: Record<string, unknown> = {};
    for (const e of explain) {
      const ent = dataset.entities.list[e]!;
      const each = periods.map((p, i) => parts.explainEntity!(envs[i]!, { entity: e, period: core.frame(p).period }, ent.name));
      Object.defineProperty(explanations, ent.id, { value: each.length === 1 ? each[0] : each, enumerable: true, writable: true, configurable: true });
    }
    return success(columns, explanations);
  } catch (err) {
    const e = userError(err);
    if (e) return { ok: false, errors: [e] };
    throw err;
  }
}
