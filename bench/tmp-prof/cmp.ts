import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf } from "../../engine/evaluate/dataset-spec.js";
import { evaluateWith } from "../../engine/evaluate/evaluate.js";
import { ENGINE_PARTS } from "../../engine/evaluate/index.js";
import { evaluateBaseline, loadBaselineTables } from "../w1-baseline.js";

const dir = "bench/.data/w1/csv";
const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder(dir, datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const ds = loaded.dataset;
const tables = loadBaselineTables(dir);
const noInc = { ...ENGINE_PARTS, evaluateIncentive: () => ({ value: 0, trace: { form: "formula" as const, steps: [] } }) };
const full = process.argv.includes("--full");
const times: Record<string, number[]> = { baseline: [], engineNoInc: [], engine: [] };
for (let r = 0; r < Number(process.argv[2] ?? 10); r++) {
  let t = performance.now(); evaluateBaseline(tables, "half_even"); times.baseline!.push(performance.now() - t);
  t = performance.now(); evaluateWith(noInc, checked, ds, { period: "2026-01..2026-12" }); times.engineNoInc!.push(performance.now() - t);
  if (full) { t = performance.now(); evaluateWith(ENGINE_PARTS, checked, ds, { period: "2026-01..2026-12" }); times.engine!.push(performance.now() - t); }
}
for (const [k, v] of Object.entries(times)) { if (!v.length) continue; v.sort((a, b) => a - b); console.log(k.padEnd(12), "min", v[0]!.toFixed(1), "median", v[v.length >> 1]!.toFixed(1)); }
