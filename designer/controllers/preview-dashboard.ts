/**
 * The Preview's dashboard figures, as pure functions over one period of a
 * Result and the template's funnels: attainment and pace per team and rep of
 * the metric in focus, the funnel's steps with their conversions, the
 * alerts that fired, and the payout histogram. Charts draw numbers, so
 * these are numbers (the tables beside the charts show the exact strings).
 * @module
 */
import Big from "big.js";
import type { EntityResult, PeriodResult } from "../../schemas/generated/result.js";

/**
 * The metrics with a target (the ones attainment and pace exist for), in the result's order.
 * @example
 * targetedMetrics(period); // ["new_amount", "new_customers", …]
 */
export function targetedMetrics(period: PeriodResult): string[] {
  const out = new Set<string>();
  for (const e of period.entities) for (const [n, m] of Object.entries(e.metrics)) if ("target" in m) out.add(n);
  return [...out];
}

/** One bar pair of the attainment chart. */
export interface AttainmentBar {
  id: string;
  name: string;
  attainment: number | null;
  pace: number | null;
}

/** The depth of each entity (1 = a root). */
function levels(period: PeriodResult): Map<string, number> {
  const byId = new Map(period.entities.map((e) => [e.id, e]));
  const out = new Map<string, number>();
  const depth = (e: EntityResult): number => {
    const known = out.get(e.id);
    if (known !== undefined) return known;
    let d = 1;
    // Walk up iteratively; the result's parents form a tree (the engine checked it).
    for (let p = e.parent, n = 0; p !== null && byId.has(p) && n < 1000; p = byId.get(p)!.parent, n++) d++;
    out.set(e.id, d);
    return d;
  };
  for (const e of period.entities) depth(e);
  return out;
}

/**
 * Attainment and pace of `metric` for the teams (the roots' children) and
 * for the reps (the leaves) that are furthest behind (lowest pace first, at
 * most `limit`), so that the chart of 10,000 reps stays readable.
 * @example
 * attainmentBars(period, "new_amount", 20).teams[0]; // { id: "east", name: "华东大区", attainment: 0.81, pace: 0.81 }
 */
export function attainmentBars(period: PeriodResult, metric: string, limit: number): { teams: AttainmentBar[]; reps: AttainmentBar[]; repsTotal: number } {
  const depth = levels(period);
  const parents = new Set(period.entities.map((e) => e.parent).filter((p): p is string => p !== null));
  const bar = (e: EntityResult): AttainmentBar => ({ id: e.id, name: e.name, attainment: e.metrics[metric]?.attainment ?? null, pace: e.metrics[metric]?.pace ?? null });
  const teams = period.entities.filter((e) => depth.get(e.id) === 2 && parents.has(e.id)).map(bar);
  const leaves = period.entities.filter((e) => !parents.has(e.id) && depth.get(e.id)! > 1).map(bar);
  const reps = leaves
    .map((b, i) => ({ b, i }))
    .sort((x, y) => (x.b.pace ?? Infinity) - (y.b.pace ?? Infinity) || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.b);
  return { teams, reps, repsTotal: leaves.length };
}

/** A funnel as the template declares it: its name, label and steps. */
export interface FunnelSpec {
  name: string;
  label?: string;
  steps: { name: string; label?: string }[];
}

/** One step of a funnel, as the root entity has it. */
export interface FunnelStepFigure {
  step: string;
  label: string;
  value: number | null;
  /** The conversion from the step before (`FUNNEL.STEP_rate`), absent for the first step. */
  rate: number | null | undefined;
}

/**
 * The funnel's steps at the top of the tree (the first root), with each
 * step's conversion from the one before, from the `FUNNEL.STEP` and
 * `FUNNEL.STEP_rate` metrics the language defines.
 * @example
 * funnelFigures(period, { name: "pipeline", steps: [{ name: "leads" }, { name: "opportunities" }] }); // [{ step: "leads", value: 120, rate: undefined }, { step: "opportunities", value: 48, rate: 0.4 }]
 */
