/**
 * Money is exact (DESIGN.md "Money is exact"): sums of money are exact
 * integer minor units however many records; a product with a rate or a
 * quotient is exact and rounded ONCE, when the metric value is produced, by
 * the template's rounding mode (half_up or half_even, ties included); money
 * literals are currency units; `80%` is exactly 0.8; money / money is a
 * plain number.
 */
import { describe, expect, it } from "vitest";
import type { Column, Dataset, SourceData } from "../../../engine/dataset/index.js";
import { check, deal, header, load, metric, run, TEAMS } from "./helpers.js";

/** Replaces the deals of a loaded dataset with `n` won new deals of `amount(i)` minor units for `rep`, dated 2026-03-10. */
function withManyDeals(ds: Dataset, rep: number, n: number, amount: (i: number) => number): Dataset {
  const old = ds.sources.get("deals")!;
  const at = new Int32Array(n).fill(20522); // 2026-03-10
  const fields = new Map<string, Column>(old.fields);
  fields.set("amount", { type: "money", values: Float64Array.from({ length: n }, (_, i) => amount(i)) });
  fields.set("status", { type: "enum", codes: new Int32Array(n).fill(1), dict: ["open", "won", "lost"] });
  fields.set("kind", { type: "enum", codes: new Int32Array(n).fill(0), dict: ["new", "renewal"] });
  fields.set("customer", { type: "string", codes: new Int32Array(n).fill(-1), dict: [] });
  fields.set("quoted", { type: "boolean", values: new Uint8Array(n).fill(2) });
  fields.set("closed_on", { type: "date", values: at });
  const deals: SourceData = { ...old, length: n, by: new Int32Array(n).fill(rep), at, origin: Int32Array.from({ length: n }, (_, i) => i), fields };
  return { ...ds, sources: new Map([...ds.sources, ["deals", deals]]) };
}

describe("money sums", () => {
  it("sums a million amounts in cents exactly, at the rep, the team and the root", () => {
    const checked = check(header() + `metric total: money = sum(deals.amount)\nmetric total_rate: money = total * 3%`);
    const base = load(checked, { entities: TEAMS, records: { deals: [], visits: [] } });
    const zhang = base.entities.byId.get("zhang")!;
    const amount = (i: number) => 1 + ((i * 7919) % 99_999_989); // 0.01 … 999,999.89
    const ds = withManyDeals(base, zhang, 1_000_000, amount);
    let exact = 0n;
    for (let i = 0; i < 1_000_000; i++) exact += BigInt(amount(i));
    const text = `${exact / 100n}.${String(exact % 100n).padStart(2, "0")}`;
    const result = run(checked, ds, { period: "2026-03" });
    for (const id of ["zhang", "east", "all"]) expect(metric(result, "2026-03", id, "total").value).toBe(text);
    // Hand-checked: Σ = 49,902,671,555,318 cents (adding the amounts as yuan in doubles gives …553.17975).
    expect(text).toBe("499026715553.18");
    // × 3% = 1,497,080,146,659.54 cents → one rounding: 14,970,801,466.60.
    expect(metric(result, "2026-03", "zhang", "total_rate").value).toBe("14970801466.60");
  });
});

describe("a rate product rounds once", () => {
  const formulas = `
metric new_amount: money = sum(deals.amount where status == "won")
metric commission: money = new_amount * 5%
metric commission_x3: money = new_amount * 5% * 3
metric third_and_half: money = new_amount / 3 * 1.5
metric avg_deal: money = avg(deals.amount)
metric rounded_yuan: money = round(new_amount * 5%, 0)
metric rounded_number = round(2.675, 2)
metric plus_literal: money = new_amount + 5_000
metric over_5000 = if(new_amount + 4_989.50 >= 5_000, 1, 0)
metric share = new_amount / sum(deals.amount)
`;
  const cases: [string, Record<string, string | number>][] = [
    ["half_up", { commission: "0.53", commission_x3: "1.58", third_and_half: "5.25", avg_deal: "5.28", rounded_number: 2.68 }],
    ["half_even", { commission: "0.52", commission_x3: "1.58", third_and_half: "5.25", avg_deal: "5.28", rounded_number: 2.68 }],
  ];
  for (const [mode, expected] of cases) {
    it(`in ${mode}`, () => {
      const checked = check(header(mode as "half_up") + formulas);
      // zhang: one won deal of 10.50 and one lost deal of 0.05.
      const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "10.50"), deal("zhang", "0.05", { status: "lost" })], visits: [] } });
      const result = run(checked, ds, { period: "2026-03" });
      const v = (name: string) => metric(result, "2026-03", "zhang", name).value;
      // 10.50 × 5% = 0.525 → 0.53 up, 0.52 even (the tie goes to the even cent).
      expect(v("commission")).toBe(expected["commission"]);
      // 10.50 × 5% × 3 = 1.575: rounded once → 1.58 both ways (0.53 × 3 = 1.59, 0.52 × 3 = 1.56 would be rounding twice).
      expect(v("commission_x3")).toBe(expected["commission_x3"]);
      // 1050 / 3 × 1.5 = 525 minor units exactly (no decimal truncation of 350.333…).
      expect(v("third_and_half")).toBe(expected["third_and_half"]);
      // (1050 + 5) / 2 = 527.5 minor units → 5.28 (half up), 5.28 (even: 528).
      expect(v("avg_deal")).toBe(expected["avg_deal"]);
      // round(0.525 yuan, 0) = 1 yuan either way (0.525 is past the half); round(2.675, 2) reads 2.675 as written.
      expect(v("rounded_yuan")).toBe("1.00");
      expect(v("rounded_number")).toBe(expected["rounded_number"]);
      // 10.50 + 5,000 = 5,010.50: literals next to money are currency units.
      expect(v("plus_literal")).toBe("5010.50");
      // 10.50 + 4,989.50 = 5,000.00 ≥ 5,000: exact, no float drift.
      expect(v("over_5000")).toBe(1);
      // money / money is a plain number: 1050 / 1055.
      expect(v("share")).toBe(1050 / 1055);
    });
  }
});

