/**
 * What an expression can see while it is checked: the metrics (with their
 * types, filled in dependency order) and sources of the merged template, the
 * currency for money literals, and the aggregate whose `where` is being
 * checked. Also the small helpers the checks share for messages.
 * @module
 */
import type { Expr } from "../../dsl/ast.js";
import { printExpr } from "../../dsl/expr-printer.js";
import type { CheckedExpr } from "./checked-model.js";
import type { Ty } from "./types.js";

/** A metric as formulas see it: its type (`error` once it failed) and whether the template gives it a target. */
export interface MetricSym {
  ty: Ty;
  hasTarget: boolean;
}

/** A source's fields and their types. */
export interface SourceSym {
  name: string;
  fields: Map<string, Ty>;
}

/**
 * The names an expression can see.
 * @example
 * const scope: Scope = { metrics: new Map(), sources: new Map([["deals", { name: "deals", fields: new Map([["amount", T.money]]) }]]), currency: { code: "CNY", digits: 2 } };
 */
export interface Scope {
  metrics: Map<string, MetricSym>;
  sources: Map<string, SourceSym>;
  currency: { code: string; digits: number };
}

/** The aggregate whose argument or `where` is being checked. */
export interface AggContext {
  fn: string;
  source: SourceSym;
}

/** An expression's type and its resolved form. */
export interface Checked {
  ty: Ty;
  r: CheckedExpr;
}

/**
 * An expression's text for a message, shortened.
 * @example
 * exprText(parseExpression("a + b").expr!); // "a + b"
 */
export const exprText = (e: Expr): string => {
  const t = printExpr(e);
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
};

/**
 * The value of a string literal (through parentheses), if it is one.
 * @example
 * stringLiteral(parseExpression('("won")').expr!); // "won"
 */
export const stringLiteral = (e: Expr): string | undefined => (e.node === "paren" ? stringLiteral(e.expr) : e.node === "string" ? e.value : undefined);
