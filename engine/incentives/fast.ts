/**
 * The incentive fast path: the common block form — an integer money basis
 * (minor units), no tiers or retroactive `rate` tiers on a non-money measure
 * the evaluator gives as a JS number — computed with safe integers instead of
 * big.js. Exactness: a rate is a decimal literal p / 10^k, so basis × p is an
 * exact integer while it stays below 2^53, and rounding (basis × p) / 10^k
 * half-up or half-even needs only the integer quotient and remainder. Any
 * other case (a `Big` or `ExactQuotient` value, a product beyond 2^53, `pay`
 * or marginal tiers, a bound of more than 15 digits) returns `undefined`, and
 * the caller takes the exact path. Literals are parsed once per incentive
 * (`planOf`), never per cell.
 * @module
 */
import type { CheckedIncentive } from "../check/checked-model.js";
import type { Rounding } from "../money.js";
import { literal, moneyNumber } from "./amounts.js";

/** A decimal literal as p / d with d = 10^k, both safe integers. @example scaledRate("3%"); // { p: 3, d: 100 } */
export interface Scaled {
  p: number;
  d: number;
}

/**
 * A rate literal as an integer over a power of ten; null when it does not fit safe integers.
 * @example
 * scaledRate("2.5%"); // { p: 25, d: 1000 }
 */
export function scaledRate(text: string): Scaled | null {
  const b = literal(text);
  const k = Math.max(0, b.c.length - 1 - b.e);
  if (k > 15) return null;
  const p = b.times(`1e${k}`).toNumber();
  return Number.isSafeInteger(p) ? { p, d: 10 ** k } : null;
}

/**
 * n / d rounded to an integer, exactly: n and d safe integers, d > 0.
 * `half_up` takes ties away from zero (as big.js `roundHalfUp` and `roundRatio`).
 * @example
 * roundDiv(25, 10, "half_even"); // 2
 * roundDiv(-25, 10, "half_up");  // -3
 */
export function roundDiv(n: number, d: number, rounding: Rounding): number {
  // The truncated quotient and the remainder (same sign as n), by one float division corrected
  // with the exact remainder — `n % d` on doubles is a library call, several times slower.
  let q = Math.trunc(n / d) + 0;
  let r = n - q * d; // q × d is within a step of n: exact
  if (n >= 0) {
    if (r < 0) (q -= 1), (r += d);
    else if (r >= d) (q += 1), (r -= d);
  } else if (r > 0) (q += 1), (r -= d);
  else if (r <= -d) (q -= 1), (r += d);
  const twice = 2 * Math.abs(r);
  if (twice < d) return q;
  const away = n < 0 ? q - 1 : q + 1;
  if (twice > d || rounding === "half_up") return away;
  return q % 2 === 0 ? q : away;
}

/**
 * What an incentive's fast path needs, parsed once: null when the incentive's
 * shape never qualifies. `bounds` are doubles (each bound has ≤ 15 significant
 * digits, so comparing doubles is comparing the exact decimals — see tiers.ts).
 * @example
 * const plan = planOf(inc, 2); plan?.rates[0]; // { p: 3, d: 100 } for `from 80% rate 3%`
 */
export interface FastPlan {
  digits: number;
  tiered: boolean;
  bounds: number[];
  rates: Scaled[];
  cap: number | undefined;
  floor: number | undefined;
}

const plans = new WeakMap<CheckedIncentive, FastPlan | null>();

/**
 * The incentive's fast plan for a currency's digits (cached per incentive object).
 * @example
 * planOf(checked.incentives[0]!, 2);
 */
export function planOf(inc: CheckedIncentive, digits: number): FastPlan | null {
  let plan = plans.get(inc);
  if (plan !== undefined && (plan === null || plan.digits === digits)) return plan;
  plan = makePlan(inc, digits);
  plans.set(inc, plan);
  return plan;
}

function makePlan(inc: CheckedIncentive, digits: number): FastPlan | null {
  if (inc.formula || !inc.basis || inc.basis.type !== "money") return null;
  const cap = inc.cap === undefined ? undefined : moneyNumber(inc.cap, digits);
  const floor = inc.floor === undefined ? undefined : moneyNumber(inc.floor, digits);
  const t = inc.tiers;
  if (!t) return { digits, tiered: false, bounds: [], rates: [], cap, floor };
  if (t.mode !== "retroactive" || !t.on || t.on.type === "money") return null;
  const bs = t.steps.map((s) => literal(s.from));
  if (!bs.every((b) => b.c.length <= 15)) return null;
  const rates: Scaled[] = [];
  for (const s of t.steps) {
    const r = s.rate === undefined ? null : scaledRate(s.rate);
    // A negative rate could make a -0 where big.js keeps its sign; the exact path has it.
    if (r === null || r.p < 0) return null;
    rates.push(r);
  }
  return { digits, tiered: true, bounds: bs.map((b) => b.toNumber()), rates, cap, floor };
}

/** The tier a JS-number measure reaches (bounds inclusive), -1 for none. */
export function reachedFast(bounds: readonly number[], x: number): number {
  let reached = -1;
  for (let i = 0; i < bounds.length; i++) if (x >= bounds[i]!) reached = i;
  return reached;
}
