/**
 * Loads the folder form of a dataset: `entities.csv` (`id,kind,name,parent,
 * start,end`; other columns are attributes), one `SOURCE.csv` or
 * `SOURCE.ndjson` for every source the template declares (a missing file is
 * an error: a source without records is a file with just its header, so a
 * misnamed file cannot silently count as zero), and optional `inputs.csv`
 * (`entity,metric,period,value`) and `targets.csv`
 * (`entity,metric,period,base,challenge`). Files are streamed, never read
 * whole. Entity errors stop the load before the sources are read, because
 * every record would repeat them.
 * @module
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { buildEntityTree, type EntityRow } from "./entities.js";
import { ErrorList, type LoadResult } from "./errors.js";
import { loadDatasetJson } from "./load-json.js";
import { MetricRowsBuilder, type MetricRow } from "./metric-rows.js";
import { readCsvFile, readNdjsonFile } from "./read-files.js";
import { SourceBuilder } from "./source-builder.js";
import type { DatasetSpec, EntityTree, SourceData } from "./types.js";

const ENTITY_COLUMNS = ["id", "kind", "name", "parent", "start", "end"] as const;

/**
 * Maps a header of a fixed-layout file onto its known columns: a missing required column
 * or a repeated one is an error; so is any other column unless `extra` takes it.
 */
function bindColumns(
  header: readonly string[],
  known: readonly string[],
  required: readonly string[],
  report: (field: string | undefined, message: string) => void,
  extra?: (name: string, cell: number) => boolean,
): Map<string, number> | undefined {
  const at = new Map<string, number>();
  let ok = true;
  header.forEach((raw, cell) => {
    const name = raw.trim();
    if (name === "") {
      ok = false;
      report(undefined, `column ${cell + 1} of the header has no name`);
    } else if (at.has(name)) {
      ok = false;
      report(name, `column ${JSON.stringify(name)} appears twice`);
    } else if (known.includes(name)) at.set(name, cell);
    else if (extra?.(name, cell)) at.set(name, cell);
    else {
      ok = false;
      report(name, `unknown column ${JSON.stringify(name)}; the columns are ${known.join(", ")}`);
    }
  });
  for (const r of required) {
    if (!at.has(r)) {
      ok = false;
      report(r, `missing column ${JSON.stringify(r)}`);
    }
  }
  return ok ? at : undefined;
}

async function readEntities(dir: string, spec: DatasetSpec, errors: ErrorList): Promise<EntityTree | undefined> {
  const file = join(dir, "entities.csv");
  const rows: EntityRow[] = [];
  let cols: Map<string, number> | undefined;
  const attrCols: [string, number][] = [];
  await readCsvFile(file, file, errors, {
    header: (cells, line) => {
      cols = bindColumns(cells, ENTITY_COLUMNS, ["id", "kind"], (field, message) => errors.add({ file, line, message, ...(field !== undefined ? { field } : {}) }), (name, cell) => {
        attrCols.push([name, cell]);
        return true;
      });
      return cols !== undefined;
    },
    row: (cells, line) => {
      const get = (c: string): string => {
        const i = cols!.get(c);
        return i === undefined ? "" : (cells[i] ?? "");
      };
      const attrs = new Map<string, string>();
      for (const [name, cell] of attrCols) if (cells[cell]) attrs.set(name, cells[cell]);
      rows.push({ id: get("id"), kind: get("kind"), name: get("name"), parent: get("parent"), start: get("start"), end: get("end"), attrs, where: { line } });
    },
  });
  if (errors.count > 0) return undefined;
  return buildEntityTree(rows, spec.entityKinds, file, errors);
}

