/**
 * The JSON text written from the columns is byte for byte the result objects
 * through `JSON.stringify(…, null, 2)`: every form of value (money, numbers,
 * null, true/false, dates, text), targets, scores, several incentives per
 * kind, alerts with and without messages, explanations, and hostile names.
 */
import { describe, expect, it } from "vitest";
import { evaluate, resultJson, resultObjects, writeResultJson } from "../../../engine/evaluate/index.js";
import { resultJsonBuffers } from "../../../engine/evaluate/result-json-bytes.js";
import { check, deal, header, load, TEAMS } from "./helpers.js";

const TEMPLATE =
  header() +
  `metric new_amount: money = sum(deals.amount where status == "won")
metric deals_won = count(deals where status == "won")
metric visits = count(visits)
metric conversion: percent = deals_won / visits
metric any_won: boolean = deals_won > 0
metric last_close = max(deals.closed_on)
metric __proto__ = count(deals)
metric 名字 = deals_won * 2
target new_amount { base 1_200 per rep per year challenge 120% }
target conversion { base 50% }
scorecard monthly {
  new_amount weight 70% cap 150%
  conversion weight 30%
}
incentive commission "提成" for rep {
  basis new_amount
  tiers retroactive on attainment(new_amount) {
    from 50% rate 3%
    from 100% rate 5%
  }
}
incentive bonus for rep = if(deals_won >= 2, 100, 0)
incentive team_bonus for team = if(new_amount > 100, 50.5, 0)
alert quiet "没有拜访" warning when visits == 0
alert strong "\\"big\\" \\u2028 month" info when deals_won >= 2
  message "{entity}: {new_amount} \\\\ {conversion}"
`;

describe("writeResultJson", () => {
  const checked = check(TEMPLATE);
  const ds = load(checked, {
    entities: TEAMS,
    records: {
      deals: [deal("zhang", "100.05"), deal("zhang", "33.33", { closed_on: "2026-03-20" }), deal("li", "7.00", { status: "lost" }), deal("wang", "250.00", { closed_on: "2026-02-10" })],
      visits: [{ rep: "zhang", visited_on: "2026-03-02" }, { rep: "zhang", visited_on: "2026-03-05" }, { rep: "wang", visited_on: "2026-02-11" }],
    },
  });

  it.each([
    ["a month", { period: "2026-03" }],
    ["a range with an as-of date", { period: "2026-01..2026-03", asOf: "2026-03-15" }],
    ["a quarter with explanations", { period: "2026-Q1", explain: "zhang" }],
  ] as const)("equals JSON.stringify of the result objects: %s", (_name, request) => {
    const out = evaluate(checked, ds, request);
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    const expected = JSON.stringify(out.result, null, 2);
    expect(resultJson(out.columns, out.explanations)).toBe(expected);
    const pieces: string[] = [];
    writeResultJson(out.columns, (s) => pieces.push(s), out.explanations);
    expect(pieces.join("")).toBe(expected);
    // The CLI's writer of UTF-8 buffers (result-json-bytes.ts) gives the same bytes.
    expect(Buffer.concat([...resultJsonBuffers(out.columns, out.explanations)]).toString("utf8")).toBe(expected);
    expect(resultJson(out.columns, out.explanations, "compact")).toBe(JSON.stringify(out.result));
  });

  it("holds the values the objects hold", () => {
    const out = evaluate(checked, ds, { period: "2026-03" });
    if (!out.ok) throw new Error("evaluation failed");
    const zhang = out.result.periods[0]!.entities.find((e) => e.id === "zhang")!;
    // 100.05 + 33.33 = 133.38 against 1,200 / 12 = 100.00: 133.38% reaches 5%: 6.669 → 6.67.
    expect(zhang.metrics.new_amount).toEqual({ value: "133.38", target: "100.00", challenge: "120.00", attainment: 1.3338, pace: 1.3338 });
    expect(zhang.metrics.any_won).toEqual({ value: true });
    expect(zhang.metrics.last_close).toEqual({ value: "2026-03-20" });
    expect(Object.getOwnPropertyNames(zhang.metrics)).toContain("__proto__");
    expect(zhang.incentives).toEqual({ commission: "6.67", bonus: "100.00" });
    expect(zhang.payout).toBe("106.67");
    expect(zhang.alerts.map((a) => a.alert)).toEqual(["strong"]);
    const east = out.result.periods[0]!.entities.find((e) => e.id === "east")!;
    expect(east.incentives).toEqual({ team_bonus: "50.50" });
    // The objects are made once, from the columns, when first read.
    expect(out.result).toBe(out.result);
    expect(resultObjects(out.columns)).toEqual(out.result);
  });
});
