/**
 * Loads the folder form of a dataset from any `DataFiles` (a folder on disk,
 * or files held in memory for an HTTP upload): `entities.csv` (`id,kind,
 * name,parent,start,end`; other columns are attributes), one `SOURCE.csv` or
 * `SOURCE.ndjson` for every source the template declares (a missing file is
 * an error: a source without records is a file with just its header, so a
 * misnamed file cannot silently count as zero), and optional `inputs.csv`
 * (`entity,metric,period,value`) and `targets.csv`
 * (`entity,metric,period,base,challenge`). Files are streamed, never read
 * whole. Entity errors stop the load before the sources are read, because
 * every record would repeat them.
 *
 * With a mapping (mapping.schema.json, checked by `mapping.ts`) files may be
 * named otherwise, be `.xlsx` workbooks, in other encodings and delimiters,
 * with other headers, formats and footers (`mapped-source.ts`,
 * `mapped-tables.ts`). Without one, the strict forms above hold.
 * @module
 */
import { readFile, stat } from "node:fs/promises";
import type { Mapping } from "../../schemas/generated/mapping.js";
import { folderFiles, type DataFiles } from "./data-files.js";
import { ErrorList, type DataWarning, type LoadResult } from "./errors.js";
import { loadDatasetJson } from "./load-json.js";
import { nullPrototype } from "./mapping.js";
import { mappingPlaceErrors } from "./mapping-place.js";
import { MappedSource } from "./mapped-source.js";
import { readMappedEntities, readMappedMetricRows, readRates, readRows, tableOptions } from "./mapped-tables.js";
import { readEntities, readMetricRows } from "./plain-tables.js";
import { readNdjson } from "./read-files.js";
import type { RateTable } from "./rates.js";
import { SourceBuilder } from "./source-builder.js";
import { startSourceWorkers, type SourceWorkers } from "./source-workers.js";
import type { DatasetSpec, SourceData } from "./types.js";

/**
 * Options of a load: the mapping (already checked against the template).
 * @example
 * await loadDatasetFolder("exports", spec, { mapping });
 */
export interface LoadOptions {
  mapping?: Mapping;
  /**
   * Sources whose records another engine reads (`--engine duckdb` over a
   * Parquet file): loaded here without records, so that the entities,
   * targets and inputs load as usual and the aggregates come from the
   * database.
   */
  externalSources?: ReadonlySet<string>;
  /**
   * Threads to load with (the CLI gives the cores it has): with two or more,
   * plain CSV and NDJSON source files of at least `PARALLEL_MIN_BYTES` on
   * disk load in worker threads side by side (`source-workers.ts`); 1 or
   * absent: all in this thread. The dataset, errors and warnings are the same.
   */
  threads?: number;
  /** The mapping's file, as errors about the mapping name it (default "mapping"). */
  mappingFile?: string;
}

/** A source file smaller than this loads in the caller's thread: starting a worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 1 << 20;

/**
 * The plain source files (no mapping) big enough for a worker of their own,
 * by source, when there are at least two (one file gains nothing from a
 * thread of its own). Decided from the file names and sizes alone, so that
 * the workers start while the entities are read.
 */
async function bigPlainFiles(files: DataFiles, names: ReadonlySet<string>, spec: DatasetSpec, external: ReadonlySet<string> | undefined): Promise<Map<string, string> | undefined> {
  if (!files.path) return undefined;
  const big = new Map<string, string>();
  for (const s of spec.sources) {
    if (external?.has(s.name)) continue;
    const present = [".csv", ".ndjson"].map((e) => s.name + e).filter((n) => names.has(n));
    if (present.length !== 1) continue;
    try {
      if ((await stat(files.path(present[0]!))).size >= PARALLEL_MIN_BYTES) big.set(s.name, present[0]!);
    } catch {
      // A file that cannot be read is the loader's to report, in this thread.
    }
  }
  return big.size >= 2 ? big : undefined;
}

/** A JSON value as the cell text a mapped column reads: strings as they are, numbers and booleans as written, null and absent as empty. */
const ndjsonCell = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));

const SOURCE_EXTS = [".csv", ".ndjson", ".xlsx"] as const;

/**
 * Loads a dataset from its files.
 * @example
 * const r = await loadDatasetFiles(memoryFiles(new Map([["entities.csv", "id,kind\n"]])), spec);
 */