async function readMetricRows(dir: string, form: "inputs" | "targets", spec: DatasetSpec, entities: EntityTree, errors: ErrorList): Promise<MetricRowsBuilder> {
  const file = join(dir, `${form}.csv`);
  const b = new MetricRowsBuilder(form, spec, entities, file, errors);
  const known = form === "inputs" ? ["entity", "metric", "period", "value"] : ["entity", "metric", "period", "base", "challenge"];
  let cols: Map<string, number> | undefined;
  await readCsvFile(file, file, errors, {
    header: (cells, line) => {
      const report = (field: string | undefined, message: string): void => errors.add({ file, line, message, ...(field !== undefined ? { field } : {}) });
      cols = bindColumns(cells, known, form === "inputs" ? known : ["entity", "metric", "period"], report);
      if (cols && form === "targets" && !cols.has("base") && !cols.has("challenge")) {
        report("base", `missing column "base" (or "challenge")`);
        cols = undefined;
      }
      return cols !== undefined;
    },
    row: (cells, line) => {
      const row: MetricRow = { entity: "", metric: "", period: "" };
      for (const [name, cell] of cols!) row[name as keyof MetricRow] = cells[cell];
      b.add(row, { line, index: line });
    },
  });
  return b;
}

/**
 * Loads a dataset folder. Error files are `dir` joined with the file name.
 * @example
 * const r = await loadDatasetFolder("examples/saas/data", spec);
 * if (r.ok) console.log(r.dataset.sources.get("deals")!.length);
 * else for (const e of r.errors) console.error(formatDataError(e)); // examples/saas/data/deals.csv:17: field amount: …
 */
export async function loadDatasetFolder(dir: string, spec: DatasetSpec): Promise<LoadResult> {
  const errors = new ErrorList();
  const fail = (): LoadResult => ({ ok: false, errors: errors.list(dir) });
  let names: Set<string>;
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    names = new Set(await readdir(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    errors.add({ file: dir, message: code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : `cannot read the folder: ${(err as Error).message}` });
    return fail();
  }
  if (!names.has("entities.csv")) {
    errors.add({ file: join(dir, "entities.csv"), message: "file not found; a dataset folder needs entities.csv (id,kind,name,parent,start,end)" });
    return fail();
  }
  const entities = await readEntities(dir, spec, errors);
  if (!entities) return fail();

  const ctx = { digits: spec.currencyDigits, entities };
  const kinds = new Set(spec.entityKinds.map((k) => k.name));
  const sources = new Map<string, SourceData>();
  for (const s of spec.sources) {
    const csv = names.has(`${s.name}.csv`);
    const ndjson = names.has(`${s.name}.ndjson`);
    if (csv === ndjson) {
      const message = csv
        ? `both ${s.name}.csv and ${s.name}.ndjson exist; keep one`
        : `file not found; source ${s.name} needs ${s.name}.csv or ${s.name}.ndjson (a source without records: a CSV file with just the header)`;
      errors.add({ file: join(dir, `${s.name}.csv`), message });
      continue;
    }
    const file = join(dir, csv ? `${s.name}.csv` : `${s.name}.ndjson`);
    const b = new SourceBuilder(s, ctx, kinds, errors, file);
    if (csv) await readCsvFile(file, file, errors, { header: (cells, line) => b.bindHeader(cells, line), row: (cells, line) => b.addTextRow(cells, line) });
    else await readNdjsonFile(file, file, errors, (rec, line) => b.addJsonRecord(rec, { line, index: line }));
    sources.set(s.name, b.finish());
  }
  const inputs = names.has("inputs.csv") ? (await readMetricRows(dir, "inputs", spec, entities, errors)).inputs : [];
  const targets = names.has("targets.csv") ? (await readMetricRows(dir, "targets", spec, entities, errors)).targets : [];
  if (errors.count > 0) return fail();
  return { ok: true, dataset: { currencyDigits: spec.currencyDigits, entities, sources, inputs, targets } };
}

/**
 * Loads `kpi eval --data PATH`: a folder (the folder form) or a JSON file (the JSON form).
 * @example
 * const r = await loadDataset(process.argv[2]!, spec);
 */
export async function loadDataset(path: string, spec: DatasetSpec): Promise<LoadResult> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [{ file: path, message: code === "ENOENT" ? "no such file or folder" : `cannot read: ${(err as Error).message}` }] };
  }
  if (isDir) return loadDatasetFolder(path, spec);
  try {
    return loadDatasetJson(await readFile(path, "utf8"), spec, path);
  } catch (err) {
    return { ok: false, errors: [{ file: path, message: `cannot read: ${(err as Error).message}` }] };
  }
}
