/**
 * The assembled result (schemas/result.schema.json) for DESIGN.md's SaaS
 * example, hand-computed: metrics with target, challenge, attainment and
 * pace where the metric has a target; every scorecard's score; the
 * incentives and payout only for the kind each incentive is `for`; the
 * alerts that fire; explanations on request, keyed by entity id.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../../engine/evaluate/index.js";
import { check, load, run } from "./helpers.js";

const checked = check(readFileSync("test/fixtures/design/saas_growth.kpi", "utf8"));
const won = (rep: string, amount: string, days: number, customer = "c") => ({ rep, amount, status: "won", kind: "new", customer, days_to_close: days, closed_on: "2026-03-05" });
const ds = load(checked, {
  entities: [{ id: "east", kind: "team", name: "East" }, { id: "zhang", kind: "rep", name: "Zhang", parent: "east" }, { id: "li", kind: "rep", name: "Li", parent: "east" }],
  records: {
    deals: [won("zhang", "50000.00", 10, "a"), won("zhang", "54000.00", 20, "b"), won("li", "10000.00", 30, "a")],
    visits: Array.from({ length: 50 }, () => ({ rep: "zhang", visited_on: "2026-03-02" })),
    surveys: [],
  },
});

describe("the result of the SaaS example", () => {
  const result = run(checked, ds, { period: "2026-03" });
  const entity = (id: string) => result.periods[0]!.entities.find((e) => e.id === id)!;

  it("carries the template, currency, period and as-of date", () => {
    expect([result.template, result.currency, result.periods[0]!.period, result.periods[0]!.asOf]).toEqual(["saas_growth", "CNY", "2026-03", "2026-03-31"]);
  });

  it("gives a rep's metrics with their targets", () => {
    const m = entity("zhang").metrics;
    // Annual 1,200,000 × Q1 20% / 3 months = 80,000.00; challenge 120% = 96,000.00; 104,000 / 80,000 = 1.3.
    expect(m.new_amount).toEqual({ value: "104000.00", target: "80000.00", challenge: "96000.00", attainment: 1.3, pace: 1.3 });
    expect(m.new_deals).toEqual({ value: 2 });
    expect(m.visit_conversion).toEqual({ value: 0.04 });
    expect(m.renewal_rate).toEqual({ value: null, target: 0.85, challenge: null, attainment: null, pace: null });
    // lower_better: 45 / 15.
    expect(m.cycle_days).toEqual({ value: 15, target: 45, challenge: null, attainment: 3, pace: 3 });
    expect(m.satisfaction).toEqual({ value: null });
    expect(Object.keys(m)).toEqual(checked.metrics.map((x) => x.name));
  });

  it("scores every entity and pays only reps", () => {
    // 50% × min(1.3, 150%) + 30% × 0 (renewal_rate null) + 20% × 0 (nps null) = 0.65.
    expect(entity("zhang").scores).toEqual({ monthly: 0.65 });
    // 8% of 104,000 (≥ 120%) + challenge bonus 5,000 + first-deal 1,000.
    expect(entity("zhang").incentives).toEqual({ commission: "8320.00", challenge_bonus: "5000.00", first_deals: "1000.00" });
    expect(entity("zhang").payout).toBe("14320.00");
    expect(entity("li").incentives).toEqual({ commission: "0.00", challenge_bonus: "0.00", first_deals: "1000.00" });
    expect(entity("li").payout).toBe("1000.00");
    // The team's target is its reps' (160,000): 114,000 / 160,000 = 0.7125 → 0.35625; no incentives for a team.
    expect(entity("east").metrics.new_amount!.attainment).toBe(0.7125);
    expect(entity("east").scores).toEqual({ monthly: 0.35625 });
    expect(entity("east").incentives).toBeUndefined();
    expect(entity("all").payout).toBeUndefined();
  });

  it("lists the alerts that fire", () => {
    expect(entity("zhang").alerts).toEqual([{ alert: "low_conversion", severity: "info", message: "拜访转化率偏低" }]);
    expect(entity("li").alerts).toEqual([{ alert: "behind_pace", severity: "warning", message: "Li 新签合同额进度 12.5%" }]);
  });

  it("explains an entity on request, keyed by its id", () => {
    const out = evaluate(checked, ds, { period: "2026-03", explain: ["zhang"] });
    if (!out.ok) throw new Error("failed");
    expect(Object.keys(out.explanations!)).toEqual(["zhang"]);
    expect(out.result.explanations).toBe(out.explanations);
    const ex = out.explanations!["zhang"] as { metrics: { metric: string; aggregates: { text: string; records: number; origins: { file: string; line: number }[] }[] }[] };
    const na = ex.metrics.find((m) => m.metric === "new_amount")!;
    expect(na.aggregates).toEqual([{ text: 'sum(deals.amount where status == "won" and kind == "new")', type: "money", value: "104000.00", records: 2, origins: [{ file: "data.json", line: 0 }, { file: "data.json", line: 1 }] }]);
    // A range gives one explanation per period.
    const range = evaluate(checked, ds, { period: "2026-02..2026-03", explain: "li" });
    if (!range.ok) throw new Error("failed");
    expect((range.explanations!["li"] as unknown[]).length).toBe(2);
  });
});
