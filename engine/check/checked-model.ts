/**
 * The checked model: what the checker hands to the compiler and evaluator
 * once a template has no errors. It is plain, JSON-serialisable data (like
 * Malloy's IR): `extends` and `drop` are applied, funnels are expanded into
 * ordinary metrics, settings carry their defaults, every name in a formula is
 * resolved into a typed node (`metric`, `field`, `aggregate`, `metricFn`), and
 * every expression node carries the value type the checker inferred, so the
 * compiler can pick specialised evaluators without resolving anything again.
 * Number literals stay as written text (`1_200_000`, `80%`) so money is exact.
 * @module
 */
import type { BinaryOp } from "../../dsl/ast.js";

/**
 * The type of a value. Enumerations and entity references are strings at run
 * time; `null` is the type of the `null` literal.
 */
export type ValueType = "number" | "integer" | "percent" | "money" | "string" | "date" | "boolean" | "null";

/** The types a metric can have. */
export type MetricType = "number" | "integer" | "percent" | "money" | "boolean" | "string" | "date";

/** Aggregates over a source's records. */
export type AggregateFn = "sum" | "count" | "avg" | "min" | "max" | "distinct";
/** Functions of values. */
export type ScalarFn = "if" | "min" | "max" | "abs" | "round" | "coalesce" | "clamp";
/** Functions whose argument is a metric: its target, attainment or another period's value. */
export type MetricFn = "target" | "challenge" | "attainment" | "pace" | "prev" | "last_year" | "ytd";
/** Functions of the record being aggregated (only inside an aggregate's `where`). */
export type RecordFn = "days_to_period_end";

/**
 * A resolved, typed expression node.
 * @example
 * const e: CheckedExpr = {
 *   node: "aggregate", fn: "sum", source: "deals", field: "amount", type: "money",
 *   where: { node: "binary", op: "==", type: "boolean",
 *     left: { node: "field", source: "deals", field: "status", type: "string" },
 *     right: { node: "string", value: "won", type: "string" } },
 * };
 */
export type CheckedExpr =
  /** A number literal as written; `type` is what it adapted to (`money` in `amount + 5`). */
  | { node: "number"; text: string; type: ValueType }
  | { node: "string"; value: string; type: ValueType }
  | { node: "bool"; value: boolean; type: ValueType }
  | { node: "null"; type: ValueType }
  /** Another metric's value for the same entity and period. */
  | { node: "metric"; name: string; type: ValueType }
  /** A field of the record being aggregated (only inside an aggregate's `where`). */
  | { node: "field"; source: string; field: string; type: ValueType }
  /** `sum(deals.amount where …)`; `field` is absent for `count`. */
  | { node: "aggregate"; fn: AggregateFn; source: string; field?: string; where?: CheckedExpr; type: ValueType }
  | { node: "call"; fn: ScalarFn; args: CheckedExpr[]; type: ValueType }
  | { node: "metricFn"; fn: MetricFn; metric: string; type: ValueType }
  /** `days_to_period_end()`: days from the record's `at` date to the last day of its grain period. */
  | { node: "recordFn"; fn: RecordFn; type: ValueType }
  | { node: "unary"; op: "-" | "not"; arg: CheckedExpr; type: ValueType }
  | { node: "binary"; op: BinaryOp; left: CheckedExpr; right: CheckedExpr; type: ValueType }
  | { node: "in"; arg: CheckedExpr; list: CheckedExpr[]; negated: boolean; type: ValueType }
  | { node: "isNull"; arg: CheckedExpr; negated: boolean; type: ValueType };

/** Header settings with every default filled in. */
export interface CheckedSettings {
  industry?: string;
  stage?: string;
  grain: "day" | "week" | "month" | "quarter" | "year";
  currency: string;
  /** Minor-unit digits of the currency (2 for CNY, 0 for JPY). */
  currencyDigits: number;
  rounding: "half_up" | "half_even";
  fiscalYearStarts: string;
}

