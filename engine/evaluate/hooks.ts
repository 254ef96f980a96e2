/**
 * How compiled formulas read a cell's data: a metric from its frame's
 * column; an aggregate from the frame's rolled-up accumulators (the empty set
 * gives `sum`/`count`/`distinct` 0 and `avg`/`min`/`max` null; `avg` of
 * money is the exact quotient, rounded once with the metric); target and
 * challenge from the target provider; attainment and pace through
 * `engine/targets/attainment.ts`; `prev`, `last_year` and `ytd` from the
 * shifted frame. Everything is resolved to indexes at compile time.
 * @module
 */
import type { CheckedExpr } from "../check/checked-model.js";
import type { EvalCore } from "./core.js";
import type { Fn, FormulaHooks } from "./formulas.js";
import type { Frame } from "./frames.js";
import { aggregateKey, PlanBuilder, type AggRead } from "./plan.js";
import { divMoney } from "./rational.js";

type Node<K extends CheckedExpr["node"]> = Extract<CheckedExpr, { node: K }>;

/** Reads an aggregate from accumulators `num`/`sets` of one frame. */
function reader(read: AggRead, cells: (f: Frame) => { num: Float64Array[]; sets: (Set<number> | undefined)[][] }): Fn {
  const { a, b } = read;
  switch (read.fn) {
    case "count":
    case "sum":
      return (c) => cells(c.frame).num[a]![c.e]!;
    case "avg": {
      const money = read.type === "money";
      return (c) => {
        const { num } = cells(c.frame);
        const count = num[b]![c.e]!;
        if (count === 0) return null;
        const sum = num[a]![c.e]!;
        return money ? divMoney(sum, count) : sum / count;
      };
    }
    case "min":
    case "max":
      return (c) => {
        const v = cells(c.frame).num[a]![c.e]!;
        return v === Infinity || v === -Infinity ? null : v;
      };
    case "distinct":
      return (c) => cells(c.frame).sets[a]![c.e]?.size ?? 0;
  }
}

const own = (f: Frame) => f;

/**
 * The hooks of formulas evaluated at cells.
 * @example
 * const fn = compile(metric.formula!, cellHooks(core));
 */
export function cellHooks(core: EvalCore): FormulaHooks {
  const s = core.checked.settings;
  const index = (name: string): number => {
    const mi = core.metricIndex.get(name);
    if (mi === undefined) throw new Error(`internal: unknown metric ${name}`);
    return mi;
  };
  return {
    digits: s.currencyDigits,
    rounding: s.rounding,
    metric(name) {
      const mi = index(name);
      return (c) => core.value(mi, c.frame, c.e);
    },
    aggregate(node) {
      const read = core.plan.reads.get(aggregateKey(node));
      if (read) return reader(read, own);
      return adhoc(core, node);
    },
    metricFn(node) {
      const mi = index(node.metric);
      const name = node.metric;
      switch (node.fn) {
        case "target":
          return (c) => core.baseOf(name, c.frame, c.e);
        case "challenge":
          return (c) => core.target(name, c.frame, c.e).challenge;
        case "attainment":
          return (c) => core.attainment(mi, c.frame, c.e);
        case "pace":
          return (c) => core.pace(mi, c.frame, c.e);
        case "prev":
        case "last_year":
        case "ytd": {
          const fn = node.fn;
          return (c) => {
            const f = core.shift(c.frame, fn);
            return f === null ? null : core.value(mi, f, c.e);
          };
        }
      }
    },
    field() {
      throw new Error("internal: a record field outside an aggregate");
    },
  };
}

/** An aggregate outside the template's plan (an explanation's expression): its own one-aggregate pass per frame, cached. */
function adhoc(core: EvalCore, node: Node<"aggregate">): Fn {
  const b = new PlanBuilder();
  const read = b.add(node);
  const cache = new WeakMap<Frame, { num: Float64Array[]; sets: (Set<number> | undefined)[][] }>();
  return reader(read, (f) => {
    let cells = cache.get(f);
    if (!cells) cache.set(f, (cells = core.adhocCells(b.plan, f)));
    return cells;
  });
}
