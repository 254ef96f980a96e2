/**
 * Formula incentives that pay a count times an amount (`= new_customers * 300`)
 * or another plain number: the number counts as currency units, exactly as a
 * block's `basis` does, rounded once by the template's mode; cap and floor
 * bound it as money. Through the whole evaluator; values hand-computed.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../../engine/evaluate/index.js";
import { check, header, load, run, TEAMS } from "../evaluate/helpers.js";

const body = `
metric new_customers = distinct(deals.customer where status == "won")
metric new_amount: money = sum(deals.amount where status == "won")
target new_amount { base 12_000 per rep per year }
incentive bounty for rep = new_customers * 300
incentive eighth for rep = new_customers * 0.125
incentive level for rep = attainment(new_amount) * 1_000
incentive capped for rep {
  basis new_customers * 300
  cap 700
}
`;
const deal = (rep: string, customer: string, amount = "100.00") => ({ rep, amount, status: "won", kind: "new", customer, quoted: true, closed_on: "2026-03-10" });
const records = {
  deals: [deal("zhang", "a"), deal("zhang", "b"), deal("zhang", "b"), deal("zhang", "c"), deal("li", "a", "1250.00")],
  visits: [],
};

describe("formula incentives paying numbers", () => {
  const evaluateWith = (rounding: "half_up" | "half_even") => {
    const checked = check(header(rounding) + body);
    const result = run(checked, load(checked, { entities: TEAMS, records }), { period: "2026-03" });
    return (id: string) => result.periods[0]!.entities.find((e) => e.id === id)!;
  };

  it("pays a count times an amount in currency units", () => {
    const at = evaluateWith("half_up");
    // zhang: 3 distinct customers (a, b, c) × 300 = 900.00; li: 1 × 300 = 300.00; wang: 0.
    expect([at("zhang").incentives!.bounty, at("li").incentives!.bounty, at("wang").incentives!.bounty]).toEqual(["900.00", "300.00", "0.00"]);
    // The same product as a block's basis, capped at 700.00: the formula form pays as the block form does.
    expect([at("zhang").incentives!.capped, at("li").incentives!.capped]).toEqual(["700.00", "300.00"]);
  });

  it("rounds a fraction of a cent once, by the template's mode", () => {
    // zhang 3 × 0.125 = 0.375 → 37.5 fen → 0.38 either way (37.5 rounds to the even 38);
    // li 1 × 0.125 = 0.125 → 12.5 fen → 0.13 half_up, 0.12 half_even.
    const up = evaluateWith("half_up");
    const even = evaluateWith("half_even");
    expect([up("zhang").incentives!.eighth, up("li").incentives!.eighth]).toEqual(["0.38", "0.13"]);
    expect([even("zhang").incentives!.eighth, even("li").incentives!.eighth]).toEqual(["0.38", "0.12"]);
  });

  it("pays a percent times a number as currency units", () => {
    const at = evaluateWith("half_up");
    // March target 12,000 / 12 = 1,000.00. li: 1,250 / 1,000 = 125% × 1,000 = 1,250.00; zhang: 400 / 1,000 = 40% → 400.00.
    expect([at("li").incentives!.level, at("zhang").incentives!.level]).toEqual(["1250.00", "400.00"]);
    // zhang: 900 + 0.38 + 400 + 700 = 2,000.38.
    expect(at("zhang").payout).toBe("2000.38");
  });
});

describe("the trace of a formula paying a number", () => {
  it("says the number is paid in currency units", () => {
    const checked = check(header() + body);
    const out = evaluate(checked, load(checked, { entities: TEAMS, records }), { period: "2026-03", explain: "zhang" });
    if (!out.ok) throw new Error("evaluation failed");
    // One period: the explanation itself (a range gives one per period).
    const ex = out.explanations!["zhang"] as { incentives: { incentive: string; trace: { steps: string[] } }[] };
    expect(ex.incentives.find((i) => i.incentive === "bounty")!.trace.steps).toEqual([
      "formula new_customers * 300 = 900.00 (a number, paid in currency units)",
      "amount 900.00 (no rounding needed)",
    ]);
  });
});
