import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetJson, loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf } from "../../engine/evaluate/dataset-spec.js";
import { EvalCore } from "../../engine/evaluate/core.js";
import { PeriodEnv } from "../../engine/evaluate/env.js";
import { ResultBuilder } from "../../engine/evaluate/result.js";
import { ENGINE_PARTS } from "../../engine/evaluate/index.js";
import { parseRange } from "../../engine/periods.js";
const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder("bench/.data/w1/ndjson", datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const periods = (parseRange("2026-01..2026-12") as any).periods;
const stubTargets = { target: () => ({ base: 100000, challenge: null }), explain: () => ({ source: "", steps: [] }) };
const stubT = { ...ENGINE_PARTS, evaluateIncentive: () => ({ value: 0, trace: { form: "formula" as const, steps: [] } }), buildTargets: () => stubTargets };
const core = new EvalCore(checked, ds, { periods, cutoff: null, parts: stubT });
const ts: number[] = [];
for (let run = 0; run < 20; run++) {
  const t = performance.now();
  const b0 = new ResultBuilder(core, stubT);
  const keep = periods.map((p: any) => b0.period(p, new PeriodEnv(core, p.end)));
  ts.push(performance.now() - t);
}
ts.sort((a, b) => a - b); console.log("min", ts[0]!.toFixed(1), "median", ts[10]!.toFixed(1));
