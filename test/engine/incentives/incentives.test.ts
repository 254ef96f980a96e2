/**
 * evaluateIncentive against DESIGN.md's worked examples, computed by hand:
 * retroactive and marginal tiers, attainment bounds turned into amounts,
 * inclusive bounds, gates with null, cap and floor, rounding once (half_up vs
 * half_even on .5-cent products), pay tiers and the formula form.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FakeSpec } from "./fake-env.js";
import { CELL, checked, fakeEnv } from "./fake-env.js";
import { ExactQuotient } from "../../../engine/evaluate/values.js";
import { evaluateIncentive } from "../../../engine/incentives/index.js";

const prelude = (rounding = "half_up", currency = "CNY") => `template t {
  grain month
  currency ${currency}
  rounding ${rounding}
}
entity rep in team
entity team
metric new_amount: money = input
metric new_deals: integer = input
metric renewal_rate: percent = input
target new_amount { base 100_000 }
target new_deals { base 8 }
`;

/** Pays the template's only incentive for `zhang` with these values; returns minor units. */
function pay(incentive: string, spec: FakeSpec, rounding?: string, currency?: string): number {
  return outcome(incentive, spec, rounding, currency).value;
}

function outcome(incentive: string, spec: FakeSpec, rounding?: string, currency?: string) {
  const c = checked(prelude(rounding, currency) + incentive);
  return evaluateIncentive(c.incentives[0]!, fakeEnv(c, spec), CELL);
}

const yuan = (n: number): number => Math.round(n * 100);

const tiers = (mode: string, on: string, steps: string, extra = "") => `incentive i for rep {
  basis new_amount
  tiers ${mode}${on ? ` on ${on}` : ""} {
${steps}
  }
${extra}}
`;

const BANDS = "    from 0 rate 3%\n    from 300_000 rate 5%\n    from 500_000 rate 7%";
const HALVES = "    from 0 rate 50%\n    from 100_000 rate 60%";
const COMMISSION = "    from 80% rate 3%\n    from 100% rate 5%\n    from 120% rate 8%";

describe("tiers: DESIGN.md's worked examples", () => {
  it("marginal bands 3% to 300,000, 5% to 500,000, 7% above, on 600,000 → 26,000", () => {
    // 300,000 × 3% + 200,000 × 5% + 100,000 × 7% = 9,000 + 10,000 + 7,000
    expect(pay(tiers("marginal", "", BANDS), { metrics: { new_amount: yuan(600_000) } })).toBe(yuan(26_000));
    // retroactive: the whole 600,000 at 7%
    expect(pay(tiers("retroactive", "", BANDS), { metrics: { new_amount: yuan(600_000) } })).toBe(yuan(42_000));
  });

  it("50% on the first 100,000 and 60% above, on 180,000 → retroactive 108,000, marginal 98,000", () => {
    const spec = { metrics: { new_amount: yuan(180_000) } };
    expect(pay(tiers("retroactive", "", HALVES), spec)).toBe(yuan(108_000)); // 180,000 × 60%
    expect(pay(tiers("marginal", "", HALVES), spec)).toBe(yuan(98_000)); // 100,000 × 50% + 80,000 × 60%
  });

  it("quota 200,000: 5% up to quota and 8% above (marginal on attainment), on 260,000 → 14,800", () => {
    const steps = "    from 0% rate 5%\n    from 100% rate 8%";
    const spec = { metrics: { new_amount: yuan(260_000) }, targets: { new_amount: { base: yuan(200_000) } } };
    // bounds become amounts 0% × 200,000 = 0 and 100% × 200,000 = 200,000: 200,000 × 5% + 60,000 × 8%
    const r = outcome(tiers("marginal", "attainment(new_amount)", steps), spec);
    expect(r.value).toBe(yuan(14_800));
    expect(r.trace.tier).toBe(1);
    expect(r.trace.steps).toContain("marginal bounds on attainment become amounts, bound × target 200,000.00: 0% → 0.00, 100% → 200,000.00");
    // below quota only the first slice pays: 150,000 × 5%
    expect(pay(tiers("marginal", "attainment(new_amount)", steps), { ...spec, metrics: { new_amount: yuan(150_000) } })).toBe(yuan(7_500));
  });

  it("the commission: 104% attainment on 104,000 earns 5% × 104,000 = 5,200", () => {
    const spec = { metrics: { new_amount: yuan(104_000) }, targets: { new_amount: { base: yuan(100_000) } } };
    const r = outcome(tiers("retroactive", "attainment(new_amount)", COMMISSION), spec);
    expect(r.value).toBe(yuan(5_200));
    expect(r.trace).toMatchObject({ form: "tiers", tier: 1, unrounded: "520000", rounded: 520000 });
    expect(r.trace.steps).toEqual([
      "basis new_amount = 104,000.00",
      "tiers retroactive",
      "measure attainment(new_amount) = 104%",
      "tier 2 of 3 reached (from 100% rate 5%): 104% ≥ 100%",
      "retroactive: the whole basis at the tier's rate, 5% × 104,000.00 = 5,200.00",
      "amount 5,200.00 (no rounding needed)",
    ]);
  });
});

