/**
 * Collects every metric definition of the merged template: `metric`
 * declarations and the metrics each funnel defines — `F.step` for every step
 * (its formula), `F.step_rate` for every step after the first (step / previous
 * step) and `F.conversion` (last step / first step). Metric names and
 * funnel-defined names share one namespace; a second definition of a name is
 * reported and ignored.
 * @module
 */
import type { FunnelDecl, MetricDecl } from "../../schemas/generated/template.js";
import { firstAt, reportAt, type DeclRef, type Reporter } from "./context.js";

/**
 * One metric to check: where its name and formula are, or, for a funnel's
 * rates, the two metrics it divides.
 */
export interface MetricDef {
  name: string;
  label?: string;
  declared?: string;
  lowerBetter: boolean;
  input: boolean;
  ref: DeclRef;
  /** The property holding the formula, e.g. `/formula` or `/steps/2/formula`. */
  sub: string;
  /** The property holding the name. */
  nameSub: string;
  /** Funnel rates: numerator and denominator metrics. */
  ratio?: [string, string];
  funnel?: { name: string; step: string; role: "step" | "rate" | "conversion" };
}

/**
 * Metric definitions in declaration order (a funnel's steps, each followed by its rate, then its conversion).
 * @example
 * collectMetricDefs(decls, rep).map((d) => d.name); // ["new_amount", "pipeline.leads", "pipeline.opportunities", "pipeline.opportunities_rate", …]
 */
export function collectMetricDefs(decls: readonly DeclRef[], rep: Reporter): MetricDef[] {
  const defs = new Map<string, MetricDef>();
  /** Top-level names (metrics and funnels) and where they are declared. */
  const top = new Map<string, DeclRef>();
  const claim = (ref: DeclRef, name: string): boolean => {
    const first = top.get(name);
    if (!first) {
      top.set(name, ref);
      return true;
    }
    reportAt(rep, ref, "/name", "resolve-duplicate", { what: ref.decl.kind === "funnel" ? "funnel" : "metric", name, first: `as a ${first.decl.kind} ${firstAt(first.unit, first.pointer, ref.unit)}` });
    return false;
  };
  for (const r of decls) {
    if (r.decl.kind === "metric") {
      const d = r.decl;
      if (!claim(r, d.name)) continue;
      defs.set(d.name, metricDef(r as DeclRef<MetricDecl>));
    } else if (r.decl.kind === "funnel") {
      if (!claim(r, r.decl.name)) continue;
      for (const def of funnelDefs(r as DeclRef<FunnelDecl>, rep)) defs.set(def.name, def);
    }
  }
  return [...defs.values()];
}

function metricDef(r: DeclRef<MetricDecl>): MetricDef {
  const d = r.decl;
  const def: MetricDef = { name: d.name, lowerBetter: !!d.lowerBetter, input: !!d.input, ref: r, sub: "/formula", nameSub: "/name" };
  if (d.label !== undefined) def.label = d.label;
  if (d.type !== undefined) def.declared = d.type;
  return def;
}

function funnelDefs(r: DeclRef<FunnelDecl>, rep: Reporter): MetricDef[] {
  const f = r.decl;
  const steps = f.steps ?? [];
  const out: MetricDef[] = [];
  const names = new Map<string, string>();
  const add = (def: MetricDef, clashAt: string) => {
    const first = names.get(def.name);
    if (first !== undefined) {
      reportAt(rep, r, clashAt, "resolve-duplicate", { what: "funnel metric", name: def.name, first: firstAt(r.unit, r.pointer + first, r.unit) });
      return;
    }
    names.set(def.name, def.nameSub);
    out.push(def);
  };
  const base = { lowerBetter: false, input: false, ref: r };
  steps.forEach((s, i) => {
    const name = `${f.name}.${s.name}`;
    add({ ...base, name, ...(s.label === undefined ? {} : { label: s.label }), sub: `/steps/${i}/formula`, nameSub: `/steps/${i}/name`, funnel: { name: f.name, step: s.name, role: "step" } }, `/steps/${i}/name`);
    const prev = steps[i - 1];
    if (prev) {
      const ratio: [string, string] = [name, `${f.name}.${prev.name}`];
      add({ ...base, name: `${name}_rate`, sub: `/steps/${i}/formula`, nameSub: `/steps/${i}/name`, ratio, funnel: { name: f.name, step: s.name, role: "rate" } }, `/steps/${i}/name`);
    }
  });
  if (steps.length < 2) {
    if (!r.broken) reportAt(rep, r, "/name", "rule-funnel-too-short", { funnel: f.name });
    return out;
  }
  const first = steps[0]!;
  const last = steps[steps.length - 1]!;
  const ratio: [string, string] = [`${f.name}.${last.name}`, `${f.name}.${first.name}`];
  add({ ...base, name: `${f.name}.conversion`, sub: "/name", nameSub: "/name", ratio, funnel: { name: f.name, step: last.name, role: "conversion" } }, "/name");
  return out;
}
