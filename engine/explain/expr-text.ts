/**
 * Checked expressions back as text, for explanations and incentive traces
 * (a gate, a tier measure, an alert's condition). The checked model drops the
 * author's parentheses, so this printer puts back exactly those that the
 * language's precedence needs (`or` < `and` < `not` < comparisons < `+ -` <
 * `* /` < prefix `-`; binary operators are left-associative, comparisons do
 * not chain). Inside an aggregate's `where`, fields print by their own name,
 * as admins write them. Metrics keep their canonical `text` from the checker;
 * this is for the expressions that have none.
 * @module
 */
import { COMPARISON, NOT_PRECEDENCE as NOT, PRECEDENCE } from "../../dsl/expr-builder.js";
import type { CheckedExpr } from "../check/checked-model.js";
import { walkChecked } from "../check/checked-walk.js";

const ATOM = 8;

function precedenceOf(e: CheckedExpr): number {
  switch (e.node) {
    case "binary":
      return PRECEDENCE[e.op] ?? ATOM;
    case "in":
    case "isNull":
      return COMPARISON;
    case "unary":
      return e.op === "not" ? NOT : 7;
    default:
      return ATOM;
  }
}

/** Prints `e`, in parentheses when it binds less tightly than `min` requires. */
function operand(e: CheckedExpr, min: number): string {
  const text = exprText(e);
  return precedenceOf(e) < min ? `(${text})` : text;
}

/** Checked expressions are never mutated, so each one's text is computed once. */
const texts = new WeakMap<CheckedExpr, string>();

/**
 * The text of a checked expression, with the parentheses its meaning needs.
 * @example
 * exprText(checked.incentives[0]!.gate!); // "renewal_rate >= 70% or renewal_rate is null"
 */
export function exprText(e: CheckedExpr): string {
  let t = texts.get(e);
  if (t === undefined) {
    t = print(e);
    texts.set(e, t);
  }
  return t;
}

function print(e: CheckedExpr): string {
  switch (e.node) {
    case "number":
      return e.text;
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "null":
      return "null";
    case "metric":
      return e.name;
    case "field":
      return e.field;
    case "aggregate": {
      const arg = e.field === undefined ? e.source : `${e.source}.${e.field}`;
      return `${e.fn}(${arg}${e.where ? ` where ${exprText(e.where)}` : ""})`;
    }
    case "call":
      return `${e.fn}(${e.args.map(exprText).join(", ")})`;
    case "metricFn":
      return `${e.fn}(${e.metric})`;
    case "recordFn":
      return `${e.fn}()`;
    case "unary":
      return e.op === "not" ? `not ${operand(e.arg, NOT)}` : `-${operand(e.arg, ATOM)}`;
    case "binary": {
      const p = PRECEDENCE[e.op] ?? ATOM;
      // Left-associative: the right side needs parentheses at equal precedence; comparisons never chain.
      const left = operand(e.left, p === COMPARISON ? p + 1 : p);
      return `${left} ${e.op} ${operand(e.right, p + 1)}`;
    }
    case "in":
      return `${operand(e.arg, COMPARISON + 1)} ${e.negated ? "not in" : "in"} (${e.list.map(exprText).join(", ")})`;
    case "isNull":
      return `${operand(e.arg, COMPARISON + 1)} ${e.negated ? "is not null" : "is null"}`;
  }
}

/**
 * The metrics an expression reads at its own cell (directly or through
 * `attainment`, `pace`, `target`, …), each once, in order of appearance.
 * @example
 * metricsIn(gate); // ["renewal_rate"]
 */
export function metricsIn(e: CheckedExpr, out: string[] = []): string[] {
  walkChecked(e, (n) => {
    const name = n.node === "metric" ? n.name : n.node === "metricFn" ? n.metric : undefined;
    if (name !== undefined && !out.includes(name)) out.push(name);
    return n.node !== "aggregate";
  });
  return out;
}
