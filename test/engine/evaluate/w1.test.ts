/**
 * W1 (shared/bench/W1.md) on a small generated dataset, through the public
 * API, rep-month by rep-month against the hand-written baseline: new amount,
 * new count, visits, conversion, renewal rate, target, attainment and the
 * commission, in both rounding modes; plus team and root rollups recomputed
 * from the records.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateBaseline, loadBaselineTables } from "../../../bench/w1-baseline.js";
import { generateW1, W1_FULL, type W1Generation } from "../../../bench/w1-data.js";
import { computeChecksums } from "../../../bench/w1-checksums.js";
import { repMonthsOfColumns, repMonthsOfResult, W1_TEMPLATE } from "../../../bench/w1-engine.js";
import { loadDatasetFolder } from "../../../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../../../engine/evaluate/index.js";
import { check, run } from "./helpers.js";

let root: string;
let gen: W1Generation;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "kpi-eval-w1-"));
  gen = generateW1(join(root, "w1"), { ...W1_FULL, reps: 60, teams: 6, deals: 6_000, visits: 12_000 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cents = (v: unknown): number => (v === null ? NaN : Math.round(Number(v) * 100));

describe("W1 through evaluate()", () => {
  for (const rounding of ["half_even", "half_up"] as const) {
    it(`matches the baseline for every rep-month (${rounding})`, async () => {
      const text = readFileSync(W1_TEMPLATE, "utf8").replace("rounding half_even", `rounding ${rounding}`);
      const checked = check(text);
      const loaded = await loadDatasetFolder(gen.csv, datasetSpecOf(checked));
      if (!loaded.ok) throw new Error("load");
      const result = run(checked, loaded.dataset, { period: "2026-01..2026-12" });
      const tables = loadBaselineTables(gen.csv);
      const base = evaluateBaseline(tables, rounding);
      const repIndex = new Map(tables.repIds.map((id, i) => [id, i]));
      let compared = 0;
      result.periods.forEach((p, m) => {
        for (const e of p.entities) {
          if (e.kind !== "rep") continue;
          const k = repIndex.get(e.id)! * 12 + m;
          const got = e.metrics;
          expect([e.id, p.period, cents(got.new_amount!.value), got.new_count!.value, got.visits!.value, cents(got.new_amount!.target), cents(e.incentives!.commission)])
            .toEqual([e.id, p.period, base.newAmount[k], base.newCount[k], base.visits[k], base.target[k], base.payout[k]]);
          expect(got.conversion!.value).toBe(Number.isNaN(base.conversion[k]) ? null : base.conversion[k]);
          expect(got.renewal_rate!.value).toBe(Number.isNaN(base.renewalRate[k]) ? null : base.renewalRate[k]);
          expect(got.new_amount!.attainment).toBe(Number.isNaN(base.attainment[k]) ? null : base.attainment[k]);
          expect(e.payout).toBe(e.incentives!.commission);
          compared++;
        }
      });
      expect(compared).toBe(60 * 12);
    });
  }

  it("gives the benchmark the same rep-months from the columns as from the result objects", async () => {
    const checked = check(readFileSync(W1_TEMPLATE, "utf8"));
    const loaded = await loadDatasetFolder(gen.csv, datasetSpecOf(checked));
    if (!loaded.ok) throw new Error("load");
    const out = evaluate(checked, loaded.dataset, { period: "2026-01..2026-12" });
    if (!out.ok) throw new Error("evaluate");
    const fromColumns = repMonthsOfColumns(out.columns);
    expect(fromColumns).toEqual(repMonthsOfResult(out.result));
    expect(fromColumns.month.length).toBe(60 * 12);
    const sums = computeChecksums(fromColumns);
    expect(sums.payingRepMonths).toBeGreaterThan(0);
  });

  it("rolls teams and the root up from the records, with no incentive for them", async () => {
    const checked = check(readFileSync(W1_TEMPLATE, "utf8"));
    const loaded = await loadDatasetFolder(gen.csv, datasetSpecOf(checked));
    if (!loaded.ok) throw new Error("load");
    const result = run(checked, loaded.dataset, { period: "2026-03" });
    const [root, ...rest] = result.periods[0]!.entities;
    const reps = rest.filter((e) => e.kind === "rep");
    const teams = rest.filter((e) => e.kind === "team");
    const sum = (list: typeof reps, f: (e: (typeof reps)[number]) => number) => list.reduce((a, e) => a + f(e), 0);
    expect(cents(root!.metrics.new_amount!.value)).toBe(sum(reps, (e) => cents(e.metrics.new_amount!.value)));
    expect(root!.metrics.visits!.value).toBe(sum(teams, (e) => e.metrics.visits!.value as number));
    // The root's conversion is its own count over its own visits, not an average of the teams'.
    expect(root!.metrics.conversion!.value).toBe((root!.metrics.new_count!.value as number) / (root!.metrics.visits!.value as number));
    expect(root!.incentives).toBeUndefined();
    expect(teams[0]!.payout).toBeUndefined();
    expect(cents(root!.metrics.new_amount!.target)).toBe(sum(reps, (e) => cents(e.metrics.new_amount!.target)));
  });
});
