/**
 * No pay for a period an entity was not employed in: a rep whose `start` is
 * after the period or whose `end` is before it gets 0 from every incentive —
 * no floor, no formula that holds at 0 ≥ 0 — with the reason in the trace;
 * a rep with at least one active day is paid as before. Through the whole
 * evaluator, so the result's column path (`evaluateIncentiveColumn`) and the
 * explanation's (`evaluateIncentive`) are both held to the hand-computed values.
 */
import { describe, expect, it } from "vitest";
import { activeIn } from "../../../engine/incentives/index.js";
import { evaluate } from "../../../engine/evaluate/index.js";
import { check, day, header, load, period, run } from "../evaluate/helpers.js";

const checked = check(`${header()}
metric won: money = sum(deals.amount where status == "won")
target won {
  base 12_000 per rep per year
  challenge 100%
}
incentive commission for rep {
  basis won
  tiers retroactive on attainment(won) {
    from 0% rate 10%
  }
  floor 200
}
incentive bonus for rep = if(won >= challenge(won), 500, 0)
`);

const deal = (rep: string, amount: string, closed_on: string) => ({ rep, amount, status: "won", kind: "new", customer: "c", quoted: true, closed_on });
const ds = load(checked, {
  entities: [
    { id: "east", kind: "team", name: "East" },
    { id: "zhang", kind: "rep", name: "Zhang", parent: "east" },
    { id: "li", kind: "rep", name: "Li", parent: "east", start: "2026-03-17" },
    { id: "wang", kind: "rep", name: "Wang", parent: "east", start: "2026-04-01" },
    { id: "zhao", kind: "rep", name: "Zhao", parent: "east", end: "2026-02-28" },
  ],
  records: { deals: [deal("zhang", "1500.00", "2026-03-05"), deal("li", "600.00", "2026-03-20")], visits: [] },
});

describe("incentives of entities not employed in the period", () => {
  const out = evaluate(checked, ds, { period: "2026-03..2026-04", explain: ["zhang", "li", "wang", "zhao"] });
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join("\n"));
  const result = run(checked, ds, { period: "2026-03..2026-04" });
  const at = (p: string, id: string) => result.periods.find((x) => x.period === p)!.entities.find((e) => e.id === id)!;

  it("pays a rep employed all period, and one who starts mid-period, as before", () => {
    // zhang: March target 12,000 / 12 = 1,000.00, challenge 100% = 1,000.00.
    // commission 10% × 1,500.00 = 150.00 → floor 200.00; bonus 1,500 ≥ 1,000 → 500.00.
    expect([at("2026-03", "zhang").incentives, at("2026-03", "zhang").payout]).toEqual([{ commission: "200.00", bonus: "500.00" }, "700.00"]);
    // li starts 17 March: 15 of 31 days, target 1,000.00 × 15 / 31 = 483.87 (half_up), challenge the same.
    // commission 10% × 600.00 = 60.00 → floor 200.00; bonus 600 ≥ 483.87 → 500.00.
    expect(at("2026-03", "li").metrics.won!.target).toBe("483.87");
    expect([at("2026-03", "li").incentives, at("2026-03", "li").payout]).toEqual([{ commission: "200.00", bonus: "500.00" }, "700.00"]);
  });

  it("pays nothing to a rep who starts next period or left before it", () => {
    // wang (starts 1 April) and zhao (left 28 February): target 0.00 in March, so
    // `won >= challenge(won)` holds at 0 ≥ 0 and the floor would pay 200.00 — neither applies.
    for (const id of ["wang", "zhao"]) {
      expect(at("2026-03", id).metrics.won!.target).toBe("0.00");
      expect([at("2026-03", id).incentives, at("2026-03", id).payout]).toEqual([{ commission: "0.00", bonus: "0.00" }, "0.00"]);
    }
  });

  it("pays a new hire from their first period on", () => {
    // wang in April: target 1,000.00, won 0.00 → commission 0 → floor 200.00; bonus 0 ≥ 1,000 fails → 0.00.
    expect(at("2026-04", "wang").incentives).toEqual({ commission: "200.00", bonus: "0.00" });
    expect(at("2026-04", "zhao").payout).toBe("0.00");
  });

  it("explains why, with the same amounts as the result", () => {
    type Ex = { period: string; incentives: { incentive: string; value: string; trace: { steps: string[] } }[]; payout: string };
    const explained = (id: string, p: string) => (out.explanations![id] as Ex[]).find((x) => x.period === p)!;
    const wang = explained("wang", "2026-03");
    expect(wang.incentives.map((i) => i.trace.steps)).toEqual([
      ["wang is not employed on any day of 2026-03 (start 2026-04-01): no pay for the period, the floor does not apply"],
      ["wang is not employed on any day of 2026-03 (start 2026-04-01): no pay for the period, the floor does not apply"],
    ]);
    expect(explained("zhao", "2026-04").incentives[0]!.trace.steps).toEqual([
      "zhao is not employed on any day of 2026-04 (end 2026-02-28): no pay for the period, the floor does not apply",
    ]);
    for (const id of ["zhang", "li", "wang", "zhao"]) {
      for (const p of ["2026-03", "2026-04"]) {
        const values = Object.fromEntries(explained(id, p).incentives.map((i) => [i.incentive, i.value]));
        expect(values).toEqual(at(p, id).incentives);
      }
    }
  });
});

describe("activeIn", () => {
  const march = period("2026-03");
  it("needs one day of the period between start and end", () => {
    expect(activeIn({ start: null, end: null }, march)).toBe(true);
    expect(activeIn({ start: day("2026-03-31"), end: null }, march)).toBe(true);
    expect(activeIn({ start: day("2026-04-01"), end: null }, march)).toBe(false);
    expect(activeIn({ start: null, end: day("2026-03-01") }, march)).toBe(true);
    expect(activeIn({ start: null, end: day("2026-02-28") }, march)).toBe(false);
  });
});
