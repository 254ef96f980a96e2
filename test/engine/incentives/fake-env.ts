/**
 * A fake `EvalEnv` for unit tests of incentives, scorecards, alerts and
 * explanations: a real checked template (from text), fixed metric values and
 * targets, and a small reference interpreter for the expressions those parts
 * ask the evaluator about (literals, metrics, target functions, arithmetic,
 * comparisons, three-valued logic, `if`/`min`/`max`/`coalesce`). Money is
 * integer minor units, or an exact `Big` after a product with a rate, as the
 * contract says.
 */
import Big from "big.js";
import type { CheckedExpr, CheckedTemplate } from "../../../engine/check/checked-model.js";
import { checkSource } from "../../../engine/check/index.js";
import type { Dataset, Entity } from "../../../engine/dataset/types.js";
import type { AggregateTrace, Cell, EvalEnv, TargetPair, Value } from "../../../engine/evaluate/contract.js";
import { isBig } from "../../../engine/evaluate/values.js";
import { parseDecimal } from "../../../engine/money.js";
import { parseDate, parsePeriod, type Period } from "../../../engine/periods.js";

export interface FakeSpec {
  /** Metric values by name (money in minor units); absent is null. */
  metrics?: Record<string, Value>;
  /** Targets by metric (money in minor units). */
  targets?: Record<string, Partial<TargetPair>>;
  /** Attainments by metric, instead of value / target. */
  attainment?: Record<string, number | null>;
  pace?: Record<string, number | null>;
  aggregates?: Record<string, AggregateTrace[]>;
  asOf?: string;
}

export const PERIOD: Period = (() => {
  const p = parsePeriod("2026-03");
  if (!p.ok) throw new Error(p.reason);
  return p.period;
})();

/** Entity 1 is team `east`, entity 2 rep `zhang` (张伟). */
export const CELL: Cell = { entity: 2, period: PERIOD };

