/**
 * Where a W1 preview's time goes on the server, step by step, timed in this
 * process through the modules the server runs (server/routes/evaluate.ts
 * and server/eval/job.ts), for `bench/preview.ts --profile`:
 *
 * - **database**: `getDataset` of the stored dataset from the server's own
 *   SQLite file (the row's JSON text parsed into the file map), which the
 *   route does for every request;
 * - **to the worker**: the files handed to the evaluation worker — a
 *   structured clone, what `postMessage` does (serialised here,
 *   deserialised there);
 * - **load**: `loadDatasetFiles` over the files in memory; the worker does
 *   it once per stored dataset and template view, then keeps the result;
 * - **evaluate**: `evaluate` for the period;
 * - **JSON**: `writeResultJson` (compact) into the limited writer and its text;
 * - **from the worker**: the JSON text cloned back to the server thread;
 * - **client parse**: `JSON.parse` of the answer (the client's `res.json()`).
 *
 * Approximate by nature (another process, no HTTP), but the same code and
 * data: the steps' sum beside the server's median says what else there is.
 * @module
 */
import { checkSource } from "../engine/check/index.js";
import { loadDatasetFiles, memoryFiles } from "../engine/dataset/index.js";
import { datasetSpecOf, evaluate, limitedWriter, narrowColumns, writeResultJson } from "../engine/evaluate/index.js";
import { getDataset } from "../server/db/datasets.js";
import { openDatabase } from "../server/db/open.js";

/** One step's times, ms: the first run and the median of the others. */
export interface Step {
  step: string;
  /** Paid on every preview (false: once per worker and dataset). */
  everyRun: boolean;
  firstMs: number;
  medianMs: number;
}

function time<T>(runs: number, f: () => T): { firstMs: number; medianMs: number; value: T } {
  let value!: T;
  const ms: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    value = f();
    ms.push(performance.now() - t0);
  }
  const rest = ms.slice(1).sort((a, b) => a - b);
  return { firstMs: ms[0]!, medianMs: rest[Math.floor(rest.length / 2)]!, value };
}

/**
 * Times each step `runs` times after a first run.
 * @example
 * const steps = await profileW1({ dbFile: "/tmp/…/kpi.db", datasetId: "ds_…", source, period: "2026-03", runs: 5 });
 */
export async function profileW1(o: { dbFile: string; datasetId: string; source: string; period: string; runs: number }): Promise<Step[]> {
  const checked = checkSource(o.source, { file: "bench/w1.kpi" }).checked;
  if (!checked) throw new Error("bench/w1.kpi does not check");
  const db = openDatabase(o.dbFile);
  try {
    const steps: Step[] = [];
    const read = time(o.runs, () => getDataset(db, o.datasetId));
    steps.push({ step: "database: read the stored dataset", everyRun: true, ...read });
    const content = read.value?.content;
    if (!content || content.form !== "files") throw new Error(`dataset ${o.datasetId} is not stored in the folder form`);
    const wire = { form: "files" as const, files: [...content.files], storedId: o.datasetId };
    const sent = time(o.runs, () => structuredClone(wire));
    steps.push({ step: "to the worker: clone the files", everyRun: true, ...sent });
    const spec = datasetSpecOf(checked);
    const t0 = performance.now();
    const loaded = await loadDatasetFiles(memoryFiles(new Map(sent.value.files)), spec);
    const loadMs = performance.now() - t0;
    if (!loaded.ok) throw new Error(`W1 does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
    steps.push({ step: "load the files (once per worker)", everyRun: false, firstMs: loadMs, medianMs: NaN });
    const ev = time(o.runs, () => evaluate(checked, loaded.dataset, { period: o.period }));
    if (!ev.value.ok) throw new Error(`W1 does not evaluate: ${JSON.stringify(ev.value.errors.slice(0, 3))}`);
    steps.push({ step: "evaluate the month", everyRun: true, ...ev });
    const out = ev.value;
    const json = time(o.runs, () => {
      const w = limitedWriter(64 * 1024 * 1024);
      writeResultJson(narrowColumns(out.columns, {}), w.write, undefined, "compact");
      return w.text();
    });
    steps.push({ step: `write the JSON (${(json.value.length / 1e6).toFixed(1)} M characters)`, everyRun: true, ...json });
    steps.push({ step: "from the worker: clone the JSON", everyRun: true, ...time(o.runs, () => structuredClone(json.value)) });
    steps.push({ step: "client: JSON.parse the answer", everyRun: true, ...time(o.runs, () => JSON.parse(json.value) as unknown) });
    return steps;
  } finally {
    db.close();
  }
}

/**
 * Prints the steps beside the measured medians.
 * @example
 * printProfile(steps, 2400, 2100);
 */
export function printProfile(steps: readonly Step[], clientMedianMs: number, serverMedianMs: number): void {
  console.log("W1 preview, where the time goes (in this process, the server's modules; ms):");
  const w = Math.max(...steps.map((s) => s.step.length));
  console.log(`${"step".padEnd(w)}   first   median`);
  for (const s of steps) console.log(`${s.step.padEnd(w)} ${s.firstMs.toFixed(0).padStart(7)} ${Number.isNaN(s.medianMs) ? "      –" : s.medianMs.toFixed(0).padStart(8)}`);
  const every = steps.filter((s) => s.everyRun).reduce((a, s) => a + s.medianMs, 0);
  console.log(`${"sum of the steps paid on every preview".padEnd(w)} ${"".padStart(7)} ${every.toFixed(0).padStart(8)}`);
  console.log(`measured: the client's median ${clientMedianMs.toFixed(0)} ms, the server's ${serverMedianMs.toFixed(0)} ms (the rest of the client's: the transfer and its parse)`);
}
