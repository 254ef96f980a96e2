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
const loaded = await loadDatasetFolder("bench/.data/w1/csv", datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const periods = (parseRange("2026-01..2026-12") as any).periods;
const noInc = { ...ENGINE_PARTS, evaluateIncentive: () => ({ value: 0, trace: { form: "formula" as const, steps: [] } }) };
for (let run = 0; run < 4; run++) {
  const t0 = performance.now();
  const core = new EvalCore(checked, ds, { periods, cutoff: null, parts: ENGINE_PARTS });
  const t1 = performance.now();
  for (const p of periods) { const f = core.frame(p); for (let mi = 0; mi < core.metrics.length; mi++) core.column(f, mi); }
  const t2 = performance.now();
  // targets for all rep-months
  for (const p of periods) { const f = core.frame(p); for (let e = 0; e < core.n; e++) core.target("new_amount", f, e); }
  const t3 = performance.now();
  const b0 = new ResultBuilder(core, noInc);
  for (const p of periods) b0.period(p, new PeriodEnv(core, p.end));
  const t4 = performance.now();
  const b = new ResultBuilder(core, ENGINE_PARTS);
  for (const p of periods) b.period(p, new PeriodEnv(core, p.end));
  const t5 = performance.now();
  console.log(`core+passes ${(t1-t0).toFixed(1)} columns ${(t2-t1).toFixed(1)} targets ${(t3-t2).toFixed(1)} result(no inc) ${(t4-t3).toFixed(1)} result(full) ${(t5-t4).toFixed(1)}`);
}
