/**
 * `days_to_period_end()` inside a `where`: the days from a record's `at`
 * date to the last day of the grain period that contains it (0 on the last
 * day), whatever period is evaluated — the padding check of the template
 * library ("many small orders near the period end").
 */
import { describe, expect, it } from "vitest";
import { deal, check, header, load, run, TEAMS, values } from "./helpers.js";

const late = (grain: string, extra = "") =>
  check(
    header().replace("grain month", `grain ${grain}`) +
      `metric late = count(deals where days_to_period_end() < 3)
metric last_day = count(deals where days_to_period_end() == 0)
metric late_small = count(deals where amount < 1_000 and days_to_period_end() <= 2)
metric late_customers = distinct(deals.customer where amount < 1_000 and days_to_period_end() <= 2)
${extra}`,
  );

describe("days_to_period_end()", () => {
  // Month grain: March ends on the 31st, so the 29th, 30th and 31st are 2, 1 and 0 days before its end.
  const deals = [
    deal("zhang", "100.00", { closed_on: "2026-03-28", customer: "a" }), // 3 days: not late
    deal("zhang", "100.00", { closed_on: "2026-03-29", customer: "a" }), // 2
    deal("zhang", "200.00", { closed_on: "2026-03-30", customer: "a" }), // 1
    deal("zhang", "300.00", { closed_on: "2026-03-31", customer: "a" }), // 0
    deal("zhang", "5000.00", { closed_on: "2026-03-31", customer: "b" }), // 0, but large
    deal("li", "100.00", { closed_on: "2026-02-28", customer: "c" }), // February's last day (2026 is not a leap year)
    deal("li", "100.00", { closed_on: "2026-02-26", customer: "c" }), // 2 days before February's end
    deal("wang", "100.00", { closed_on: "2026-01-15", customer: "d" }),
  ];

  it("counts the records of the last days of each month, at reps, teams and the root", () => {
    const checked = late("month");
    const r = run(checked, load(checked, { entities: TEAMS, records: { deals, visits: [] } }), { period: "2026-03" });
    expect(values(r, "2026-03", "late")).toEqual({ all: 4, east: 4, west: 0, zhang: 4, li: 0, wang: 0, zhao: 0 });
    expect(values(r, "2026-03", "last_day")).toEqual({ all: 2, east: 2, west: 0, zhang: 2, li: 0, wang: 0, zhao: 0 });
    expect(values(r, "2026-03", "late_small")).toEqual({ all: 3, east: 3, west: 0, zhang: 3, li: 0, wang: 0, zhao: 0 });
    expect(values(r, "2026-03", "late_customers")).toEqual({ all: 1, east: 1, west: 0, zhang: 1, li: 0, wang: 0, zhao: 0 });
  });

  it("is relative to each record's own grain period when a quarter is evaluated", () => {
    const checked = late("month");
    const r = run(checked, load(checked, { entities: TEAMS, records: { deals, visits: [] } }), { period: "2026-Q1" });
    // March's four plus February's two (the 26th and 28th); January 15th is 16 days before its month's end.
    expect(values(r, "2026-Q1", "late")).toMatchObject({ all: 6, zhang: 4, li: 2, wang: 0 });
    expect(values(r, "2026-Q1", "last_day")).toMatchObject({ all: 3, zhang: 2, li: 1 });
  });

  it("follows the grain: with weeks, the end is Sunday", () => {
    const checked = late("week");
    // 2026-03-29 is a Sunday (the end of ISO week 13); 2026-03-27 is the Friday before it.
    const weekDeals = [
      deal("zhang", "100.00", { closed_on: "2026-03-27" }),
      deal("zhang", "100.00", { closed_on: "2026-03-29" }),
      deal("zhang", "100.00", { closed_on: "2026-03-24" }),
    ];
    const r = run(checked, load(checked, { entities: TEAMS, records: { deals: weekDeals, visits: [] } }), { period: "2026-W13" });
    expect(values(r, "2026-W13", "late")).toMatchObject({ zhang: 2 });
    expect(values(r, "2026-W13", "last_day")).toMatchObject({ zhang: 1 });
  });

  it("feeds an alert: many small orders from one customer near the month end", () => {
    const checked = late(
      "month",
      `alert padding "疑似刷单" warning when late_small >= 3 and late_small / late_customers >= 3
  message "{entity}: {late_small} small orders from {late_customers} customer(s) in the last 3 days"`,
    );
    const r = run(checked, load(checked, { entities: TEAMS, records: { deals, visits: [] } }), { period: "2026-03" });
    const zhang = r.periods[0]!.entities.find((e) => e.id === "zhang")!;
    expect(zhang.alerts).toEqual([{ alert: "padding", severity: "warning", message: "Zhang: 3 small orders from 1 customer(s) in the last 3 days" }]);
    expect(r.periods[0]!.entities.find((e) => e.id === "li")!.alerts).toEqual([]);
  });
});