export async function loadDatasetFiles(files: DataFiles, spec: DatasetSpec, options: LoadOptions = {}): Promise<LoadResult> {
  const errors = new ErrorList();
  const warnings: DataWarning[] = [];
  const fail = (): LoadResult => errors.failure(files.origin);
  const listed = await files.names();
  if (!listed.ok) {
    errors.add({ file: files.origin, message: listed.message });
    return fail();
  }
  const names = listed.names;
  // Keyed by the template's names: without prototypes, a source or field named `constructor` finds nothing the mapping did not say.
  const mapping = options.mapping && nullPrototype(options.mapping);
  if (mapping) {
    // A mapping for PostgreSQL tables (`table`, `query`) says nothing about files: refused, not ignored.
    const place = mappingPlaceErrors(mapping, "files", options.mappingFile ?? "mapping");
    if (place.total > 0) return { ok: false, errors: place.errors, total: place.total };
  }
  const big = !mapping && (options.threads ?? 1) > 1 ? await bigPlainFiles(files, names, spec, options.externalSources) : undefined;
  const workers = big && startSourceWorkers(Math.min(options.threads!, big.size));
  const pool = workers && big ? { workers, files: big } : undefined;
  try {
    return await loadWith();
  } finally {
    await pool?.workers.close();
  }

  async function loadWith(): Promise<LoadResult> {
    const footerNote = (file: string) => (lines: number[]) => {
      warnings.push({ kind: "footer", file, count: lines.length, lines: lines.slice(0, 5), message: `skipped ${lines.length === 1 ? "1 line" : `${lines.length} lines`} at the end that ${lines.length === 1 ? "is" : "are"} not data (a report footer or totals)` });
    };

    const entityFile = mapping?.entities?.file ?? (names.has("entities.csv") || !names.has("entities.xlsx") ? "entities.csv" : "entities.xlsx");
    if (!names.has(entityFile)) {
      const message = mapping?.entities?.file ? `file not found; the mapping names ${entityFile} for the entities` : "file not found; a dataset folder needs entities.csv (id,kind,name,parent,start,end)";
      errors.add({ file: files.label(entityFile), message });
      return fail();
    }
    const entities = mapping?.entities ? await readMappedEntities(files, entityFile, mapping.entities, spec, errors, footerNote) : await readEntities(files, entityFile, spec, errors);
    if (!entities) return fail();

    let rates: RateTable | undefined;
    if (mapping?.rates) {
      rates = await readRates(files, names, mapping.rates, spec, errors);
      if (!rates) return fail();
    }

    const ctx = { digits: spec.currencyDigits, entities };
    const kinds = new Set(spec.entityKinds.map((k) => k.name));
    const sources = new Map<string, SourceData>();
    // Each source's errors and warnings are its own until all are read, then merged in the template's order: the same list whichever thread read which file.
    const perSource = new Map<string, { errors: ErrorList; warnings: DataWarning[]; data?: Promise<SourceData | undefined> }>();
    const plainFiles = new Map<string, string>();
    const resolved = new Map<string, string>();
    for (const s of spec.sources) {
      const m = mapping?.sources?.[s.name];
      const errors = new ErrorList();
      const warnings: DataWarning[] = [];
      perSource.set(s.name, { errors, warnings });
      if (options.externalSources?.has(s.name)) {
        sources.set(s.name, new SourceBuilder(s, ctx, kinds, errors, files.label(`${s.name}.parquet`)).finish());
        continue;
      }
      let name: string;
      if (m?.file !== undefined) {
        name = m.file;
        if (!names.has(name)) {
          errors.add({ file: files.label(name), message: `file not found; the mapping names ${name} for source ${s.name}` });
          continue;
        }
      } else {
        const present = SOURCE_EXTS.filter((e) => names.has(s.name + e) && (e !== ".xlsx" || mapping !== undefined));
        if (present.length !== 1) {
          const message =
            present.length > 1
              ? `both ${present.map((e) => s.name + e).join(" and ")} exist; keep one`
              : `file not found; source ${s.name} needs ${s.name}.csv or ${s.name}.ndjson${mapping ? ` (or ${s.name}.xlsx, or a "file" in the mapping)` : ""} (a source without records: a CSV file with just the header)`;
          errors.add({ file: files.label(`${s.name}.csv`), message });
          continue;
        }
        name = s.name + present[0]!;
      }
      resolved.set(s.name, name);
      // With a mapping, even a source it does not name reads through it (its defaults); only the strict forms go to workers.
      if (!mapping && (name.endsWith(".csv") || name.endsWith(".ndjson"))) plainFiles.set(s.name, name);
    }
    pool?.workers.setUp(entities, spec.currencyDigits, spec.entityKinds.map((k) => k.name));
    const inThisThread: DatasetSpec["sources"][number][] = [];
    for (const s of spec.sources) {
      const own = perSource.get(s.name)!;
      const plainName = plainFiles.get(s.name);
      if (pool && plainName !== undefined && pool.files.get(s.name) === plainName) {
        own.data = pool.workers.load({ path: files.path!(plainName), file: files.label(plainName), form: plainName.endsWith(".csv") ? "csv" : "ndjson", spec: s }).then((r) => {
          own.errors.merge(r.errors);
          own.warnings.push(...r.warnings);
          return r.data;
        });
        // Awaited below, in order; until then a failure must not count as unhandled.
        own.data.catch(() => undefined);
        continue;
      }
      if (own.errors.count === 0 && !sources.has(s.name)) inThisThread.push(s);
    }
    // The inputs and targets are read while the workers load: their errors are kept apart and come after the sources', as they always have.
    const tableErrors = new ErrorList();
    const tablesRead = (async () => ({ inputs: (await table("inputs", tableErrors))?.inputs ?? [], targets: (await table("targets", tableErrors))?.targets ?? [] }))();
    tablesRead.catch(() => undefined);
    for (const s of inThisThread) {
      const own = perSource.get(s.name)!;
      own.data = Promise.resolve(await loadSource(s, resolved.get(s.name)!, own.errors, own.warnings));
    }
    for (const s of spec.sources) {
      const own = perSource.get(s.name)!;
      const data = await own.data;
      if (data) sources.set(s.name, data);
      errors.merge(own.errors.export());
      warnings.push(...own.warnings);
    }

    /** One source in this thread. */
    async function loadSource(s: DatasetSpec["sources"][number], name: string, errors: ErrorList, warnings: DataWarning[]): Promise<SourceData> {
      const m = mapping?.sources?.[s.name];
      const file = files.label(name);
      const b = new SourceBuilder(s, ctx, kinds, errors, file);
      const mappedSource = (sm: NonNullable<typeof m>): MappedSource =>
        new MappedSource(s, sm, { home: spec.currency ?? "", digits: spec.currencyDigits, timezone: sm.timezone ?? mapping?.timezone ?? "UTC", entities: ctx.entities, kinds, ...(rates ? { rates } : {}) }, b, errors, file);
      if (name.endsWith(".ndjson") && m === undefined) await readNdjson(files.open(name), file, errors, (rec, line) => b.addJsonRecord(rec, { line, index: line }));
      else if (name.endsWith(".ndjson")) {
        // A mapped NDJSON export reads like a table: the first record's keys are its header, each record a row of cell text.
        const mapped = mappedSource(m!);
        let header: string[] | undefined;
        let bound = false;
        await readNdjson(files.open(name), file, errors, (rec, line) => {
          if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
            errors.add({ file, line, message: "not a JSON object; each line of an NDJSON file is one record" });
            return;
          }
          if (header === undefined) bound = mapped.bindHeader((header = Object.keys(rec)), line);
          if (!bound) return;
          const r = rec as Record<string, unknown>;
          mapped.row(header.map((k) => ndjsonCell(Object.hasOwn(r, k) ? r[k] : undefined)), line);
        });
        warnings.push(...mapped.warnings());
      } else if (!mapping && name.endsWith(".csv")) await readRows(files, name, file, {}, errors, { header: (cells, line) => b.bindHeader(cells, line), row: (cells, line) => b.addTextRow(cells, line), plainRow: (text, from, end, d, line) => b.addPlainRow(text, from, end, d, line) });
      else {
        const mapped = mappedSource(m ?? {});
        await readRows(files, name, file, tableOptions(m ?? {}, footerNote(file)), errors, {
          header: (cells, line) => mapped.bindHeader(cells, line),
          row: (cells, line, binary) => mapped.row(cells, line, binary),
          plainRow: (text, from, end, d, line) => mapped.plainRow(text, from, end, d, line),
        });
        warnings.push(...mapped.warnings());
      }
      warnings.push(...b.missingWarnings());
      return b.finish();
    }
    async function table(form: "inputs" | "targets", errors: ErrorList) {
      const tm = mapping?.[form];
      const name = tm?.file ?? `${form}.csv`;
      if (!names.has(name)) {
        if (tm?.file) errors.add({ file: files.label(name), message: `file not found; the mapping names ${name} for the ${form}` });
        return undefined;
      }
      return tm ? readMappedMetricRows(files, name, form, tm, spec, ctx.entities, errors) : readMetricRows(files, name, form, spec, ctx.entities, errors);
    }
    const { inputs, targets } = await tablesRead;
    errors.merge(tableErrors.export());
    if (errors.count > 0) return fail();
    return { ok: true, dataset: { currencyDigits: spec.currencyDigits, entities, sources, inputs, targets }, warnings };
  }
}

