/**
 * Aggregate traces for explanations: for each aggregate in a formula, its
 * text, its value at the cell, how many records passed its filter (within
 * the frame's days and the as-of cut-off, credited to the entity or any of
 * its descendants) and where the first five came from. This re-scans the
 * records of one source with the closure filter — slow, and deliberately
 * off the hot path: it runs only for the cells someone asks to explain.
 * @module
 */
import type { CheckedExpr } from "../check/checked-model.js";
import { walkChecked } from "../check/checked-walk.js";
import { exprText } from "../explain/expr-text.js";
import type { AggregateTrace } from "./contract.js";
import { assertDateOrdered } from "../dataset/date-order.js";
import { bucketRuns } from "./pass.js";
import type { EvalCore } from "./core.js";
import { recordHooks } from "./filter-code.js";
import { compile, type Ctx } from "./formulas.js";
import type { Frame } from "./frames.js";
import { aggregateKey } from "./plan.js";
import { toValue } from "./values.js";

type AggregateNode = Extract<CheckedExpr, { node: "aggregate" }>;

/** The aggregates of an expression in order of appearance, each once. */
function aggregatesIn(e: CheckedExpr | undefined, out: Map<string, AggregateNode>): Map<string, AggregateNode> {
  walkChecked(e, (n) => {
    if (n.node !== "aggregate") return true;
    if (!out.has(aggregateKey(n))) out.set(aggregateKey(n), n);
    return false;
  });
  return out;
}

/**
 * Traces of every aggregate in `formula` at one cell.
 * @example
 * aggregateTraces(core, metric.formula, frame, 3);
 * // [{ text: "sum(deals.amount where status == \"won\")", value: 104000, records: 2, origins: [{ file: "deals.csv", line: 2 }, …] }]
 */
export function aggregateTraces(core: EvalCore, formula: CheckedExpr | undefined, f: Frame, entity: number): AggregateTrace[] {
  const { list, order } = core.dataset.entities;
  const inSubtree = new Uint8Array(list.length);
  for (const j of order) inSubtree[j] = j === entity ? 1 : j === 0 ? 0 : inSubtree[list[j]!.parent]!;
  const cutoff = core.options.cutoff ?? Infinity;
  const s = core.checked.settings;
  const out: AggregateTrace[] = [];
  for (const node of aggregatesIn(formula, new Map()).values()) {
    const src = core.dataset.sources.get(node.source);
    if (!src) continue;
    assertDateOrdered(src);
    const keep = node.where ? compile(node.where, recordHooks({ src, entities: core.dataset.entities, digits: s.currencyDigits, rounding: s.rounding, periodEnd: core.periodEnd })) : undefined;
    const ctx = { rec: 0 } as Ctx;
    let records = 0;
    const origins: AggregateTrace["origins"] = [];
    // Records in date order: the period's are one run.
    const [from, to] = bucketRuns(src.at, [f.span], cutoff, 0);
    for (let i = from!; i < to!; i++) {
      if (!inSubtree[src.by[i]!]) continue;
      ctx.rec = i;
      if (keep && keep(ctx) !== true) continue;
      records++;
      if (origins.length < 5) origins.push({ file: src.file, line: src.origin[i]! });
    }
    const value = toValue(core.exprFn(node)({ frame: f, e: entity, rec: -1 }));
    out.push({ text: exprText(node), value, records, origins });
  }
  return out;
}