export function funnelFigures(period: PeriodResult, funnel: FunnelSpec): FunnelStepFigure[] {
  const root = period.entities.find((e) => e.parent === null);
  if (!root) return [];
  return funnel.steps.map((s, i) => {
    const v = root.metrics[`${funnel.name}.${s.name}`]?.value;
    const r = root.metrics[`${funnel.name}.${s.name}_rate`]?.value;
    return {
      step: s.name,
      label: s.label ?? s.name,
      value: typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : null,
      rate: i === 0 ? undefined : typeof r === "number" ? r : null,
    };
  });
}

/** An alert that fired, with the entity it fired for. */
export interface FiredAlert {
  severity: "info" | "warning" | "critical";
  alert: string;
  message: string;
  entity: string;
  entityName: string;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Every alert that fired, the most severe first (then in the result's order).
 * @example
 * firedAlerts(period)[0]; // { severity: "critical", alert: "order_padding", message: "…", entity: "r021", entityName: "…" }
 */
export function firedAlerts(period: PeriodResult): FiredAlert[] {
  const out: (FiredAlert & { i: number })[] = [];
  for (const e of period.entities) for (const a of e.alerts) out.push({ severity: a.severity, alert: a.alert, message: a.message, entity: e.id, entityName: e.name, i: out.length });
  return out.sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || x.i - y.i).map(({ i: _i, ...a }) => a);
}

/** One bin of the payout histogram: `[from, to)` (the last bin includes its upper bound). */
export interface PayoutBin {
  from: string;
  to: string;
  count: number;
}

/**
 * The payouts of the leaves (the people paid), in `bins` equal bins from 0
 * (or the lowest payout, if below) to the highest; bounds are exact decimal
 * strings at the payouts' precision, and the counting is exact (big.js).
 * @example
 * payoutHistogram(period, 4); // [{ from: "0.00", to: "9000.00", count: 17 }, …]
 */
export function payoutHistogram(period: PeriodResult, bins: number): PayoutBin[] {
  const parents = new Set(period.entities.map((e) => e.parent).filter((p): p is string => p !== null));
  const pays = period.entities.filter((e) => !parents.has(e.id) && typeof e.payout === "string").map((e) => new Big(e.payout as string));
  if (pays.length === 0 || bins < 1) return [];
  const dp = Math.max(...period.entities.map((e) => (typeof e.payout === "string" ? (e.payout.split(".")[1]?.length ?? 0) : 0)));
  let lo = pays.reduce((a, b) => (b.lt(a) ? b : a));
  if (lo.gt(0)) lo = new Big(0);
  const hi = pays.reduce((a, b) => (b.gt(a) ? b : a));
  const span = hi.minus(lo);
  if (span.eq(0)) return [{ from: lo.toFixed(dp), to: hi.toFixed(dp), count: pays.length }];
  const width = span.div(bins);
  const out: PayoutBin[] = Array.from({ length: bins }, (_, i) => ({ from: lo.plus(width.times(i)).toFixed(dp), to: i === bins - 1 ? hi.toFixed(dp) : lo.plus(width.times(i + 1)).toFixed(dp), count: 0 }));
  for (const p of pays) {
    const i = Math.min(bins - 1, Math.floor(Number(p.minus(lo).div(width).toFixed(0, Big.roundDown))));
    out[i]!.count++;
  }
  return out;
}

/**
 * What the period pays in all: the sum of every entity's payout (reps' and,
 * where a template pays teams, the teams'), exact, at the payouts'
 * precision; undefined when nothing in the result has a payout.
 * @example
 * totalPayout(period); // "412345.00"
 */
export function totalPayout(period: PeriodResult): string | undefined {
  const pays = period.entities.map((e) => e.payout).filter((p): p is string => typeof p === "string");
  if (pays.length === 0) return undefined;
  const dp = Math.max(...pays.map((p) => p.split(".")[1]?.length ?? 0));
  return pays.reduce((sum, p) => sum.plus(p), new Big(0)).toFixed(dp);
}
