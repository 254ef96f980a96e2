import { readFileSync } from "node:fs";
import { checkSource } from "../../engine/check/index.js";
import { loadDatasetFolder } from "../../engine/dataset/index.js";
import { datasetSpecOf, ENGINE_PARTS } from "../../engine/evaluate/index.js";
import { evaluateWith, type EvaluateTimings } from "../../engine/evaluate/evaluate.js";
import { evaluateBaseline, loadBaselineTables } from "../w1-baseline.js";
const dir = process.argv[2] ?? "bench/.data/w1/csv";
const checked = checkSource(readFileSync("bench/w1.kpi", "utf8")).checked!;
const loaded = await loadDatasetFolder(dir, datasetSpecOf(checked));
if (!loaded.ok) throw new Error("load");
const tables = loadBaselineTables("bench/.data/w1/csv");
const rows: Record<string, number[]> = {};
const add = (k: string, v: number) => (rows[k] ??= []).push(v);
for (let r = 0; r < Number(process.argv[3] ?? 9); r++) {
  let t0 = performance.now(); evaluateBaseline(tables, "half_even"); add("baseline", performance.now() - t0);
  const timings = {} as EvaluateTimings;
  t0 = performance.now(); evaluateWith(ENGINE_PARTS, checked, loaded.dataset, { period: "2026-01..2026-12" }, { timings }); add("engine total (timed)", performance.now() - t0);
  for (const [k, v] of Object.entries(timings)) add("  " + k, v);
  add("  result minus parts", timings.result - timings.parts);
  t0 = performance.now(); evaluateWith(ENGINE_PARTS, checked, loaded.dataset, { period: "2026-01..2026-12" }); add("engine total (untimed)", performance.now() - t0);
}
for (const [k, v] of Object.entries(rows)) { v.sort((a, b) => a - b); console.log(k.padEnd(24), "min", v[0]!.toFixed(1).padStart(7), "median", v[v.length >> 1]!.toFixed(1).padStart(7)); }
