/**
 * Funnels and input metrics. A funnel's steps, step rates and overall
 * conversion are ordinary metrics: rates are recomputed at every level from
 * the rolled-up steps (null when the earlier step is 0). Decision for `=
 * input` metrics: a value applies to exactly the entity and period it names
 * — no rollup to parents, no spreading over months, no year to date — so a
 * team without its own input is null.
 */
import { describe, expect, it } from "vitest";
import { check, deal, errorsOf, header, load, metric, run, TEAMS, values } from "./helpers.js";

describe("funnels", () => {
  const checked = check(header() + `
source leads by rep at created_on {
  created_on: date
}
funnel pipeline "销售漏斗" {
  leads "线索" = count(leads)
  opportunities "商机" = count(deals)
  quotes "报价" = count(deals where quoted)
  signed "签约" = count(deals where status == "won")
}
metric unquoted = count(deals where not quoted)
`);
  const lead = (rep: string) => ({ rep, created_on: "2026-03-01" });
  const ds = load(checked, {
    entities: TEAMS,
    records: {
      leads: Array.from({ length: 10 }, () => lead("zhang")),
      deals: [
        deal("zhang", "1.00"), deal("zhang", "1.00"), deal("zhang", "1.00", { status: "open" }),
        deal("zhang", "1.00", { status: "lost", quoted: false }), deal("zhang", "1.00", { status: "lost", quoted: null }),
        deal("li", "1.00"),
      ],
      visits: [],
    },
  });
  const r = run(checked, ds, { period: "2026-03" });

  it("defines steps, step rates and the conversion, recomputed at every level", () => {
    const names = ["pipeline.leads", "pipeline.opportunities", "pipeline.opportunities_rate", "pipeline.quotes", "pipeline.quotes_rate", "pipeline.signed", "pipeline.signed_rate", "pipeline.conversion"];
    const row = (id: string) => names.map((n) => metric(r, "2026-03", id, n).value);
    expect(row("zhang")).toEqual([10, 5, 0.5, 3, 0.6, 2, 2 / 3, 0.2]);
    // li has no leads: the rates that divide by them are null.
    expect(row("li")).toEqual([0, 1, null, 1, 1, 1, 1, null]);
    expect(row("east")).toEqual([10, 6, 0.6, 4, 4 / 6, 3, 0.75, 0.3]);
  });

  it("treats a missing true/false value as neither true nor false in a filter", () => {
    // zhang's quoted values: true, true, true, false, missing.
    expect(values(r, "2026-03", "unquoted")).toMatchObject({ zhang: 1, li: 0, east: 1 });
    expect(metric(r, "2026-03", "zhang", "pipeline.quotes").value).toBe(3);
  });
});

describe("input metrics", () => {
  const checked = check(header() + `
metric satisfaction = input
metric pool: money = input
metric sat_share: percent = satisfaction / 5
`);
  const doc = {
    entities: TEAMS,
    records: { deals: [], visits: [] },
    inputs: [
      { entity: "zhang", metric: "satisfaction", period: "2026-03", value: 4.5 },
      { entity: "east", metric: "satisfaction", period: "2026-03", value: 4 },
      { entity: "li", metric: "satisfaction", period: "2026-03", value: null },
      { entity: "zhang", metric: "satisfaction", period: "2026-Q1", value: 3 },
      { entity: "zhang", metric: "pool", period: "2026-03", value: "1000.50" },
    ],
  };
  const ds = load(checked, doc);

  it("takes each value for exactly its entity and period, with no rollup", () => {
    const r = run(checked, ds, { period: "2026-03" });
    expect(values(r, "2026-03", "satisfaction")).toEqual({ all: null, east: 4, zhang: 4.5, li: null, west: null, wang: null, zhao: null });
    expect(values(r, "2026-03", "sat_share")).toMatchObject({ zhang: 0.9, east: 0.8, li: null });
    expect(values(r, "2026-03", "pool")).toMatchObject({ zhang: "1000.50", east: null, all: null });
  });

  it("reads a quarter's input only when the quarter is evaluated", () => {
    const q = run(checked, ds, { period: "2026-Q1" });
    expect(values(q, "2026-Q1", "satisfaction")).toMatchObject({ zhang: 3, east: null });
    expect(values(run(checked, ds, { period: "2026-02" }), "2026-02", "satisfaction")).toMatchObject({ zhang: null });
  });

  it("refuses an input for a period finer than the grain", () => {
    const bad = load(checked, { ...doc, inputs: [{ entity: "zhang", metric: "satisfaction", period: "2026-03-15", value: 4 }] });
    expect(errorsOf(checked, bad, { period: "2026-03" })).toEqual([
      { message: "input of satisfaction for zhang (row 0): 2026-03-15 is a day, finer than the template's grain (month); use a month such as 2026-03 or a longer period", path: "dataset/inputs" },
    ]);
  });
});
