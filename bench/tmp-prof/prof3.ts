import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf } from "../../engine/evaluate/dataset-spec.js";
import { planTemplate } from "../../engine/evaluate/plan.js";
import { passCode } from "../../engine/evaluate/pass.js";
import { Window } from "../../engine/evaluate/windows.js";
import { grainSpan } from "../../engine/evaluate/frames.js";
import { parseRange } from "../../engine/periods.js";

const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder("bench/.data/w1/csv", datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const plan = planTemplate(checked);
if (process.argv[2]) for (const sp of plan.sources) console.log(passCode(plan, sp, ds.sources.get(sp.name)!, { entities: ds.entities, digits: 2, rounding: "half_even" }).code);
const periods = (parseRange("2026-01..2026-12") as any).periods;
const buckets = periods.map((p: any) => grainSpan(p, "month"));
const list = ds.entities.list;
const tree = { parent: Int32Array.from(list, (e) => e.parent), order: ds.entities.order };
const ts: number[] = [];
for (let r = 0; r < 30; r++) {
  const t0 = performance.now();
  Window.fill(buckets, { plan, dataset: ds, tree, cutoff: null, digits: 2, rounding: "half_even" });
  ts.push(performance.now() - t0);
}
ts.sort((a, b) => a - b);
console.log("fill min", ts[0]!.toFixed(1), "median", ts[15]!.toFixed(1));
