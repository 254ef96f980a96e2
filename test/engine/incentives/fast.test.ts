/**
 * The integer fast path of incentives (`fast.ts`) against the exact big.js
 * path: the rounding of basis × rate on random inputs, .5 ties in both
 * rounding modes, values next to 2^53, and whole incentives through
 * `evaluateIncentive` (whose narration, `steps`, still runs the exact path).
 */
import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { literal, ratio, roundRatio, times } from "../../../engine/incentives/amounts.js";
import { roundDiv, scaledRate } from "../../../engine/incentives/fast.js";
import { evaluateIncentive } from "../../../engine/incentives/index.js";
import type { Rounding } from "../../../engine/money.js";
import { CELL, checked, fakeEnv } from "./fake-env.js";

const MODES: Rounding[] = ["half_up", "half_even"];
const MAX = Number.MAX_SAFE_INTEGER;

/** The exact path's rounding of n / d (as `roundRatio` of the decimal n × 10^-k). */
const exactRound = (n: number, d: number, mode: Rounding): number => roundRatio(ratio(new Big(n).div(d)), mode);
/** Compares numbers as values (the exact path may give -0 where the fast path gives 0). */
const same = (a: number, b: number): boolean => a === b;

describe("roundDiv: n / 10^k rounded exactly", () => {
  it("rounds .5 ties away from zero (half_up) or to even (half_even)", () => {
    for (const [n, up, even] of [[25, 3, 2], [35, 4, 4], [-25, -3, -2], [-35, -4, -4], [5, 1, 0], [-5, -1, 0], [15, 2, 2]] as const) {
      expect(roundDiv(n, 10, "half_up")).toBe(up);
      expect(roundDiv(n, 10, "half_even")).toBe(even);
      for (const mode of MODES) expect(same(roundDiv(n, 10, mode), exactRound(n, 10, mode))).toBe(true);
    }
  });

  it("agrees with the exact path on random integers, ties and values near 2^53", () => {
    const k = fc.integer({ min: 0, max: 15 });
    const near = fc.integer({ min: 0, max: 10 ** 6 }).map((x) => MAX - x);
    const n = fc.oneof(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), near, near.map((x) => -x), fc.maxSafeInteger());
    fc.assert(
      fc.property(n, k, fc.constantFrom(...MODES), (x, kk, mode) => same(roundDiv(x, 10 ** kk, mode), exactRound(x, 10 ** kk, mode))),
      { numRuns: 5000 },
    );
    // Exact ties: q × 10^k + 10^k / 2, for odd and even q, both signs, up to the safe limit.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: MAX }), fc.boolean(), fc.constantFrom(...MODES), (kk, raw, neg, mode) => {
        const d = 10 ** kk;
        const q = Math.floor(raw / d) - 1;
        if (q < 0) return true;
        const x = (neg ? -1 : 1) * (q * d + d / 2);
        return same(roundDiv(x, d, mode), exactRound(x, d, mode));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("scaledRate: a rate literal as p / 10^k", () => {
  it("is the literal's exact value", () => {
    for (const text of ["3%", "5%", "8%", "12.5%", "0.125%", "1", "2.75", "0", "100%", "33.3333%"]) {
      const r = scaledRate(text)!;
      expect(new Big(r.p).div(r.d).eq(literal(text))).toBe(true);
    }
  });
});

const template = (rounding: Rounding, rate: string, cap: string) => `template t {
  grain month
  currency CNY
  rounding ${rounding}
}
entity rep in team
entity team
metric new_amount: money = input
target new_amount { base 100_000 }
incentive i for rep {
  basis new_amount
  tiers retroactive on attainment(new_amount) {
    from 80% rate 1%
    from 100% rate ${rate}
  }
  cap ${cap}
}
`;

describe("evaluateIncentive: the fast path pays what the exact path pays", () => {
  const rates = ["3%", "5%", "12.5%", "0.5%", "33.3333%", "2.75"];
  const cases = MODES.flatMap((mode) => rates.map((rate) => ({ mode, rate, c: checked(template(mode, rate, "90_000_000_000_000")) })));

  it("on random bases, .5-cent ties and bases whose product passes 2^53", () => {
    const basis = fc.oneof(
      fc.integer({ min: -(10 ** 10), max: 10 ** 10 }),
      fc.integer({ min: 0, max: 10 ** 6 }).map((x) => 10 * x + 5), // × 5% and × 0.5%: ties
      fc.integer({ min: 0, max: 10 ** 6 }).map((x) => MAX - x),
      fc.integer({ min: 0, max: 10 ** 6 }).map((x) => Math.floor(MAX / 333_333) - x),
    );
    fc.assert(
      fc.property(basis, fc.integer({ min: 0, max: cases.length - 1 }), fc.double({ min: 0, max: 2, noNaN: true }), (b, i, att) => {
        const { mode, rate, c } = cases[i]!;
        const env = fakeEnv(c, { metrics: { new_amount: b }, attainment: { new_amount: att } });
        const tier = att >= 1 ? 1 : att >= 0.8 ? 0 : -1;
        const amount = tier < 0 ? null : times(ratio(new Big(b)), literal(tier === 1 ? rate : "1%"));
        let expected: number | "range";
        try {
          expected = amount === null ? 0 : Math.min(roundRatio(amount, mode), 9_000_000_000_000_000);
        } catch {
          expected = "range";
        }
        let got: number | "range";
        let trace;
        try {
          const out = evaluateIncentive(c.incentives[0]!, env, CELL);
          got = out.value;
          trace = out.trace;
        } catch (err) {
          if (!(err instanceof RangeError)) throw err;
          got = "range";
        }
        if (got !== expected) return false;
        if (trace && amount !== null) {
          // The lazily built unrounded text is the exact product's.
          if (trace.unrounded !== amount.num.toFixed()) return false;
          if (trace.tier !== tier) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it("applies the cap, and narrates the same amount", () => {
    const c = checked(template("half_even", "5%", "50_000"));
    const out = evaluateIncentive(c.incentives[0]!, fakeEnv(c, { metrics: { new_amount: 200_000_000 }, attainment: { new_amount: 1.3 } }), CELL);
    expect(out.value).toBe(5_000_000);
    expect(out.trace.capped).toBe("cap");
    expect(out.trace.rounded).toBe(10_000_000);
    expect(out.trace.steps.at(-1)).toContain("cap 50,000.00 applied");
  });
});