describe("tiers: bounds are inclusive; below the first bound pays 0", () => {
  const at = (amount: number) => ({ metrics: { new_amount: yuan(amount) }, targets: { new_amount: { base: yuan(100_000) } } });
  it.each([
    [79_999.99, 0],
    [80_000, 2_400], // exactly 80%: 3%
    [99_999.99, 2_999.9997],
    [100_000, 5_000], // exactly 100%: 5%
    [120_000, 9_600], // exactly 120%: 8%
  ])("retroactive on attainment, %s → %s", (amount, expected) => {
    expect(pay(tiers("retroactive", "attainment(new_amount)", COMMISSION), at(amount))).toBe(Math.round(expected * 100));
  });

  it("a basis exactly on an amount bound takes that tier (retroactive) and pays no slice above it (marginal)", () => {
    const spec = { metrics: { new_amount: yuan(300_000) } };
    expect(pay(tiers("retroactive", "", BANDS), spec)).toBe(yuan(15_000));
    expect(pay(tiers("marginal", "", BANDS), spec)).toBe(yuan(9_000));
  });

  it("pays no marginal slice below zero, even for a negative bound", () => {
    const inc = tiers("marginal", "", "    from -1_000 rate 5%\n    from 100 rate 10%");
    expect(pay(inc, { metrics: { new_amount: 0 } })).toBe(0);
    expect(pay(inc, { metrics: { new_amount: yuan(200) } })).toBe(yuan(15)); // 100 × 5% + 100 × 10%
  });

  it("says why nothing is paid below the first bound", () => {
    const r = outcome(tiers("retroactive", "attainment(new_amount)", COMMISSION), at(50_000));
    expect(r.value).toBe(0);
    expect(r.trace.tier).toBeUndefined();
    expect(r.trace.steps).toContain("50% is below the first bound 80%: no tier is reached, pays 0");
  });

  it("a null measure (no target) reaches no tier", () => {
    const r = outcome(tiers("retroactive", "attainment(new_amount)", COMMISSION), { metrics: { new_amount: yuan(500_000) } });
    expect(r.value).toBe(0);
    expect(r.trace.steps).toContain("the measure has no value (null): no tier is reached, pays 0");
  });
});

describe("gate", () => {
  const base = { targets: { new_amount: { base: yuan(100_000) } } };
  const withGate = (gate: string) => tiers("retroactive", "attainment(new_amount)", COMMISSION, `  gate ${gate}\n`);

  it("`renewal_rate >= 70% or renewal_rate is null` passes when renewal_rate is null", () => {
    const r = outcome(withGate("renewal_rate >= 70% or renewal_rate is null"), { ...base, metrics: { new_amount: yuan(104_000), renewal_rate: null } });
    expect(r.value).toBe(yuan(5_200));
    expect(r.trace.gate).toEqual({ passed: true, text: "renewal_rate >= 70% or renewal_rate is null" });
    expect(r.trace.steps[0]).toBe("gate renewal_rate >= 70% or renewal_rate is null (renewal_rate = —): true → passed");
  });

  it("`renewal_rate >= 70%` fails when renewal_rate is null, and pays 0", () => {
    const r = outcome(withGate("renewal_rate >= 70%"), { ...base, metrics: { new_amount: yuan(104_000), renewal_rate: null } });
    expect(r.value).toBe(0);
    expect(r.trace.gate).toEqual({ passed: false, text: "renewal_rate >= 70%" });
    expect(r.trace.steps.at(-1)).toBe("pays 0: the gate failed (the incentive would pay 5,200.00)");
  });

  it("compares inclusively and fails below", () => {
    const gate = withGate("renewal_rate >= 70% or renewal_rate is null");
    expect(pay(gate, { ...base, metrics: { new_amount: yuan(104_000), renewal_rate: 0.7 } })).toBe(yuan(5_200));
    expect(pay(gate, { ...base, metrics: { new_amount: yuan(104_000), renewal_rate: 0.69 } })).toBe(0);
  });

  it("a failed gate pays 0 even with a floor", () => {
    const inc = tiers("retroactive", "", "    from 0 rate 5%", "  gate renewal_rate >= 70%\n  floor 1_000\n");
    expect(pay(inc, { metrics: { new_amount: yuan(100_000), renewal_rate: 0.5 } })).toBe(0);
  });
});

