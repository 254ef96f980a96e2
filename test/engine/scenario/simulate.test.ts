/**
 * What-if scenarios on a hand-sized plan (test/fixtures/scenario): targets
 * 10,000.00 per rep for March 2026; tiers 5% from 80%, 10% from 100%,
 * retroactive. March new amounts: Ann 12,000 (120% → 1,200.00), Bob 9,500
 * (95% → 475.00), Cat 7,000 (70% → 0). Baseline 1,675.00 of 28,500.00.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../../engine/check/index.js";
import { datasetSpecOf } from "../../../engine/evaluate/index.js";
import { loadDatasetJson } from "../../../engine/dataset/index.js";
import { simulate, type Scenario } from "../../../engine/scenario/index.js";

const DIR = join(import.meta.dirname, "../../fixtures/scenario");
const checked = checkSource(readFileSync(join(DIR, "small.kpi"), "utf8")).checked!;
const loaded = loadDatasetJson(readFileSync(join(DIR, "small.json"), "utf8"), datasetSpecOf(checked), "dataset");
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const dataset = loaded.dataset;

const TOP_RATE: Scenario = { name: "top rate 12%", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/1/rate", value: "12%" }] };
const NEW_PLUS_10: Scenario = { name: "new +10%", changes: [{ kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }] };
const run = (scenarios: Scenario[]) => simulate(checked, dataset, { period: "2026-03", scenarios });

describe("simulate", () => {
  it("computes the baseline by hand", () => {
    const out = run([]);
    expect(out.kind).toBe("ok");
    if (out.kind !== "ok") return;
    expect(out.value).toMatchObject({ template: "sim_small", currency: "USD", period: "2026-03", attainmentMetric: "new_amount", revenueMetric: "new_amount" });
    expect(out.value.baseline).toEqual({
      name: "baseline",
      totalPayout: "1675.00",
      payoutByTeam: [{ id: "east", name: "East", payout: "1675.00" }, { id: "west", name: "West", payout: "0.00" }],
      repsPaid: 2,
      repsAbove100: 1,
      revenue: "28500.00",
      costShare: "0.058772",
    });
  });

  it("raising the top tier rate by 2 points adds exactly 2% of Ann's 12,000.00", () => {
    const out = run([TOP_RATE]);
    if (out.kind !== "ok") throw new Error(JSON.stringify(out));
    const s = out.value.scenarios[0]!;
    expect(s).toMatchObject({ name: "top rate 12%", totalPayout: "1915.00", change: "240.00", repsPaid: 2, repsAbove100: 1, costShare: "0.067193" });
    expect(s.reps!.map((r) => [r.id, r.baselinePayout, r.payout, r.change])).toEqual([["a", "1200.00", "1440.00", "240.00"], ["b", "475.00", "475.00", "0.00"], ["c", "0.00", "0.00", "0.00"]]);
    // The baseline itself is untouched by the scenario.
    expect(out.value.baseline.totalPayout).toBe("1675.00");
  });

  it("+10% on new deals moves Bob over 100% and changes every attainment by a tenth", () => {
    const out = run([NEW_PLUS_10]);
    if (out.kind !== "ok") throw new Error(JSON.stringify(out));
    const s = out.value.scenarios[0]!;
    // Ann 13,200 (132% → 1,320.00), Bob 10,450 (104.5% → 1,045.00), Cat 7,700 (77% → 0).
    expect(s).toMatchObject({ totalPayout: "2365.00", change: "690.00", repsPaid: 2, repsAbove100: 2, revenue: "31350.00", costShare: "0.075439" });
    expect(s.reps!.map((r) => [r.id, r.change, r.baselineAttainment, r.attainment])).toEqual([["b", "570.00", 0.95, 1.045], ["a", "120.00", 1.2, 1.32], ["c", "0.00", 0.7, 0.77]]);
    expect(s.payoutByTeam).toEqual([{ id: "east", name: "East", payout: "2365.00" }, { id: "west", name: "West", payout: "0.00" }]);
  });

  it("evaluates several scenarios over the one dataset, each from the baseline", () => {
    const out = run([TOP_RATE, NEW_PLUS_10, { name: "both", changes: [...TOP_RATE.changes, ...NEW_PLUS_10.changes] }]);
    if (out.kind !== "ok") throw new Error(JSON.stringify(out));
    // both: Ann 13,200 × 12% = 1,584.00, Bob 10,450 × 12% = 1,254.00.
    expect(out.value.scenarios.map((s) => s.totalPayout)).toEqual(["1915.00", "2365.00", "2838.00"]);
  });

  it("keeps __proto__ as a plain scenario name", () => {
    const out = run([{ name: "__proto__", changes: TOP_RATE.changes }]);
    if (out.kind !== "ok") throw new Error(JSON.stringify(out));
    expect(out.value.scenarios[0]!.name).toBe("__proto__");
    expect(Object.getPrototypeOf(out.value.scenarios[0])).toBe(Object.prototype);
  });

  it("locates every bad change with its JSON path and evaluates nothing", () => {
    const out = run([
      { name: "x", changes: [
        { kind: "set", in: "incentive", name: "__proto__", path: "/cap", value: "1" },
        { kind: "set", in: "incentive", name: "commission", path: "/basis", value: "1" },
        { kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/7/rate", value: "1%" },
        { kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/1/from", value: "70%" },
        { kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kindd == "new"' },
        { kind: "scale", source: "deals", field: "kind", by: "+10%" },
        { kind: "scale", source: "deals", field: "amount", by: "10" },
        { kind: "conversion", funnel: "pipeline", step: "won", by: "+5%" },
      ] },
      { name: "x", changes: [] },
    ]);
    expect(out.kind).toBe("scenario-errors");
    if (out.kind !== "scenario-errors") return;
    expect(out.errors).toEqual([
      { path: "/scenarios/0/changes/0/name", message: 'the template has no incentive "__proto__" (its incentives: commission)' },
      { path: "/scenarios/0/changes/1/path", message: '"/basis" is not a number that a scenario can set in incentive commission; use /cap, /floor or /tiers/steps/N/from|rate|pay' },
      { path: "/scenarios/0/changes/2/path", message: 'incentive commission has nothing at "/tiers/steps/7/rate"' },
      { path: "/scenarios/0/changes/3/value", message: "tier bounds must rise strictly: step 1 starts at 70%, step 0 at 80%" },
      { path: "/scenarios/0/changes/4/where", message: "source `deals` has no field `kindd`; did you mean `kind`? (at column 1 of the filter)" },
      { path: "/scenarios/0/changes/5/field", message: "deals.kind is enum; only numeric fields (money, integer, number, percent) can be scaled" },
      { path: "/scenarios/0/changes/6/by", message: '"10" is not a change like +10% or -5%' },
      { path: "/scenarios/0/changes/7/funnel", message: 'the template has no funnel "pipeline"' },
      { path: "/scenarios/1/name", message: 'scenario "x" is named twice (also /scenarios/0)' },
    ]);
  });

  it("refuses more than 10 scenarios and a range of periods", () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, changes: [] }));
    expect(run(many)).toEqual({ kind: "scenario-errors", errors: [{ path: "/scenarios", message: "11 scenarios; at most 10 are compared in one request" }] });
    expect(simulate(checked, dataset, { period: "2026-01..2026-03", scenarios: [] })).toEqual({ kind: "request-errors", errors: [{ path: "/period", message: "2026-01..2026-03 is 3 periods; a comparison is of one period (a month, quarter or year)" }] });
  });
});
