/**
 * explainEntity and renderExplanation over a fake environment: every metric
 * with formula, reads, aggregates and target; scores item by item; each
 * incentive's trace; alerts fired or not; and the worksheet text.
 */
import { describe, expect, it } from "vitest";
import { explainEntity, renderExplanation } from "../../../engine/explain/index.js";
import { exprText } from "../../../engine/explain/expr-text.js";
import { CELL, checked, fakeEnv } from "../incentives/fake-env.js";

const TEMPLATE = `template saas "SaaS" {
  grain month
  currency CNY
}
entity rep "销售代表" in team
entity team "销售团队"
source deals "合同" by rep at closed_on {
  amount: money
  status: "open" | "won" | "lost"
  closed_on: date
}
source visits by rep at visited_on {
  visited_on: date
}
metric new_amount "新签合同额": money = sum(deals.amount where status == "won")
metric new_deals = count(deals where status == "won")
metric visit_count = count(visits)
metric visit_conversion: percent = new_deals / visit_count
metric renewal_rate: percent = input
target new_amount {
  base 100_000
  challenge 120%
}
target renewal_rate { base 85% }
scorecard monthly "月度考核" {
  new_amount weight 70% cap 150%
  renewal_rate weight 30% cap 120%
}
incentive commission "新签提成" for rep {
  basis new_amount
  tiers retroactive on attainment(new_amount) {
    from 80% rate 3%
    from 100% rate 5%
  }
  gate renewal_rate >= 70% or renewal_rate is null
  cap 50_000
}
incentive team_bonus for team = 1_000
alert behind_pace "进度落后" warning when pace(new_amount) < 80%
  message "{entity} 新签合同额进度 {pace(new_amount)}"
alert low_conversion info when visit_conversion < 5% and visit_count >= 20
`;

const c = checked(TEMPLATE);
const env = fakeEnv(c, {
  metrics: { new_amount: 10_400_000, new_deals: 3, visit_count: 12, visit_conversion: 0.25, renewal_rate: null },
  targets: { new_amount: { base: 10_000_000, challenge: 12_000_000 } },
  pace: { new_amount: 0.75 },
  asOf: "2026-03-20",
  aggregates: {
    new_amount: [{ text: 'sum(deals.amount where status == "won")', value: 10_400_000, records: 7, origins: [2, 3, 5, 8, 9].map((line) => ({ file: "data/deals.csv", line })) }],
    visit_count: [{ text: "count(visits)", value: 12, records: 12, origins: [{ file: "data/visits.csv", line: 2 }] }],
  },
});

