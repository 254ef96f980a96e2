/**
 * The aggregation plan: every distinct aggregate the template uses (in
 * metrics, incentives and alerts), grouped by source, reduced to the
 * accumulators one fused pass per source fills. Aggregates that share a
 * filter share its evaluation; `sum` and `avg` of one field and filter share
 * the sum; `avg` adds a count of non-null values. Accumulators are numbered
 * globally so that every frame (`frames.ts`) holds them as parallel arrays:
 * `num[k]` a Float64Array per entity, `sets[k]` the value sets of `distinct`.
 * Built once per evaluation from the checked template (pure data), consumed
 * by `pass.ts` (fill), `rollup.ts` (combine) and `formulas.ts` (read).
 * @module
 */
import type { AggregateFn, CheckedExpr, CheckedTemplate, ValueType } from "../check/checked-model.js";
import { walkChecked } from "../check/checked-walk.js";

/**
 * A numeric accumulator: records counted, a field's sum, its non-null count, minimum or maximum.
 * @example
 * const acc: NumAcc = { kind: "sum", source: "deals", field: "amount", filter: 0 };
 */
export interface NumAcc {
  kind: "count" | "sum" | "nn" | "min" | "max";
  source: string;
  field?: string;
  /** Index into its source plan's `filters`. */
  filter: number;
}

/**
 * The set of a field's distinct non-null values, for `distinct`.
 * @example
 * const acc: SetAcc = { source: "deals", field: "customer", filter: 1 };
 */
export interface SetAcc {
  source: string;
  field: string;
  filter: number;
}

/**
 * How to read one aggregate from the accumulators: `a` the main slot (sum, count, min, max or set), `b` the non-null count of `avg`.
 * @example
 * const read: AggRead = { fn: "avg", type: "money", a: 0, b: 1 };
 */
export interface AggRead {
  fn: AggregateFn;
  type: ValueType;
  a: number;
  b: number;
}

/**
 * One source's share of the plan: its distinct filters and the accumulators its pass fills.
 * @example
 * plan.sources[0]; // { name: "deals", filters: [where], num: [0, 1], sets: [] }
 */
export interface SourcePlan {
  name: string;
  /** Distinct `where` filters; undefined is "every record". */
  filters: (CheckedExpr | undefined)[];
  num: number[];
  sets: number[];
}

/**
 * The plan of one evaluation.
 * @example
 * const plan = planTemplate(checked);
 * plan.reads.get(aggregateKey(node)); // { fn: "sum", a: 0, b: -1, type: "money" }
 */
export interface Plan {
  sources: SourcePlan[];
  num: NumAcc[];
  sets: SetAcc[];
  reads: Map<string, AggRead>;
  /** The metric functions used anywhere (a `ytd` widens the first pass to the fiscal year's start). */
  metricFns: Set<string>;
}

type AggregateNode = Extract<CheckedExpr, { node: "aggregate" }>;

/**
 * The identity of an aggregate: two aggregates with the same function, source, field and filter are one.
 * @example
 * aggregateKey({ node: "aggregate", fn: "count", source: "visits", type: "integer" }); // '["count","visits",null,null]'
 */
export const aggregateKey = (a: AggregateNode): string => JSON.stringify([a.fn, a.source, a.field ?? null, a.where ?? null]);

/**
 * Collects aggregates into a plan.
 * @example
 * const b = new PlanBuilder(); b.add(node); const plan = b.plan;
 */
export class PlanBuilder {
  readonly plan: Plan = { sources: [], num: [], sets: [], reads: new Map(), metricFns: new Set() };
  private readonly accIndex = new Map<string, number>();
  private readonly filterIndex = new Map<string, number>();

  /** Adds every aggregate and metric function in an expression. */
  walk(e: CheckedExpr | undefined): void {
    walkChecked(e, (n) => {
      if (n.node === "aggregate") this.add(n);
      else if (n.node === "metricFn") this.plan.metricFns.add(n.fn);
      return n.node !== "aggregate";
    });
  }

  /** Adds one aggregate; returns how to read it. */
  add(a: AggregateNode): AggRead {
    const key = aggregateKey(a);
    const known = this.plan.reads.get(key);
    if (known) return known;
    const src = this.source(a.source);
    const filter = this.filter(src, a.where);
    const num = (kind: NumAcc["kind"]) => this.num(src, { kind, source: a.source, ...(kind === "count" ? {} : { field: a.field! }), filter });
    let read: AggRead;
    switch (a.fn) {
      case "count":
        read = { fn: "count", type: a.type, a: num("count"), b: -1 };
        break;
      case "sum":
        read = { fn: "sum", type: a.type, a: num("sum"), b: -1 };
        break;
      case "avg":
        read = { fn: "avg", type: a.type, a: num("sum"), b: num("nn") };
        break;
      case "min":
      case "max":
        read = { fn: a.fn, type: a.type, a: num(a.fn), b: -1 };
        break;
      case "distinct":
        read = { fn: "distinct", type: a.type, a: this.set(src, { source: a.source, field: a.field!, filter }), b: -1 };
        break;
    }
    this.plan.reads.set(key, read);
    return read;
  }

  private source(name: string): SourcePlan {
    let s = this.plan.sources.find((p) => p.name === name);
    if (!s) this.plan.sources.push((s = { name, filters: [], num: [], sets: [] }));
    return s;
  }

  private filter(src: SourcePlan, where: CheckedExpr | undefined): number {
    const key = `${JSON.stringify(src.name)}:${where ? JSON.stringify(where) : ""}`;
    let i = this.filterIndex.get(key);
    if (i === undefined) {
      i = src.filters.push(where) - 1;
      this.filterIndex.set(key, i);
    }
    return i;
  }

  private num(src: SourcePlan, acc: NumAcc): number {
    const key = JSON.stringify(["n", acc.kind, acc.source, acc.field ?? null, acc.filter]);
    let i = this.accIndex.get(key);
    if (i === undefined) {
      i = this.plan.num.push(acc) - 1;
      src.num.push(i);
      this.accIndex.set(key, i);
    }
    return i;
  }

  private set(src: SourcePlan, acc: SetAcc): number {
    const key = JSON.stringify(["s", acc.source, acc.field, acc.filter]);
    let i = this.accIndex.get(key);
    if (i === undefined) {
      i = this.plan.sets.push(acc) - 1;
      src.sets.push(i);
      this.accIndex.set(key, i);
    }
    return i;
  }
}

/**
 * The plan of a checked template: the aggregates of every metric, incentive and alert.
 * @example
 * planTemplate(checked).sources.map((s) => s.name); // ["deals", "visits"]
 */
export function planTemplate(t: CheckedTemplate): Plan {
  const b = new PlanBuilder();
  for (const m of t.metrics) b.walk(m.formula);
  for (const inc of t.incentives) {
    b.walk(inc.formula);
    b.walk(inc.basis);
    b.walk(inc.tiers?.on);
    b.walk(inc.gate);
  }
  for (const al of t.alerts) {
    b.walk(al.when);
    for (const part of al.message ?? []) if (part.kind === "expr") b.walk(part.expr);
  }
  return b.plan;
}
