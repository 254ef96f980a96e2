/**
 * One evaluation from start to end, as the worker runs it: load the dataset
 * against the template's declarations (the folder form straight from the
 * files in memory, through its mapping when it has one; nothing is written
 * to disk),
 * check the entities to explain, evaluate, and serialise the result (with
 * explanations when asked). Data errors and request errors come back as
 * values; only bugs throw.
 * @module
 */
import { basename } from "node:path";
import { suggest } from "../../dsl/suggest.js";
import { formatDataError, loadDatasetFiles, loadDatasetJson, memoryFiles, type DataError, type LoadResult } from "../../engine/dataset/index.js";
import { annotateWarnings, datasetSpecOf, type AggregateFill, evaluate, limitedWriter, MAX_PERIODS, minResultBytes, narrowColumns, narrowingErrors, ResultTooLarge, writeResultJson } from "../../engine/evaluate/index.js";
import { monthFromName, parseRange } from "../../engine/periods.js";
import type { DatasetSpec } from "../../engine/dataset/index.js";
import type { FieldError } from "../../schemas/generated/api.js";
import { simulate } from "../../engine/scenario/index.js";
import { loadPostgres } from "./pg-load.js";
import type { EvalJob, EvalOutcome, PgConnection, ResultSize, SimJob, SimOutcome, StoredRef, WireDataset } from "./protocol.js";

/**
 * A data error as `{path, message}` — a JSON pointer into the JSON dataset, or
 * the file's place in the request — with `file`, `line`, `record`, `field`
 * and `column` as fields of their own, so that clients need not parse the message.
 */
export function fieldError(e: DataError, form: "json" | "files"): FieldError {
  const out: FieldError =
    form === "json"
      ? { path: `/dataset${e.path ?? ""}`, message: e.path !== undefined ? e.message : formatDataError({ ...e, file: "dataset" }) }
      : { path: `/dataset/files/${basename(e.file)}`, message: formatDataError({ ...e, file: basename(e.file) }) };
  out.file = form === "json" ? "dataset" : basename(e.file);
  if (e.line !== undefined) out.line = e.line;
  if (e.record !== undefined) out.record = e.record;
  if (e.field !== undefined) out.field = e.field;
  if (e.column !== undefined) out.column = e.column;
  return out;
}

/**
 * Stored datasets loaded lately, by id and the template's view of them (the
 * same files load differently for templates declaring other sources or
 * fields). Loading is most of a small evaluation's time, and integrators
 * evaluate one uploaded dataset again and again. Bounded: a few datasets per
 * worker.
 */
const loadedStored = new Map<string, LoadResult>();
const MAX_LOADED = 4;

/** Loads the dataset, from this worker's cache for a stored one; undefined for a `StoredRef` this worker has not loaded (for this view). */
async function load(dataset: Exclude<WireDataset, PgConnection>, spec: DatasetSpec, tmpDir: string): Promise<LoadResult | undefined> {
  if (dataset.storedId === undefined) {
    if (dataset.form === "stored") return undefined;
    return loadText(dataset, spec, tmpDir);
  }
  const key = `${dataset.storedId}\u0000${JSON.stringify(spec, (_k, v: unknown) => (v instanceof Map ? [...v] : v))}`;
  const hit = loadedStored.get(key);
  if (hit) {
    // Most recently used last, so the oldest goes first.
    loadedStored.delete(key);
    loadedStored.set(key, hit);
    return hit;
  }
  if (dataset.form === "stored") return undefined;
  const loaded = await loadText(dataset, spec, tmpDir);
  if (loaded.ok) {
    if (loadedStored.size >= MAX_LOADED) loadedStored.delete(loadedStored.keys().next().value!);
    loadedStored.set(key, loaded);
  }
  return loaded;
}

async function loadText(dataset: Exclude<WireDataset, StoredRef | PgConnection>, spec: DatasetSpec, _tmpDir: string): Promise<LoadResult> {
  if (dataset.form === "json") return loadDatasetJson(dataset.json, spec, "dataset");
  // Names were checked on the way in; a separator here would be a bug, never a path.
  for (const [name] of dataset.files) if (basename(name) !== name) throw new Error(`bad dataset file name ${JSON.stringify(name)}`);
  return loadDatasetFiles(memoryFiles(new Map(dataset.files)), spec, dataset.mapping ? { mapping: dataset.mapping } : {});
}

/**
 * Runs an evaluation.
 * @example
 * const out = await runJob({ checked, dataset: { form: "json", json }, period: "2026-03", explain: [], tmpDir: os.tmpdir() });
 */
