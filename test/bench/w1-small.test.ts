/**
 * The W1 benchmark's generator and baseline on a small dataset (100 reps,
 * 10,000 deals, 20,000 visits): the baseline's checksums agree with a slow,
 * naive second computation (csv-parse objects, big.js, `splitYearTarget`),
 * the stream starts as W1.md says, the CSV and NDJSON folders hold the same
 * records, and the engine's loader and checker accept what the benchmark feeds them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBaselineTables, evaluateBaseline, monthlyTargets, runBaseline, type BaselineRounding } from "../../bench/w1-baseline.js";
import { computeChecksums, type W1Checksums } from "../../bench/w1-checksums.js";
import { DRAWS_PER_DEAL, drawDeal, drawVisit, formatW1Deal, generateW1, mulberry32, W1_FULL, type W1Generation, type W1Params } from "../../bench/w1-data.js";
import { datasetSpecOf, W1_TEMPLATE } from "../../bench/w1-engine.js";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { splitYearTarget } from "../../engine/split.js";

const SMALL: W1Params = { ...W1_FULL, reps: 100, teams: 10, deals: 10_000, visits: 20_000 };
const QUARTERS = ["20%", "25%", "25%", "30%"];

let root: string;
let gen: W1Generation;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "kpi-w1-"));
  gen = generateW1(join(root, "w1"), SMALL);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rows = (dir: string, file: string): Record<string, string>[] => parse(readFileSync(join(dir, file)), { columns: true }) as Record<string, string>[];

/** W1 computed the slow, obvious way: objects keyed by strings, big.js money, the engine's split. */
function naiveChecksums(dir: string, rounding: BaselineRounding): W1Checksums {
  const reps = rows(dir, "entities.csv").filter((e) => e.kind === "rep").map((e) => e.id!);
  const cell = new Map<string, { amount: Big; won: number; decided: number }>();
  const at = (rep: string, date: string) => {
    const key = `${rep}|${Number(date.slice(5, 7))}`;
    let c = cell.get(key);
    if (!c) cell.set(key, (c = { amount: new Big(0), won: 0, decided: 0 }));
    return c;
  };
  for (const d of rows(dir, "deals.csv")) {
    if (!d.closed_on!.startsWith("2026-")) continue;
    const c = at(d.rep!, d.closed_on!);
    if (d.kind === "new" && d.status === "won") c.amount = c.amount.plus(d.amount!);
    if (d.kind === "renewal" && d.status === "won") c.won++;
    if (d.kind === "renewal" && (d.status === "won" || d.status === "lost")) c.decided++;
  }
  const annual = new Map(rows(dir, "targets.csv").map((t) => [t.entity!, Number(new Big(t.base!).times(100).toFixed(0))]));
  const mode = rounding === "half_even" ? Big.roundHalfEven : Big.roundHalfUp;
  let total = new Big(0);
  let paying = 0;
  let newSum = new Big(0);
  let targetByMonth = new Big(0);
  for (const rep of reps) {
    const months = splitYearTarget(annual.get(rep)!, QUARTERS);
    for (let m = 1; m <= 12; m++) {
      const c = cell.get(`${rep}|${m}`) ?? { amount: new Big(0), won: 0, decided: 0 };
      const cents = c.amount.times(100);
      const target = months[m - 1]!;
      newSum = newSum.plus(cents);
      targetByMonth = targetByMonth.plus(target * m);
      const gate = c.decided === 0 || new Big(c.won).div(c.decided).gte("0.5");
      const att = cents.div(target);
      const rate = att.gte("1.2") ? "0.08" : att.gte(1) ? "0.05" : att.gte("0.8") ? "0.03" : "0";
      if (!gate || rate === "0") continue;
      let pay = cents.times(rate).round(0, mode);
      if (pay.gt(5_000_000)) pay = new Big(5_000_000);
      total = total.plus(pay);
      if (pay.gt(0)) paying++;
    }
  }
  return { totalPayout: Number(total), payingRepMonths: paying, newAmountSum: Number(newSum), targetByMonth: Number(targetByMonth) };
}

