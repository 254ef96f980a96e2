/**
 * A compact s-expression printer of checked expressions, so tests compare a
 * resolved formula as one readable string: `(sum deals.amount (== status "won")):money`.
 */
import type { CheckedExpr } from "../../../engine/check/checked-model.js";

/**
 * Prints a checked expression; each node ends with `:type`, except those whose type is obvious (strings, booleans).
 * @example
 * sexpr({ node: "metric", name: "a", type: "money" }); // "a:money"
 */
export function sexpr(e: CheckedExpr): string {
  const t = `:${e.type}`;
  switch (e.node) {
    case "number":
      return `${e.text}${t}`;
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return String(e.value);
    case "null":
      return "null";
    case "metric":
      return `${e.name}${t}`;
    case "field":
      return `${e.field}${t}`;
    case "aggregate": {
      const arg = e.field === undefined ? e.source : `${e.source}.${e.field}`;
      return `(${e.fn} ${arg}${e.where ? ` ${sexpr(e.where)}` : ""})${t}`;
    }
    case "call":
      return `(${e.fn} ${e.args.map(sexpr).join(" ")})${t}`;
    case "metricFn":
      return `(${e.fn} ${e.metric})${t}`;
    case "recordFn":
      return `(${e.fn})${t}`;
    case "unary":
      return `(${e.op} ${sexpr(e.arg)})${t}`;
    case "binary":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})${t}`;
    case "in":
      return `(${e.negated ? "not-in" : "in"} ${sexpr(e.arg)} ${e.list.map(sexpr).join(" ")})`;
    case "isNull":
      return `(${e.negated ? "is-not-null" : "is-null"} ${sexpr(e.arg)})`;
  }
}