/** Checks template text that must be clean. */
export function checked(text: string): CheckedTemplate {
  const r = checkSource(text);
  if (!r.checked) throw new Error(r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`).join("\n"));
  return r.checked;
}

const entity = (index: number, id: string, kind: string, name: string, parent: number): Entity => ({ index, id, kind, name, parent, start: null, end: null, attrs: new Map() });

/** A dataset with just the entity tree all → east → zhang. */
export const DATASET: Dataset = {
  currencyDigits: 2,
  entities: {
    list: [entity(0, "all", "all", "All", -1), entity(1, "east", "team", "华东", 0), entity(2, "zhang", "rep", "张伟", 1)],
    byId: new Map([["all", 0], ["east", 1], ["zhang", 2]]),
    order: Int32Array.from([0, 1, 2]),
    starts: Float64Array.of(NaN, NaN, NaN),
    ends: Float64Array.of(NaN, NaN, NaN),
    parents: Int32Array.of(-1, 0, 1),
  },
  sources: new Map(),
  inputs: [],
  targets: [],
};

/** The fake environment over a template and fixed values. */
export function fakeEnv(template: CheckedTemplate, spec: FakeSpec = {}): EvalEnv {
  const asOf = parseDate(spec.asOf ?? "2026-03-31");
  if (!asOf.ok) throw new Error(asOf.reason);
  const digits = template.settings.currencyDigits;
  const target = (metric: string): TargetPair => ({ base: spec.targets?.[metric]?.base ?? null, challenge: spec.targets?.[metric]?.challenge ?? null });
  const metric = (name: string): Value => (spec.metrics && Object.hasOwn(spec.metrics, name) ? spec.metrics[name]! : null);
  const attainment = (name: string): number | null => {
    if (spec.attainment && Object.hasOwn(spec.attainment, name)) return spec.attainment[name]!;
    const t = target(name).base;
    const a = num(metric(name));
    if (t === null || t === 0 || a === null) return null;
    const lower = template.metrics.find((m) => m.name === name)?.lowerBetter;
    if (lower) return a === 0 ? null : t / a;
    return a / t;
  };
  const env: EvalEnv = {
    checked: template,
    dataset: DATASET,
    asOf: asOf.day,
    targets: {
      target: (m) => target(m),
      explain: (m) => (spec.targets?.[m] ? { source: "template", steps: [`fixed target of ${m}`] } : { source: "none", steps: [] }),
    },
    metric: (name) => metric(name),
    evaluate: (e, cell) => interpret(e, cell, env, digits),
    attainment: (m) => attainment(m),
    pace: (m) => (spec.pace && Object.hasOwn(spec.pace, m) ? spec.pace[m]! : attainment(m)),
    aggregates: (m) => spec.aggregates?.[m] ?? [],
  };
  return env;
}

const num = (v: Value): number | null => (typeof v === "number" ? v : isBig(v) ? v.toNumber() : null);
const big = (v: Value): Big | null => (typeof v === "number" ? new Big(v) : isBig(v) ? v : null);

/** Money stays minor units: an integer as a number, anything else as an exact Big. */
function money(b: Big): Value {
  return b.round(0).eq(b) ? b.toNumber() : b;
}

function interpret(e: CheckedExpr, cell: Cell, env: EvalEnv, digits: number): Value {
  const ev = (x: CheckedExpr): Value => interpret(x, cell, env, digits);
  switch (e.node) {
    case "number": {
      const p = parseDecimal(e.text);
      if (!p.ok) throw new Error(p.reason);
      return e.type === "money" ? money(p.value.times(`1e${digits}`)) : p.value.toNumber();
    }
    case "string":
    case "bool":
      return e.value;
    case "null":
      return null;
    case "metric":
      return env.metric(e.name, cell);
    case "metricFn":
      if (e.fn === "attainment") return env.attainment(e.metric, cell);
      if (e.fn === "pace") return env.pace(e.metric, cell);
      if (e.fn === "target") return env.targets.target(e.metric, cell).base;
      if (e.fn === "challenge") return env.targets.target(e.metric, cell).challenge;
      throw new Error(`fake env: ${e.fn} not supported`);
    case "unary": {
      const a = ev(e.arg);
      if (e.op === "not") return a === null ? null : !a;
      const b = big(a);
      return b === null ? null : e.type === "money" ? money(b.neg()) : b.neg().toNumber();
    }
    case "isNull":
      return (ev(e.arg) === null) !== e.negated;
    case "in": {
      const a = ev(e.arg);
      if (a === null) return false;
      return e.list.some((x) => ev(x) === a) !== e.negated;
    }
    case "call":
      return call(e, ev);
    case "binary":
      return binary(e, ev);
    default:
      throw new Error(`fake env: ${e.node} not supported`);
  }
}

function call(e: Extract<CheckedExpr, { node: "call" }>, ev: (x: CheckedExpr) => Value): Value {
  const args = e.args;
  if (e.fn === "if") return ev(args[0]!) === true ? ev(args[1]!) : ev(args[2]!);
  if (e.fn === "coalesce") {
    for (const a of args) {
      const v = ev(a);
      if (v !== null) return v;
    }
    return null;
  }
  const vals = args.map((a) => big(ev(a)));
  if (vals.some((v) => v === null)) return null;
  const bs = vals as Big[];
  const pick = e.fn === "min" ? bs.reduce((a, b) => (b.lt(a) ? b : a)) : e.fn === "max" ? bs.reduce((a, b) => (b.gt(a) ? b : a)) : e.fn === "abs" ? bs[0]!.abs() : undefined;
  if (!pick) throw new Error(`fake env: ${e.fn} not supported`);
  return e.type === "money" ? money(pick) : pick.toNumber();
}

function binary(e: Extract<CheckedExpr, { node: "binary" }>, ev: (x: CheckedExpr) => Value): Value {
  if (e.op === "and" || e.op === "or") {
    const l = ev(e.left);
    const r = ev(e.right);
    const decisive = e.op === "and" ? false : true;
    if (l === decisive || r === decisive) return decisive;
    if (l === null || r === null) return null;
    return !decisive;
  }
  const l = ev(e.left);
  const r = ev(e.right);
  if (["==", "!=", "<", "<=", ">", ">="].includes(e.op)) {
    if (l === null || r === null) return false;
    if (typeof l === "string" || typeof r === "string" || typeof l === "boolean" || typeof r === "boolean") return e.op === "==" ? l === r : e.op === "!=" ? l !== r : false;
    const c = big(l)!.cmp(big(r)!);
    return { "==": c === 0, "!=": c !== 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0 }[e.op as "=="];
  }
  const a = big(l);
  const b = big(r);
  if (a === null || b === null) return null;
  let out: Big;
  if (e.op === "+") out = a.plus(b);
  else if (e.op === "-") out = a.minus(b);
  else if (e.op === "*") out = a.times(b);
  else {
    if (b.eq(0)) return null;
    out = a.div(b);
  }
  return e.type === "money" ? money(out) : out.toNumber();
}
