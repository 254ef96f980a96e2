/**
 * Formulas a column at a time (engine/evaluate/vector.ts) give exactly what
 * the closure path gives (`interpret: true` turns the vector path off):
 * nulls, division by zero, money sums and differences, literals, negation,
 * metrics of metrics, rollups — and hand-computed values for a few.
 */
import { describe, expect, it } from "vitest";
import { evaluateWith } from "../../../engine/evaluate/evaluate.js";
import { ENGINE_PARTS } from "../../../engine/evaluate/index.js";
import { planTemplate } from "../../../engine/evaluate/plan.js";
import { compileCondition, compileVector } from "../../../engine/evaluate/vector.js";
import { check, deal, header, load, TEAMS, values } from "./helpers.js";

const TEMPLATE =
  header() +
  `metric won: money = sum(deals.amount where status == "won")
metric lost: money = sum(deals.amount where status == "lost")
metric net: money = won - lost
metric net_plus: money = won - lost + 100
metric minus: money = -lost
metric n_won = count(deals where status == "won")
metric n_visits = count(visits)
metric conversion: percent = n_won / n_visits
metric doubled = conversion * 2 - 1
metric per_visit = n_visits / 4 + 0.5
metric share: percent = won / (won + lost)
incentive a for rep {
  basis won
  gate conversion >= 50% or conversion is null
}
incentive b for rep {
  basis net
  gate not (n_won == 0) and won != 200 and lost <= 0.05 and minus < 1
}
incentive c for rep {
  basis won
  gate conversion is not null and not (doubled > 1) and per_visit != 0.5
}
`;

const doc = {
  entities: TEAMS,
  records: {
    deals: [
      deal("zhang", "100.10"),
      deal("zhang", "0.05", { status: "lost" }),
      deal("li", "50.00", { status: "lost" }),
      deal("wang", "200.00"),
      deal("wang", "0.30"),
    ],
    visits: [
      { rep: "zhang", visited_on: "2026-03-02" },
      { rep: "zhang", visited_on: "2026-03-03" },
      { rep: "zhang", visited_on: "2026-03-04" },
      { rep: "wang", visited_on: "2026-03-05" },
    ],
  },
};

describe("vector formulas", () => {
  const checked = check(TEMPLATE);
  const ds = load(checked, doc);
  const run = (interpret: boolean) => {
    const out = evaluateWith(ENGINE_PARTS, checked, ds, { period: "2026-01..2026-03" }, interpret ? { interpret: true } : {});
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    return out.result;
  };

  it("cover the common shapes and leave the others to closures", () => {
    const hooks = { plan: planTemplate(checked), n: 7, digits: 2, metric: () => undefined };
    const vectorised = checked.metrics.filter((m) => compileVector(m.formula!, hooks) !== undefined).map((m) => m.name);
    expect(vectorised).toEqual(["won", "lost", "net", "net_plus", "minus", "n_won", "n_visits", "conversion", "doubled", "per_visit"]);
    expect(checked.incentives.map((i) => compileCondition(i.gate!, hooks) !== undefined)).toEqual([true, true, true]);
  });

  it("gate incentives as the closure path does (hand-checked)", () => {
    const r = run(false);
    const pay = (id: string) => r.periods[2]!.entities.find((e) => e.id === id)!.incentives;
    // zhang: conversion 1/3 < 50% → a pays 0; b: 1 won, won 100.10 ≠ 200, lost 0.05 ≤ 0.05, minus −0.05 < 1 → pays net 100.05;
    // c: conversion not null, doubled −1/3 ≤ 1, per_visit 1.25 ≠ 0.5 → pays won 100.10.
    expect(pay("zhang")).toEqual({ a: "0.00", b: "100.05", c: "100.10" });
    // li: conversion null → a pays won 0.00; b: n_won 0 → 0; c: conversion null → 0.
    expect(pay("li")).toEqual({ a: "0.00", b: "0.00", c: "0.00" });
    // wang: conversion 2 ≥ 50% → a pays 200.30; b: won 200.30 ≠ 200 and lost 0 → pays net 200.30; c: doubled 3 > 1 → 0.
    expect(pay("wang")).toEqual({ a: "200.30", b: "200.30", c: "0.00" });
  });

  it("equal the closure path, byte for byte", () => {
    expect(JSON.stringify(run(false))).toBe(JSON.stringify(run(true)));
  });

  it("compute the hand-checked values", () => {
    const r = run(false);
    // zhang: 100.10 won, 0.05 lost; li: 50.00 lost; wang: 200.00 + 0.30 won; zhao nothing.
    expect(values(r, "2026-03", "net")).toEqual({ all: "250.35", east: "50.05", west: "200.30", zhang: "100.05", li: "-50.00", wang: "200.30", zhao: "0.00" });
    expect(values(r, "2026-03", "net_plus")).toMatchObject({ zhang: "200.05", zhao: "100.00" });
    expect(values(r, "2026-03", "minus")).toMatchObject({ li: "-50.00", zhang: "-0.05" });
    // conversion: zhang 1/3, wang 2/1, li and zhao 0/0 → null; doubled keeps the null.
    expect(values(r, "2026-03", "conversion")).toMatchObject({ zhang: 1 / 3, wang: 2, li: null, zhao: null, all: 3 / 4 });
    expect(values(r, "2026-03", "doubled")).toMatchObject({ zhang: (1 / 3) * 2 - 1, li: null });
    expect(values(r, "2026-03", "per_visit")).toMatchObject({ zhang: 3 / 4 + 0.5, zhao: 0.5 });
    // share is money / money: the closure path (a ratio of exact amounts); zhao 0 / 0 → null.
    expect(values(r, "2026-03", "share")).toMatchObject({ zhang: 10010 / 10015, zhao: null });
    // February has no records: sums and counts are 0, the ratio null.
    expect(values(r, "2026-02", "net")).toMatchObject({ all: "0.00" });
    expect(values(r, "2026-02", "conversion")).toMatchObject({ all: null });
  });
});
