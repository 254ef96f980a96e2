/**
 * CST → expression tree. Returns `undefined` when error recovery left a
 * piece of the expression missing; the caller has a syntax diagnostic for it
 * already and leaves the formula out of the model.
 * @module
 */
import type { CstNode, IToken } from "chevrotain";
import { makeDiagnostic, type RawDiagnostic } from "./diagnostics.js";
import type { BinaryOp, Expr, Span } from "./ast.js";
import type * as C from "./generated/cst.js";
import { decodeString } from "./strings.js";

/** A token the parser really read, not one invented by error recovery. */
export const isReal = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;
/**
 * The first or last token the parser really read inside a CST node. The
 * parser tracks no node locations (that doubles its allocations); spans are
 * found from the tokens when needed. Chevrotain adds a node's children keys in
 * the order it first meets them, so the first key leads to the first token; a
 * block's last token is its `}`; otherwise every label is searched.
 */
function firstToken(n: CstNode): IToken | undefined {
  for (const key in n.children) {
    for (const el of n.children[key]!) {
      const t = "image" in el ? (isReal(el) ? el : undefined) : firstToken(el);
      if (t) return t;
    }
  }
  return undefined;
}

function lastToken(n: CstNode): IToken | undefined {
  const close = n.children["RBrace"]?.[0];
  if (close && "image" in close && isReal(close)) return close;
  let best: IToken | undefined;
  for (const key in n.children) {
    const arr = n.children[key]!;
    for (let i = arr.length - 1; i >= 0; i--) {
      const el = arr[i]!;
      const t = "image" in el ? (isReal(el) ? el : undefined) : lastToken(el);
      if (!t) continue;
      if (!best || t.startOffset > best.startOffset) best = t;
      break;
    }
  }
  return best;
}

/** The span of a CST node, from its first to its last real token. */
export function nodeSpan(n: CstNode): Span {
  const first = firstToken(n);
  const last = lastToken(n);
  if (!first || !last) return { start: 0, end: 0 };
  return { start: first.startOffset, end: last.startOffset + last.image.length };
}

/** Where a CST node starts, without computing its end. */
export const nodeStart = (n: CstNode): number => firstToken(n)?.startOffset ?? 0;

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

/**
 * Binding strength of binary operators; prefix `not` binds at 3, prefix `-`
 * tighter than all. The one statement of the language's precedence: the
 * explanation printer uses it too.
 */
export const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1, and: 2,
  "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
  "+": 5, "-": 5, "*": 6, "/": 6,
};
export const NOT_PRECEDENCE = 3;
export const COMPARISON = 4;

type Pending = { kind: "binary"; op: BinaryOp; token: IToken } | { kind: "not"; token: IToken };
/** An operand on the output stack; `cmp` marks a comparison not yet combined, to refuse `a < b < c`. */
type Out = { e: Expr; cmp: boolean };

type Item = { at: number; operand?: C.OperandCstNode; op?: IToken; postfix?: C.PostfixCstNode };
interface Climb {
  out: Out[];
  ops: Pending[];
  lastOp: BinaryOp | undefined;
}

const precedence = (p: Pending): number => (p.kind === "not" ? NOT_PRECEDENCE : PRECEDENCE[p.op]);

/** Applies one pending operator to the operands on the output stack. */
function apply(st: Climb, p: Pending): boolean {
  if (p.kind === "not") {
    const arg = st.out.pop();
    if (!arg) return false;
    st.out.push({ e: { node: "unary", op: "not", arg: arg.e, span: { start: p.token.startOffset, end: arg.e.span.end } }, cmp: false });
    return true;
  }
  const right = st.out.pop();
  const left = st.out.pop();
  if (!left || !right) return false;
  st.out.push({ e: { node: "binary", op: p.op, left: left.e, right: right.e, span: join(left.e.span, right.e.span) }, cmp: PRECEDENCE[p.op] === COMPARISON });
  return true;
}

/** Applies the pending operators that bind at least as tightly as `level`. */
function reduce(st: Climb, level: number): boolean {
  while (st.ops.length && precedence(st.ops[st.ops.length - 1]!) >= level) if (!apply(st, st.ops.pop()!)) return false;
  return true;
}

