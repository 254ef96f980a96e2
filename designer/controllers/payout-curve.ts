/**
 * The points of the payout curve the Incentives tab draws, over attainment
 * 0–200%, with the tier rules of engine/incentives/tiers.ts (retroactive: the
 * highest tier reached pays on the whole basis; marginal: each tier pays its
 * rate on its own slice, a `pay` tier pays once reached), then cap and floor.
 * A picture to adapt tiers by, in floating point; the engine's exact amounts
 * (big.js, minor units) are what pays. The gate is not drawn.
 * @module
 */
import type { IncentiveDecl } from "../../schemas/generated/template.js";
import { literalValue } from "./commands.js";

/** One point: attainment (1 = 100%) and the payout. */
export type CurvePoint = [number, number];

/** What the curve needs to know besides the incentive. */
export interface CurveOptions {
  /** The target of the basis at 100% attainment (for `rate` tiers on attainment). */
  target: number;
  /** The target of the tiers' measure when it is neither attainment nor the basis. */
  measureTarget?: number;
  /** Points from 0 to 2 (default 201: every 1%). */
  steps?: number;
}

/**
 * The payout at each attainment from 0% to 200%.
 * @example
 * // tiers retroactive on attainment(x) { from 80% rate 3%  from 100% rate 5% }, target 100_000
 * payoutCurve(inc, { target: 100_000 }).find(([a]) => a === 1); // [1, 5000]
 */
export function payoutCurve(inc: IncentiveDecl, o: CurveOptions): CurvePoint[] {
  const steps = o.steps ?? 201;
  const tiers = (inc.tiers?.steps ?? []).map((s) => ({ from: literalValue(s.from), rate: s.rate !== undefined ? literalValue(s.rate) : undefined, pay: s.pay !== undefined ? literalValue(s.pay) : undefined }));
  const on = inc.tiers?.on;
  const onAttainment = on !== undefined && /^attainment\(/.test(on);
  // Another measure (`on new_deals`): 100% is its target when known, else the top tier's bound.
  const measureTop = o.measureTarget ?? Math.max(1, ...tiers.map((x) => (Number.isFinite(x.from) ? x.from : 0)));
  const cap = inc.cap !== undefined ? literalValue(inc.cap) : Infinity;
  const floor = inc.floor !== undefined ? literalValue(inc.floor) : 0;
  const out: CurvePoint[] = [];
  for (let k = 0; k < steps; k++) {
    const a = (2 * k) / (steps - 1);
    const basis = a * o.target;
    // The measure in the tiers' own units: attainment, or (without `on`) the basis amount.
    const measure = onAttainment ? a : on === undefined ? basis : a * measureTop;
    // Where a marginal slice starts on the basis (tiers.ts "Slicing"): bound × target, the bound itself, or the same share.
    const bound = (f: number): number => (onAttainment ? f * o.target : on === undefined ? f : (f / measureTop) * o.target);
    let pay = 0;
    if (inc.tiers?.mode === "marginal") {
      for (let i = 0; i < tiers.length; i++) {
        const tr = tiers[i]!;
        if (!(measure >= tr.from)) continue;
        if (tr.pay !== undefined) pay += tr.pay;
        else if (tr.rate !== undefined) {
          const lo = bound(tr.from);
          const hi = i + 1 < tiers.length ? bound(tiers[i + 1]!.from) : Infinity;
          pay += tr.rate * Math.max(0, Math.min(basis, hi) - lo);
        }
      }
    } else {
      let reached = -1;
      for (let i = 0; i < tiers.length; i++) if (measure >= tiers[i]!.from) reached = i;
      const tr = tiers[reached];
      if (tr) pay = tr.pay ?? (tr.rate ?? 0) * basis;
    }
    pay = Math.min(cap, Math.max(floor, pay));
    out.push([Math.round(a * 100) / 100, Number.isFinite(pay) ? Math.round(pay * 100) / 100 : 0]);
  }
  return out;
}
