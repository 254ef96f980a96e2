/**
 * Resolves and types one expression tree: names become metric, field and
 * aggregate nodes of the checked model, each node gets its type, untyped
 * number literals adapt to the other operand, and every mistake is reported
 * once. A node whose operand already failed has type `error` and reports
 * nothing more. Calls are handled in `calls.ts`. Outside an aggregate a name
 * is a metric (`pipeline.leads` included); inside an aggregate's `where` it is
 * a field of that aggregate's source.
 * @module
 */
import type { Expr, ExprNode, Span } from "../../dsl/ast.js";
import type { DiagnosticCode, DiagnosticParams } from "../../dsl/diagnostics.js";
import { suggest } from "../../dsl/suggest.js";
import { checkCall } from "./calls.js";
import type { CheckedExpr } from "./checked-model.js";
import { siteFor, type DeclRef, type Reporter, type Site } from "./context.js";
import { literalDecimals } from "./decimal.js";
import { exprText, stringLiteral, type AggContext, type Checked, type Scope } from "./scope.js";
import { arithmetic, comparable, describeType, isLenient, isNumeric, T, valueType, type Clash, type Ty } from "./types.js";

/**
 * Checks the expressions of one model property.
 * @example
 * const c = new ExprChecker(scope, site);
 * const { ty, r } = c.check(site.expr!);
 * if (c.errors === 0) use(r);
 */
export class ExprChecker {
  /** Errors reported so far; a property with errors gets type `error`. */
  errors = 0;
  readonly deps = new Set<string>();
  readonly periodDeps = new Set<string>();
  private readonly untyped = new WeakSet<CheckedExpr>();
  private readonly literalSpans = new WeakMap<CheckedExpr, Span>();
  private readonly warned = new Set<string>();

  constructor(
    readonly scope: Scope,
    readonly site: Site,
  ) {}

  check(e: Expr): Checked {
    return this.expr(e, undefined);
  }

