/**
 * Narrowing a result (`entities`, `fields`) and bounding its size before it
 * is evaluated (issue 10, item 3): the narrowed JSON is the whole result with
 * the other entities and metrics left out, and the size bound is never more
 * than the real compact JSON, for every shape of template in this file.
 */
import { describe, expect, it } from "vitest";
import { evaluate, limitedWriter, minResultBytes, narrowColumns, narrowingErrors, resultJson, ResultTooLarge, writeResultJson } from "../../../engine/evaluate/index.js";
import { check, deal, header, load, TEAMS } from "./helpers.js";

const TEMPLATE =
  header() +
  `metric new_amount: money = sum(deals.amount where status == "won")
metric deals_won = count(deals where status == "won")
metric any_won: boolean = deals_won > 0
target new_amount { base 1_200 per rep per year challenge 120% }
scorecard monthly {
  new_amount weight 100%
}
incentive bonus for rep = if(deals_won >= 2, 100, 0)
alert quiet "没有成交" warning when deals_won == 0
`;

const checked = check(TEMPLATE);
const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "100.05"), deal("zhang", "33.33", { closed_on: "2026-03-20" }), deal("wang", "250.00", { closed_on: "2026-02-10" })], visits: [] } });

function evaluated(period: string) {
  const out = evaluate(checked, ds, { period });
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return out;
}

describe("narrowColumns", () => {
  it("keeps the subtree of each asked-for entity and the asked-for metrics, everything else as it was", () => {
    const out = evaluated("2026-03");
    const whole = JSON.parse(resultJson(out.columns)) as { periods: { entities: { id: string; metrics: Record<string, unknown>; scores?: unknown }[] }[] };
    const narrow = JSON.parse(resultJson(narrowColumns(out.columns, { entities: ["east"], fields: ["deals_won"] }))) as typeof whole;
    const east = TEAMS.filter((e) => e["parent"] === "east").map((e) => e["id"]);
    expect(narrow.periods[0]!.entities.map((e) => e.id)).toEqual(["east", ...east]);
    for (const e of narrow.periods[0]!.entities) {
      const full = whole.periods[0]!.entities.find((w) => w.id === e.id)!;
      expect(e).toEqual({ ...full, metrics: { deals_won: full.metrics["deals_won"] } });
    }
  });

  it("names unknown ids and metrics with a suggestion", () => {
    expect(narrowingErrors(checked, ds.entities, { entities: ["eats"], fields: ["deals_wno", "new_amount"] })).toEqual([
      { path: "entities/0", message: 'no entity has the id "eats"; did you mean "east"?' },
      { path: "fields/0", message: 'no metric is named "deals_wno"; did you mean "deals_won"?' },
    ]);
  });
});

describe("minResultBytes", () => {
  it.each([
    ["a month", "2026-03", {}],
    ["a year of months", "2026-01..2026-12", {}],
    ["one team's metric", "2026-01..2026-06", { entities: ["west"], fields: ["new_amount"] }],
  ] as const)("is at most the compact JSON: %s", (_name, period, n) => {
    const out = evaluated(period);
    const periods = out.columns.periods.length;
    const real = resultJson(narrowColumns(out.columns, n), undefined, "compact").length;
    const bound = minResultBytes(checked, ds.entities, n, periods);
    expect(bound.bytes).toBeLessThanOrEqual(real);
    // A useful bound: the values it cannot know are the only difference.
    expect(bound.bytes).toBeGreaterThan(real * 0.5);
    expect(bound.entities).toBe(JSON.parse(resultJson(narrowColumns(out.columns, n))).periods[0].entities.length);
  });
});

describe("limitedWriter", () => {
  it("gives the text within the limit, and stops with the size written past it", () => {
    const out = evaluated("2026-01..2026-12");
    const text = resultJson(out.columns, undefined, "compact");
    const fits = limitedWriter(text.length);
    writeResultJson(out.columns, fits.write, undefined, "compact");
    expect(fits.text()).toBe(text);
    const small = limitedWriter(text.length - 1);
    let caught: unknown;
    try {
      writeResultJson(out.columns, small.write, undefined, "compact");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ResultTooLarge);
    // The text comes in chunks of ~64 KB (8,192 pieces of text), this small one in one: it passed the limit.
    expect(caught).toMatchObject({ written: text.length, pieces: 1 });
  });
});
