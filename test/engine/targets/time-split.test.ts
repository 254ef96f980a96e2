/**
 * Splitting targets over time, with hand-computed expectations: a year by
 * quarter weights and months evenly, by 12 month weights, fiscal years that
 * start in April, `per quarter` and `per week` bases, and week and day grains
 * (a month's amount goes evenly to its weeks or days, largest remainder).
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildTargets } from "../../../engine/targets/index.js";
import { cell, dataset, months, noHistory, template } from "./helpers.js";

const reps = dataset([{ id: "east", kind: "team" }, { id: "r1", parent: "east" }, { id: "r2", parent: "east" }]);

describe("year → quarters → months", () => {
  const t = buildTargets(template("target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}"), reps, noHistory);
  const base = (id: string, p: string) => t.target("amount", cell(reps, id, p)).base;

  it("gives each rep 1,200,000.00 a year: Q1 20% = 240,000.00 = 80,000.00 a month; Q4 30% = 120,000.00 a month", () => {
    expect(months(2026).map((m) => base("r1", m))).toEqual([...Array(3).fill(8_000_000), ...Array(6).fill(10_000_000), ...Array(3).fill(12_000_000)]);
    expect(base("r1", "2026-Q1")).toBe(24_000_000);
    expect(base("r1", "2026")).toBe(120_000_000);
  });

  it("applies the same rule in every year", () => {
    expect(base("r2", "2031-11")).toBe(12_000_000);
  });

  it("gives the team the sum of its reps and the root the sum of its teams", () => {
    expect(base("east", "2026-03")).toBe(16_000_000);
    expect(base("east", "2026")).toBe(240_000_000);
    expect(base("all", "2026-Q4")).toBe(72_000_000);
  });

  it("splits 1,000.00 with the leftover cents on the earlier months", () => {
    const ds = dataset([{ id: "r1" }], [{ entity: "r1", metric: "amount", period: "2026", base: 100_000 }]);
    const q = buildTargets(template("target amount { quarters 20% 25% 25% 30% }"), ds, noHistory);
    // Q1 20,000 → 6,667 + 6,667 + 6,666; Q2 = Q3 = 25,000 → 8,334 + 8,333 + 8,333; Q4 30,000 → 10,000 ×3.
    expect(months(2026).map((m) => q.target("amount", cell(ds, "r1", m)).base)).toEqual([6_667, 6_667, 6_666, 8_334, 8_333, 8_333, 8_334, 8_333, 8_333, 10_000, 10_000, 10_000]);
  });

  it("splits quarters evenly when no weights are written", () => {
    const q = buildTargets(template("target deals_won { base 34 per rep per year }"), reps, noHistory);
    // 34 / 4 = 8.5 → 9, 9, 8, 8; Q1 9 → 3, 3, 3; Q3 8 → 3, 3, 2.
    expect(months(2026).map((m) => q.target("deals_won", cell(reps, "r1", m)).base)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 2]);
  });
});

describe("12 month weights", () => {
  it("splits the year by them directly", () => {
    const t = buildTargets(template("target amount {\n base 1_200 per rep per year\n months 10% 10% 10% 5% 5% 5% 10% 10% 10% 5% 5% 15%\n}"), reps, noHistory);
    expect(months(2026).map((m) => t.target("amount", cell(reps, "r1", m)).base)).toEqual([12_000, 12_000, 12_000, 6_000, 6_000, 6_000, 12_000, 12_000, 12_000, 6_000, 6_000, 18_000]);
  });

  it("sums them per quarter at a quarter grain", () => {
    const t = buildTargets(template("target amount {\n base 1_200 per rep per year\n months 10% 10% 10% 5% 5% 5% 10% 10% 10% 5% 5% 15%\n}", "grain quarter"), reps, noHistory);
    expect(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((q) => t.target("amount", cell(reps, "r1", q)).base)).toEqual([36_000, 18_000, 36_000, 30_000]);
  });
});

describe("fiscal years", () => {
  const checked = template("target amount {\n base 1_200_000 per rep per year\n quarters 20% 25% 25% 30%\n}", "fiscal_year_starts april");
  const t = buildTargets(checked, reps, noHistory);
  const base = (p: string) => t.target("amount", cell(reps, "r1", p, "april")).base;

  it("makes April..June the first quarter", () => {
    expect(months(2026, 4).map(base)).toEqual([...Array(3).fill(8_000_000), ...Array(6).fill(10_000_000), ...Array(3).fill(12_000_000)]);
    expect(base("2026-01")).toBe(12_000_000); // January 2026 is in fiscal 2025's fourth quarter
    expect(base("2026-Q1")).toBe(24_000_000);
    expect(base("2026")).toBe(120_000_000);
  });

  it("reads `months` weights in fiscal order (the first is April)", () => {
    const m = buildTargets(template("target amount {\n base 1_000 per rep per year\n months 30% 10% 10% 5% 5% 5% 5% 5% 5% 5% 5% 10%\n}", "fiscal_year_starts april"), reps, noHistory);
    const at = (p: string) => m.target("amount", cell(reps, "r1", p, "april")).base;
    expect([at("2026-04"), at("2026-05"), at("2027-03"), at("2026-Q1"), at("2026")]).toEqual([30_000, 10_000, 10_000, 50_000, 100_000]);
  });

  it("reads a dataset's annual quota as the fiscal year", () => {
    const ds = dataset([{ id: "r1" }], [{ entity: "r1", metric: "amount", period: "2026", base: 100_000 }]);
    const q = buildTargets(template("target amount { quarters 20% 25% 25% 30% }", "fiscal_year_starts april"), ds, noHistory);
    const at = (p: string) => q.target("amount", cell(ds, "r1", p, "april")).base;
    expect([at("2026-04"), at("2026-06"), at("2027-03"), at("2026-03")]).toEqual([6_667, 6_666, 10_000, null]);
  });
});

describe("bases per quarter, per month and per week", () => {
  it("splits `per quarter` over the quarter's months", () => {
    const t = buildTargets(template("target deals_won { base 300 per rep per quarter }"), reps, noHistory);
    expect(t.target("deals_won", cell(reps, "r1", "2026-05")).base).toBe(100);
    expect(t.target("deals_won", cell(reps, "r1", "2026")).base).toBe(1_200);
  });

  it("multiplies `per week` by the weeks whose Thursday lies in the month", () => {
    const t = buildTargets(template("target deals_won { base 10 per rep per week }"), reps, noHistory);
    expect(t.target("deals_won", cell(reps, "r1", "2026-03")).base).toBe(40); // Thursdays 5, 12, 19, 26
    expect(t.target("deals_won", cell(reps, "r1", "2026-04")).base).toBe(50); // Thursdays 2, 9, 16, 23, 30
  });
});

describe("week and day grains", () => {
  it("splits a quarter into months and each month evenly over its weeks", () => {
    const t = buildTargets(template("target deals_won { base 1_300 per rep per quarter }", "grain week"), reps, noHistory);
    const at = (p: string) => t.target("deals_won", cell(reps, "r1", p)).base;
    // Q1 2026 → 434, 433, 433; January has 5 weeks (Thursdays 1, 8, 15, 22, 29): 434 → 87, 87, 87, 87, 86.
    expect(["2026-W01", "2026-W02", "2026-W05"].map(at)).toEqual([87, 87, 86]);
    // February: Thursdays 5, 12, 19, 26 → 433 → 109, 108, 108, 108.
    expect(["2026-W06", "2026-W07"].map(at)).toEqual([109, 108]);
    expect([at("2026-01"), at("2026-02"), at("2026-Q1")]).toEqual([434, 433, 1_300]);
  });

  it("splits a month evenly over its days", () => {
    const t = buildTargets(template("target deals_won { base 100 per rep per month }", "grain day"), reps, noHistory);
    const at = (p: string) => t.target("deals_won", cell(reps, "r1", p)).base;
    // 100 / 31 = 3.23 → 3 a day and 7 left over for the first seven days.
    expect(["2026-03-01", "2026-03-07", "2026-03-08", "2026-03-31"].map(at)).toEqual([4, 4, 3, 3]);
    expect([at("2026-03"), at("2026-W10")]).toEqual([100, 27]); // W10 = March 2..8: 4 × 6 + 3
  });

  it("splits a week's base over its days even across New Year", () => {
    const t = buildTargets(template("target deals_won { base 10 per rep per week }", "grain day"), reps, noHistory);
    // 2026-W01 is 2025-12-29..2026-01-04: 10 / 7 → 2, 2, 2, 1, 1, 1, 1.
    expect(["2025-12-29", "2025-12-31", "2026-01-01", "2026-01-04"].map((d) => t.target("deals_won", cell(reps, "r1", d)).base)).toEqual([2, 2, 1, 1]);
  });
});

describe("periods with no target", () => {
  it("answers null for a period finer than the grain", () => {
    const t = buildTargets(template("target deals_won { base 10 per rep per month }"), reps, noHistory);
    expect(t.target("deals_won", cell(reps, "r1", "2026-03-15"))).toEqual({ base: null, challenge: null });
    expect(t.explain("deals_won", cell(reps, "r1", "2026-03-15")).source).toBe("none");
  });

  it("answers null for a metric without a target", () => {
    const t = buildTargets(template(""), reps, noHistory);
    expect(t.target("amount", cell(reps, "r1", "2026-03"))).toEqual({ base: null, challenge: null });
    expect(t.target("no_such_metric", cell(reps, "r1", "2026-03"))).toEqual({ base: null, challenge: null });
  });
});