  fail<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>, span: Span): Checked {
    this.errors++;
    this.site.report(code, params, span);
    return { ty: T.error, r: { node: "null", type: "null" } };
  }

  /** A warning, once per message per property. */
  warn<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>, span: Span): void {
    const key = `${code}\0${JSON.stringify(params)}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.site.report(code, params, span);
  }

  /** Records the node's type; literal-typed nodes may adapt later. */
  done(ty: Ty, r: CheckedExpr): Checked {
    if (ty.k === "literal") this.untyped.add(r);
    return { ty, r };
  }

  /** Gives untyped literals (and nodes made only of them) the type they meet; money literals are checked for digits. */
  adapt(r: CheckedExpr, ty: Ty): void {
    if (!this.untyped.has(r) || !isNumeric(ty) || ty.k === "literal") return;
    this.untyped.delete(r);
    r.type = valueType(ty);
    const span = this.literalSpans.get(r);
    if (r.node === "number" && ty.k === "money" && span && literalDecimals(r.text) > this.scope.currency.digits) {
      this.fail("rule-money-digits", { value: r.text, currency: this.scope.currency.code, digits: this.scope.currency.digits }, span);
    }
    for (const child of children(r)) this.adapt(child, ty);
  }

  /** Reports a rule's clash at `span`. */
  clash(c: Clash, operands: [Expr, Ty][], what: string, span: Span): Checked {
    if (c.code === "type-not-numeric") {
      const [e, ty] = operands[c.side === "left" ? 0 : 1]!;
      return this.fail("type-not-numeric", { what, expr: exprText(e), got: describeType(ty) }, e.span);
    }
    return c.code === "type-unit-mismatch" ? this.fail(c.code, c.params, span) : this.fail(c.code, c.params, span);
  }

  /** Checks that a condition is true/false. */
  expectBoolean(e: Expr, got: Checked, what: string): void {
    if (!isLenient(got.ty) && got.ty.k !== "boolean") this.fail("type-not-boolean", { what, expr: exprText(e), got: describeType(got.ty) }, e.span);
  }

  /** Checks that an operand is a number. */
  expectNumeric(e: Expr, got: Checked, what: string): boolean {
    if (isLenient(got.ty) || isNumeric(got.ty)) return true;
    this.fail("type-not-numeric", { what, expr: exprText(e), got: describeType(got.ty) }, e.span);
    return false;
  }

  expr(e: Expr, agg: AggContext | undefined): Checked {
    switch (e.node) {
      case "number": {
        const percent = e.text.endsWith("%");
        const r: CheckedExpr = { node: "number", text: e.text, type: percent ? "percent" : "number" };
        this.literalSpans.set(r, e.span);
        return this.done(percent ? T.percent : { k: "literal", integral: !e.text.includes(".") }, r);
      }
      case "string":
        return this.done(T.string, { node: "string", value: e.value, type: "string" });
      case "bool":
        return this.done(T.boolean, { node: "bool", value: e.value, type: "boolean" });
      case "null":
        return this.done(T.null, { node: "null", type: "null" });
      case "paren":
        return this.expr(e.expr, agg);
      case "ref":
        return agg ? this.fieldRef(e, agg) : this.metricRef(e);
      case "call":
        return checkCall(this, e, agg);
      case "unary":
        return this.unary(e, agg);
      case "binary":
        return this.binary(e, agg);
      case "in":
        return this.inList(e, agg);
      case "isNull": {
        const a = this.expr(e.arg, agg);
        return this.done(T.boolean, { node: "isNull", arg: a.r, negated: e.negated, type: "boolean" });
      }
    }
  }

  private metricRef(e: ExprNode<"ref">): Checked {
    const name = e.path.join(".");
    const m = this.scope.metrics.get(name);
    if (m) {
      this.deps.add(name);
      return this.done(m.ty, { node: "metric", name, type: valueType(m.ty) });
    }
    const [head = "", second] = e.path;
    const src = this.scope.sources.get(head);
    if (src && e.path.length === 1) return this.fail("resolve-field-outside-aggregate", { what: "source", name, example: `count(${name})` }, e.span);
    if (src && e.path.length === 2) {
      const f = src.fields.get(second!);
      if (!f) return this.fail("resolve-unknown-field", { source: head, name: second!, suggestion: suggest(second!, src.fields.keys()) }, e.span);
      return this.fail("resolve-field-outside-aggregate", { what: "field", name, example: aggregateExample(head, second!, f) }, e.span);
    }
    if (e.path.length === 1) {
      for (const s of this.scope.sources.values()) {
        const f = s.fields.get(name);
        if (f) return this.fail("resolve-field-outside-aggregate", { what: "field", name, example: aggregateExample(s.name, name, f) }, e.span);
      }
    }
    return this.fail("resolve-unknown-metric", { name, suggestion: suggest(name, this.scope.metrics.keys()) }, e.span);
  }

  private fieldRef(e: ExprNode<"ref">, agg: AggContext): Checked {
    const src = agg.source;
    const own = e.path.length === 1 ? e.path[0] : e.path.length === 2 && e.path[0] === src.name ? e.path[1] : undefined;
    const ty = own === undefined ? undefined : src.fields.get(own);
    if (own !== undefined && ty) return this.done(ty, { node: "field", source: src.name, field: own, type: valueType(ty) });
    const name = e.path.join(".");
    const where = (what: string) => this.fail("resolve-where-scope", { source: src.name, name, what }, e.span);
    if (own === undefined || e.path.length === 1) {
      if (this.scope.metrics.has(name)) return where("a metric");
      if (e.path.length === 2 && this.scope.sources.has(e.path[0]!)) return where(`a field of another source`);
    }
    const field = own ?? name;
    return this.fail("resolve-unknown-field", { source: src.name, name: field, suggestion: suggest(field, src.fields.keys()) }, e.span);
  }

  private unary(e: ExprNode<"unary">, agg: AggContext | undefined): Checked {
    const a = this.expr(e.arg, agg);
    if (e.op === "not") {
      this.expectBoolean(e.arg, a, "the operand of `not`");
      return this.done(T.boolean, { node: "unary", op: "not", arg: a.r, type: "boolean" });
    }
    if (!this.expectNumeric(e.arg, a, "`-`")) return { ty: T.error, r: a.r };
    return this.done(a.ty, { node: "unary", op: "-", arg: a.r, type: valueType(a.ty) });
  }

  private binary(e: ExprNode<"binary">, agg: AggContext | undefined): Checked {
    const l = this.expr(e.left, agg);
    const r = this.expr(e.right, agg);
    const node = (ty: Ty): Checked => this.done(ty, { node: "binary", op: e.op, left: l.r, right: r.r, type: valueType(ty) });
    if (e.op === "and" || e.op === "or") {
      this.expectBoolean(e.left, l, `each side of \`${e.op}\``);
      this.expectBoolean(e.right, r, `each side of \`${e.op}\``);
      return node(T.boolean);
    }
    if (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/") {
      const ty = arithmetic(e.op, l.ty, r.ty);
      if ("code" in ty) return this.clash(ty, [[e.left, l.ty], [e.right, r.ty]], `\`${e.op}\``, e.span);
      // A literal takes the other side's unit in a sum or difference; in a product it stays a factor unless both are integers.
      if (e.op === "+" || e.op === "-" || (e.op === "*" && ty.k === "integer")) this.adaptPair(l, r);
      return node(ty);
    }
    this.comparison(e.op, e.left, l, e.right, r, e.span);
    return node(T.boolean);
  }

  /** Checks `left op right` for a comparison (also each item of `in`). */
  private comparison(op: string, le: Expr, l: Checked, re: Expr, r: Checked, span: Span): void {
    const litL = stringLiteral(le);
    const litR = stringLiteral(re);
    if (l.ty.k === "enum" && litR !== undefined && !this.enumValue(l.ty, litR, re.span)) return;
    if (r.ty.k === "enum" && litL !== undefined && !this.enumValue(r.ty, litL, le.span)) return;
    let c = comparable(op, l.ty, r.ty, litR);
    if (c && r.ty.k === "date") c = comparable(op, r.ty, l.ty, litL);
    if (c) {
      this.clash(c, [[le, l.ty], [re, r.ty]], `\`${op}\``, span);
      return;
    }
    this.adaptPair(l, r);
  }

  private adaptPair(l: Checked, r: Checked): void {
    if (l.ty.k === "literal") this.adapt(l.r, r.ty);
    if (r.ty.k === "literal") this.adapt(r.r, l.ty);
  }

  private enumValue(ty: Extract<Ty, { k: "enum" }>, value: string, span: Span): boolean {
    if (ty.values.includes(value)) return true;
    const allowed = ty.values.map((v) => JSON.stringify(v)).join(", ");
    this.fail("type-unknown-enum-value", { value, field: ty.field, suggestion: suggest(value, ty.values), allowed }, span);
    return false;
  }

  private inList(e: ExprNode<"in">, agg: AggContext | undefined): Checked {
    const a = this.expr(e.arg, agg);
    const list = e.list.map((item) => {
      const c = this.expr(item, agg);
      this.comparison("in", e.arg, a, item, c, item.span);
      return c.r;
    });
    return this.done(T.boolean, { node: "in", arg: a.r, list, negated: e.negated, type: "boolean" });
  }
}

/** The nodes directly below a checked node. */
function children(r: CheckedExpr): CheckedExpr[] {
  switch (r.node) {
    case "unary":
      return [r.arg];
    case "binary":
      return [r.left, r.right];
    case "call":
      return r.args;
    default:
      return [];
  }
}

/** `sum(deals.amount)` for a numeric field, `distinct(deals.customer)` otherwise. */
function aggregateExample(source: string, field: string, ty: Ty): string {
  return `${isNumeric(ty) ? "sum" : "distinct"}(${source}.${field})`;
}

/**
 * Checks the expression of one declaration property; undefined when it did
 * not parse (its syntax error is already reported) or is absent.
 * @example
 * const gate = checkProperty(scope, rep, ref, "/gate");
 * if (gate) gate.checker.expectBoolean(gate.expr, gate.got, "a `gate`");
 */
export function checkProperty(scope: Scope, rep: Reporter, ref: DeclRef, sub: string): { checker: ExprChecker; got: Checked; expr: Expr } | undefined {
  const site = siteFor(rep, ref, sub);
  if (!site.expr) return undefined;
  const checker = new ExprChecker(scope, site);
  return { checker, got: checker.check(site.expr), expr: site.expr };
}