describe("cap and floor bound the rounded amount", () => {
  const inc = tiers("retroactive", "", "    from 0 rate 5%", "  cap 50_000\n  floor 1_000\n");
  it("caps", () => {
    const r = outcome(inc, { metrics: { new_amount: yuan(2_000_000) } });
    expect(r.value).toBe(yuan(50_000));
    expect(r.trace).toMatchObject({ rounded: yuan(100_000), capped: "cap" });
    expect(r.trace.steps).toContain("cap 50,000.00 applied: 100,000.00 → 50,000.00");
  });
  it("floors, also when nothing is earned", () => {
    expect(outcome(inc, { metrics: { new_amount: yuan(10_000) } }).trace.capped).toBe("floor");
    expect(pay(inc, { metrics: { new_amount: yuan(10_000) } })).toBe(yuan(1_000));
    expect(pay(inc, { metrics: { new_amount: null } })).toBe(yuan(1_000));
  });
  it("leaves an amount between them alone", () => {
    const r = outcome(inc, { metrics: { new_amount: yuan(100_000) } });
    expect(r.value).toBe(yuan(5_000));
    expect(r.trace.capped).toBeUndefined();
  });
});

describe("exact products rounded once", () => {
  const five = tiers("retroactive", "", "    from 0 rate 5%");
  it.each([
    ["half_up", 10.5, 53], // 10.50 × 5% = 0.525
    ["half_even", 10.5, 52],
    ["half_up", 0.9, 5], // 0.90 × 5% = 0.045
    ["half_even", 0.9, 4],
    ["half_up", 1.1, 6], // 1.10 × 5% = 0.055
    ["half_even", 1.1, 6],
  ])("%s: %s × 5% → %s minor units", (rounding, amount, expected) => {
    expect(pay(five, { metrics: { new_amount: yuan(amount) } }, rounding)).toBe(expected);
  });

  it("shows the unrounded amount and the rounding in the trace", () => {
    const r = outcome(five, { metrics: { new_amount: 1050 } }, "half_even");
    expect(r.trace).toMatchObject({ unrounded: "52.5", rounded: 52 });
    expect(r.trace.steps.at(-1)).toBe("rounded half_even to the minor unit: 0.525 → 0.52");
  });

  it("sums marginal slices exactly and rounds the total once (0.505 + 0.505 = 1.01, not 1.02)", () => {
    const inc = tiers("marginal", "", "    from 0 rate 5%\n    from 10.10 rate 50%");
    expect(pay(inc, { metrics: { new_amount: 1111 } })).toBe(101);
  });

  it("rounds to whole yen in JPY", () => {
    expect(pay(five, { metrics: { new_amount: 10_005 } }, "half_up", "JPY")).toBe(500); // 500.25
    expect(pay(five, { metrics: { new_amount: 10_010 } }, "half_even", "JPY")).toBe(500); // 500.5
  });
});

describe("pay tiers: first_deals (from 1 pay 1_000, from 5 pay 3_000)", () => {
  const first = (mode: string) => `incentive first_deals for rep {
  tiers ${mode} on new_deals {
    from 1 pay 1_000
    from 5 pay 3_000
  }
}
`;
  it.each([
    [0, 0],
    [1, 1_000],
    [4, 1_000],
    [5, 3_000],
    [7, 3_000],
  ])("retroactive: %s deals → %s", (deals, expected) => {
    expect(pay(first("retroactive"), { metrics: { new_deals: deals } })).toBe(yuan(expected));
  });
  it("marginal pays every reached tier's amount: 5 deals → 1,000 + 3,000", () => {
    expect(pay(first("marginal"), { metrics: { new_deals: 5 } })).toBe(yuan(4_000));
    expect(pay(first("marginal"), { metrics: { new_deals: 3 } })).toBe(yuan(1_000));
  });
});

describe("marginal tiers on other measures: each measure slice takes its share of the basis", () => {
  it("on attainment of a count: 500,000 at 125% → 500,000 × (5% × 100% + 8% × 25%) / 125% = 28,000", () => {
    const inc = tiers("marginal", "attainment(new_deals)", "    from 0% rate 5%\n    from 100% rate 8%");
    expect(pay(inc, { metrics: { new_amount: yuan(500_000), new_deals: 10 }, targets: { new_deals: { base: 8 } } })).toBe(yuan(28_000));
  });
  it("on the basis itself it is the plain slicing rule", () => {
    expect(pay(tiers("marginal", "new_amount", BANDS), { metrics: { new_amount: yuan(600_000) } })).toBe(yuan(26_000));
  });
});

