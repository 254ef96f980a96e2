/**
 * Periods and time (DESIGN.md "Periods"): a record belongs to the period
 * holding its `at` date; a range evaluates each period of its unit; longer
 * periods aggregate their records; the as-of date leaves out later records
 * and sets pace; `prev` is the previous period of the same unit, `last_year`
 * the same period a year earlier, `ytd` the fiscal year up to the period with
 * aggregates and formulas recomputed over that range. Decision: `prev` and
 * `last_year` of a period that ends before the dataset's first record are
 * null (the data says nothing about it), not 0.
 */
import { describe, expect, it } from "vitest";
import { check, deal, header, load, metric, run, TEAMS, values } from "./helpers.js";

const TEMPLATE = header() + `
metric amt: money = sum(deals.amount where status == "won")
metric n = count(deals)
metric prev_amt: money = prev(amt)
metric ly_amt: money = last_year(amt)
metric ytd_amt: money = ytd(amt)
metric ytd_n = ytd(n)
metric growth = amt / prev(amt)
metric mom: money = amt - prev(amt)
metric ytd_mom: money = ytd(mom)
metric att = attainment(amt)
metric ytd_att = ytd(att)
target amt { base 12_000 per rep per year }
`;

describe("time", () => {
  const checked = check(TEMPLATE);
  const on = (date: string, amount: string) => deal("zhang", amount, { closed_on: date });
  const ds = load(checked, {
    entities: TEAMS,
    records: {
      deals: [on("2025-03-15", "50.00"), on("2026-01-10", "100.00"), on("2026-02-10", "200.00"), on("2026-03-05", "300.00"), on("2026-03-20", "400.00")],
      visits: [],
    },
  });

  it("evaluates each month of a range, with prev, last_year and ytd", () => {
    const r = run(checked, ds, { period: "2026-01..2026-03" });
    expect(r.periods.map((p) => [p.period, p.asOf])).toEqual([["2026-01", "2026-01-31"], ["2026-02", "2026-02-28"], ["2026-03", "2026-03-31"]]);
    const row = (p: string) => ["amt", "prev_amt", "ly_amt", "ytd_amt", "ytd_n", "growth", "mom", "ytd_mom"].map((m) => metric(r, p, "zhang", m).value);
    // 2025-12 ends after the first record (2025-03-15): prev is 0.00; 2025-01 and 2025-02 end before it: last_year is null.
    expect(row("2026-01")).toEqual(["100.00", "0.00", null, "100.00", 1, null, "100.00", "100.00"]);
    expect(row("2026-02")).toEqual(["200.00", "100.00", null, "300.00", 2, 2, "100.00", "200.00"]);
    // ytd(mom) recomputes mom over Jan..Mar: ytd(amt) 1,000 − its prev (Jan..Feb) 300 = 700.
    expect(row("2026-03")).toEqual(["700.00", "200.00", "50.00", "1000.00", 4, 3.5, "500.00", "700.00"]);
    // Rollups of time-shifted values: the team's prev is its own previous month.
    expect(metric(r, "2026-03", "east", "prev_amt").value).toBe("200.00");
  });

  it("recomputes attainment over the year to date against the year-to-date target", () => {
    const r = run(checked, ds, { period: "2026-01..2026-03" });
    // 1,000 a month: Jan 100 / 1,000; Jan..Feb 300 / 2,000; Jan..Mar 1,000 / 3,000.
    expect(r.periods.map((p) => metric(r, p.period, "zhang", "ytd_att").value)).toEqual([0.1, 0.15, 1000 / 3000]);
    expect(metric(r, "2026-03", "zhang", "att").value).toBe(0.7);
  });

  it("aggregates a quarter and a year, whose prev and last_year are a quarter and a year", () => {
    const q = run(checked, ds, { period: "2026-Q1" });
    expect(["amt", "prev_amt", "ly_amt", "ytd_amt"].map((m) => metric(q, "2026-Q1", "zhang", m).value)).toEqual(["1000.00", "0.00", "50.00", "1000.00"]);
    const y = run(checked, ds, { period: "2026" });
    expect(["amt", "prev_amt", "ytd_amt"].map((m) => metric(y, "2026", "zhang", m).value)).toEqual(["1000.00", "50.00", "1000.00"]);
    expect(metric(y, "2026", "zhang", "amt").target).toBe("12000.00");
  });

  it("leaves out records after the as-of date and measures pace at it", () => {
    const r = run(checked, ds, { period: "2026-03", asOf: "2026-03-10" });
    expect(r.periods[0]!.asOf).toBe("2026-03-10");
    const m = metric(r, "2026-03", "zhang", "amt");
    // 300.00 of the 1,000.00 monthly target; pace = 300 / (1,000 × 10/31) = 0.93.
    expect(m).toEqual({ value: "300.00", target: "1000.00", challenge: null, attainment: 0.3, pace: 0.93 });
    expect(metric(r, "2026-03", "zhang", "ytd_amt").value).toBe("600.00");
    // Without an as-of date, each period's last day: every March record counts and pace is attainment.
    const full = metric(run(checked, ds, { period: "2026-03" }), "2026-03", "zhang", "amt");
    expect(full).toEqual({ value: "700.00", target: "1000.00", challenge: null, attainment: 0.7, pace: 0.7 });
  });

  it("applies one as-of date to every period of a range", () => {
    const r = run(checked, ds, { period: "2026-01..2026-03", asOf: "2026-02-15" });
    expect(r.periods.map((p) => p.asOf)).toEqual(["2026-02-15", "2026-02-15", "2026-02-15"]);
    expect(r.periods.map((p) => values(r, p.period, "amt")["zhang"])).toEqual(["100.00", "200.00", "0.00"]);
    // March has not started by 2026-02-15: no day has elapsed, so pace is null.
    expect(metric(r, "2026-03", "zhang", "amt").pace).toBeNull();
  });
});

