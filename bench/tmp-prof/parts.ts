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
const stubTargets = { target: () => ({ base: 100000, challenge: null }), explain: () => ({ source: "", steps: [] }) };
const noInc = { ...ENGINE_PARTS, evaluateIncentive: () => ({ value: 0, trace: { form: "formula" as const, steps: [] } }) };
const stubT = { ...noInc, buildTargets: () => stubTargets };
const T: Record<string, number[]> = {};
const add = (k: string, v: number) => (T[k] ??= []).push(v);
for (let run = 0; run < Number(process.argv[2] ?? 10); run++) {
  let t = performance.now();
  const core = new EvalCore(checked, ds, { periods, cutoff: null, parts: stubT });
  add("core(pass)", performance.now() - t);
  t = performance.now();
  for (const p of periods) { const f = core.frame(p); for (let mi = 0; mi < core.metrics.length; mi++) core.column(f, mi); }
  add("columns", performance.now() - t);
  t = performance.now();
  const b0 = new ResultBuilder(core, stubT);
  for (const p of periods) b0.period(p, new PeriodEnv(core, p.end));
  add("result(stub targets)", performance.now() - t);
  const core2 = new EvalCore(checked, ds, { periods, cutoff: null, parts: noInc });
  for (const p of periods) { const f = core2.frame(p); for (let mi = 0; mi < core.metrics.length; mi++) core2.column(f, mi); }
  t = performance.now();
  for (const p of periods) { const f = core2.frame(p); for (let e = 0; e < core2.n; e++) core2.target("new_amount", f, e); }
  add("real targets x1", performance.now() - t);
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(k.padEnd(22), "min", v[0]!.toFixed(1), "median", v[v.length >> 1]!.toFixed(1)); }