/** Builds expression trees from the CST; problems go to `report` as diagnostics. */
export class ExprBuilder {
  constructor(private readonly report: (d: RawDiagnostic) => void) {}

  /** The tree of a whole formula, or undefined when it is incomplete or too deep. */
  build(n: C.ExpressionCstNode | undefined): Expr | undefined {
    const e = this.expression(n);
    // Every node needs at least one character, so a short formula cannot be too deep.
    if (e && e.span.end - e.span.start > MAX_EXPR_DEPTH && exprDepth(e) > MAX_EXPR_DEPTH) {
      this.report(makeDiagnostic("syntax-too-complex", { limit: MAX_EXPR_DEPTH }, e.span));
      return undefined;
    }
    return e;
  }

  /**
   * Precedence climbing over the flat operand/operator sequence (shunting-yard,
   * iterative, so long chains cannot overflow the stack).
   */
  private expression(n: C.ExpressionCstNode | undefined): Expr | undefined {
    if (!n || n.recoveredNode) return undefined;
    const c = n.children;
    const operands = c.operands ?? [];
    if (operands.length === 1 && !c.ops && !c.postfixes && !operands[0]!.children.nots) return this.operand(operands[0]!);
    const st: Climb = { out: [], ops: [], lastOp: undefined };
    if (!c.postfixes) {
      // Without postfixes, operands and operators simply alternate.
      const ops = c.ops ?? [];
      for (let i = 0; i < operands.length; i++) {
        if (!this.pushOperand(st, operands[i]!)) return undefined;
        const op = ops[i];
        if (op && !this.pushOperator(st, op)) return undefined;
      }
    } else {
      const items: Item[] = [
        ...operands.map((o) => ({ at: nodeStart(o), operand: o })),
        ...(c.ops ?? []).map((t) => ({ at: t.startOffset, op: t })),
        ...c.postfixes.map((p) => ({ at: nodeStart(p), postfix: p })),
      ].sort((x, y) => x.at - y.at);
      for (const it of items) {
        if (it.operand ? !this.pushOperand(st, it.operand) : it.op ? !this.pushOperator(st, it.op) : !this.pushPostfix(st, it.postfix!)) return undefined;
      }
    }
    if (!reduce(st, 0) || st.out.length !== 1) return undefined;
    return st.out[0]!.e;
  }

  private pushOperand(st: Climb, o: C.OperandCstNode): boolean {
    const nots = o.children.nots;
    if (nots) {
      if (st.lastOp !== undefined && PRECEDENCE[st.lastOp] > PRECEDENCE.and) {
        this.report(makeDiagnostic("syntax-unexpected-token", { expected: "a value (`not` starts a condition; put it in parentheses)", found: "`not`" }, tokenSpan(nots[0]!)));
        return false;
      }
      for (const t of nots) st.ops.push({ kind: "not", token: t });
    }
    const e = this.operand(o);
    if (!e) return false;
    st.out.push({ e, cmp: false });
    return true;
  }

  private pushOperator(st: Climb, t: IToken): boolean {
    if (!isReal(t)) return false;
    const op = t.image as BinaryOp;
    const level = PRECEDENCE[op];
    if (!reduce(st, level === COMPARISON ? COMPARISON + 1 : level)) return false;
    if (level === COMPARISON && this.chained(st, t.image, tokenSpan(t))) return false;
    st.ops.push({ kind: "binary", op, token: t });
    st.lastOp = op;
    return true;
  }

  private pushPostfix(st: Climb, p: C.PostfixCstNode): boolean {
    const word = p.children.Kw_is?.[0] ?? p.children.Kw_in?.[0];
    if (!word || !reduce(st, COMPARISON + 1) || this.chained(st, word.image, tokenSpan(word))) return false;
    const arg = st.out.pop();
    const e = arg && this.postfix(p, arg.e);
    if (!e) return false;
    st.out.push({ e, cmp: true });
    return true;
  }

