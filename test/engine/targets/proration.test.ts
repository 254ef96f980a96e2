/**
 * Proration: an entity active for part of a grain period gets that period's
 * target × active days / days, rounded once by the template's mode; a
 * dataset target given for exactly that period is taken as written.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, months, noHistory, template } from "./helpers.js";

const yearly = "target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}";

describe("a rep who starts on March 22nd", () => {
  const ds = dataset([{ id: "east", kind: "team" }, { id: "old", parent: "east" }, { id: "new", parent: "east", start: "2026-03-22" }]);

  it.each(["half_up", "half_even"])("gets 10/31 of March's 80,000.00 = 25,806.45 (%s; 25,806.4516… is no tie)", (mode) => {
    const t = buildTargets(template(yearly, `rounding ${mode}`), ds, noHistory);
    expect(t.target("amount", cell(ds, "new", "2026-03")).base).toBe(2_580_645);
  });

  it("gets nothing before the start, the full target after, and the team the sum", () => {
    const t = buildTargets(template(yearly), ds, noHistory);
    const at = (id: string, p: string) => t.target("amount", cell(ds, id, p)).base;
    expect(months(2026).slice(0, 4).map((m) => at("new", m))).toEqual([0, 0, 2_580_645, 10_000_000]);
    expect(at("new", "2026-Q1")).toBe(2_580_645);
    expect(at("east", "2026-03")).toBe(8_000_000 + 2_580_645);
    expect(at("new", "2026")).toBe(120_000_000 - 3 * 8_000_000 + 2_580_645);
  });
});

describe("an exact half", () => {
  // April has 30 days; starting on the 16th leaves 15: 1,000.01 × 15/30 = 500.005, 5 deals × 15/30 = 2.5.
  const ds = dataset([{ id: "r1", start: "2026-04-16" }], [{ entity: "r1", metric: "amount", period: "2026-Q2", base: 300_003 }]);
  const body = "target amount { }\ntarget deals_won { base 5 per rep per month }";

  it("rounds half up", () => {
    const t = buildTargets(template(body, "rounding half_up"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-04")).base).toBe(50_001);
    expect(t.target("deals_won", cell(ds, "r1", "2026-04")).base).toBe(3);
  });

  it("rounds half to even", () => {
    const t = buildTargets(template(body, "rounding half_even"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-04")).base).toBe(50_000);
    expect(t.target("deals_won", cell(ds, "r1", "2026-04")).base).toBe(2);
  });
});

describe("a rep who leaves", () => {
  it("gets the days up to the end date, then 0", () => {
    const ds = dataset([{ id: "r1", end: "2026-03-10" }]);
    const t = buildTargets(template(yearly), ds, noHistory);
    expect(["2026-02", "2026-03", "2026-04"].map((m) => t.target("amount", cell(ds, "r1", m)).base)).toEqual([8_000_000, 2_580_645, 0]);
  });
});

describe("dataset targets and proration", () => {
  it("takes a month's target given in the dataset as written", () => {
    const ds = dataset([{ id: "r1", start: "2026-03-22" }], [{ entity: "r1", metric: "amount", period: "2026-03", base: 500_000 }]);
    const t = buildTargets(template(yearly), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03")).base).toBe(500_000);
    expect(t.explain("amount", cell(ds, "r1", "2026-03")).steps).toEqual(["dataset 2026-03 5,000.00 for r1 (targets row 2)", "2026-03 taken as written"]);
  });

  it("prorates an annual quota split down to the month", () => {
    const ds = dataset([{ id: "r1", start: "2026-03-22" }], [{ entity: "r1", metric: "amount", period: "2026", base: 120_000_000 }]);
    const t = buildTargets(template("target amount { quarters 20% 25% 25% 30% }"), ds, noHistory);
    expect(t.target("amount", cell(ds, "r1", "2026-03")).base).toBe(2_580_645);
  });
});
