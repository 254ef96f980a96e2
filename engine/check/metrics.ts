/**
 * Checks every metric (funnel metrics included) in dependency order: finds
 * cycles, resolves and types each formula once the metrics it reads have
 * types, compares the formula's type with the declared one, and builds the
 * checked metrics. A metric whose formula has an error, or that is part of a
 * cycle, takes its declared type or else `error`, which is silently
 * compatible with everything, so metrics that use it report nothing more.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import { printExpr } from "../../dsl/expr-printer.js";
import type { CheckedMetric, MetricType } from "./checked-model.js";
import { reportAt, siteFor, type DeclRef, type Reporter } from "./context.js";
import { orderByDeps, sameTimeRefs, type Edge } from "./cycles.js";
import { ExprChecker } from "./expressions.js";
import { exprText, type MetricSym, type Scope, type SourceSym } from "./scope.js";
import { collectMetricDefs, type MetricDef } from "./metric-defs.js";
import { acceptsDeclared, describeType, isLenient, isNumeric, METRIC_TYPES, metricType, T, valueType, type Ty } from "./types.js";

export interface MetricsResult {
  scope: Scope;
  metrics: CheckedMetric[];
}

/**
 * Checks the metrics of the merged template.
 * @example
 * const { scope, metrics } = checkMetrics(decls, sources, new Set(["new_amount"]), currency, rep);
 */
export function checkMetrics(
  decls: readonly DeclRef[],
  sources: Map<string, SourceSym>,
  targeted: ReadonlySet<string>,
  currency: Scope["currency"],
  rep: Reporter,
): MetricsResult {
  const defs = collectMetricDefs(decls, rep);
  const byName = new Map(defs.map((d) => [d.name, d]));
  const metrics = new Map<string, MetricSym>(defs.map((d) => [d.name, { ty: T.error, hasTarget: targeted.has(d.name) }]));
  const scope: Scope = { metrics, sources, currency };

  const edges = new Map<string, Edge[]>();
  for (const d of defs) {
    const e = d.ref.broken ? undefined : d.ref.unit.exprs.get(d.ref.pointer + d.sub);
    edges.set(d.name, d.ratio ? d.ratio.map((to) => ({ to })) : !d.input && e ? sameTimeRefs(e) : []);
  }
  const { order, cycles } = orderByDeps(defs.map((d) => d.name), edges);
  const cyclic = new Set<string>();
  for (const c of cycles) {
    c.path.forEach((n) => cyclic.add(n));
    const d = byName.get(c.path[0]!)!;
    const site = siteFor(rep, d.ref, d.sub);
    if (c.first.span) site.report("resolve-cycle", { cycle: c.path.join(" → ") }, c.first.span);
    else reportAt(rep, d.ref, d.sub, "resolve-cycle", { cycle: c.path.join(" → ") });
  }

  const out: CheckedMetric[] = [];
  for (const name of order) {
    const d = byName.get(name)!;
    const m = checkOne(d, scope, rep, cyclic.has(name));
    metrics.get(name)!.ty = m.ty;
    if (m.checked) out.push(m.checked);
  }
  return { scope, metrics: out };
}

/** The declared type as a Ty, reporting an unknown type name. */
function declaredType(d: MetricDef, rep: Reporter): Ty | undefined {
  if (d.declared === undefined) return undefined;
  if (Object.hasOwn(METRIC_TYPES, d.declared)) return METRIC_TYPES[d.declared];
  const allowed = Object.keys(METRIC_TYPES);
  reportAt(rep, d.ref, "/type", "type-unknown-type", { name: d.declared, suggestion: suggest(d.declared, allowed), allowed: allowed.join(", ") });
  return undefined;
}

function checkOne(d: MetricDef, scope: Scope, rep: Reporter, cyclic: boolean): { ty: Ty; checked?: CheckedMetric } {
  const declared = d.ref.broken ? (d.declared !== undefined && Object.hasOwn(METRIC_TYPES, d.declared) ? METRIC_TYPES[d.declared] : undefined) : declaredType(d, rep);
  const base: CheckedMetric = { name: d.name, inferredType: "number", lowerBetter: d.lowerBetter, input: d.input, deps: [], periodDeps: [] };
  if (d.label !== undefined) base.label = d.label;
  if (declared) base.declaredType = declared.k as MetricType;
  if (d.funnel) base.funnel = d.funnel;
  if (d.ref.unit.file !== undefined) base.file = d.ref.unit.file;
  if (d.ref.broken) return { ty: declared ?? T.error };
  if (d.input) {
    const ty = declared ?? T.number;
    return { ty, checked: { ...base, inferredType: metricType(ty) } };
  }
  if (d.ratio) return ratio(d, base, scope, cyclic);
  const site = siteFor(rep, d.ref, d.sub);
  if (!site.expr) return { ty: declared ?? T.error };
  const c = new ExprChecker(scope, site);
  const got = c.check(site.expr);
  const failed = (ty: Ty = T.error) => ({ ty: declared ?? ty });
  if (c.errors > 0 || cyclic) return failed();
  if (d.funnel && !isNumeric(got.ty) && !isLenient(got.ty)) {
    c.fail("type-not-numeric", { what: `funnel step \`${d.funnel.step}\``, expr: exprText(site.expr), got: describeType(got.ty) }, site.expr.span);
    return failed();
  }
  if (declared && !acceptsDeclared(declared.k, got.ty)) {
    c.fail("type-declared-mismatch", { metric: d.name, declared: declared.k, got: metricType(got.ty) }, site.expr.span);
    return failed();
  }
  if (declared) c.adapt(got.r, declared);
  const ty = declared ?? (got.ty.k === "literal" ? { k: got.ty.integral ? "integer" : "number" } as Ty : got.ty);
  return {
    ty,
    checked: {
      ...base,
      inferredType: metricType(ty),
      formulaType: metricType(got.ty),
      formula: got.r,
      text: formulaText(d) ?? printExpr(site.expr),
      deps: [...c.deps],
      periodDeps: [...c.periodDeps],
    },
  };
}

/** The canonical text the model already holds for a metric's formula (or funnel step's). */
function formulaText(d: MetricDef): string | undefined {
  const decl = d.ref.decl;
  if (decl.kind === "metric" && d.sub === "/formula") return decl.formula;
  const step = /^\/steps\/(\d+)\/formula$/.exec(d.sub);
  if (decl.kind === "funnel" && step) return decl.steps[Number(step[1])]?.formula;
  return undefined;
}

/** A funnel's rate or conversion: one step divided by another, a percent. */
function ratio(d: MetricDef, base: CheckedMetric, scope: Scope, cyclic: boolean): { ty: Ty; checked?: CheckedMetric } {
  const [num, den] = d.ratio!;
  const a = scope.metrics.get(num);
  const b = scope.metrics.get(den);
  if (cyclic || !a || !b || a.ty.k === "error" || b.ty.k === "error") return { ty: T.percent };
  const ref = (name: string, ty: Ty) => ({ node: "metric" as const, name, type: valueType(ty) });
  return {
    ty: T.percent,
    checked: {
      ...base,
      inferredType: "percent",
      formulaType: "percent",
      formula: { node: "binary", op: "/", left: ref(num, a.ty), right: ref(den, b.ty), type: "percent" },
      text: `${num} / ${den}`,
      deps: [num, den],
      periodDeps: [],
    },
  };
}
