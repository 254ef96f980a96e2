/**
 * Function calls in expressions: aggregates over a source (their argument
 * and `where` are checked in the source's scope, and cannot nest), functions
 * of values (`if`, `min`, `max`, `abs`, `round`, `coalesce`, `clamp`), and
 * functions of a metric (`target`, `challenge`, `attainment`, `pace`, `prev`,
 * `last_year`, `ytd`) whose argument must be a metric's name, and functions
 * of the record being aggregated (`days_to_period_end()`), which exist only
 * inside an aggregate's `where`.
 * @module
 */
import type { Expr, ExprNode } from "../../dsl/ast.js";
import { suggest } from "../../dsl/suggest.js";
import type { CheckedExpr } from "./checked-model.js";
import type { ExprChecker } from "./expressions.js";
import { exprText, type AggContext, type Checked } from "./scope.js";
import {
  AGGREGATES, arityWords, FUNCTION_NAMES, isAggregateCall, isMetricFnName, isRecordFnName, isScalarName, METRIC_FNS, RECORD_FNS, SCALARS,
} from "./functions.js";
import { describeType, isLenient, isNumeric, T, unify, valueType, type Ty } from "./types.js";

type Call = ExprNode<"call">;

const unparen = (e: Expr): Expr => (e.node === "paren" ? unparen(e.expr) : e);

/**
 * Checks one call.
 * @example
 * checkCall(checker, parseExpression("sum(deals.amount)").expr as Call, undefined);
 */
export function checkCall(c: ExprChecker, e: Call, agg: AggContext | undefined): Checked {
  if (isAggregateCall(e)) return aggregate(c, e, agg);
  if (isRecordFnName(e.name)) return recordFn(c, e, agg);
  if (!isScalarName(e.name) && !isMetricFnName(e.name)) {
    return c.fail("resolve-unknown-function", { name: e.name, suggestion: suggest(e.name, FUNCTION_NAMES) }, e.nameSpan);
  }
  if (e.where) return c.fail("type-unexpected-where", { fn: e.name }, e.where.span);
  return isScalarName(e.name) ? scalar(c, e, agg) : metricFn(c, e, agg);
}

function aggregate(c: ExprChecker, e: Call, agg: AggContext | undefined): Checked {
  const fn = e.name as keyof typeof AGGREGATES;
  if (agg) return c.fail("type-nested-aggregate", { fn }, e.span);
  const arg = e.args.length === 1 ? unparen(e.args[0]!) : undefined;
  if ((fn === "min" || fn === "max") && !e.where && !(arg?.node === "ref" && arg.path.length === 2)) {
    return c.fail("type-wrong-arity", { fn, expected: `${arityWords(SCALARS[fn])}, or one source field such as ${AGGREGATES[fn]}`, got: e.args.length }, e.span);
  }
  if (!arg) return c.fail("type-wrong-arity", { fn, expected: `1 argument${e.where ? " with `where`" : ""}`, got: e.args.length }, e.span);
  const bad = () => c.fail("type-bad-aggregate-arg", { fn, example: AGGREGATES[fn] }, arg.span);
  if (arg.node !== "ref") return bad();
  const [head = "", fieldName] = arg.path;
  const source = c.scope.sources.get(head);
  if (fn === "count" ? arg.path.length !== 1 : arg.path.length !== 2) return bad();
  if (!source) return fn === "count" && c.scope.metrics.has(head) ? bad() : unknownSource(c, head, arg);
  let fieldTy: Ty | undefined;
  if (fieldName !== undefined) {
    fieldTy = source.fields.get(fieldName);
    if (!fieldTy) return c.fail("resolve-unknown-field", { source: head, name: fieldName, suggestion: suggest(fieldName, source.fields.keys()) }, arg.span);
    const dateOk = (fn === "min" || fn === "max") && fieldTy.k === "date";
    if (fn !== "distinct" && !isNumeric(fieldTy) && !dateOk) {
      return c.fail("type-not-numeric", { what: `\`${fn}\``, expr: exprText(arg), got: describeType(fieldTy) }, arg.span);
    }
  }
  let where: CheckedExpr | undefined;
  let failed = false;
  if (e.where) {
    const before = c.errors;
    const w = c.expr(e.where, { fn, source });
    c.expectBoolean(e.where, w, "a `where` filter");
    where = w.r;
    failed = c.errors > before;
  }
  const ty: Ty = fn === "count" || fn === "distinct" ? T.integer : fn === "avg" ? (fieldTy?.k === "money" ? T.money : T.number) : fieldTy!;
  const r: CheckedExpr = { node: "aggregate", fn, source: head, type: valueType(ty) };
  if (fieldName !== undefined) r.field = fieldName;
  if (where) r.where = where;
  return failed ? { ty: T.error, r } : c.done(ty, r);
}

