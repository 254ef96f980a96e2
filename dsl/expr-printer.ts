/**
 * Prints an expression tree as canonical text: one space around binary
 * operators and after commas, none inside parentheses, literals as written,
 * strings re-quoted, and the author's parentheses kept (formatting never
 * changes how a formula reads). The model stores formulas in this form, so
 * printing is also how the parser canonicalises them.
 * @module
 */
import type { Expr } from "./ast.js";
import { quote } from "./strings.js";

/**
 * Canonical text of an expression.
 * @example
 * printExpr(parseExpression('sum( deals.amount   where status=="won")').expr!); // 'sum(deals.amount where status == "won")'
 */
export function printExpr(e: Expr): string {
  switch (e.node) {
    case "number":
      return e.text;
    case "string":
      return quote(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "null":
      return "null";
    case "ref":
      return e.path.join(".");
    case "call": {
      const args = e.args.map(printExpr);
      if (e.where && args.length > 0) args[0] = `${args[0]} where ${printExpr(e.where)}`;
      return `${e.name}(${args.join(", ")})`;
    }
    case "unary":
      return e.op === "not" ? `not ${printExpr(e.arg)}` : `-${printExpr(e.arg)}`;
    case "binary":
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case "in":
      return `${printExpr(e.arg)} ${e.negated ? "not in" : "in"} (${e.list.map(printExpr).join(", ")})`;
    case "isNull":
      return `${printExpr(e.arg)} ${e.negated ? "is not null" : "is null"}`;
    case "paren":
      return `(${printExpr(e.expr)})`;
  }
}
