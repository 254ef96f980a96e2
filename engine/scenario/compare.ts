/**
 * The comparison of scenarios: what one evaluation (one period) comes to —
 * total payout, payout per team, reps paid, reps at or above 100% of the
 * attainment metric, cost as a share of the revenue metric — and, per rep,
 * the change against the baseline, largest absolute change first. Money is
 * summed in integer minor units and written as exact decimal strings; the
 * cost share is payout ÷ revenue as a decimal with 6 places (big.js), never a float.
 * @module
 */
import Big from "big.js";
import type { CheckedTemplate } from "../check/checked-model.js";
import type { ResultColumns } from "../evaluate/result-columns.js";
import { formatMoney } from "../money.js";

/** What a comparison measures, chosen once for the baseline and every scenario. */
export interface Basis {
  /** The kind paid per person (the template's leaf kind). */
  repKind: string;
  /** The kind reps are grouped by in `payoutByTeam` (the rep kind's parent; none when that is the root). */
  teamKind?: string;
  /** The metric whose attainment is counted in `repsAbove100`. */
  attainment: string;
  /** The money metric whose value at the root is the revenue of `costShare`. */
  revenue: string;
}

/**
 * The basis of a template: the attainment metric is the one the first tiered incentive of the rep kind
 * measures with `attainment(M)` (else the request must name one); the revenue metric is the one asked for,
 * else that attainment metric when it is money.
 * @example
 * basisOf(checked, {}); // { ok: true, basis: { repKind: "rep", teamKind: "team", attainment: "new_amount", revenue: "new_amount" } }
 */
export function basisOf(t: CheckedTemplate, ask: { attainment?: string; revenue?: string }): { ok: true; basis: Basis } | { ok: false; path: string; message: string } {
  const repKind = t.leafKind ?? t.incentives[0]?.for;
  if (!repKind) return { ok: false, path: "/template", message: "the template has no single leaf entity kind to compare per rep" };
  const parent = t.entityKinds.find((k) => k.name === repKind)?.parent;
  let attainment = ask.attainment;
  if (attainment === undefined) {
    for (const inc of t.incentives) {
      const on = inc.tiers?.on;
      if (inc.for === repKind && on?.node === "metricFn" && on.fn === "attainment") {
        attainment = on.metric;
        break;
      }
    }
  }
  const targeted = new Set(t.targets.map((x) => x.metric));
  if (attainment === undefined) return { ok: false, path: "/attainment", message: "no incentive of the template is tiered on attainment(…); name the metric whose attainment to count in `attainment`" };
  if (!t.metrics.some((m) => m.name === attainment)) return { ok: false, path: "/attainment", message: `the template has no metric ${JSON.stringify(attainment)}` };
  if (!targeted.has(attainment) && ask.attainment !== undefined) return { ok: false, path: "/attainment", message: `metric ${attainment} has no target in the template, so it has no attainment` };
  const revenue = ask.revenue ?? attainment;
  const rm = t.metrics.find((m) => m.name === revenue);
  if (!rm) return { ok: false, path: "/revenue", message: `the template has no metric ${JSON.stringify(revenue)}` };
  if (rm.inferredType !== "money") return { ok: false, path: "/revenue", message: `metric ${revenue} is ${rm.inferredType}; the revenue metric must be money${ask.revenue === undefined ? " (name one in `revenue`)" : ""}` };
  return { ok: true, basis: { repKind, ...(parent && parent !== "all" ? { teamKind: parent } : {}), attainment, revenue } };
}

/** One rep's figures in one evaluation. */
export interface RepFigures {
  id: string;
  name: string;
  team: string | null;
  /** Minor units; 0 when nothing is paid. */
  payout: number;
  attainment: number | null;
}

/** What one evaluation comes to, before it is written out. */
export interface Figures {
  totalMinor: number;
  teams: { id: string; name: string; minor: number }[];
  repsPaid: number;
  repsAbove100: number;
  revenueMinor: number | null;
  reps: RepFigures[];
}

/**
 * Reads the figures of a one-period evaluation.
 * @example
 * const f = figuresOf(outcome.columns, basis);
 */