/** An entity kind; `parent` is `all` (the implicit root) for top-level kinds. */
export interface CheckedEntityKind {
  name: string;
  label?: string;
  parent: string;
}

export interface CheckedField {
  name: string;
  label?: string;
  /** `enum` fields list their `values`; `entity` fields name their `entityKind`. */
  type: "number" | "integer" | "percent" | "money" | "string" | "date" | "boolean" | "enum" | "entity";
  values?: string[];
  entityKind?: string;
}

export interface CheckedSource {
  name: string;
  label?: string;
  by: string;
  at: string;
  fields: CheckedField[];
}

export interface CheckedMetric {
  name: string;
  label?: string;
  /** The type written in the declaration, if any. */
  declaredType?: MetricType;
  /** The metric's type: the declared one, else what the formula gives. */
  inferredType: MetricType;
  /** What the formula itself gives (absent for inputs). */
  formulaType?: MetricType;
  lowerBetter: boolean;
  /** True for `= input`: the dataset supplies the values. */
  input: boolean;
  formula?: CheckedExpr;
  /** The formula as canonical text, for explanations. */
  text?: string;
  /** Metrics whose value for the same period this one reads (directly or via attainment, pace, ytd). */
  deps: string[];
  /** Metrics read in earlier periods (`prev`, `last_year`). */
  periodDeps: string[];
  /** Set on the metrics a funnel defines. */
  funnel?: { name: string; step: string; role: "step" | "rate" | "conversion" };
  /** The file the declaration came from when it is inherited from a base template. */
  file?: string;
}

export interface CheckedTarget {
  metric: string;
  /** `flat`: the base applies unchanged at every entity and period (no `per`, split or time weights then). */
  base?: { value: string; perEntity?: string; per?: CheckedSettings["grain"]; flat?: true };
  quarters?: string[];
  months?: string[];
  /** `percent`: a share of the base (`120%`); otherwise an absolute challenge target. */
  challenge?: { value: string; percent: boolean };
  split?: { by: "even" | "history" | "attr"; attr?: string };
}

export interface CheckedScorecard {
  name: string;
  label?: string;
  items: { metric: string; weight: string; cap?: string }[];
}

export interface CheckedTierStep {
  from: string;
  rate?: string;
  pay?: string;
}

export interface CheckedIncentive {
  name: string;
  label?: string;
  /** The entity kind it applies to (the leaf kind when not written). */
  for: string;
  formula?: CheckedExpr;
  basis?: CheckedExpr;
  tiers?: { mode: "retroactive" | "marginal"; on?: CheckedExpr; steps: CheckedTierStep[] };
  gate?: CheckedExpr;
  cap?: string;
  floor?: string;
}

/** One piece of an alert message: literal text, the entity's name, or an expression's value. */
export type MessagePart = { kind: "text"; text: string } | { kind: "entity" } | { kind: "expr"; text: string; expr: CheckedExpr };

export interface CheckedAlert {
  name: string;
  label?: string;
  severity: "info" | "warning" | "critical";
  when: CheckedExpr;
  message?: MessagePart[];
}

/**
 * A template ready for the compiler.
 * @example
 * const { checked } = checkSource(text);
 * checked?.metrics.map((m) => m.name); // dependencies first
 */
export interface CheckedTemplate {
  name?: string;
  label?: string;
  settings: CheckedSettings;
  /** Entity kinds from the top of the tree down (parents before children). */
  entityKinds: CheckedEntityKind[];
  /** The kind without children, when there is exactly one (the default for incentives). */
  leafKind?: string;
  sources: CheckedSource[];
  /** Metrics in dependency order: each after every metric it reads in the same period. */
  metrics: CheckedMetric[];
  targets: CheckedTarget[];
  scorecards: CheckedScorecard[];
  incentives: CheckedIncentive[];
  alerts: CheckedAlert[];
}
