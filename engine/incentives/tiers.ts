/**
 * Tier tables (DESIGN.md "Incentives"). The measure (`on`, default the basis)
 * picks the tiers it reaches: bounds are inclusive and nothing below the first
 * bound pays.
 *
 * - `retroactive`: the highest tier reached applies to the WHOLE basis —
 *   `rate R` pays basis × R, `pay N` pays N.
 * - `marginal`: each tier reached pays for its own slice. A `rate` tier pays
 *   its rate on the slice of the basis between its bound and the next one;
 *   a `pay` tier pays its fixed amount once reached (so reaching three `pay`
 *   tiers pays the sum of the three). Where the slice boundaries lie on the
 *   basis depends on the measure (`Slicing`): without `on`, the bounds are
 *   amounts of the basis; `on attainment(m)` of a money metric turns each
 *   bound into an amount as bound × target(m) (DESIGN.md); any other measure
 *   keeps its bounds in its own units and gives each slice of the measure the
 *   same share of the basis (slice / measure), which is the same rule whenever
 *   the measure is proportional to the basis.
 *
 * Products are exact; the sum of the slices is rounded once by the caller.
 * The words for the trace go through `say` and cost nothing when unheard.
 * @module
 */
import type { CheckedTierStep } from "../check/checked-model.js";
import { cmp, isZero, literal, min, minus, moneyMinor, mul, plus, quotient, times, ZERO, type Ratio, type Say } from "./amounts.js";
import { showAmount, type Slicing, type TierMeasure } from "./measure.js";

/**
 * Everything a tier table needs; amounts are minor units.
 * @example
 * payTiers({ mode: "retroactive", steps, basis: ratio(new Big(18_000_000)), measure, slicing: { kind: "share" }, digits: 2, say: QUIET });
 */
export interface TierInput {
  mode: "retroactive" | "marginal";
  steps: readonly CheckedTierStep[];
  basis: Ratio | null;
  measure: TierMeasure;
  slicing: Slicing;
  /** The currency's minor-unit digits. */
  digits: number;
  say: Say;
}

/**
 * The unrounded amount (minor units) and the tier reached (none: -1).
 * @example
 * const r: TierResult = { amount: ZERO, tier: -1 };
 */
export interface TierResult {
  amount: Ratio;
  tier: number;
}

/**
 * Index of the highest tier whose bound the measure reaches (bounds inclusive); -1 for none.
 * @example
 * reachedTier([ratio(new Big("0.8")), ratio(new Big(1))], ratio(new Big(1))); // 1
 */
export function reachedTier(bounds: readonly Ratio[], measure: Ratio | null): number {
  if (measure === null) return -1;
  let reached = -1;
  bounds.forEach((b, i) => {
    if (cmp(measure, b) >= 0) reached = i;
  });
  return reached;
}

/** Bounds as doubles, when each has at most 15 significant digits; else null. */
const doubles = new WeakMap<readonly CheckedTierStep[], number[] | null>();

/**
 * The same as `reachedTier` for a measure that is a JS number, without
 * big.js: the exact comparison is of the measure's shortest decimal with the
 * bound, and for a bound of at most 15 significant digits that is the same as
 * comparing doubles (distinct decimals of ≤ 15 digits are distinct doubles,
 * and rounding to a double is monotonic). Undefined when a bound is longer.
 */
function reachedByNumber(steps: readonly CheckedTierStep[], x: number): number | undefined {
  let ds = doubles.get(steps);
  if (ds === undefined) {
    const bs = steps.map((s) => literal(s.from));
    ds = bs.every((b) => b.c.length <= 15) ? bs.map((b) => b.toNumber()) : null;
    doubles.set(steps, ds);
  }
  if (ds === null) return undefined;
  let reached = -1;
  for (let i = 0; i < ds.length; i++) if (x >= ds[i]!) reached = i;
  return reached;
}

function stepText(s: CheckedTierStep, t: TierInput): string {
  return `from ${t.measure.showBound(s.from)} ${s.rate !== undefined ? `rate ${s.rate}` : `pay ${showAmount(moneyMinor(s.pay ?? "0", t.digits), t.digits)}`}`;
}

function tierLabel(s: CheckedTierStep, i: number, t: TierInput): string {
  return `tier ${i + 1} (${stepText(s, t)})`;
}

/**
 * Applies a tier table.
 * @example
 * payTiers(input); // { amount: { num: 2600000, den: 1 }, tier: 2 }: 26,000.00 in a 2-digit currency
 */