describe("explainEntity", () => {
  const e = explainEntity(env, CELL, "张伟");

  it("names the entity, period and settings", () => {
    expect(e).toMatchObject({ entity: { id: "zhang", kind: "rep", name: "张伟", parent: "east" }, template: "saas", currency: "CNY", period: "2026-03", asOf: "2026-03-20", rounding: "half_up" });
  });

  it("explains each metric: formula, value, reads, aggregates with records, target", () => {
    expect(e.metrics.find((m) => m.metric === "new_amount")).toEqual({
      metric: "new_amount",
      label: "新签合同额",
      type: "money",
      formula: 'sum(deals.amount where status == "won")',
      value: "104000.00",
      reads: [],
      aggregates: [{ text: 'sum(deals.amount where status == "won")', type: "money", value: "104000.00", records: 7, origins: [2, 3, 5, 8, 9].map((line) => ({ file: "data/deals.csv", line })) }],
      target: { base: "100000.00", challenge: "120000.00", attainment: 1.04, pace: 0.75, source: "template", steps: ["fixed target of new_amount"] },
    });
    expect(e.metrics.find((m) => m.metric === "visit_conversion")).toMatchObject({ value: 0.25, reads: [{ metric: "new_deals", type: "integer", value: 3 }, { metric: "visit_count", type: "integer", value: 12 }] });
    expect(e.metrics.find((m) => m.metric === "renewal_rate")).toMatchObject({ input: true, value: null, target: { base: null, attainment: null } });
    expect(e.metrics.find((m) => m.metric === "new_deals")?.target).toBeUndefined();
  });

  it("explains scores, the incentives of the entity's kind with their traces, the payout and alerts", () => {
    expect(e.scores).toEqual([{ scorecard: "monthly", label: "月度考核", score: 0.728, items: [
      { metric: "new_amount", weight: 0.7, attainment: 1.04, cap: 1.5, points: 0.728 },
      { metric: "renewal_rate", weight: 0.3, attainment: null, cap: 1.2, points: 0 },
    ] }]);
    expect(e.incentives.map((i) => [i.incentive, i.value, i.trace.tier])).toEqual([["commission", "5200.00", 1]]);
    expect(e.payout).toBe("5200.00");
    expect(e.alerts).toEqual([
      { alert: "behind_pace", label: "进度落后", severity: "warning", when: "pace(new_amount) < 80%", fired: true, message: "张伟 新签合同额进度 75%" },
      { alert: "low_conversion", severity: "info", when: "visit_conversion < 5% and visit_count >= 20", fired: false, message: null },
    ]);
  });

  it("gives a team its team incentives and no payout line for kinds without incentives", () => {
    const team = explainEntity(env, { ...CELL, entity: 1 }, "华东");
    expect(team.incentives.map((i) => [i.incentive, i.value])).toEqual([["team_bonus", "1000.00"]]);
    expect(explainEntity(env, { ...CELL, entity: 0 }, "All").payout).toBeUndefined();
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});

describe("renderExplanation", () => {
  it("reads like a worksheet", () => {
    expect(renderExplanation(explainEntity(env, CELL, "张伟"))).toBe(`张伟 (rep zhang, in east) — 2026-03, as of 2026-03-20
template saas, amounts in CNY, rounding half_up

Metrics
  new_amount 新签合同额 = 104,000.00
    formula: sum(deals.amount where status == "won")
    sum(deals.amount where status == "won") = 104,000.00 over 7 records (data/deals.csv lines 2, 3, 5, 8, 9, …)
    target 100,000.00, challenge 120,000.00 (template)
      fixed target of new_amount
    attainment 104%, pace 75%
  new_deals = 3
    formula: count(deals where status == "won")
  visit_count = 12
    formula: count(visits)
    count(visits) = 12 over 12 records (data/visits.csv line 2, …)
  visit_conversion = 25%
    formula: new_deals / visit_count
    reads: new_deals = 3, visit_count = 12
  renewal_rate = —
    input: the value comes from the dataset
    target —, challenge — (none)
    attainment —, pace —

Scores
  monthly 月度考核 = 72.8%
    new_amount: weight 70% × min(attainment 104%, cap 150%) = 72.8%
    renewal_rate: weight 30% × min(attainment —, cap 120%) = 0%

Incentives
  commission 新签提成 = 5,200.00
    gate renewal_rate >= 70% or renewal_rate is null (renewal_rate = —): true → passed
    basis new_amount = 104,000.00
    tiers retroactive
    measure attainment(new_amount) = 104%
    tier 2 of 2 reached (from 100% rate 5%): 104% ≥ 100%
    retroactive: the whole basis at the tier's rate, 5% × 104,000.00 = 5,200.00
    amount 5,200.00 (no rounding needed)
    cap 50,000.00: not reached
  payout 5,200.00

Alerts
  behind_pace 进度落后 (warning) when pace(new_amount) < 80%: fired: 张伟 新签合同额进度 75%
  low_conversion (info) when visit_conversion < 5% and visit_count >= 20: not fired
`);
  });

  it("keeps names and data from acting on the terminal", () => {
    const text = renderExplanation({ ...explainEntity(env, CELL, "a\u001b[2Jb\nc"), metrics: [] });
    expect(text.split("\n")[0]).toBe("a\ufffd[2Jb\ufffdc (rep zhang, in east) — 2026-03, as of 2026-03-20");
  });
});

describe("exprText puts back the parentheses the meaning needs", () => {
  const t = checked(`${TEMPLATE}alert a info when not (visit_count > 1 and new_deals > 1) or (new_deals - (visit_count - 1)) * 2 > -(1 + 2)\n`);
  it("prints precedence and associativity faithfully", () => {
    expect(exprText(t.alerts.at(-1)!.when)).toBe("not (visit_count > 1 and new_deals > 1) or (new_deals - (visit_count - 1)) * 2 > -(1 + 2)");
  });
});
