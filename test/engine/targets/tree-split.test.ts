/**
 * A root total split down the entity tree, with hand-computed expectations:
 * even (every rep the same, leftover units to the earlier entities), by last
 * year's actuals, by an attribute, with inactive entities left out, and a
 * dataset target for a team split among its reps by the same rule.
 * @module
 */
import { describe, expect, it } from "vitest";
import type { Period } from "../../../engine/periods.js";
import { buildTargets, TargetDataError } from "../../../engine/targets/index.js";
import { cell, dataset, noHistory, template, type EntitySpec } from "./helpers.js";

const flat3 = dataset([{ id: "r1" }, { id: "r2" }, { id: "r3" }]);
const teams: EntitySpec[] = [
  { id: "a", kind: "team", attrs: { headcount: "2" } },
  { id: "a1", parent: "a" }, { id: "a2", parent: "a" },
  { id: "b", kind: "team", attrs: { headcount: "3" } },
  { id: "b1", parent: "b" }, { id: "b2", parent: "b" }, { id: "b3", parent: "b" },
  { id: "c", kind: "team", attrs: { headcount: "5" } },
  { id: "c1", parent: "c" }, { id: "c2", parent: "c" }, { id: "c3", parent: "c" }, { id: "c4", parent: "c" }, { id: "c5", parent: "c" },
];

describe("split even", () => {
  it("splits 100 over 3 reps as 34, 33, 33 (the leftover to the earlier rep)", () => {
    const t = buildTargets(template("target deals_won {\n base 100 per year\n split even\n}"), flat3, noHistory);
    expect(["r1", "r2", "r3", "all"].map((id) => t.target("deals_won", cell(flat3, id, "2026")).base)).toEqual([34, 33, 33, 100]);
  });

  it("is the default for a base without `per KIND`, in money too", () => {
    const t = buildTargets(template("target amount { base 1_000 per year }"), flat3, noHistory);
    expect(["r1", "r2", "r3"].map((id) => t.target("amount", cell(flat3, id, "2026")).base)).toEqual([33_334, 33_333, 33_333]);
  });

  it("splits a total per month afresh each month", () => {
    const t = buildTargets(template("target deals_won { base 100 per month }"), flat3, noHistory);
    expect(["r1", "r2", "r3"].map((id) => t.target("deals_won", cell(flat3, id, "2026-07")).base)).toEqual([34, 33, 33]);
    expect(t.target("deals_won", cell(flat3, "r1", "2026-Q3")).base).toBe(102);
  });

  it("weighs each team by its reps so every rep gets the same", () => {
    const ds = dataset(teams.slice(0, 7));
    const t = buildTargets(template("target deals_won { base 601 per year }"), ds, noHistory);
    // a: 601 × 2/5 = 240.4 → 240; b: 360.6 → 360, plus the leftover unit (.6 > .4) → 361 → 121, 120, 120.
    expect(["a", "a1", "a2", "b", "b1", "b2", "b3"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([240, 120, 120, 361, 121, 120, 120]);
  });

  it("leaves out reps not active in the year", () => {
    const ds = dataset([{ id: "r1" }, { id: "gone", end: "2025-12-31" }, { id: "r2" }, { id: "later", start: "2027-01-01" }]);
    const t = buildTargets(template("target deals_won { base 100 per year }"), ds, noHistory);
    expect(["r1", "gone", "r2", "later"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([50, null, 50, null]);
  });
});

describe("split by history", () => {
  const calls: string[] = [];
  const lastYear = new Map([["r1", 100], ["r2", 200], ["r3", 300]]);
  const history = (metric: string, entity: number, year: Period) => {
    calls.push(`${metric} ${year.text}`);
    return lastYear.get(flat3.entities.list[entity]!.id) ?? null;
  };

  it("splits 600 as 100, 200, 300 in proportion to last year's 1 : 2 : 3", () => {
    const t = buildTargets(template("target deals_won {\n base 600 per year\n split by history\n}"), flat3, history);
    expect(["r1", "r2", "r3"].map((id) => t.target("deals_won", cell(flat3, id, "2026")).base)).toEqual([100, 200, 300]);
    expect(new Set(calls)).toEqual(new Set(["deals_won 2025"]));
  });

  it("gives the leftover to the largest fraction: 100 → 17, 33, 50", () => {
    const t = buildTargets(template("target deals_won {\n base 100 per year\n split by history\n}"), flat3, history);
    expect(["r1", "r2", "r3"].map((id) => t.target("deals_won", cell(flat3, id, "2026")).base)).toEqual([17, 33, 50]);
  });

  it("falls back to even when there is no history", () => {
    const t = buildTargets(template("target deals_won {\n base 100 per year\n split by history\n}"), flat3, noHistory);
    expect(["r1", "r2", "r3"].map((id) => t.target("deals_won", cell(flat3, id, "2026")).base)).toEqual([34, 33, 33]);
    expect(t.explain("deals_won", cell(flat3, "r1", "2026-01")).steps[1]).toBe("r1: 34 (1 of 3 leaves (no history: even))");
  });
});

describe("split by attr", () => {
  it("splits 1,001 over headcounts 2, 3, 5 as 200, 300, 501, then evenly within each team", () => {
    const ds = dataset(teams);
    const t = buildTargets(template("target deals_won {\n base 1_001 per year\n split by attr headcount\n}"), ds, noHistory);
    expect(["a", "b", "c"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([200, 300, 501]);
    expect(["c1", "c2", "c5", "a1"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([101, 100, 100, 100]);
  });

  it("counts a missing attribute as 0", () => {
    const ds = dataset([{ id: "r1", attrs: { headcount: "1" } }, { id: "r2" }, { id: "r3", attrs: { headcount: "3" } }]);
    const t = buildTargets(template("target deals_won {\n base 100 per year\n split by attr headcount\n}"), ds, noHistory);
    expect(["r1", "r2", "r3"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([25, 0, 75]);
  });

  it("rejects an attribute that is not a number before evaluating", () => {
    const ds = dataset([{ id: "r1", attrs: { headcount: "three" } }]);
    const build = () => buildTargets(template("target deals_won {\n base 100 per year\n split by attr headcount\n}"), ds, noHistory);
    expect(build).toThrow(TargetDataError);
    expect(build).toThrow('entity r1: attribute headcount is "three"; `split by attr headcount` needs a non-negative number');
  });
});

describe("a dataset target for a team in a split template", () => {
  it("is split among the team's reps; the other team keeps its share of the template total", () => {
    const ds = dataset(teams.slice(0, 7), [{ entity: "a", metric: "deals_won", period: "2026", base: 1_000 }]);
    const t = buildTargets(template("target deals_won { base 600 per year }"), ds, noHistory);
    expect(["a", "a1", "a2", "b", "b1", "all"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([1_000, 500, 500, 360, 120, 1_360]);
  });

  it("splits a dataset total given to the root when the template only says how to split", () => {
    const ds = dataset(teams.slice(0, 7), [{ entity: "all", metric: "deals_won", period: "2026", base: 500 }]);
    const t = buildTargets(template("target deals_won { split even }"), ds, noHistory);
    expect(["a1", "b3", "all"].map((id) => t.target("deals_won", cell(ds, id, "2026")).base)).toEqual([100, 100, 500]);
  });
});