export function payTiers(t: TierInput): TierResult {
  const m = t.measure;
  const say = t.say;
  if (m.isNull) {
    say(() => "the measure has no value (null): no tier is reached, pays 0");
    return { amount: ZERO, tier: -1 };
  }
  const fast = m.num === undefined ? undefined : reachedByNumber(t.steps, m.num);
  const idx = fast ?? reachedTier(t.steps.map((s) => m.bound(s.from)), m.value);
  if (idx < 0) {
    say(() => `${m.show(m.value!)} is below the first bound ${m.showBound(t.steps[0]?.from ?? "0")}: no tier is reached, pays 0`);
    return { amount: ZERO, tier: -1 };
  }
  const top = t.steps[idx]!;
  say(() => `tier ${idx + 1} of ${t.steps.length} reached (${stepText(top, t)}): ${m.show(m.value!)} ≥ ${m.showBound(top.from)}`);
  const amount = t.mode === "retroactive" ? retroactive(t, top) : marginal(t, t.steps.map((s) => m.bound(s.from)), idx, m.value!);
  return { amount, tier: idx };
}

function retroactive(t: TierInput, top: CheckedTierStep): Ratio {
  if (top.pay !== undefined) {
    const amount = moneyMinor(top.pay, t.digits);
    t.say(() => `retroactive: the tier pays a fixed ${showAmount(amount, t.digits)}`);
    return amount;
  }
  const basis = t.basis;
  if (basis === null) {
    t.say(() => "the basis has no value (null): pays 0");
    return ZERO;
  }
  const product = times(basis, literal(top.rate ?? "0"));
  t.say(() => `retroactive: the whole basis at the tier's rate, ${top.rate} × ${showAmount(basis, t.digits)} = ${showAmount(product, t.digits)}`);
  return product;
}

function marginal(t: TierInput, bounds: readonly Ratio[], idx: number, measure: Ratio): Ratio {
  const { say, digits } = t;
  let fixed = ZERO; // pay tiers and amount slices, in minor units
  let shares = ZERO; // share slicing: Σ rate × measure slice; × basis / measure at the end
  const positive = cmp(measure, ZERO) > 0;
  const rateTiers = t.steps.some((s) => s.rate !== undefined);
  const basis = t.basis;
  if (rateTiers && basis === null) say(() => "the basis has no value (null): the rate tiers pay 0");
  if (rateTiers && t.slicing.kind === "share" && !positive) say(() => "the measure is not above 0, so its slices hold none of the basis");
  t.steps.forEach((s, i) => {
    if (s.pay !== undefined) {
      if (i > idx) return;
      const pay = moneyMinor(s.pay, digits);
      fixed = plus(fixed, pay);
      say(() => `${tierLabel(s, i, t)}: reached, pays ${showAmount(pay, digits)}`);
      return;
    }
    const rate = literal(s.rate ?? "0");
    if (basis === null) return;
    if (t.slicing.kind === "amounts") {
      // The basis is the interval [0, basis]: a bound below 0 (which the checker should refuse) opens no slice of it.
      const cut = t.slicing.cuts[i]!;
      const lo = cmp(cut, ZERO) < 0 ? ZERO : cut;
      const hi = t.slicing.cuts[i + 1];
      const top = hi === undefined ? basis : min(basis, hi);
      if (cmp(top, lo) <= 0) return;
      const slice = minus(top, lo);
      const part = times(slice, rate);
      fixed = plus(fixed, part);
      say(() => {
        const range = hi === undefined ? `above ${showAmount(lo, digits)}` : `${showAmount(lo, digits)} – ${showAmount(hi, digits)}`;
        return `${tierLabel(s, i, t)}: slice ${range}: ${s.rate} × ${showAmount(slice, digits)} = ${showAmount(part, digits)}`;
      });
      return;
    }
    if (i > idx || !positive) return;
    const next = bounds[i + 1];
    const slice = minus(next === undefined ? measure : min(measure, next), bounds[i]!);
    shares = plus(shares, times(slice, rate));
    say(() => `${tierLabel(s, i, t)}: ${t.measure.show(slice)} of ${t.measure.show(measure)} at ${s.rate}`);
  });
  if (t.slicing.kind === "share" && basis !== null && positive && !isZero(shares)) {
    const part = quotient(mul(basis, shares), measure)!;
    const total = plus(part, fixed);
    const pays = fixed;
    say(() => {
      const extra = isZero(pays) ? "" : `, plus ${showAmount(pays, digits)}`;
      return `marginal: each slice takes its share (slice / ${t.measure.show(measure)}) of the basis ${showAmount(basis, digits)} at its rate${extra}: ${showAmount(total, digits)}`;
    });
    return total;
  }
  const paid = fixed;
  say(() => `marginal: the tiers pay ${showAmount(paid, digits)} in all`);
  return fixed;
}
