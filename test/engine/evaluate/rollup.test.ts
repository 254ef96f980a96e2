/**
 * Rollups (DESIGN.md "Rollups"): a parent's aggregates are computed over all
 * records credited to its descendants — `distinct` counts the union, `avg`
 * is sum / count over the union, min and max combine — and formulas are
 * recomputed from the parent's aggregates, never averaged from children.
 * The result lists the root `all` first, then parents before children.
 */
import { describe, expect, it } from "vitest";
import { check, deal, header, load, run, TEAMS, values } from "./helpers.js";

const TEMPLATE = header() + `
metric customers = distinct(deals.customer where status == "won")
metric won = count(deals where status == "won")
metric vis = count(visits)
metric conv: percent = won / vis
metric avg_won: money = avg(deals.amount where status == "won")
metric max_won: money = max(deals.amount where status == "won")
metric min_won: money = min(deals.amount where status == "won")
`;

describe("rollups", () => {
  const checked = check(TEMPLATE);
  const visit = (rep: string) => ({ rep, visited_on: "2026-03-02" });
  const ds = load(checked, {
    entities: TEAMS,
    records: {
      deals: [
        deal("zhang", "100.00", { customer: "acme" }),
        deal("zhang", "400.00", { customer: "beta", closed_on: "2026-03-05" }),
        deal("li", "200.00", { customer: "acme" }),
        deal("wang", "50.00", { customer: "gamma", status: "lost" }),
      ],
      visits: [visit("zhang"), visit("zhang"), ...Array.from({ length: 8 }, () => visit("li"))],
    },
  });
  const result = run(checked, ds, { period: "2026-03" });

  it("lists the root first, then parents before children in dataset order", () => {
    const p = result.periods[0]!;
    expect(p.entities.map((e) => [e.id, e.kind, e.parent])).toEqual([
      ["all", "all", null], ["east", "team", "all"], ["zhang", "rep", "east"], ["li", "rep", "east"],
      ["west", "team", "all"], ["wang", "rep", "west"], ["zhao", "rep", "west"],
    ]);
  });

  it("counts distinct values over the union of the children's records", () => {
    // acme is won by both zhang and li: the team and the root count it once (the sum of the children would be 3).
    expect(values(result, "2026-03", "customers")).toEqual({ all: 2, east: 2, zhang: 2, li: 1, west: 0, wang: 0, zhao: 0 });
  });

  it("recomputes a ratio from the parent's aggregates", () => {
    // east: (2 + 1) won / (2 + 8) visits = 0.3, not the mean of 1 and 0.125 (0.5625).
    expect(values(result, "2026-03", "conv")).toEqual({ all: 0.3, east: 0.3, zhang: 1, li: 0.125, west: null, wang: null, zhao: null });
  });

  it("averages over the union of records and combines min and max", () => {
    // east: (100 + 400 + 200) / 3 = 233.333… → 233.33, not the mean of 250 and 200.
    expect(values(result, "2026-03", "avg_won")).toEqual({ all: "233.33", east: "233.33", zhang: "250.00", li: "200.00", west: null, wang: null, zhao: null });
    expect(values(result, "2026-03", "max_won")).toEqual({ all: "400.00", east: "400.00", zhang: "400.00", li: "200.00", west: null, wang: null, zhao: null });
    expect(values(result, "2026-03", "min_won")).toEqual({ all: "100.00", east: "100.00", zhang: "100.00", li: "200.00", west: null, wang: null, zhao: null });
  });
});
