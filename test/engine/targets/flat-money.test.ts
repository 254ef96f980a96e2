/**
 * `flat` targets of money and count metrics (`target aov { base 550 flat }`):
 * the base applies unchanged at every entity and period — no split, no sum
 * up the tree or over periods, no proration — exactly like the target of a
 * percent metric; `challenge P%` is P% of it rounded once to the minor unit
 * (or the whole count); a dataset row overrides its own entity at the
 * periods it covers; pace is the attainment so far. Values hand-computed.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, months, noHistory, template } from "./helpers.js";
import { check, load, metric, run } from "../evaluate/helpers.js";

const tree = (rows: Parameters<typeof dataset>[1] = []) =>
  dataset(
    [
      { id: "east", kind: "team" },
      { id: "r1", parent: "east" },
      { id: "r2", parent: "east", start: "2026-03-22" },
      { id: "r3", parent: "east", end: "2026-01-31" },
    ],
    rows,
  );

describe("flat money and count targets", () => {
  it("give the same base at every entity and period", () => {
    const ds = tree();
    const t = buildTargets(template("target amount {\n base 550 flat\n challenge 120%\n}"), ds, noHistory);
    const at = (id: string, p: string) => t.target("amount", cell(ds, id, p));
    // 550.00 = 55,000 minor units; challenge 120% × 55,000 = 66,000 (660.00).
    for (const [id, p] of [["r1", "2026-03"], ["east", "2026-03"], ["all", "2026-03"], ["r1", "2026-Q1"], ["all", "2026"]] as const) {
      expect(at(id, p)).toEqual({ base: 55_000, challenge: 66_000 });
    }
    // Not prorated: r2 starts on 22 March, r3 left in January; a level has no share of days.
    expect(at("r2", "2026-03").base).toBe(55_000);
    expect(at("r3", "2026-06").base).toBe(55_000);
  });

  it("round a percent challenge once, by the template's mode", () => {
    const ds = tree();
    // 0.07 × 150% = 7 minor units × 1.5 = 10.5 → 11 (half_up), 10 (half_even).
    const body = "target amount {\n base 0.07 flat\n challenge 150%\n}";
    expect(buildTargets(template(body), ds, noHistory).target("amount", cell(ds, "r1", "2026-03")).challenge).toBe(11);
    expect(buildTargets(template(body, "rounding half_even"), ds, noHistory).target("amount", cell(ds, "r1", "2026-03")).challenge).toBe(10);
    // A count: 12 × 110% = 13.2 → 13 at the team as at the rep.
    const counts = buildTargets(template("target deals_won {\n base 12 flat\n challenge 110%\n}"), ds, noHistory);
    expect(counts.target("deals_won", cell(ds, "east", "2026-Q2"))).toEqual({ base: 12, challenge: 13 });
  });

  it("take an absolute challenge unchanged", () => {
    const ds = tree();
    const t = buildTargets(template("target amount {\n base 550 flat\n challenge 700\n}"), ds, noHistory);
    expect(t.target("amount", cell(ds, "all", "2026"))).toEqual({ base: 55_000, challenge: 70_000 });
  });

  it("let a dataset row override its own entity where the row's period covers the cell", () => {
    const ds = tree([
      { entity: "r1", metric: "amount", period: "2026-03", base: 60_000 },
      { entity: "east", metric: "amount", period: "2026", base: 50_000 },
    ]);
    const t = buildTargets(template("target amount { base 550 flat }"), ds, noHistory);
    const at = (id: string, p: string) => t.target("amount", cell(ds, id, p)).base;
    expect(at("r1", "2026-03")).toBe(60_000);
    // A month's row does not make the quarter's target (a level cannot be summed): the template's.
    expect(at("r1", "2026-Q1")).toBe(55_000);
    expect(at("r1", "2026-04")).toBe(55_000);
    // The team's annual row covers each of its months and quarters, not its reps or the root.
    expect(months(2026).map((p) => at("east", p))).toEqual(Array(12).fill(50_000));
    expect([at("east", "2026-Q3"), at("r2", "2026-03"), at("all", "2026-03")]).toEqual([50_000, 55_000, 55_000]);
    expect(t.explain("amount", cell(ds, "r1", "2026-03")).source).toBe("dataset");
  });

  it("explain themselves as flat", () => {
    const ds = tree();
    const t = buildTargets(template("target amount {\n base 550.01 flat\n challenge 120%\n}"), ds, noHistory);
    // 55,001 × 1.2 = 66,001.2 → 66,001.
    expect(t.explain("amount", cell(ds, "east", "2026-03"))).toEqual({
      source: "unchanged",
      steps: ["550.01 at every entity and period (flat)", "challenge 120% × 550.01 = 660.01 (rounded half_up)"],
    });
  });

  it("pace as their attainment so far, not prorated", () => {
    const text = `template t {
  grain month
  currency CNY
}
entity rep in team
entity team
source orders by rep at placed_on {
  amount: money
  placed_on: date
}
metric aov: money = avg(orders.amount)
metric total: money = sum(orders.amount)
target aov { base 500 flat }
target total { base 3_100 per rep per month }
`;
    const checked = check(text);
    const ds = load(checked, {
      entities: [{ id: "east", kind: "team", name: "East" }, { id: "r1", kind: "rep", name: "R1", parent: "east" }],
      records: { orders: [{ rep: "r1", amount: "400.00", placed_on: "2026-03-02" }, { rep: "r1", amount: "800.00", placed_on: "2026-03-05" }] },
    });
    const result = run(checked, ds, { period: "2026-03", asOf: "2026-03-10" });
    // aov = (400 + 800) / 2 = 600.00 against 500.00: attainment 1.2, and pace 1.2 ten days in.
    expect(metric(result, "2026-03", "r1", "aov")).toEqual({ value: "600.00", target: "500.00", challenge: null, attainment: 1.2, pace: 1.2 });
    // The team's target is the same 500.00, not the sum of its reps'.
    expect(metric(result, "2026-03", "east", "aov").target).toBe("500.00");
    // A cumulative total is still prorated: 1,200 / (3,100 × 10 / 31) = 1,200 / 1,000 = 1.2 (attainment 1,200 / 3,100).
    expect(metric(result, "2026-03", "r1", "total").pace).toBeCloseTo(1.2, 12);
    expect(metric(result, "2026-03", "r1", "total").attainment).toBeCloseTo(1200 / 3100, 12);
  });
});
