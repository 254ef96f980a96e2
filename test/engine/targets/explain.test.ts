/**
 * Target explanations read like the hand calculation: the written figure,
 * each split step with its weight and result, proration, sums.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, noHistory, template } from "./helpers.js";

const ds = dataset(
  [{ id: "east", kind: "team" }, { id: "r1", parent: "east" }, { id: "new", parent: "east", start: "2026-03-22" }],
  [{ entity: "r1", metric: "deals_won", period: "2026", base: 120 }],
);

describe("explain", () => {
  const t = buildTargets(template("target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}\ntarget deals_won { base 10 per rep per month }"), ds, noHistory);

  it("walks a per-rep annual target down to a prorated month", () => {
    expect(t.explain("amount", cell(ds, "new", "2026-03"))).toEqual({
      source: "template",
      steps: [
        "annual 1,200,000.00 per rep",
        "2026-Q1 20% → 240,000.00",
        "2026-03 = 2026-Q1 / 3 months (largest remainder) → 80,000.00",
        "prorated 10/31 active days → 25,806.45 (half_up)",
      ],
    });
  });

  it("lists a parent's children", () => {
    expect(t.explain("amount", cell(ds, "east", "2026-03"))).toEqual({
      source: "sum of children",
      steps: ["sum of 2 children: r1 80,000.00 + new 25,806.45 = 105,806.45"],
    });
  });

  it("sums a quarter from its months", () => {
    expect(t.explain("amount", cell(ds, "r1", "2026-Q1"))).toEqual({
      source: "template",
      steps: ["2026-Q1 = sum of 3 months: 2026-01 80,000.00 + 2026-02 80,000.00 + 2026-03 80,000.00 = 240,000.00"],
    });
  });

  it("cites the dataset row of an override", () => {
    expect(t.explain("deals_won", cell(ds, "r1", "2026-02"))).toEqual({
      source: "dataset",
      steps: ["dataset 2026 120 for r1 (targets row 2)", "2026-Q1 = 2026 / 4 quarters (largest remainder) → 30", "2026-02 = 2026-Q1 / 3 months (largest remainder) → 10"],
    });
  });

  it("walks a root total down the tree", () => {
    const flat = dataset([{ id: "r1" }, { id: "r2" }, { id: "r3" }]);
    const s = buildTargets(template("target deals_won {\n base 100 per year\n split even\n}"), flat, noHistory);
    expect(s.explain("deals_won", cell(flat, "r1", "2026-01")).steps).toEqual([
      "annual 100 for all (root total), split even",
      "r1: 34 (1 of 3 leaves)",
      "2026-Q1 = 2026 / 4 quarters (largest remainder) → 9",
      "2026-01 = 2026-Q1 / 3 months (largest remainder) → 3",
    ]);
  });

  it("says when there is no target", () => {
    expect(t.explain("rate", cell(ds, "r1", "2026-03"))).toEqual({ source: "none", steps: ["rate has no target"] });
    expect(t.explain("amount", cell(ds, "r1", "2026-03-05")).source).toBe("none");
  });
});