export async function runJob(job: EvalJob): Promise<EvalOutcome> {
  let loaded: Extract<LoadResult, { ok: true }>;
  let aggregates: AggregateFill | undefined;
  if (job.dataset.form === "postgres") {
    // A connection's database changes under us, so nothing of it is cached; the aggregates come from PostgreSQL.
    const pg = await loadPostgres(job.checked, job.dataset, job.asOf);
    if (pg.kind === "failed") return pg.outcome;
    loaded = { ok: true, dataset: pg.dataset, warnings: pg.warnings };
    aggregates = pg.aggregates;
  } else {
    const read = await load(job.dataset, datasetSpecOf(job.checked), job.tmpDir);
    if (!read) return { kind: "need-dataset" };
    if (!read.ok) return { kind: "data-errors", errors: read.errors.map((e) => fieldError(e, job.dataset.form === "json" ? "json" : "files")), total: read.total };
    loaded = read;
  }
  const unknown: FieldError[] = [];
  job.explain.forEach((id, i) => {
    if (loaded.dataset.entities.byId.has(id)) return;
    const near = suggest(id, loaded.dataset.entities.byId.keys());
    unknown.push({ path: `/explain/${i}`, message: `no entity has the id ${JSON.stringify(id)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""}` });
  });
  for (const e of narrowingErrors(job.checked, loaded.dataset.entities, job.narrow)) unknown.push({ path: `/${e.path}`, message: e.message });
  if (unknown.length) return { kind: "request-errors", errors: unknown };
  // Refused before evaluating when the result surely exceeds the limit: 1,000 reps × 1,524 months would take seconds to evaluate and then be too large to send.
  const range = parseRange(job.period, { fiscalStart: monthFromName(job.checked.settings.fiscalYearStarts) ?? 1, maxPeriods: MAX_PERIODS });
  const periods = range.ok ? range.periods.length : 1;
  const least = minResultBytes(job.checked, loaded.dataset.entities, job.narrow, periods);
  const size = (bytes: number): ResultSize => ({ bytes, entities: least.entities, periods, metrics: job.narrow.fields?.length ?? job.checked.metrics.length, limit: job.maxResultBytes });
  if (least.bytes > job.maxResultBytes) return { kind: "too-large", size: size(least.bytes) };
  const out = evaluate(job.checked, loaded.dataset, { period: job.period, ...(job.asOf !== undefined ? { asOf: job.asOf } : {}), ...(job.explain.length ? { explain: job.explain } : {}) }, aggregates ? { aggregates } : {});
  if (!out.ok) {
    // The request was read before it got here, so what is left is the data not fitting the template.
    const request = out.errors.filter((e) => e.path === "period" || e.path === "asOf" || e.path === "explain");
    if (request.length) return { kind: "request-errors", errors: request.map((e) => ({ path: `/${e.path}`, message: e.message })) };
    return { kind: "data-errors", errors: out.errors.map((e) => ({ path: e.path ? `/${e.path}` : "/dataset", message: e.message })) };
  }
  // Written from the columns: the result objects are never made; the writer stops at the limit.
  const w = limitedWriter(job.maxResultBytes);
  const cols = narrowColumns(out.columns, job.narrow);
  try {
    writeResultJson(cols, w.write, job.explain.length ? out.explanations : undefined, "compact");
  } catch (e) {
    if (!(e instanceof ResultTooLarge)) throw e;
    // The first piece is the head, then one per period: what was written, scaled to every period, is the estimate.
    const reached = Math.max(1, Math.min(periods, e.pieces - 1));
    return { kind: "too-large", size: size(Math.max(e.written, Math.round((e.written / reached) * periods), least.bytes)) };
  }
  const json = w.text();
  const warnings = annotateWarnings(loaded.warnings, job.checked);
  return warnings.length > 0 ? { kind: "ok", json, warnings } : { kind: "ok", json };
}

/**
 * Runs a comparison of what-if scenarios: one load of the dataset (the stored ones cached as for
 * evaluations), then engine/scenario's `simulate`, the code `kpi simulate` runs.
 * @example
 * const out = await runSimJob({ checked, dataset, input: { period: "2026-03", scenarios }, tmpDir: os.tmpdir() });
 */
export async function runSimJob(job: SimJob): Promise<SimOutcome> {
  // Scenarios scale source fields record by record, and a connection's records stay in its database; the route refuses it.
  if (job.dataset.form === "postgres") throw new Error("a comparison over a registered connection is not supported");
  const loaded = await load(job.dataset, datasetSpecOf(job.checked), job.tmpDir);
  if (!loaded) return { kind: "need-dataset" };
  if (!loaded.ok) return { kind: "load-errors", errors: loaded.errors.map((e) => fieldError(e, job.dataset.form === "json" ? "json" : "files")), total: loaded.total };
  return simulate(job.checked, loaded.dataset, job.input);
}
