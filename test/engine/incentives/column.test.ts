/**
 * Incentives a kind at a time (`evaluateIncentiveColumn`, whole columns of
 * basis, measure and gate) pay exactly what `evaluateIncentive` pays cell by
 * cell: retroactive tiers on a bound, caps, floors, gates with nulls, a
 * negative basis, a basis of zero, a not-yet-employed rep, both rounding modes.
 */
import { describe, expect, it } from "vitest";
import { evaluateWith } from "../../../engine/evaluate/evaluate.js";
import { ENGINE_PARTS } from "../../../engine/evaluate/index.js";
import { check, deal, header, load, TEAMS } from "../evaluate/helpers.js";

const template = (rounding: "half_up" | "half_even") =>
  header(rounding) +
  `metric won: money = sum(deals.amount where status == "won")
metric lost: money = sum(deals.amount where status == "lost")
metric net: money = won - lost
metric n_visits = count(visits)
metric rate: percent = count(deals where status == "won") / count(deals where status != "open")
target won { base 1_200 per rep per year }
incentive tiered for rep {
  basis won
  tiers retroactive on attainment(won) {
    from 50% rate 3.5%
    from 100% rate 5%
    from 150% rate 7.25%
  }
  gate rate >= 50% or rate is null
  cap 15
  floor 1
}
incentive plain for rep {
  basis net
  gate n_visits > 0
}
incentive on_count for rep {
  basis won
  tiers retroactive on n_visits {
    from 1 rate 1.5%
    from 3 rate 2.5%
  }
}
`;

const doc = {
  entities: [...TEAMS, { id: "new", kind: "rep", name: "New", parent: "west", start: "2026-04-01" }],
  records: {
    deals: [
      deal("zhang", "100.00"), // 100 against 100.00 a month: 100%, exactly on the bound
      deal("zhang", "0.30", { status: "lost" }),
      deal("li", "50.10"), // 50.1%: just over 50%
      deal("li", "80.00", { status: "lost" }),
      deal("li", "70.00", { status: "lost" }), // rate 1/3 < 50%: the gate fails
      deal("wang", "333.33"), // 333% of target: 7.25% → 24.17, capped at 15
      deal("zhao", "0.01", { status: "open" }), // nothing decided: rate is null, the gate passes
    ],
    visits: [
      { rep: "zhang", visited_on: "2026-03-02" },
      { rep: "zhang", visited_on: "2026-03-03" },
      { rep: "zhang", visited_on: "2026-03-04" },
      { rep: "wang", visited_on: "2026-03-05" },
      { rep: "zhao", visited_on: "2026-03-06" },
      { rep: "li", visited_on: "2026-03-07" },
    ],
  },
};

describe("incentives over whole columns", () => {
  for (const rounding of ["half_up", "half_even"] as const) {
    it(`pay what the cell-by-cell path pays (${rounding})`, () => {
      const checked = check(template(rounding));
      const ds = load(checked, doc);
      const { evaluateIncentiveColumn: _, ...cellByCell } = ENGINE_PARTS;
      const request = { period: "2026-01..2026-04" };
      const columns = evaluateWith(ENGINE_PARTS, checked, ds, request);
      const cells = evaluateWith(cellByCell, checked, ds, request);
      if (!columns.ok || !cells.ok) throw new Error("evaluation failed");
      expect(JSON.stringify(columns.result)).toBe(JSON.stringify(cells.result));
      const march = columns.result.periods[2]!.entities;
      const pay = (id: string) => march.find((e) => e.id === id)!.incentives;
      // zhang: 100.00 at exactly 100% → 5% = 5.00; plain: net 99.70 with visits; on_count: 3 visits → 2.5% of 100 = 2.50.
      expect(pay("zhang")).toEqual({ tiered: "5.00", plain: "99.70", on_count: "2.50" });
      // li: the gate fails (1 won of 3 decided) → 0, and the floor does not apply; plain pays the negative
      // net 50.10 − 150.00 = −99.90; on_count: 1 visit → 1.5% × 50.10 = 0.7515 → 0.75.
      expect(pay("li")).toEqual({ tiered: "0.00", plain: "-99.90", on_count: "0.75" });
      // wang: 333.33 at 333% → 7.25% = 24.166… → capped at 15.00; on_count: 1 visit → 1.5% = 4.99995 → 5.00.
      expect(pay("wang")).toEqual({ tiered: "15.00", plain: "333.33", on_count: "5.00" });
      // zhao: nothing won: below every tier → 0, raised to the floor 1.00 (the gate passes on a null rate).
      expect(pay("zhao")).toEqual({ tiered: "1.00", plain: "0.00", on_count: "0.00" });
      // new starts in April: nothing in March, floor included.
      expect(pay("new")).toEqual({ tiered: "0.00", plain: "0.00", on_count: "0.00" });
    });
  }
});