  /** `a < b < c` and `a == b is null`: comparisons do not chain. */
  private chained(st: Climb, word: string, span: Span): boolean {
    const top = st.ops[st.ops.length - 1];
    if ((top && precedence(top) === COMPARISON) || st.out[st.out.length - 1]?.cmp) {
      this.report(makeDiagnostic("syntax-unexpected-token", { expected: "`and` or `or` between two comparisons", found: `\`${word}\`` }, span));
      return true;
    }
    return false;
  }

  private operand(n: C.OperandCstNode): Expr | undefined {
    if (n.recoveredNode) return undefined;
    let e = this.atom(n.children);
    const minus = n.children.minuses;
    if (minus) {
      for (let i = minus.length - 1; e && i >= 0; i--) {
        e = { node: "unary", op: "-", arg: e, span: { start: minus[i]!.startOffset, end: e.span.end } };
      }
    }
    return e;
  }

  private postfix(n: C.PostfixCstNode, arg: Expr): Expr | undefined {
    if (n.recoveredNode) return undefined;
    const c = n.children;
    const closing = c.RParen?.[0] ?? c.Kw_null?.[0];
    const span = { start: arg.span.start, end: closing ? tokenEnd(closing) : arg.span.end };
    if (c.Kw_in) {
      const list = (c.list ?? []).map((x) => this.expression(x));
      if (!isReal(c.RParen?.[0]) || list.length === 0 || list.some((x) => !x)) return undefined;
      return { node: "in", arg, list: list as Expr[], negated: !!c.negated, span };
    }
    if (!isReal(c.Kw_null?.[0])) return undefined;
    return { node: "isNull", arg, negated: !!c.isNot, span };
  }

  private atom(c: C.OperandCstChildren): Expr | undefined {
    const tok = c.NumberLiteral?.[0] ?? c.PercentLiteral?.[0];
    if (tok) return isReal(tok) ? { node: "number", text: tok.image, span: tokenSpan(tok) } : undefined;
    const s = c.StringLiteral?.[0];
    if (s) return isReal(s) ? this.string(s) : undefined;
    if (c.Kw_true) return { node: "bool", value: true, span: tokenSpan(c.Kw_true[0]!) };
    if (c.Kw_false) return { node: "bool", value: false, span: tokenSpan(c.Kw_false[0]!) };
    if (c.Kw_null) return { node: "null", span: tokenSpan(c.Kw_null[0]!) };
    if (c.open) {
      const inner = this.expression(c.inner?.[0]);
      if (!inner || !isReal(c.close?.[0])) return undefined;
      return { node: "paren", expr: inner, span: { start: c.open[0]!.startOffset, end: tokenEnd(c.close![0]!) } };
    }
    return this.nameOrCall(c);
  }

  /** A string literal's value; a bad escape is reported and the literal kept as written. */
  string(t: IToken): Expr {
    const d = decodeString(t.image);
    if (!d.ok) {
      this.report(makeDiagnostic("syntax-bad-escape", { escape: d.escape }, { start: t.startOffset + d.offset, end: t.startOffset + d.offset + d.escape.length }));
      return { node: "string", value: t.image.slice(1, -1), span: tokenSpan(t) };
    }
    return { node: "string", value: d.value, span: tokenSpan(t) };
  }

  private nameOrCall(c: C.OperandCstChildren): Expr | undefined {
    const head = c.head?.[0];
    if (!isReal(head)) return undefined;
    if (c.callOpen) {
      if (!isReal(c.callClose?.[0])) return undefined;
      const span = { start: head.startOffset, end: tokenEnd(c.callClose![0]!) };
      const args: Expr[] = [];
      for (const a of c.args ?? []) {
        const e = this.expression(a);
        if (!e) return undefined;
        args.push(e);
      }
      const call: Expr = { node: "call", name: head.image, nameSpan: tokenSpan(head), args, span };
      if (c.where) {
        const where = this.expression(c.where[0]);
        if (!where) return undefined;
        call.where = where;
      }
      return call;
    }
    const path = [head.image];
    let last = head;
    for (const t of c.tail ?? []) {
      if (!isReal(t)) return undefined;
      path.push(t.image);
      last = t;
    }
    return { node: "ref", path, span: { start: head.startOffset, end: tokenEnd(last) } };
  }
}
