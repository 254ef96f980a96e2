/**
 * Attainment and pace (DESIGN.md, "Attainment"), on plain numbers: money is
 * integer minor units on both sides, so every ratio is unit-free. The
 * evaluator core calls these with a metric's value and its target at a cell.
 * Decisions:
 * - attainment is null when the actual or the target is null, or the target
 *   is 0; for a `lower_better` metric (target / actual) also when the actual
 *   is 0 — division by zero gives null everywhere in the language, even
 *   though an actual of 0 is the best possible result;
 * - pace is null before the period starts (no day has elapsed); at or after
 *   its last day it is exactly the attainment;
 * - pace compares the actual with the target prorated to the elapsed days.
 *   That only makes sense for quantities that accumulate over the period
 *   (money, counts). For a rate or average (percent, number) pass
 *   `{ cumulative: false }` and pace is the attainment so far (a renewal rate
 *   of 80% ten days in is not "behind" an 85% target by two thirds).
 * @module
 */
import { daysIn, elapsedDays, type EpochDay, type Period } from "../periods.js";

/**
 * actual / target, or target / actual when lower is better; null when either is null or the divisor is 0.
 * @example
 * attainmentOf(10_400_000, 10_000_000, false); // 1.04
 * attainmentOf(30, 45, true);                  // 1.5 (30 days against a 45-day target)
 * attainmentOf(500, 0, false);                 // null
 */
export function attainmentOf(actual: number | null, target: number | null, lowerBetter: boolean): number | null {
  if (actual === null || target === null || target === 0) return null;
  if (!lowerBetter) return actual / target;
  return actual === 0 ? null : target / actual;
}

/** Options of `paceOf`. @example const o: PaceOptions = { cumulative: false }; */
export interface PaceOptions {
  /** True (default) for money and counts; false for rates and averages, whose pace is their attainment. */
  cumulative?: boolean;
}

/**
 * actual / (target × elapsed days / days in period), elapsed days counting the as-of date;
 * target × elapsed / days / actual when lower is better. Null before the period starts;
 * the attainment at or after its end.
 * @example
 * const march = parsePeriod("2026-03").period;
 * paceOf(5_000_000, 10_000_000, march, parseDate("2026-03-10").day, false); // 1.55 (5,000 vs 10,000 × 10/31)
 * paceOf(5_000_000, 10_000_000, march, parseDate("2026-04-02").day, false); // 0.5
 */
export function paceOf(
  actual: number | null,
  target: number | null,
  period: Period,
  asOf: EpochDay,
  lowerBetter: boolean,
  options: PaceOptions = {},
): number | null {
  if (asOf < period.start) return null;
  if (paceIsAttainment(period, asOf, options)) return attainmentOf(actual, target, lowerBetter);
  if (actual === null || target === null || target === 0) return null;
  const elapsed = elapsedDays(period, asOf);
  const days = daysIn(period);
  // One division of exact integer products (for money and counts) keeps the ratio as close as a double can be.
  if (!lowerBetter) return (actual * days) / (target * elapsed);
  return actual === 0 ? null : (target * elapsed) / (days * actual);
}

/**
 * Whether pace is exactly the attainment: as of the period's last day or
 * later, or for a metric that does not accumulate (from the period's first day).
 * @example
 * paceIsAttainment(march, parseDate("2026-03-31").day); // true
 */
export function paceIsAttainment(period: Period, asOf: EpochDay, options: PaceOptions = {}): boolean {
  return asOf >= period.start && (asOf >= period.end || options.cumulative === false);
}

/**
 * `attainmentOf` for every entity at once: `out[e]` from `actual[e]` and
 * `target[e]`, NaN standing for null on both sides.
 * @example
 * attainmentColumn(Float64Array.of(10_400_000, NaN), Float64Array.of(10_000_000, 5), false, out); // out: [1.04, NaN]
 */
export function attainmentColumn(actual: Float64Array, target: Float64Array, lowerBetter: boolean, out: Float64Array): void {
  const n = out.length;
  if (!lowerBetter) {
    // NaN on either side gives NaN; a zero target is null as in attainmentOf.
    for (let e = 0; e < n; e++) {
      const b = target[e]!;
      out[e] = b === 0 ? NaN : actual[e]! / b;
    }
    return;
  }
  for (let e = 0; e < n; e++) {
    const v = actual[e]!;
    out[e] = v === 0 || target[e] === 0 ? NaN : target[e]! / v;
  }
}
