import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf } from "../../engine/evaluate/dataset-spec.js";
import { EvalCore } from "../../engine/evaluate/core.js";
import { PeriodEnv } from "../../engine/evaluate/env.js";
import { ResultBuilder } from "../../engine/evaluate/result.js";
import { ENGINE_PARTS } from "../../engine/evaluate/index.js";
import { parseRange } from "../../engine/periods.js";

const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder(process.argv[2] ?? "bench/.data/w1/csv", datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const periods = (parseRange("2026-01..2026-12") as any).periods;
const noInc = { ...ENGINE_PARTS, evaluateIncentive: () => ({ value: 0, trace: { form: "formula" as const, steps: [] } }) };
const core = new EvalCore(checked, ds, { periods, cutoff: null, parts: ENGINE_PARTS });
for (let run = 0; run < 10; run++) {
  const t3 = performance.now();
  const b0 = new ResultBuilder(core, noInc);
  for (const p of periods) b0.period(p, new PeriodEnv(core, p.end));
  const t4 = performance.now();
  console.log(`result(no inc) ${(t4-t3).toFixed(1)}`);
}