describe("grains and fiscal years", () => {
  it("puts a month at a week grain together from the weeks whose Thursday lies in it", () => {
    const checked = check(header().replace("grain month", "grain week") + "metric n = count(deals)");
    // 2026-01-01 is a Thursday: week 2026-W01 (2025-12-29 … 2026-01-04) belongs to January 2026.
    const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "1.00", { closed_on: "2025-12-30" }), deal("zhang", "1.00", { closed_on: "2026-01-30" }), deal("zhang", "1.00", { closed_on: "2026-02-01" })], visits: [] } });
    expect(values(run(checked, ds, { period: "2026-01" }), "2026-01", "n")["zhang"]).toBe(3);
    const weeks = run(checked, ds, { period: "2026-W01..2026-W02" });
    expect(weeks.periods.map((p) => [p.period, values(weeks, p.period, "n")["zhang"]])).toEqual([["2026-W01", 1], ["2026-W02", 0]]);
  });

  it("starts the year to date at the fiscal year's first month", () => {
    const checked = check(header().replace("grain month", "grain month\n  fiscal_year_starts april") + "metric amt: money = sum(deals.amount)\nmetric ytd_amt: money = ytd(amt)");
    const on = (date: string) => deal("zhang", "1.00", { closed_on: date });
    const ds = load(checked, { entities: TEAMS, records: { deals: [on("2026-03-31"), on("2026-04-01"), on("2026-05-20")], visits: [] } });
    const r = run(checked, ds, { period: "2026-04..2026-05" });
    expect(r.periods.map((p) => values(r, p.period, "ytd_amt")["zhang"])).toEqual(["1.00", "2.00"]);
    // The fiscal year 2026 runs April 2026 … March 2027.
    expect(values(run(checked, ds, { period: "2025" }), "2025", "amt")["zhang"]).toBe("1.00");
  });
});
