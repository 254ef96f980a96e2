/**
 * CST → expression tree. Returns `undefined` when error recovery left a
 * piece of the expression missing; the caller has a syntax diagnostic for it
 * already and leaves the formula out of the model.
 * @module
 */
import type { CstNode, IToken } from "chevrotain";
import type { BinaryOp, Expr, Span } from "./ast.js";
import type * as C from "./generated/cst.js";
import { decodeString } from "./strings.js";

/** A token the parser really read, not one invented by error recovery. */
export const isReal = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
export const nodeSpan = (n: CstNode): Span => ({ start: n.location?.startOffset ?? 0, end: (n.location?.endOffset ?? -1) + 1 });

const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

/** The deepest expression tree accepted; every later phase walks trees recursively. */
export const MAX_EXPR_DEPTH = 500;

/** The depth of a tree, computed without recursion (the tree may be too deep to recurse over). */
export function exprDepth(root: Expr): number {
  let max = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return max;
}

function children(e: Expr): Expr[] {
  switch (e.node) {
    case "call":
      return e.where ? [...e.args, e.where] : e.args;
    case "unary":
    case "isNull":
      return [e.arg];
    case "binary":
      return [e.left, e.right];
    case "in":
      return [e.arg, ...e.list];
    case "paren":
      return [e.expr];
    default:
      return [];
  }
}

/** Reports problems found while building: a bad string escape, a tree too deep. */
export interface ExprReporter {
  badEscape(escape: string, span: Span): void;
  tooComplex(span: Span): void;
}

/** Builds expression trees from the CST. */
export class ExprBuilder {
  constructor(private readonly report: ExprReporter) {}

  /** The tree of a whole formula, or undefined when it is incomplete or too deep. */
  build(n: C.ExpressionCstNode | undefined): Expr | undefined {
    const e = this.expression(n);
    if (e && exprDepth(e) > MAX_EXPR_DEPTH) {
      this.report.tooComplex(e.span);
      return undefined;
    }
    return e;
  }

  private expression(n: C.ExpressionCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    return this.orExpr(n.children.orExpr?.[0]);
  }

  private fold(operands: (Expr | undefined)[], ops: BinaryOp[]): Expr | undefined {
    if (operands.length !== ops.length + 1 || operands.some((o) => !o)) return undefined;
    let acc = operands[0]!;
    for (let i = 0; i < ops.length; i++) {
      const right = operands[i + 1]!;
      acc = { node: "binary", op: ops[i]!, left: acc, right, span: join(acc.span, right.span) };
    }
    return acc;
  }

  private orExpr(n: C.OrExprCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const operands = (n.children.operands ?? []).map((o) => this.andExpr(o));
    return this.fold(operands, (n.children.Kw_or ?? []).map(() => "or"));
  }

  private andExpr(n: C.AndExprCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const operands = (n.children.operands ?? []).map((o) => this.notExpr(o));
    return this.fold(operands, (n.children.Kw_and ?? []).map(() => "and"));
  }

  private notExpr(n: C.NotExprCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    let e = this.comparison(n.children.comparison?.[0]);
    const nots = n.children.Kw_not ?? [];
    for (let i = nots.length - 1; e && i >= 0; i--) {
      e = { node: "unary", op: "not", arg: e, span: { start: nots[i]!.startOffset, end: e.span.end } };
    }
    return e;
  }

  private comparison(n: C.ComparisonCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const c = n.children;
    const left = this.additive(c.left?.[0]);
    if (!left) return undefined;
    const span = nodeSpan(n);
    if (c.op) {
      const right = this.additive(c.right?.[0]);
      const op = c.op[0];
      if (!right || !isReal(op)) return undefined;
      return { node: "binary", op: op.image as BinaryOp, left, right, span: join(left.span, right.span) };
    }
    if (c.Kw_in) {
      const list = (c.list ?? []).map((x) => this.expression(x));
      if (!isReal(c.RParen?.[0]) || list.length === 0 || list.some((x) => !x)) return undefined;
      return { node: "in", arg: left, list: list as Expr[], negated: !!c.negated, span };
    }
    if (c.Kw_is) {
      if (!isReal(c.Kw_null?.[0])) return undefined;
      return { node: "isNull", arg: left, negated: !!c.isNot, span };
    }
    return left;
  }

  private additive(n: C.AdditiveCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const operands = (n.children.operands ?? []).map((o) => this.multiplicative(o));
    return this.fold(operands, (n.children.ops ?? []).map((t) => t.image as BinaryOp));
  }

  private multiplicative(n: C.MultiplicativeCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const operands = (n.children.operands ?? []).map((o) => this.unary(o));
    return this.fold(operands, (n.children.ops ?? []).map((t) => t.image as BinaryOp));
  }

  private unary(n: C.UnaryCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    let e = this.atom(n.children.atom?.[0]);
    const minus = n.children.Minus ?? [];
    for (let i = minus.length - 1; e && i >= 0; i--) {
      e = { node: "unary", op: "-", arg: e, span: { start: minus[i]!.startOffset, end: e.span.end } };
    }
    return e;
  }

  private atom(n: C.AtomCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const c = n.children;
    const tok = c.NumberLiteral?.[0] ?? c.PercentLiteral?.[0];
    if (tok) return isReal(tok) ? { node: "number", text: tok.image, span: tokenSpan(tok) } : undefined;
    const s = c.StringLiteral?.[0];
    if (s) return isReal(s) ? this.string(s) : undefined;
    if (c.Kw_true) return { node: "bool", value: true, span: tokenSpan(c.Kw_true[0]!) };
    if (c.Kw_false) return { node: "bool", value: false, span: tokenSpan(c.Kw_false[0]!) };
    if (c.Kw_null) return { node: "null", span: tokenSpan(c.Kw_null[0]!) };
    if (c.LParen) {
      const inner = this.expression(c.expression?.[0]);
      if (!inner || !isReal(c.RParen?.[0])) return undefined;
      return { node: "paren", expr: inner, span: nodeSpan(n) };
    }
    return this.nameOrCall(c.nameOrCall?.[0]);
  }

  /** A string literal's value; a bad escape is reported and the literal kept as written. */
  string(t: IToken): Expr {
    const d = decodeString(t.image);
    if (!d.ok) {
      this.report.badEscape(d.escape, { start: t.startOffset + d.offset, end: t.startOffset + d.offset + d.escape.length });
      return { node: "string", value: t.image.slice(1, -1), span: tokenSpan(t) };
    }
    return { node: "string", value: d.value, span: tokenSpan(t) };
  }

  private nameOrCall(n: C.NameOrCallCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const c = n.children;
    const head = c.head?.[0];
    if (!isReal(head)) return undefined;
    const span = nodeSpan(n);
    if (c.LParen) {
      if (!isReal(c.RParen?.[0])) return undefined;
      const args = (c.args ?? []).map((a) => this.expression(a));
      if (args.some((a) => !a)) return undefined;
      const call: Expr = { node: "call", name: head.image, nameSpan: tokenSpan(head), args: args as Expr[], span };
      if (c.where) {
        const where = this.expression(c.where[0]);
        if (!where) return undefined;
        call.where = where;
      }
      return call;
    }
    const tail = c.tail ?? [];
    if (tail.some((t) => !isReal(t))) return undefined;
    return { node: "ref", path: [head.image, ...tail.map((t) => t.image)], span };
  }
}
