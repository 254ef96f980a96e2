/**
 * evaluateScorecard: Σ weight × min(attainment, cap), null attainment scores
 * 0, no cap means uncapped, and the sum is exact in decimals.
 */
import { describe, expect, it } from "vitest";
import { evaluateScorecard } from "../../../engine/scorecards/index.js";
import { CELL, checked, fakeEnv } from "../incentives/fake-env.js";

const TEMPLATE = `template t {
  grain month
  currency CNY
}
entity rep
metric new_amount: money = input
metric renewal_rate: percent = input
metric nps: number = input
target new_amount { base 100_000 }
target renewal_rate { base 85% }
target nps { base 40 }
scorecard monthly "月度考核" {
  new_amount weight 50% cap 150%
  renewal_rate weight 30% cap 120%
  nps weight 20%
}
`;
const c = checked(TEMPLATE);
const score = (attainment: Record<string, number | null>) => evaluateScorecard(c.scorecards[0]!, fakeEnv(c, { attainment }), CELL);

describe("evaluateScorecard", () => {
  it("sums weight × attainment exactly: 50% × 104% + 30% × 90% + 20% × 110% = 1.01", () => {
    const r = score({ new_amount: 1.04, renewal_rate: 0.9, nps: 1.1 });
    expect(r.score).toBe(1.01);
    expect(r.items).toEqual([
      { metric: "new_amount", weight: 0.5, attainment: 1.04, cap: 1.5, points: 0.52 },
      { metric: "renewal_rate", weight: 0.3, attainment: 0.9, cap: 1.2, points: 0.27 },
      { metric: "nps", weight: 0.2, attainment: 1.1, cap: null, points: 0.22 },
    ]);
  });

  it("caps each item's attainment, and a null attainment scores 0", () => {
    // 50% × min(200%, 150%) + 30% × 0 + 20% × 110%
    const r = score({ new_amount: 2, renewal_rate: null, nps: 1.1 });
    expect(r.score).toBe(0.97);
    expect(r.items[1]).toEqual({ metric: "renewal_rate", weight: 0.3, attainment: null, cap: 1.2, points: 0 });
  });

  it("does not cap an item without a cap", () => {
    expect(score({ new_amount: 1, renewal_rate: 1, nps: 3 }).score).toBe(1.4); // 0.5 + 0.3 + 0.6
  });

  it("reads attainment as value / target from the environment", () => {
    const r = evaluateScorecard(c.scorecards[0]!, fakeEnv(c, { metrics: { new_amount: 10_400_000, nps: 44 }, targets: { new_amount: { base: 10_000_000 }, nps: { base: 40 } } }), CELL);
    expect(r.items.map((i) => i.attainment)).toEqual([1.04, null, 1.1]);
    expect(r.score).toBe(0.74); // 0.52 + 0 + 0.22
  });
});
