/**
 * The expression syntax tree: what the parser builds from formula text and the
 * checker resolves. Plain JSON data; `node` is the discriminant. Spans are
 * character offsets into the text the expression was parsed from (the whole
 * template file when parsed inside a template).
 * @module
 */

/** A half-open range of character offsets `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

/**
 * One expression node.
 * @example
 * const e: Expr = { node: "ref", path: ["new_amount"], span: { start: 0, end: 10 } };
 */
export type Expr =
  /** A number literal as written: `1_200_000`, `3.5`, `80%`. */
  | { node: "number"; text: string; span: Span }
  | { node: "string"; value: string; span: Span }
  | { node: "bool"; value: boolean; span: Span }
  | { node: "null"; span: Span }
  /** A name, or a dotted name: `new_amount`, `pipeline.leads`, `deals.amount`. */
  | { node: "ref"; path: string[]; span: Span }
  /** A function call; `where` is the filter of an aggregate: `sum(deals.amount where won)`. */
  | { node: "call"; name: string; nameSpan: Span; args: Expr[]; where?: Expr; span: Span }
  | { node: "unary"; op: "-" | "not"; arg: Expr; span: Span }
  | { node: "binary"; op: BinaryOp; left: Expr; right: Expr; span: Span }
  /** `x in ("a", "b")`, `x not in (…)`. */
  | { node: "in"; arg: Expr; list: Expr[]; negated: boolean; span: Span }
  /** `x is null`, `x is not null`. */
  | { node: "isNull"; arg: Expr; negated: boolean; span: Span }
  /** Parentheses the author wrote; kept so formatting never changes how a formula reads. */
  | { node: "paren"; expr: Expr; span: Span };

export type ExprNode<K extends Expr["node"]> = Extract<Expr, { node: K }>;