describe("formula form", () => {
  const bonus = "incentive challenge_bonus for rep = if(new_amount >= challenge(new_amount), 5_000, 0)\n";
  it("pays the formula's money value", () => {
    const targets = { new_amount: { base: yuan(100_000), challenge: yuan(120_000) } };
    expect(pay(bonus, { metrics: { new_amount: yuan(120_000) }, targets })).toBe(yuan(5_000));
    expect(pay(bonus, { metrics: { new_amount: yuan(119_999.99) }, targets })).toBe(0);
    expect(pay(bonus, { metrics: { new_amount: yuan(500_000) } })).toBe(0); // no challenge: the comparison is false
  });
  it("rounds a product once by the template's mode", () => {
    const inc = "incentive c for rep = new_amount * 5%\n";
    expect(pay(inc, { metrics: { new_amount: 1050 } }, "half_up")).toBe(53);
    const r = outcome(inc, { metrics: { new_amount: 1050 } }, "half_even");
    expect(r.value).toBe(52);
    expect(r.trace).toMatchObject({ form: "formula", unrounded: "52.5", rounded: 52 });
    expect(r.trace.steps[0]).toBe("formula new_amount * 5% = 0.525");
  });
  it("a null value pays 0", () => {
    const r = outcome("incentive c for rep = new_amount * 5%\n", { metrics: {} });
    expect(r.value).toBe(0);
    expect(r.trace.steps[0]).toBe("formula new_amount * 5% = —: no value, pays 0");
  });
});

describe("exact quotients from the evaluator", () => {
  it("rounds basis × rate from the exact fraction, not a truncated decimal (1/3 × 150% = 0.5 exactly)", () => {
    const inc = "incentive q for rep {\n  basis new_amount / 3\n  tiers retroactive { from 0 rate 150% }\n}\n";
    for (const [rounding, expected] of [["half_up", 1], ["half_even", 0]] as const) {
      const c = checked(prelude(rounding) + inc);
      const env = fakeEnv(c, { metrics: { new_amount: 1 } });
      const exactEnv = { ...env, evaluate: (e: Parameters<typeof env.evaluate>[0], cell: typeof CELL) => (e === c.incentives[0]!.basis ? new ExactQuotient(1n, 3n) : env.evaluate(e, cell)) };
      const r = evaluateIncentive(c.incentives[0]!, exactEnv, CELL);
      expect(r.value).toBe(expected);
      expect(r.trace.unrounded).toBe("0.5");
      expect(r.trace.steps).toContain("basis new_amount / 3 = 0.00333333333333…");
    }
  });
});

describe("docs/engine.md's incentive examples", () => {
  const doc = readFileSync(new URL("../../../docs/engine.md", import.meta.url), "utf8");
  const blocks = [...doc.matchAll(/^ *```kpi\n([\s\S]*?)^ *```$/gm)].map((m) => m[1]!.replace(/^ {2}/gm, ""));
  const byName = (name: string) => blocks.find((b) => b.includes(`incentive ${name} `))!;

  it("check clean", () => {
    expect(blocks.length).toBe(4);
    for (const b of blocks) expect(() => checked(prelude() + b)).not.toThrow();
  });

  it("pay what the text says", () => {
    const targets = { new_amount: { base: yuan(80_000) } };
    expect(pay(byName("commission"), { metrics: { new_amount: yuan(83_200), renewal_rate: 1 }, targets })).toBe(yuan(4_160));
    expect(pay(byName("commission"), { metrics: { new_amount: yuan(45_833.5) }, targets: { new_amount: { base: yuan(50_000) } } })).toBe(yuan(1_375.01));
    expect(pay(byName("commission"), { metrics: { new_amount: yuan(107_345.67), renewal_rate: 1 / 3 }, targets })).toBe(0);
    expect(pay(byName("bands"), { metrics: { new_amount: yuan(600_000) } })).toBe(yuan(26_000));
    expect(pay(byName("quota_plan"), { metrics: { new_amount: yuan(260_000) }, targets: { new_amount: { base: yuan(200_000) } } })).toBe(yuan(14_800));
    expect(pay(byName("first_deals"), { metrics: { new_deals: 5 } })).toBe(yuan(3_000));
  });
});
