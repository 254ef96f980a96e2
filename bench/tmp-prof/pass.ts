import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf } from "../../engine/evaluate/dataset-spec.js";
import { planTemplate } from "../../engine/evaluate/plan.js";
import { runPass } from "../../engine/evaluate/pass.js";
import { grainSpan } from "../../engine/evaluate/frames.js";
import { parseRange } from "../../engine/periods.js";
import { evaluateBaseline, loadBaselineTables } from "../w1-baseline.js";

const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder("bench/.data/w1/csv", datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const tables = loadBaselineTables("bench/.data/w1/csv");
const plan = planTemplate(checked);
const periods = (parseRange("2026-01..2026-12") as any).periods;
const buckets = periods.map((p: any) => grainSpan(p, "month"));
const n = ds.entities.list.length, nb = 12, lo = buckets[0].start, hi = buckets[11].end;
const table = new Int32Array(hi - lo + 1).fill(-1);
buckets.forEach((b: any, i: number) => table.fill(i * n, b.start - lo, b.end - lo + 1));
const T: Record<string, number[]> = {};
const add = (k: string, v: number) => (T[k] ??= []).push(v);
for (let r = 0; r < 20; r++) {
  const num = plan.num.map(() => new Float64Array(nb * n));
  const sets = plan.sets.map(() => [] as (Set<number> | undefined)[]);
  for (const sp of plan.sources) {
    const t = performance.now();
    runPass(plan, sp, ds.sources.get(sp.name)!, { lo, hi, table, num, sets }, { entities: ds.entities, digits: 2, rounding: "half_even" });
    add(sp.name, performance.now() - t);
  }
  const t = performance.now(); evaluateBaseline(tables, "half_even"); add("baseline", performance.now() - t);
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(k.padEnd(10), "min", v[0]!.toFixed(1), "median", v[10]!.toFixed(1)); }