function recordFn(c: ExprChecker, e: Call, agg: AggContext | undefined): Checked {
  const fn = e.name as keyof typeof RECORD_FNS;
  if (e.where) return c.fail("type-unexpected-where", { fn }, e.where.span);
  if (e.args.length !== 0) return c.fail("type-wrong-arity", { fn, expected: "no arguments", got: e.args.length }, e.span);
  if (!agg) return c.fail("type-record-fn-outside-where", { fn, example: RECORD_FNS[fn] }, e.span);
  return c.done(T.integer, { node: "recordFn", fn, type: "integer" });
}

function unknownSource(c: ExprChecker, name: string, at: Expr): Checked {
  return c.fail("resolve-unknown-source", { name, suggestion: suggest(name, c.scope.sources.keys()) }, at.span);
}

function scalar(c: ExprChecker, e: Call, agg: AggContext | undefined): Checked {
  const fn = e.name as keyof typeof SCALARS;
  const arity = SCALARS[fn];
  if (e.args.length < arity.min || (arity.max !== undefined && e.args.length > arity.max)) {
    return c.fail("type-wrong-arity", { fn, expected: arityWords(arity), got: e.args.length }, e.span);
  }
  const before = c.errors;
  const args = e.args.map((a) => c.expr(a, agg));
  const node = (ty: Ty): Checked => c.done(ty, { node: "call", fn, args: args.map((a) => a.r), type: valueType(ty) });
  if (c.errors > before) return { ty: T.error, r: { node: "call", fn, args: args.map((a) => a.r), type: "null" } };
  switch (fn) {
    case "if": {
      c.expectBoolean(e.args[0]!, args[0]!, "the condition of `if`");
      return common(c, e, args.slice(1), node);
    }
    case "coalesce":
      return common(c, e, args, node);
    case "min":
    case "max":
    case "clamp":
      if (!args.every((a, i) => c.expectNumeric(e.args[i]!, a, `\`${fn}\``))) return { ty: T.error, r: node(T.error).r };
      return common(c, e, args, node);
    case "abs":
      if (!c.expectNumeric(e.args[0]!, args[0]!, "`abs`")) return { ty: T.error, r: node(T.error).r };
      return node(args[0]!.ty);
    case "round": {
      if (!c.expectNumeric(e.args[0]!, args[0]!, "`round`")) return { ty: T.error, r: node(T.error).r };
      const digits = unparen(e.args[1]!);
      const lit = digits.node === "unary" && digits.op === "-" ? unparen(digits.arg) : digits;
      if (lit.node !== "number" || !/^[\d_]+$/.test(lit.text)) return c.fail("type-round-digits", { expr: exprText(e.args[1]!) }, e.args[1]!.span);
      return node(args[0]!.ty);
    }
  }
}

/** The common type of the values a function can return; literals adapt to it. */
function common(c: ExprChecker, e: Call, values: Checked[], node: (ty: Ty) => Checked): Checked {
  let ty: Ty = T.null;
  for (const v of values) {
    const u = unify(e.name, ty, v.ty);
    if ("code" in u) return c.clash(u, [], `\`${e.name}\``, e.span);
    ty = u;
  }
  for (const v of values) c.adapt(v.r, ty);
  return node(ty);
}

function metricFn(c: ExprChecker, e: Call, agg: AggContext | undefined): Checked {
  const fn = e.name as keyof typeof METRIC_FNS;
  if (e.args.length !== 1) return c.fail("type-wrong-arity", { fn, expected: "1 argument, a metric", got: e.args.length }, e.span);
  const arg = unparen(e.args[0]!);
  if (arg.node !== "ref") return c.fail("type-expects-metric", { fn }, arg.span);
  const name = arg.path.join(".");
  if (agg) return c.fail("resolve-where-scope", { source: agg.source.name, name: `${fn}(${name})`, what: "a function of a metric" }, e.span);
  const m = c.scope.metrics.get(name);
  if (!m) return c.fail("resolve-unknown-metric", { name, suggestion: suggest(name, c.scope.metrics.keys()) }, arg.span);
  const info = METRIC_FNS[fn];
  if (info.targetLike) {
    if (!isLenient(m.ty) && !isNumeric(m.ty)) return c.fail("rule-target-not-numeric", { metric: name, got: describeType(m.ty) }, arg.span);
    if (!m.hasTarget) c.warn("rule-no-target", { metric: name, use: `${fn}(${name})` }, e.span);
  }
  if (info.timeShift) c.periodDeps.add(name);
  else if (fn !== "target" && fn !== "challenge") c.deps.add(name);
  const ty: Ty = fn === "attainment" || fn === "pace" ? T.percent : m.ty;
  return c.done(ty, { node: "metricFn", fn, metric: name, type: valueType(ty) });
}