/**
 * Loads a dataset folder. Error files are `dir` joined with the file name.
 * @example
 * const r = await loadDatasetFolder("examples/saas/data", spec);
 * if (r.ok) console.log(r.dataset.sources.get("deals")!.length);
 * else for (const e of r.errors) console.error(formatDataError(e)); // examples/saas/data/deals.csv:17: field amount: …
 */
export function loadDatasetFolder(dir: string, spec: DatasetSpec, options: LoadOptions = {}): Promise<LoadResult> {
  return loadDatasetFiles(folderFiles(dir), spec, options);
}

/**
 * Loads `kpi eval --data PATH`: a folder (the folder form) or a JSON file (the JSON form).
 * @example
 * const r = await loadDataset(process.argv[2]!, spec);
 */
export async function loadDataset(path: string, spec: DatasetSpec, options: LoadOptions = {}): Promise<LoadResult> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [{ file: path, message: code === "ENOENT" ? "no such file or folder" : `cannot read: ${(err as Error).message}` }], total: 1 };
  }
  if (isDir) return loadDatasetFolder(path, spec, options);
  try {
    return loadDatasetJson(await readFile(path, "utf8"), spec, path);
  } catch (err) {
    return { ok: false, errors: [{ file: path, message: `cannot read: ${(err as Error).message}` }], total: 1 };
  }
}
