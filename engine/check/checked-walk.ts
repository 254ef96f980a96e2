/**
 * Walking a checked expression: one place that knows which nodes hold
 * sub-expressions, so the planner, the explanations and the traces that
 * collect aggregates or metrics need no switch of their own. An aggregate's
 * `where` is not entered (it holds only the source's fields and literals).
 * @module
 */
import type { CheckedExpr } from "./checked-model.js";

/**
 * Visits `e` and its sub-expressions depth first, left to right; `visit`
 * returning `false` skips that node's sub-expressions.
 * @example
 * walkChecked(formula, (n) => { if (n.node === "aggregate") found.push(n); return n.node !== "aggregate"; });
 */
export function walkChecked(e: CheckedExpr | undefined, visit: (n: CheckedExpr) => boolean | void): void {
  if (!e || visit(e) === false) return;
  switch (e.node) {
    case "call":
      for (const a of e.args) walkChecked(a, visit);
      return;
    case "unary":
    case "isNull":
      walkChecked(e.arg, visit);
      return;
    case "binary":
      walkChecked(e.left, visit);
      walkChecked(e.right, visit);
      return;
    case "in":
      walkChecked(e.arg, visit);
      for (const a of e.list) walkChecked(a, visit);
      return;
    default:
      return;
  }
}
