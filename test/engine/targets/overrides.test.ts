/**
 * Dataset targets override the template's for their entity: a month's row
 * replaces that month only, a longer period's row is split to the grain by
 * the template's weights, the more specific row wins, a row for a parent
 * makes that parent's target (not the sum of its children), and a row's
 * period must not be finer than the grain.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets, TargetDataError } from "../../../engine/targets/index.js";
import { cell, dataset, months, noHistory, template, type RowSpec } from "./helpers.js";

const yearly = "target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}";
const tree = (rows: RowSpec[]) => dataset([{ id: "east", kind: "team" }, { id: "r1", parent: "east" }, { id: "r2", parent: "east" }], rows);

describe("dataset overrides", () => {
  it("replaces one month and nothing else", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2026-03", base: 10_000_000 }]);
    const t = buildTargets(template(yearly), ds, noHistory);
    const at = (id: string, p: string) => t.target("amount", cell(ds, id, p)).base;
    expect([at("r1", "2026-02"), at("r1", "2026-03"), at("r1", "2026-04")]).toEqual([8_000_000, 10_000_000, 10_000_000]);
    expect(at("r1", "2026-Q1")).toBe(26_000_000);
    expect(at("r2", "2026-03")).toBe(8_000_000);
    expect(at("east", "2026-03")).toBe(18_000_000);
  });

  it("splits an annual quota by the template's quarter weights", () => {
    const ds = tree([{ entity: "r2", metric: "amount", period: "2026", base: 60_039_595 }]);
    const t = buildTargets(template(yearly), ds, noHistory);
    const at = (p: string) => t.target("amount", cell(ds, "r2", p)).base;
    expect(months(2026).map(at)).toEqual([4_002_640, 4_002_640, 4_002_639, 5_003_300, 5_003_300, 5_003_299, 5_003_300, 5_003_300, 5_003_299, 6_003_960, 6_003_959, 6_003_959]);
    expect(at("2027-01")).toBe(8_000_000); // other years keep the template's
  });

  it("lets a month's row win over the year's row", () => {
    const ds = tree([
      { entity: "r1", metric: "amount", period: "2026-03", base: 1_000 },
      { entity: "r1", metric: "amount", period: "2026", base: 120_000 },
    ]);
    const t = buildTargets(template(yearly), ds, noHistory);
    expect(["2026-01", "2026-03", "2026-12"].map((p) => t.target("amount", cell(ds, "r1", p)).base)).toEqual([8_000, 1_000, 12_000]);
  });

  it("splits a quarter's row evenly over its months", () => {
    const ds = tree([{ entity: "r1", metric: "deals_won", period: "2026-Q2", base: 900 }]);
    const t = buildTargets(template("target deals_won { base 10 per rep per month }"), ds, noHistory);
    expect(["2026-03", "2026-04", "2026-06"].map((p) => t.target("deals_won", cell(ds, "r1", p)).base)).toEqual([10, 300, 300]);
  });

  it("makes a team's own target, not the sum of its reps", () => {
    const ds = tree([{ entity: "east", metric: "amount", period: "2026-03", base: 1_234_500 }]);
    const t = buildTargets(template(yearly), ds, noHistory);
    expect(t.target("amount", cell(ds, "east", "2026-03")).base).toBe(1_234_500);
    expect(t.target("amount", cell(ds, "east", "2026-04")).base).toBe(20_000_000);
    expect(t.target("amount", cell(ds, "all", "2026-03")).base).toBe(1_234_500);
    expect(t.explain("amount", cell(ds, "east", "2026-03")).source).toBe("dataset");
  });

  it("works without any target in the template", () => {
    const ds = tree([{ entity: "r1", metric: "deals_won", period: "2026-01", base: 7 }, { entity: "r2", metric: "deals_won", period: "2026-01", base: 5 }]);
    const t = buildTargets(template(""), ds, noHistory);
    expect(["r1", "r2", "east"].map((id) => t.target("deals_won", cell(ds, id, "2026-01")).base)).toEqual([7, 5, 12]);
    expect(t.target("deals_won", cell(ds, "r1", "2026-02")).base).toBeNull();
    expect(t.target("deals_won", cell(ds, "r1", "2026-Q1")).base).toBe(7);
  });

  it("rejects a period finer than the grain, naming the row", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2026-W05", base: 100 }]);
    expect(() => buildTargets(template(yearly), ds, noHistory)).toThrow(TargetDataError);
    expect(() => buildTargets(template(yearly), ds, noHistory)).toThrow(
      "target for r1, amount, 2026-W05 (row 2): a week is finer than the template's grain (month); give the target for a month or a longer period",
    );
  });

  it("rejects a period that does not exist", () => {
    const ds = tree([{ entity: "r1", metric: "amount", period: "2021-W53", base: 100 }]);
    expect(() => buildTargets(template(yearly, "grain week"), ds, noHistory)).toThrow("2021 has 52 ISO weeks");
  });
});

describe("flat metrics (percent, number)", () => {
  const ds = tree([
    { entity: "r1", metric: "rate", period: "2026", base: 0.9 },
    { entity: "r1", metric: "rate", period: "2026-03", base: 0.95 },
  ]);
  const t = buildTargets(template("target rate { base 85% }\ntarget cycle { base 45 }"), ds, noHistory);
  const rate = (id: string, p: string) => t.target("rate", cell(ds, id, p)).base;

  it("apply unchanged at every entity and period", () => {
    expect([rate("r2", "2026-03"), rate("east", "2026-03"), rate("east", "2026-Q1"), rate("all", "2026"), rate("r2", "2030-07")]).toEqual([0.85, 0.85, 0.85, 0.85, 0.85]);
    expect(t.target("cycle", cell(ds, "east", "2026-Q2"))).toEqual({ base: 45, challenge: null });
    expect(t.explain("rate", cell(ds, "east", "2026-Q1"))).toEqual({ source: "unchanged", steps: ["85% at every entity and period"] });
  });

  it("take the most specific dataset row covering the whole period, for that entity only", () => {
    expect([rate("r1", "2026-02"), rate("r1", "2026-03"), rate("r1", "2026-Q1"), rate("r1", "2026"), rate("r1", "2027-01")]).toEqual([0.9, 0.95, 0.9, 0.9, 0.85]);
    expect(t.explain("rate", cell(ds, "r1", "2026-03"))).toEqual({ source: "dataset", steps: ["dataset 2026-03 95% for r1 (targets row 3)"] });
  });
});
