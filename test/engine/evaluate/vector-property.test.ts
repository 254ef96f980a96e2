/**
 * Property: for random formulas of the shapes `vector.ts` takes over — sums
 * and counts, other metrics, literals, unary minus, `+ - * /` of numbers,
 * money sums and differences — and random incentive gates of comparisons,
 * `is null`, `and`, `or`, `not`, the result equals the closure path's byte
 * for byte (`interpret: true` turns the vector path off), on random records.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateWith } from "../../../engine/evaluate/evaluate.js";
import { ENGINE_PARTS } from "../../../engine/evaluate/index.js";
import { check, load, TEAMS } from "./helpers.js";

const HEAD = `template t { grain month }
entity rep in team
entity team
source deals by rep at closed_on {
  amount: money
  cost: money
  units: integer
  closed_on: date
}
metric m_amount: money = sum(deals.amount)
metric m_cost: money = sum(deals.cost)
metric n_deals = count(deals)
metric n_units = sum(deals.units)
`;

// The last leaf is always null (a division by a count that is always 0), so nulls meet every operator.
const numberLeaf = fc.constantFrom("n_deals", "n_units", "count(deals where amount > 10)", "sum(deals.units where cost < 50)", "2", "0", "0.5", "3%", "1_000", "(n_units / count(deals where amount > 1_000))");
const moneyLeaf = fc.constantFrom("m_amount", "m_cost", "sum(deals.amount where units > 1)", "15.25");

const numberExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { maxDepth: 3 },
    numberLeaf,
    fc.tuple(tie("e") as fc.Arbitrary<string>, fc.constantFrom("+", "-", "*", "/"), tie("e") as fc.Arbitrary<string>).map(([a, op, b]) => `(${a} ${op} ${b})`),
    (tie("e") as fc.Arbitrary<string>).map((a) => `-(${a})`),
  ),
})).e;

const moneyExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { maxDepth: 3 },
    moneyLeaf,
    fc.tuple(tie("e") as fc.Arbitrary<string>, fc.constantFrom("+", "-"), tie("e") as fc.Arbitrary<string>).map(([a, op, b]) => `(${a} ${op} ${b})`),
    (tie("e") as fc.Arbitrary<string>).map((a) => `-(${a})`),
  ),
})).e;

const condition: fc.Arbitrary<string> = fc.letrec((tie) => ({
  c: fc.oneof(
    { maxDepth: 3 },
    fc.tuple(fc.constantFrom("x1", "x2", "n_deals"), fc.constantFrom("==", "!=", "<", "<=", ">", ">="), fc.constantFrom("0", "1", "2.5", "x1", "x2")).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom("y1", "m_amount"), fc.constantFrom("==", "!=", "<", ">="), fc.constantFrom("0", "20.50", "y1")).map(([a, op, b]) => `${a} ${op} ${b}`),
    // `!=` against a null is the one comparison JavaScript gets wrong on NaN: always in the mix.
    fc.constantFrom("x1 is null", "x2 is not null", "y1 is null", "true", "false", "n_deals != x1", "x2 != 1", "y1 != 0"),
    fc.tuple(tie("c") as fc.Arbitrary<string>, fc.constantFrom("and", "or"), tie("c") as fc.Arbitrary<string>).map(([a, op, b]) => `(${a} ${op} ${b})`),
    (tie("c") as fc.Arbitrary<string>).map((a) => `not (${a})`),
  ),
})).c;

const record = fc.record({
  rep: fc.constantFrom("zhang", "li", "wang", "zhao"),
  amount: fc.option(fc.integer({ min: -5_000, max: 5_000 }).map((c) => (c / 100).toFixed(2)), { nil: null }),
  cost: fc.option(fc.integer({ min: 0, max: 9_000 }).map((c) => (c / 100).toFixed(2)), { nil: null }),
  units: fc.option(fc.integer({ min: -3, max: 5 }), { nil: null }),
  closed_on: fc.constantFrom("2026-02-10", "2026-03-01", "2026-03-31"),
});

describe("vector formulas and conditions (property)", () => {
  it("equal the closure path on random formulas, gates and records", () => {
    fc.assert(
      fc.property(numberExpr, numberExpr, moneyExpr, condition, fc.array(record, { maxLength: 12 }), (x1, x2, y1, gate, deals) => {
        const text = `${HEAD}metric x1 = ${x1}\nmetric x2 = ${x2}\nmetric y1: money = ${y1}\nincentive pay for rep {\n  basis y1\n  gate ${gate}\n}\nincentive flat for rep {\n  basis m_amount + 1_000\n  gate ${gate}\n}\n`;
        const checked = check(text);
        const ds = load(checked, { entities: TEAMS, records: { deals } });
        const request = { period: "2026-02..2026-03" };
        const fast = evaluateWith(ENGINE_PARTS, checked, ds, request);
        const reference = evaluateWith(ENGINE_PARTS, checked, ds, request, { interpret: true });
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
      }),
      { numRuns: 200 },
    );
  });
});
