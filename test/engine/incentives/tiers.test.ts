/**
 * payTiers directly: the fast comparison of a JS-number measure (an
 * attainment) with the bounds as doubles agrees with the exact decimal
 * comparison, on bounds and next to them, for random bounds and quotients.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckedTierStep } from "../../../engine/check/checked-model.js";
import { exact, QUIET, ZERO } from "../../../engine/incentives/amounts.js";
import { TierMeasure } from "../../../engine/incentives/measure.js";
import { payTiers } from "../../../engine/incentives/tiers.js";

const tier = (steps: CheckedTierStep[], m: TierMeasure): number =>
  payTiers({ mode: "retroactive", steps, basis: ZERO, measure: m, slicing: { kind: "share" }, digits: 2, say: QUIET }).tier;

describe("payTiers: which tier a number measure reaches", () => {
  const steps: CheckedTierStep[] = [{ from: "80%", rate: "3%" }, { from: "100%", rate: "5%" }, { from: "120%", rate: "8%" }];

  it("is inclusive on the bound and exact next to it", () => {
    for (const [x, expected] of [[0.8, 0], [0.7999999999999999, -1], [80_000 / 100_000, 0], [1, 1], [1.2, 2], [360_000 / 300_000, 2], [0.9999999999999999, 0]] as const) {
      expect(tier(steps, new TierMeasure(x, "percent", 2))).toBe(expected);
      expect(tier(steps, new TierMeasure(exact(x), "percent", 2))).toBe(expected);
    }
  });

  it("takes the exact path for a bound of more than 15 digits", () => {
    const long: CheckedTierStep[] = [{ from: "0.80000000000000001", rate: "1%" }];
    expect(tier(long, new TierMeasure(0.8, "number", 2))).toBe(-1); // 0.8 < 0.80000000000000001
  });

  it("agrees with the exact comparison for random quotients and bounds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 1, maxLength: 5 }),
        (actual, target, raw) => {
          const from = [...raw].sort((a, b) => a - b).map((n) => `${n / 10_000}%`);
          const s = from.map((f) => ({ from: f, rate: "1%" }));
          const x = actual / target;
          return tier(s, new TierMeasure(x, "percent", 2)) === tier(s, new TierMeasure(exact(x), "percent", 2));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("reaches a bound that the measure equals, and not the one just above it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000 }), (n) => {
        const s = [{ from: `${n / 10_000}%`, rate: "1%" }, { from: `${(n + 1) / 10_000}%`, rate: "2%" }];
        const x = n / 1_000_000; // the bound itself, as the quotient the evaluator computes
        return tier(s, new TierMeasure(x, "percent", 2)) === 0 && tier(s, new TierMeasure(exact(x), "percent", 2)) === 0;
      }),
      { numRuns: 2000 },
    );
  });
});