describe("W1 stream", () => {
  it("starts with the first deal and visit of W1.md", () => {
    const u = mulberry32(W1_FULL.seed);
    expect(formatW1Deal(drawDeal(u, W1_FULL.reps))).toBe("6011,9020982,open,new,3");
    for (let i = DRAWS_PER_DEAL; i < W1_FULL.deals * DRAWS_PER_DEAL; i++) u();
    const v = drawVisit(u, W1_FULL.reps);
    expect(`${v.rep},${v.month}`).toBe("1849,10");
  });

  it("writes the first deal of the stream as the first CSV and NDJSON record", () => {
    const u = mulberry32(SMALL.seed);
    const d = drawDeal(u, SMALL.reps);
    expect(gen.firstDeal).toBe(formatW1Deal(d));
    const csv = readFileSync(join(gen.csv, "deals.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("rep,amount,status,kind,closed_on");
    const cents = String(d.amountCents);
    const amount = `${cents.slice(0, -2)}.${cents.slice(-2)}`;
    const date = `2026-${String(d.month).padStart(2, "0")}-15`;
    expect(csv[1]).toBe(`r${d.rep},${amount},${["won", "lost", "open"][d.status]},${["new", "renewal"][d.kind]},${date}`);
    const nd = JSON.parse(readFileSync(join(gen.ndjson, "deals.ndjson"), "utf8").split("\n")[0]!) as Record<string, string>;
    expect(nd).toEqual({ rep: `r${d.rep}`, amount, status: ["won", "lost", "open"][d.status], kind: ["new", "renewal"][d.kind], closed_on: date });
  });

  it("reuses a complete dataset and regenerates byte-identical files", () => {
    expect(generateW1(join(root, "w1"), SMALL).generated).toBe(false);
    const again = generateW1(join(root, "again"), SMALL, true);
    expect(again.generated).toBe(true);
    for (const f of ["csv/deals.csv", "csv/visits.csv", "csv/entities.csv", "csv/targets.csv", "ndjson/deals.ndjson", "ndjson/visits.ndjson"]) {
      expect(readFileSync(join(root, "again", f)).equals(readFileSync(join(root, "w1", f)))).toBe(true);
    }
  });

  it("holds the same records in the CSV and NDJSON folders", () => {
    for (const [src, at] of [["deals", "closed_on"], ["visits", "visited_on"]] as const) {
      const csv = rows(gen.csv, `${src}.csv`);
      const nd = readFileSync(join(gen.ndjson, `${src}.ndjson`), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, string>);
      expect(nd).toEqual(csv);
      expect(csv).toHaveLength(src === "deals" ? SMALL.deals : SMALL.visits);
      expect(csv.every((r) => /^2026-\d\d-15$/.test(r[at]!))).toBe(true);
    }
  });
});

describe("W1 baseline", () => {
  it("splits targets as W1.md and splitYearTarget do", () => {
    const annual = Float64Array.from({ length: 10_000 }, (_, i) => 60_000_000 + ((i * 7919) % 40_000_000));
    const monthly = monthlyTargets(annual);
    expect([...monthly.subarray(12, 24)]).toEqual([4000528, 4000528, 4000528, 5000660, 5000660, 5000660, 5000660, 5000660, 5000660, 6000792, 6000792, 6000791]);
    expect([...monthly.subarray(60, 72)]).toEqual([4002640, 4002640, 4002639, 5003300, 5003300, 5003299, 5003300, 5003300, 5003299, 6003960, 6003959, 6003959]);
    for (let i = 0; i < 10_000; i += 37) expect([...monthly.subarray(i * 12, i * 12 + 12)]).toEqual(splitYearTarget(annual[i]!, QUARTERS));
  });

  it("gives the checksums a naive big.js computation gives, for both rounding modes", () => {
    const tables = loadBaselineTables(gen.csv);
    expect(tables.deals.length).toBe(SMALL.deals);
    expect(tables.visits.length).toBe(SMALL.visits);
    for (const rounding of ["half_even", "half_up"] as const) {
      const fast = computeChecksums(evaluateBaseline(tables, rounding));
      expect(fast).toEqual(naiveChecksums(gen.csv, rounding));
      expect(fast.payingRepMonths).toBeGreaterThan(0);
    }
    const run = runBaseline(gen.csv, { runs: 2, alsoHalfUp: true });
    expect(run.evalRunsMs).toHaveLength(2);
    expect(run.halfUpChecksums!.totalPayout).toBeGreaterThanOrEqual(run.checksums.totalPayout);
  });

  it("computes the other W1 metrics per rep-month", () => {
    const tables = loadBaselineTables(gen.csv);
    const r = evaluateBaseline(tables, "half_even");
    let visits = 0;
    for (let k = 0; k < r.length; k++) {
      visits += r.visits[k]!;
      if (r.visits[k] === 0) expect(r.conversion[k]).toBeNaN();
      else expect(r.conversion[k]).toBe(r.newCount[k]! / r.visits[k]!);
    }
    expect(visits).toBe(SMALL.visits);
  });
});

describe("W1 through the engine's public API", () => {
  it("checks bench/w1.kpi without errors and loads both dataset folders", async () => {
    const checked = checkSource(readFileSync(W1_TEMPLATE, "utf8"));
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const spec = datasetSpecOf(checked.checked!);
    for (const dir of [gen.csv, gen.ndjson]) {
      const loaded = await loadDatasetFolder(dir, spec);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors.slice(0, 3)));
      expect(loaded.dataset.sources.get("deals")!.length).toBe(SMALL.deals);
      expect(loaded.dataset.sources.get("visits")!.length).toBe(SMALL.visits);
      expect(loaded.dataset.targets).toHaveLength(SMALL.reps);
      expect(loaded.dataset.entities.list).toHaveLength(1 + SMALL.teams + SMALL.reps);
    }
  });
});
