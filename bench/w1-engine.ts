/**
 * The engine side of the W1 benchmark: W1 driven through the engine's public
 * API, the one the CLI and the HTTP server use — `checkSource` on
 * `bench/w1.kpi`, `loadDatasetFolder` on the generated folder, then the
 * evaluator over `2026-01..2026-12` — and its results reduced to the same
 * rep-month columns and checksums as the baseline (`w1-checksums.ts`).
 *
 * The evaluator is loaded from `engine/evaluate/index.ts` on demand (a
 * build without it still times the load and reports "engine not available
 * yet"); the one place it is called is `evaluateWithEngine`, marked ENGINE HOOK.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inputsHash, ROOT, STAMP } from "../scripts/build-inputs.js";
import { checkSource, type CheckedTemplate } from "../engine/check/index.js";
import { formatDataError, loadDatasetFolder, type Dataset } from "../engine/dataset/index.js";
import { datasetSpecOf } from "../engine/evaluate/dataset-spec.js";
import { parseMoney } from "../engine/money-parse.js";
import type { ResultColumns } from "../engine/evaluate/result-columns.js";
import type { Result } from "../schemas/generated/result.js";
import { allocRepMonths, computeChecksums, type RepMonthColumns, type W1Checksums } from "./w1-checksums.js";
import { timeRuns, type RunTimes } from "./w1-runs.js";

/** The W1 template. */
export const W1_TEMPLATE = fileURLToPath(new URL("./w1.kpi", import.meta.url));
/** The evaluator's module; the benchmark evaluates only once it exists. */
export const ENGINE_EVALUATE = fileURLToPath(new URL("../engine/evaluate/index.ts", import.meta.url));
/** The periods W1 evaluates, as `kpi eval --period` takes them. */
export const W1_PERIODS = "2026-01..2026-12";

/**
 * What `runEngine` measured. `evalMs` and `checksums` are absent while the
 * evaluator is not available (`note` says why).
 * @example
 * const r = await runEngine("bench/.data/w1/csv"); console.log(r.loadMs, r.note);
 */
export interface EngineRun {
  available: boolean;
  note: string;
  checkMs: number;
  loadMs?: number;
  /** The first evaluation after the load (the JIT cold), timed apart. */
  coldMs?: number;
  evalMs?: number;
  evalRunsMs?: number[];
  checksums?: W1Checksums;
}

/**
 * The loader `kpi eval` runs: dist/'s when the build is current — its worker
 * threads start as installed, in ~50 ms, where a worker under tsx spends
 * ~350 ms transpiling before its first record — else the sources'.
 */
async function shippedLoader(): Promise<{ load: typeof loadDatasetFolder; from: string }> {
  const stamp = join(ROOT, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === inputsHash()) {
    const dist = (await import(pathToFileURL(join(ROOT, "dist", "engine", "dataset", "index.js")).href)) as { loadDatasetFolder: typeof loadDatasetFolder };
    return { load: dist.loadDatasetFolder, from: "dist/" };
  }
  return { load: loadDatasetFolder, from: "the sources (dist/ is not current: npm run build)" };
}

/**
 * Options of `runEngine`.
 * @example
 * await runEngine(dir, { runs: 5 });
 */
export interface EngineOptions {
  /** Evaluations to time after the warm-up (default 1); the checksums are those of the last. */
  runs?: number;
  /** Threads to load with (default: the cores, as `kpi eval` does; 1: all in the one thread). */
  threads?: number;
  /** Evaluations before the timed ones (default 0): the first is reported as `coldMs`. */
  warmup?: number;
}

/**
 * The loader's view of a checked template: the engine's own (`engine/evaluate/dataset-spec.ts`).
 * @example
 * const spec = datasetSpecOf(checkSource(text).checked!);
 */
export { datasetSpecOf };

const money = (v: unknown, what: string): number => {
  if (v === null || v === undefined) return NaN;
  if (typeof v !== "string") throw new Error(`${what}: expected a money string, got ${JSON.stringify(v)}`);
  const m = parseMoney(v, 2);
  if (!m.ok) throw new Error(`${what}: ${m.reason}`);
  return m.minor;
};

/**
 * Reduces an engine result (schemas/result.schema.json) to rep-month columns:
 * every `rep` entity of every monthly period, with new_amount's value and
 * target and the commission, in cents.
 * @example
 * computeChecksums(repMonthsOfResult(result));
 */
export function repMonthsOfResult(result: Result): RepMonthColumns {
  let n = 0;
  for (const p of result.periods) for (const e of p.entities) if (e.kind === "rep") n++;
  const cols = allocRepMonths(n);
  let k = 0;
  for (const p of result.periods) {
    const m = /^\d{4}-(\d{2})$/.exec(p.period);
    if (!m) throw new Error(`period ${p.period} is not a month`);
    const month = Number(m[1]);
    for (const e of p.entities) {
      if (e.kind !== "rep") continue;
      const where = `${p.period} ${e.id}`;
      const na = e.metrics.new_amount;
      cols.month[k] = month;
      cols.newAmount[k] = money(na?.value, `${where} new_amount`);
      cols.target[k] = money(na?.target, `${where} target(new_amount)`);
      const pay = money(e.incentives?.commission, `${where} commission`);
      cols.payout[k] = pay === pay ? pay : 0;
      k++;
    }
  }
  return cols;
}

