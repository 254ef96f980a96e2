/**
 * `EvalEnv` as the other parts use it: `metric` (final, rounded money),
 * `evaluate` (any expression; fractional money comes back as an exact
 * big.js value that `finishMoney` rounds exactly once — also when its
 * decimal never ends), `attainment`, `pace`, and `aggregates` with record
 * counts and origins, the as-of cut-off applied; an aggregate the template
 * never uses is computed on demand.
 */
import Big from "big.js";
import { describe, expect, it } from "vitest";
import { EvalCore } from "../../../engine/evaluate/core.js";
import { PeriodEnv } from "../../../engine/evaluate/env.js";
import { ENGINE_PARTS } from "../../../engine/evaluate/index.js";
import { ExactQuotient, finishMoney } from "../../../engine/evaluate/values.js";
import { check, day, deal, header, load, period, TEAMS } from "./helpers.js";

const TEMPLATE = header() + `
metric amt: money = sum(deals.amount where status == "won")
metric third: money = amt / 3
target amt {
  base 3_100 per rep per year
  months 1% 1% 90% 1% 1% 1% 1% 1% 1% 1% 0.5% 0.5%
}
`;

describe("EvalEnv", () => {
  const checked = check(TEMPLATE);
  const ds = load(checked, {
    entities: TEAMS,
    records: { deals: [deal("zhang", "1000.00", { closed_on: "2026-03-02" }), deal("zhang", "0.01", { closed_on: "2026-03-20" }), deal("li", "7.00", { status: "lost" })], visits: [] },
  });
  const march = period("2026-03");
  const asOf = day("2026-03-10");
  const core = new EvalCore(checked, ds, { periods: [march], cutoff: asOf, parts: ENGINE_PARTS });
  const env = new PeriodEnv(core, asOf);
  const zhang = { entity: ds.entities.byId.get("zhang")!, period: march };
  const east = { entity: ds.entities.byId.get("east")!, period: march };

  it("gives final metric values and leaves later records out", () => {
    expect(env.metric("amt", zhang)).toBe(100000);
    // 100000 / 3 minor units, rounded once.
    expect(env.metric("third", zhang)).toBe(33333);
  });

  it("evaluates any expression, money exact until it is finished", () => {
    const third = checked.metrics.find((m) => m.name === "third")!.formula!;
    const v = env.evaluate(third, zhang);
    expect(v).toBeInstanceOf(ExactQuotient);
    expect((v as Big).toFixed(4)).toBe("33333.3333");
    expect(finishMoney(v, "half_up")).toBe(33333);
    // × 1.5 of the exact third is exactly 50000 — a truncated decimal would give 49999.99…
    expect(finishMoney(new ExactQuotient(100000n * 3n, 6n), "half_even")).toBe(50000);
  });

  it("gives attainment and pace at the as-of date", () => {
    // March target: 3,100 × 90% = 2,790.00; pace at day 10 of 31: 1,000 / (2,790 × 10/31) = 1.111….
    expect(env.attainment("amt", zhang)).toBe(100000 / 279000);
    expect(env.pace("amt", zhang)).toBeCloseTo((100000 * 31) / (279000 * 10), 12);
  });

  it("traces aggregates with record counts and origins, cut at the as-of date", () => {
    expect(env.aggregates("amt", east)).toEqual([{ text: 'sum(deals.amount where status == "won")', value: 100000, records: 1, origins: [{ file: "data.json", line: 0 }] }]);
  });

  it("computes an aggregate the template does not use", () => {
    const other = check(header() + 'metric lost = count(deals where status == "lost")');
    expect(env.evaluate(other.metrics[0]!.formula!, { entity: 0, period: march })).toBe(1);
  });
});
