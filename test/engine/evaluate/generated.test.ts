/**
 * The generated filters agree with the reference interpreter: every `where`
 * form the code generator specialises (enum, string and entity codes,
 * numbers and money with missing values, dates, true/false fields,
 * three-valued `not`/`and`/`or`/`if`, `in`, `is null`) and the forms it
 * leaves to closures (string ordering, arithmetic, `coalesce`) give the same
 * results as evaluating every filter through `formulas.ts`, on random
 * records with missing values.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateWith } from "../../../engine/evaluate/evaluate.js";
import { ENGINE_PARTS } from "../../../engine/evaluate/index.js";
import { check, load } from "./helpers.js";

const TEMPLATE = `template t { grain month }
entity rep in team
entity team
source deals by rep at closed_on {
  amount: money
  cost: money
  status: "open" | "won" | "lost"
  customer: string
  quoted: boolean
  flagged: boolean
  discount: percent
  days: integer
  owner: rep
  signed_on: date
  closed_on: date
}
metric f1 = count(deals where status == "won")
metric f2 = count(deals where status != "won")
metric f3 = count(deals where status in ("won", "lost"))
metric f4 = count(deals where status not in ("won", "lost"))
metric f5 = count(deals where amount > 100)
metric f6 = count(deals where amount != 100)
metric f7 = count(deals where amount >= cost)
metric f8 = count(deals where amount != cost)
metric f9 = count(deals where quoted)
metric f10 = count(deals where not quoted)
metric f11 = count(deals where quoted == flagged)
metric f12 = count(deals where quoted != true)
metric f13 = count(deals where customer == "acme" or customer is null)
metric f14 = count(deals where customer < "m")
metric f15 = count(deals where signed_on < "2026-03-15")
metric f16 = count(deals where signed_on <= closed_on)
metric f17 = count(deals where owner == "r1")
metric f18 = count(deals where owner != "nobody")
metric f19 = count(deals where amount * 2 > cost)
metric f20 = count(deals where not (quoted and flagged))
metric f21 = count(deals where not (quoted or discount > 10%))
metric f22 = count(deals where if(quoted, flagged, not flagged))
metric f23 = count(deals where days is not null and days > 3)
metric f24 = count(deals where coalesce(quoted, false))
metric f25 = count(deals where status == "won" and not (customer == "acme"))
metric f26 = count(deals where customer != "never seen")
metric f27 = count(deals where 100 < amount)
metric f28 = count(deals where null == amount or -5 > days)
metric s1: money = sum(deals.amount where quoted)
metric a1: money = avg(deals.amount where flagged)
metric mn = min(deals.days where quoted)
metric mx = max(deals.discount)
metric d1 = distinct(deals.customer)
metric d2 = distinct(deals.owner)
metric d3 = distinct(deals.days where not flagged)
`;

const entities = [
  { id: "t1", kind: "team" },
  { id: "r1", kind: "rep", parent: "t1" },
  { id: "r2", kind: "rep", parent: "t1" },
  { id: "r3", kind: "rep", parent: "t1" },
];

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });
const money = fc.constantFrom("0.00", "1.00", "50.00", "100.00", "100.01", "250.50", "-3.00");
const date = fc.integer({ min: 1, max: 31 }).map((d) => `2026-03-${String(d).padStart(2, "0")}`);
const record = fc.record({
  rep: fc.constantFrom("r1", "r2", "r3"),
  amount: maybe(money),
  cost: maybe(money),
  status: maybe(fc.constantFrom("open", "won", "lost")),
  customer: maybe(fc.constantFrom("acme", "beta", "zeta", "mike", "")),
  quoted: maybe(fc.boolean()),
  flagged: maybe(fc.boolean()),
  discount: maybe(fc.constantFrom("0%", "5%", "10%", "15%")),
  days: maybe(fc.integer({ min: -10, max: 10 })),
  owner: maybe(fc.constantFrom("r1", "r2")),
  signed_on: maybe(date),
  closed_on: date,
});

describe("generated filters", () => {
  const checked = check(TEMPLATE);

  it("agree with the reference interpreter on random records", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (deals) => {
        const ds = load(checked, { entities, records: { deals } });
        const generated = evaluateWith(ENGINE_PARTS, checked, ds, { period: "2026-03" });
        const interpreted = evaluateWith(ENGINE_PARTS, checked, ds, { period: "2026-03" }, { interpret: true });
        expect(JSON.stringify(generated)).toBe(JSON.stringify(interpreted));
      }),
      { numRuns: 150, seed: 20260301 },
    );
  });

  it("count what a hand count says on a fixed sample", () => {
    const deals = [
      { rep: "r1", amount: "100.00", cost: "50.00", status: "won", customer: "acme", quoted: true, flagged: null, discount: "15%", days: 4, owner: "r1", signed_on: "2026-03-01", closed_on: "2026-03-02" },
      { rep: "r2", amount: null, cost: "1.00", status: null, customer: null, quoted: null, flagged: false, discount: null, days: null, owner: null, signed_on: null, closed_on: "2026-03-03" },
    ];
    const out = evaluateWith(ENGINE_PARTS, checked, load(checked, { entities, records: { deals } }), { period: "2026-03" });
    if (!out.ok) throw new Error("failed");
    const t1 = out.result.periods[0]!.entities.find((e) => e.id === "t1")!.metrics;
    const v = (n: string) => t1[n]!.value;
    // Record 2 has a missing status: neither == nor != nor in nor not in matches it.
    expect([v("f1"), v("f2"), v("f3"), v("f4")]).toEqual([1, 0, 1, 0]);
    // Record 1's amount is exactly 100.00; record 2's is missing, and no comparison with it holds, `!=` included.
    expect([v("f5"), v("f6"), v("f27")]).toEqual([0, 0, 0]);
    // quoted: true, missing → `quoted` 1, `not quoted` 0; quoted == flagged: (true, missing) and (missing, false) → 0.
    expect([v("f9"), v("f10"), v("f11"), v("f12")]).toEqual([1, 0, 0, 0]);
    // customer is null for record 2; "acme" < "m".
    expect([v("f13"), v("f14")]).toEqual([2, 1]);
    // not (quoted and flagged): record 1 true and null → null → not null → null → not counted; record 2 null and false → false → counted.
    expect(v("f20")).toBe(1);
    expect([v("f23"), v("f24"), v("d1"), v("d2"), v("d3")]).toEqual([1, 1, 1, 1, 0]);
  });
});