export function figuresOf(cols: ResultColumns, basis: Basis): Figures {
  const { layout } = cols;
  const p = cols.periods[0]!;
  const ents = layout.entities;
  const pay = (e: number): number => {
    const v = p.payout[e]!;
    return v === v ? v : 0;
  };
  // The team of each entity: the nearest ancestor of the team kind (itself for a team).
  const teamOf = (e: number): number => {
    for (let x = e; x >= 0; x = ents[x]!.parent) if (ents[x]!.kind === basis.teamKind) return x;
    return -1;
  };
  const mi = layout.metrics.findIndex((m) => m.name === basis.attainment);
  const att = mi >= 0 ? p.metrics[mi]!.targets?.attainment : undefined;
  const ri = layout.metrics.findIndex((m) => m.name === basis.revenue);
  const rv = ri >= 0 ? (p.metrics[ri]!.values as Float64Array)[layout.order[0]!]! : NaN;
  const teams = new Map<number, number>();
  let total = 0;
  let paid = 0;
  let above = 0;
  const reps: RepFigures[] = [];
  for (let k = 0; k < layout.order.length; k++) {
    const e = layout.order[k]!;
    const ent = ents[e]!;
    const amount = pay(e);
    total += amount;
    if (basis.teamKind !== undefined) {
      const tm = teamOf(e);
      if (tm >= 0) teams.set(tm, (teams.get(tm) ?? 0) + amount);
    }
    if (ent.kind !== basis.repKind) continue;
    const a = att ? att[e]! : NaN;
    if (amount > 0) paid++;
    if (a === a && a >= 1) above++;
    const tm = basis.teamKind !== undefined ? teamOf(e) : -1;
    reps.push({ id: ent.id, name: ent.name, team: tm >= 0 ? ents[tm]!.id : null, payout: amount, attainment: a === a ? a : null });
  }
  // Teams in result order, with those that pay nothing too.
  const teamList: Figures["teams"] = [];
  if (basis.teamKind !== undefined) {
    for (let k = 0; k < layout.order.length; k++) {
      const e = layout.order[k]!;
      if (ents[e]!.kind === basis.teamKind) teamList.push({ id: ents[e]!.id, name: ents[e]!.name, minor: teams.get(e) ?? 0 });
    }
  }
  return { totalMinor: total, teams: teamList, repsPaid: paid, repsAbove100: above, revenueMinor: rv === rv ? rv : null, reps };
}

/** A summary as the API writes it (schemas/api.schema.json `ScenarioSummary`). */
export interface Summary {
  name: string;
  totalPayout: string;
  payoutByTeam: { id: string; name: string; payout: string }[];
  repsPaid: number;
  repsAbove100: number;
  revenue: string | null;
  costShare: string | null;
  change?: string;
  reps?: { id: string; name: string; team: string | null; baselinePayout: string; payout: string; change: string; baselineAttainment: number | null; attainment: number | null }[];
}

/**
 * Writes figures out; with the baseline's figures, adds the total change and the reps' changes.
 * @example
 * summarize("baseline", base, 2); summarize("top rate 10%", fig, 2, base);
 */
export function summarize(name: string, f: Figures, digits: number, baseline?: Figures): Summary {
  const money = (m: number): string => formatMoney(m, digits);
  const out: Summary = {
    name,
    totalPayout: money(f.totalMinor),
    payoutByTeam: f.teams.map((t) => ({ id: t.id, name: t.name, payout: money(t.minor) })),
    repsPaid: f.repsPaid,
    repsAbove100: f.repsAbove100,
    revenue: f.revenueMinor === null ? null : money(f.revenueMinor),
    costShare: f.revenueMinor === null || f.revenueMinor === 0 ? null : new Big(f.totalMinor).div(f.revenueMinor).toFixed(6),
  };
  if (!baseline) return out;
  out.change = money(f.totalMinor - baseline.totalMinor);
  const before = new Map(baseline.reps.map((r) => [r.id, r]));
  const rows = f.reps.map((r) => {
    const b = before.get(r.id);
    return { r, b, d: r.payout - (b?.payout ?? 0) };
  });
  rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d) || (x.r.id < y.r.id ? -1 : x.r.id > y.r.id ? 1 : 0));
  out.reps = rows.map(({ r, b, d }) => ({ id: r.id, name: r.name, team: r.team, baselinePayout: money(b?.payout ?? 0), payout: money(r.payout), change: money(d), baselineAttainment: b?.attainment ?? null, attainment: r.attainment }));
  return out;
}