/**
 * The same rep-month columns read straight from the evaluation's columns
 * (`outcome.columns`), as a bulk consumer of the API would: no result
 * objects are made.
 * @example
 * computeChecksums(repMonthsOfColumns(outcome.columns));
 */
export function repMonthsOfColumns(cols: ResultColumns): RepMonthColumns {
  const { layout } = cols;
  const reps = [...layout.order].filter((e) => layout.entities[e]!.kind === "rep");
  const na = layout.metrics.findIndex((m) => m.name === "new_amount");
  const commission = layout.incentives.findIndex((i) => i.name === "commission");
  if (na < 0 || commission < 0) throw new Error("W1's result has no new_amount or no commission");
  const out = allocRepMonths(reps.length * cols.periods.length);
  let k = 0;
  for (const p of cols.periods) {
    const m = /^\d{4}-(\d{2})$/.exec(p.period.text);
    if (!m) throw new Error(`period ${p.period.text} is not a month`);
    const month = Number(m[1]);
    const values = p.metrics[na]!.values as Float64Array;
    const target = p.metrics[na]!.targets?.base;
    if (!target) throw new Error("new_amount has no target column");
    const pay = p.incentives[commission]!;
    for (const e of reps) {
      out.month[k] = month;
      out.newAmount[k] = values[e]!;
      out.target[k] = target[e]!;
      const v = pay[e]!;
      out.payout[k] = v === v ? v : 0;
      k++;
    }
  }
  return out;
}

/**
 * ENGINE HOOK — the one place where W1 is evaluated by the engine: the
 * public `evaluate(checked, dataset, { period })` of
 * `engine/evaluate/index.ts`, the call `kpi eval` and the HTTP server make.
 * Its errors (none are expected) end the run with their messages.
 */
function evaluateWithEngine(mod: Record<string, unknown>, checked: CheckedTemplate, dataset: Dataset): ResultColumns {
  const evaluate = mod.evaluate as typeof import("../engine/evaluate/index.js").evaluate | undefined;
  if (typeof evaluate !== "function") throw new Error("engine/evaluate/index.ts exports no `evaluate`");
  const out = evaluate(checked, dataset, { period: W1_PERIODS });
  if (!out.ok) throw new Error(`the engine refused W1: ${out.errors.map((e) => `${e.path ?? ""} ${e.message}`).join("; ")}`);
  return out.columns;
}

/** Times writing the whole result as JSON text (what `kpi eval --format json` prints), into a sink that only counts. */
function timeJson(mod: Record<string, unknown>, columns: ResultColumns): { ms: number; bytes: number } {
  const write = mod.writeResultJson as typeof import("../engine/evaluate/index.js").writeResultJson;
  let bytes = 0;
  const t0 = performance.now();
  write(columns, (s) => (bytes += s.length));
  return { ms: performance.now() - t0, bytes };
}

/**
 * Runs W1 through the engine on a dataset folder (CSV or NDJSON sources).
 * @example
 * const r = await runEngine("bench/.data/w1/csv", { runs: 3 });
 * if (r.available) console.log(r.evalMs, r.checksums);
 */
export async function runEngine(dir: string, options: EngineOptions = {}): Promise<EngineRun> {
  const t0 = performance.now();
  const checked = checkSource(readFileSync(W1_TEMPLATE, "utf8"), { file: W1_TEMPLATE });
  const checkMs = performance.now() - t0;
  if (!checked.checked) {
    const first = checked.diagnostics.find((d) => d.severity === "error");
    return { available: false, checkMs, note: `bench/w1.kpi has errors: ${first?.code} ${first?.message}` };
  }
  const loader = await shippedLoader();
  const t1 = performance.now();
  // As `kpi eval` loads: the big source files side by side, one worker thread per core.
  const loaded = await loader.load(dir, datasetSpecOf(checked.checked), { threads: options.threads ?? availableParallelism() });
  const loadMs = performance.now() - t1;
  if (!loaded.ok) return { available: false, checkMs, loadMs, note: `the dataset does not load: ${loaded.errors.slice(0, 3).map(formatDataError).join("; ")}` };

  if (!existsSync(ENGINE_EVALUATE)) return { available: false, checkMs, loadMs, note: "engine not available yet" };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(ENGINE_EVALUATE).href)) as Record<string, unknown>;
  } catch (err) {
    return { available: false, checkMs, loadMs, note: `engine/evaluate/index.ts does not load: ${(err as Error).message}` };
  }
  let checksums: W1Checksums | undefined;
  let json: { ms: number; bytes: number } | undefined;
  let times: RunTimes;
  const template = checked.checked;
  try {
    times = timeRuns(options, () => evaluateWithEngine(mod, template, loaded.dataset), (columns, last) => {
      checksums = computeChecksums(repMonthsOfColumns(columns));
      // The JSON text is timed once, after the timed runs, so its garbage does not land in them.
      if (last) json = timeJson(mod, columns);
    });
  } catch (err) {
    return { available: false, checkMs, loadMs, note: (err as Error).message };
  }
  const note = [`load from ${loader.from}`, json ? `+ JSON text ${Math.round(json.ms).toLocaleString("en")} ms (${(json.bytes / 1e6).toFixed(0)}M characters)` : ""].filter((x) => x).join("; ");
  return { available: true, note, checkMs, loadMs, ...times, checksums: checksums! };
}
