/**
 * Explanations (DESIGN.md "Explanations"): for one entity and period, every
 * metric (formula, value, the metrics it reads, its aggregates with the
 * records they counted, its target with how the target was found, attainment
 * and pace), every score with its items, every incentive that applies with
 * its trace (tier, gate, rounding, cap), and every alert with its condition.
 * Built on the `EvalEnv` of an evaluation, so each number is the same one the
 * result holds; the evaluator calls this for `--explain ENTITY`.
 * `renderExplanation` (render.ts) turns it into an admin's worksheet.
 * @module
 */
import type { CheckedExpr, CheckedMetric, ValueType } from "../check/checked-model.js";
import { walkChecked } from "../check/checked-walk.js";
import type { Cell, EvalEnv, Value } from "../evaluate/contract.js";
import { finishMoney, moneyJson, numberJson } from "../evaluate/values.js";
import { alertMessage } from "../alerts/index.js";
import { evaluateIncentive, Trace } from "../incentives/index.js";
import { sumMoney } from "../money.js";
import { formatDate } from "../periods.js";
import { evaluateScorecard } from "../scorecards/index.js";
import { exprText } from "./expr-text.js";
import type { AggregateExplanation, EntityExplanation, JsonValue, MetricExplanation, TargetExplanation } from "./types.js";

export type * from "./types.js";
export { renderExplanation } from "./render.js";

/**
 * A runtime value as JSON, by its type: money as a decimal string (rounded
 * once by the template's mode if still exact), dates as `YYYY-MM-DD`.
 * @example
 * jsonValue(10400000, "money", env); // "104000.00"
 */
export function jsonValue(v: Value, type: ValueType, env: EvalEnv): JsonValue {
  if (v === null) return null;
  const { currencyDigits, rounding } = env.checked.settings;
  if (type === "money") return moneyJson(finishMoney(v, rounding), currencyDigits);
  if (type === "date" && typeof v === "number") return formatDate(v);
  if (typeof v === "string" || typeof v === "boolean") return v;
  return numberJson(v);
}

/**
 * Explains every number of one entity at a cell.
 * @example
 * const e = explainEntity(env, { entity: 3, period }, "张伟");
 * e.incentives[0]?.trace.steps; // ["basis new_amount = 104,000.00", …]
 */
export function explainEntity(env: EvalEnv, cell: Cell, entityName: string): EntityExplanation {
  const { checked, dataset } = env;
  const entity = dataset.entities.list[cell.entity];
  if (!entity) throw new Error(`internal: no entity ${cell.entity}`);
  const parent = entity.parent >= 0 ? (dataset.entities.list[entity.parent]?.id ?? null) : null;
  const digits = checked.settings.currencyDigits;
  const out: EntityExplanation = {
    entity: { id: entity.id, kind: entity.kind, name: entityName, parent },
    template: checked.name ?? null,
    currency: checked.settings.currency,
    period: cell.period.text,
    asOf: formatDate(env.asOf),
    rounding: checked.settings.rounding,
    metrics: checked.metrics.map((m) => explainMetric(m, env, cell)),
    scores: checked.scorecards.map((sc) => ({ scorecard: sc.name, ...label(sc.label), ...evaluateScorecard(sc, env, cell) })),
    incentives: [],
    alerts: checked.alerts.map((a) => {
      const fired = env.evaluate(a.when, cell) === true;
      return { alert: a.name, ...label(a.label), severity: a.severity, when: exprText(a.when), fired, message: fired ? alertMessage(a, env, cell, entityName) : null };
    }),
  };
  const applying = checked.incentives.filter((i) => i.for === entity.kind);
  const values: number[] = [];
  for (const inc of applying) {
    const { value, trace } = evaluateIncentive(inc, env, cell);
    values.push(value);
    out.incentives.push({ incentive: inc.name, ...label(inc.label), value: moneyJson(value, digits)!, trace: trace instanceof Trace ? trace.toJSON() : trace });
  }
  if (applying.length) out.payout = moneyJson(sumMoney(values), digits)!;
  return out;
}

const label = (l: string | undefined): { label?: string } => (l === undefined ? {} : { label: l });

function explainMetric(m: CheckedMetric, env: EvalEnv, cell: Cell): MetricExplanation {
  const types = new Map(env.checked.metrics.map((x) => [x.name, x.inferredType]));
  const out: MetricExplanation = {
    metric: m.name,
    ...label(m.label),
    type: m.inferredType,
    ...(m.text !== undefined ? { formula: m.text } : {}),
    ...(m.input ? { input: true } : {}),
    ...(m.lowerBetter ? { lowerBetter: true } : {}),
    value: jsonValue(env.metric(m.name, cell), m.inferredType, env),
    reads: m.deps.map((d) => ({ metric: d, type: types.get(d) ?? "number", value: jsonValue(env.metric(d, cell), types.get(d) ?? "number", env) })),
    aggregates: m.formula ? explainAggregates(m, m.formula, env, cell) : [],
  };
  const target = explainTarget(m, env, cell);
  if (target) out.target = target;
  return out;
}

function explainAggregates(m: CheckedMetric, formula: CheckedExpr, env: EvalEnv, cell: Cell): AggregateExplanation[] {
  const nodes = aggregatesIn(formula);
  const traces = env.aggregates(m.name, cell);
  return traces.map((t, i) => {
    // The evaluator names each aggregate by its text; match it to the formula's node for its type.
    const node = nodes.find((n) => exprText(n) === t.text) ?? (nodes.length === traces.length ? nodes[i] : undefined);
    const type: ValueType = node?.type ?? (typeof t.value === "number" && Number.isInteger(t.value) ? "integer" : "number");
    return { text: t.text, type, value: jsonValue(t.value, type, env), records: t.records, origins: t.origins.map((o) => ({ file: o.file, line: o.line })) };
  });
}

/** The aggregate nodes of an expression, depth first. */
function aggregatesIn(e: CheckedExpr): CheckedExpr[] {
  const out: CheckedExpr[] = [];
  walkChecked(e, (n) => {
    if (n.node === "aggregate") out.push(n);
    return n.node !== "aggregate";
  });
  return out;
}

function explainTarget(m: CheckedMetric, env: EvalEnv, cell: Cell): TargetExplanation | undefined {
  const numeric = m.inferredType === "money" || m.inferredType === "number" || m.inferredType === "integer" || m.inferredType === "percent";
  if (!numeric) return undefined;
  const pair = env.targets.target(m.name, cell);
  const declared = env.checked.targets.some((t) => t.metric === m.name);
  if (!declared && pair.base === null && pair.challenge === null) return undefined;
  const trace = env.targets.explain(m.name, cell);
  return {
    base: jsonValue(pair.base, m.inferredType, env),
    challenge: jsonValue(pair.challenge, m.inferredType, env),
    attainment: env.attainment(m.name, cell),
    pace: env.pace(m.name, cell),
    source: trace.source,
    steps: trace.steps,
  };
}