describe("ties in both rounding modes", () => {
  const formulas = `
metric new_amount: money = sum(deals.amount)
metric half: money = new_amount / 2
metric avg_deal: money = avg(deals.amount)
metric yuan: money = round(new_amount, 0)
metric tiny: money = new_amount / 3 * 1.5
`;
  const cases: [string, string, Record<string, string>][] = [
    // 0.01 and 0.04: 5 minor units → half 2.5; avg 2.5; round(0.05 yuan, 0) = 0; 5 / 3 × 1.5 = 2.5.
    ["half_up", "0.01", { half: "0.03", avg_deal: "0.03", yuan: "0.00", tiny: "0.03" }],
    ["half_even", "0.01", { half: "0.02", avg_deal: "0.02", yuan: "0.00", tiny: "0.02" }],
    // 0.11 and 0.40: 51 → 25.5 (26 / 26 even); round(0.51, 0) = 1 yuan; 51 / 3 × 1.5 = 25.5.
    ["half_up", "0.11", { half: "0.26", avg_deal: "0.26", yuan: "1.00", tiny: "0.26" }],
    ["half_even", "0.11", { half: "0.26", avg_deal: "0.26", yuan: "1.00", tiny: "0.26" }],
  ];
  for (const [mode, first, expected] of cases) {
    it(`${mode} with ${first} + ${first === "0.01" ? "0.04" : "0.40"}`, () => {
      const checked = check(header(mode as "half_up") + formulas);
      const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", first), deal("zhang", first === "0.01" ? "0.04" : "0.40")], visits: [] } });
      const result = run(checked, ds, { period: "2026-03" });
      for (const [name, value] of Object.entries(expected)) expect([name, metric(result, "2026-03", "zhang", name).value]).toEqual([name, value]);
    });
  }

  it("rounds round(x, 0) of money to whole currency units by the mode", () => {
    for (const [mode, want] of [["half_up", "3.00"], ["half_even", "2.00"]] as const) {
      const checked = check(header(mode) + `metric a: money = sum(deals.amount)\nmetric r: money = round(a, 0)`);
      const ds = load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "2.50")], visits: [] } });
      expect(metric(run(checked, ds, { period: "2026-03" }), "2026-03", "zhang", "r").value).toBe(want);
    }
  });
});

describe("literals", () => {
  it("reads number literals next to money as currency units, in products and quotients too", () => {
    const checked = check(header() + `
metric a: money = sum(deals.amount)
metric product: money = 5_000 * 2
metric quotient: money = 10_000 / 4
metric third: money = 100 / 3
metric sum_product: money = a + 1.5 * 2
metric plain = if(a > 0, 5_000 * 2, 0)
`);
    const result = run(checked, load(checked, { entities: TEAMS, records: { deals: [deal("zhang", "1.00")], visits: [] } }), { period: "2026-03" });
    const v = (name: string) => metric(result, "2026-03", "zhang", name).value;
    expect([v("product"), v("quotient"), v("third"), v("sum_product")]).toEqual(["10000.00", "2500.00", "33.33", "4.00"]);
    // Without a money type anywhere, the literals stay plain numbers.
    expect(v("plain")).toBe(10000);
  });

  it("reads 80% as exactly 0.8", () => {
    const checked = check(header() + `metric won = count(deals where status == "won")\nmetric all_deals = count(deals)\nmetric hit = if(won / all_deals >= 80%, 1, 0)\nmetric rate: percent = 80%`);
    const deals = [deal("zhang", "1.00"), deal("zhang", "1.00"), deal("zhang", "1.00"), deal("zhang", "1.00"), deal("zhang", "1.00", { status: "lost" })];
    const result = run(checked, load(checked, { entities: TEAMS, records: { deals, visits: [] } }), { period: "2026-03" });
    expect(metric(result, "2026-03", "zhang", "hit").value).toBe(1);
    expect(metric(result, "2026-03", "zhang", "rate").value).toBe(0.8);
  });
});
