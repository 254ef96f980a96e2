/**
 * `kpi eval TEMPLATE --data PATH [--map FILE] --period P|P1..P2 [--as-of DATE]
 * [--format json|ndjson|table|csv] [--out FILE] [--explain ENTITY]
 * [--entities IDS] [--fields|--metrics NAMES]`: evaluates a template over a
 * dataset (DESIGN.md "Interfaces"). In order, each step stopping the run:
 *
 * 1. read and check the template — diagnostics on standard error in
 *    `kpi check`'s form, exit 1 on errors;
 * 2. read the period and as-of date — a bad one is bad usage, exit 2;
 * 3. load the dataset (through the `--map` mapping, when given) — every data
 *    error as `FILE:LINE: field F: message` on standard error with the exact
 *    total, exit 1, and nothing is evaluated; warnings (empty cells that
 *    metrics leave out, skipped records, report footers) on standard error;
 * 4. an `--explain` entity that the dataset does not have is bad usage, exit 2;
 * 5. evaluate and print the result on standard output, or with `--out` to a
 *    file written atomically (`output.ts`): JSON (the Result of
 *    schemas/result.schema.json, explanations under `explanations`), NDJSON
 *    (one entity-period per line, `$defs/NdjsonLine`), a table, or CSV. With
 *    `--explain`, table output is followed by the text explanation; with
 *    NDJSON and CSV the explanation goes to standard error so that the output
 *    stays one document. Where the records stay in a database (PostgreSQL,
 *    Parquet through DuckDB) the explanation comes from a second query for
 *    the explained subtree's records (`eval-explain.ts`), and one that
 *    disagrees with the result is an error (exit 1), never printed.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { LineIndex } from "../dsl/span.js";
import { suggest } from "../dsl/suggest.js";
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import { checkSource } from "../engine/check/index.js";
import { formatDataError, formatDataWarning, loadDataset, mappingPlaceErrors, MAX_ERRORS, readMapping, type DataError, type DataWarning, type Dataset, type LoadOptions, type Mapping } from "../engine/dataset/index.js";
import { MAX_PERIODS } from "../engine/evaluate/request.js";
import { renderExplanation, type EntityExplanation } from "../engine/explain/index.js";
import { checkPeriodAgainstGrain, formatDate, monthFromName, parseDate, parseRange } from "../engine/periods.js";
import { createBaseLoader } from "./base-loader.js";
import { explainFromDatabase, type ExplainWhere } from "./eval-explain.js";
import { renderTable, tableWidth } from "./eval-table.js";
import { readSource, reason } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { checkOutPath, writeResult } from "./output.js";
import { withProgress } from "./progress.js";
import { printable, renderDiagnostic } from "./render.js";

/**
 * Options of `kpi eval`, as DESIGN.md lists them.
 * @example
 * const options: EvalOptions = { data: "data/", period: "2026-03", format: "json" };
 */
export interface EvalOptions {
  data: string;
  /** A mapping file (schemas/mapping.schema.json) for a folder of exports. */
  map?: string;
  period: string;
  asOf?: string;
  format: "json" | "ndjson" | "table" | "csv";
  /** Write the result to this file (atomically: a temp file beside it, renamed) instead of standard output. */
  out?: string;
  explain?: string;
  /** Comma-separated entity ids: only their subtrees are printed. */
  entities?: string;
  /** Comma-separated metric names: only these metrics are printed. */
  fields?: string;
  /** `--metrics`, another name for `--fields` (the two are joined). */
  metrics?: string;
  /** Where the aggregates are computed: the in-process passes (default) or DuckDB over the folder's files. */
  engine?: "inprocess" | "duckdb";
}

const list = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter((s) => s !== ""));

/**
 * Runs `kpi eval`; returns the exit code (0 done, 1 the template or data has errors).
 * @throws UsageError (exit 2) for an unreadable file, a bad period or as-of date, an unknown `--explain` entity
 * @example
 * const code = await runEval("saas.kpi", { data: "data", period: "2026-03", format: "json" }, io);
 */
export async function runEval(template: string, opts: EvalOptions, io: CliIO): Promise<ExitCode> {
  const source = readSource(template, io);
  const loader = createBaseLoader();
  const checkedResult = checkSource(source.text, { file: source.file, loadBase: loader.load });
  const lookup = (file: string): LineIndex | undefined => {
    const text = file === source.file ? source.text : loader.texts.get(file);
    return text === undefined ? undefined : new LineIndex(text);
  };
  for (const d of checkedResult.diagnostics) io.err(renderDiagnostic(d, source.file, lookup));
  const checked = checkedResult.checked;
  if (!checked) {
    const errors = checkedResult.diagnostics.filter((d) => d.severity === "error").length;
    io.err(`kpi eval: ${plural(errors, "error")} in the template; nothing was evaluated\n`);
    return ExitCode.failed;
  }
  checkOptions(opts, checked);
  if (opts.out !== undefined) checkOutPath(opts.out);

  const pg = /^postgres(ql)?:\/\//i.test(opts.data) ? await import("../engine/sql/pg-dataset.js") : undefined;
  const pgData = pg?.pgTarget(opts.data);
  if (pg) {
    if (!pgData) throw new UsageError(`bad --data: ${printable(opts.data.replace(/:[^:@/]*@/, ":***@"))} is not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA)`);
    if (opts.engine === "duckdb") throw new UsageError("--engine duckdb reads a folder of files; with --data postgres:// the aggregates are computed by PostgreSQL");
  } else {
    try {
      statSync(opts.data);
    } catch (e) {
      throw new UsageError(`cannot read ${opts.data}: ${reason(e) === "no such file" ? "no such file or folder" : reason(e)}`);
    }
  }
  // Loaded here, not at start-up, so that `kpi check` and `kpi fmt` never pay for the evaluator.
  const engine = await import("../engine/evaluate/index.js");
  const spec = engine.datasetSpecOf(checked);
  // Big source files load side by side, one worker thread per core (engine/dataset/source-workers.ts).
  const options: LoadOptions = { threads: availableParallelism() };
  let pgMapping: Mapping | undefined;
  if (opts.map !== undefined) {
    const read = readMapping(readSource(opts.map, io).text, opts.map, spec);
    if (!read.ok) return dataErrors(read.errors, read.total, "in the mapping", io);
    if (pgData) {
      // For PostgreSQL the mapping names tables (or queries) and columns; it is not handed to the file loader.
      const place = mappingPlaceErrors(read.mapping, "postgres", opts.map);
      if (place.total > 0) return dataErrors(place.errors, place.total, "in the mapping", io);
      pgMapping = read.mapping;
    } else {
      if (!statSync(opts.data).isDirectory()) throw new UsageError(`--map applies to a folder of files; ${opts.data} is a file`);
      options.mapping = read.mapping;
      options.mappingFile = opts.map;
    }
  }
  const parquet = opts.engine === "duckdb" && options.mapping === undefined ? parquetSources(checked, opts.data) : new Set<string>();
  if (parquet.size > 0) {
    // DuckDB reads these; with --explain a second query fetches the explained subtree's records (eval-explain.ts).
    options.externalSources = parquet;
  }
  let pgRelation: ((src: import("../engine/check/checked-model.js").CheckedSource) => import("../engine/sql/compile.js").Relation) | undefined;
  let loadFrom = () => loadDataset(opts.data, spec, options);
  if (pg && pgData) {
    const { SqlUnsupported } = await import("../engine/sql/filter-sql.js");
    let opened: Awaited<ReturnType<typeof pg.openPgDataset>>;
    try {
      opened = await pg.openPgDataset(checked, pgData, pgMapping);
    } catch (e) {
      if (e instanceof SqlUnsupported) {
        io.err(`kpi eval: ${printable(e.message)}\n`);
        return ExitCode.failed;
      }
      throw new UsageError(`cannot read ${printable(pgData.shown)}: ${printable(e instanceof Error ? e.message : String(e))}`);
    }
    pgRelation = opened.relation;
    // Every file read from the database has its place in `where` (`table schema.name`, or the query).
    loadFrom = () => pg.loadPgTables(checked, opened, pgData.shown, (file) => `${pgData.shown} ${opened.where.get(file)}`);
  }
  const loaded = await withProgress(io, `kpi eval: loading ${printable(pgData?.shown ?? opts.data)}`, loadFrom);
  if (!loaded.ok) return dataErrors(loaded.errors, loaded.total, "", io);
  if (opts.explain !== undefined) checkEntity(opts.explain, loaded.dataset);
  const entities = list(opts.entities);
  const fields = opts.fields === undefined && opts.metrics === undefined ? undefined : [...(list(opts.fields) ?? []), ...(list(opts.metrics) ?? [])];
  const narrow = { ...(entities ? { entities } : {}), ...(fields ? { fields } : {}) };
  const bad = engine.narrowingErrors(checked, loaded.dataset.entities, narrow);
  const flag = (name: string): string => (name === "fields" && opts.fields === undefined ? "metrics" : name);
  if (bad.length) throw new UsageError(bad.map((e) => `--${flag(e.path!.split("/")[0]!)} ${e.message}`).join("\n"));
  const warnings = engine.annotateWarnings(loaded.warnings, checked);
  if (warnings.length > 0) {
    io.err(`kpi eval: ${plural(warnings.length, "warning")} about the data:\n`);
    for (const w of warnings) io.err(`  ${printable(formatDataWarning(w))}\n`);
  }

  let sql: Awaited<ReturnType<typeof sqlAggregates>> | undefined;
  if (pgData && pgRelation) {
    const { SqlDataError } = await import("../engine/sql/data-error.js");
    try {
      sql = await (await import("../engine/sql/pg-run.js")).pgAggregates(checked, loaded.dataset.entities.byId, pgData.url, pgRelation, opts.asOf === undefined ? undefined : cutoffText(opts.asOf));
    } catch (e) {
      // The server refused a source's query (a mapping's query that writes, a type it cannot cast): the data's problem, exit 1.
      if (!(e instanceof SqlDataError)) throw e;
      io.err(`kpi eval: ${printable(e.message)}\n`);
      return ExitCode.failed;
    }
  } else sql = opts.engine === "duckdb" ? await sqlAggregates(checked, loaded.dataset, opts, options.mapping, loaded.warnings) : undefined;
  // Where the records stay in the database the in-process run has none of them to explain: a second query fetches them.
  const elsewhere: ExplainWhere | undefined =
    opts.explain === undefined ? undefined : pgData && pgRelation ? { kind: "postgres", url: pgData.url, schema: pgData.schema, shown: pgData.shown, relation: pgRelation } : parquet.size > 0 ? { kind: "parquet", folder: opts.data, sources: parquet } : undefined;
  const outcome = engine.evaluate(checked, loaded.dataset, {
    period: opts.period,
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
    ...(opts.explain !== undefined && !elsewhere ? { explain: opts.explain } : {}),
  }, sql ? { aggregates: sql } : {});
  if (!outcome.ok) {
    for (const e of outcome.errors) io.err(`kpi eval: ${printable(e.path ? `${e.path}: ${e.message}` : e.message)}\n`);
    return ExitCode.failed;
  }
  let explanations = opts.explain !== undefined ? outcome.explanations : undefined;
  if (elsewhere && opts.explain !== undefined) {
    const cutoff = opts.asOf === undefined ? {} : { asOf: opts.asOf, cutoff: cutoffText(opts.asOf) };
    explanations = await explainFromDatabase(checked, loaded.dataset, elsewhere, { period: opts.period, ...cutoff, explain: opts.explain, sqlColumns: outcome.columns }, io);
    if (explanations === undefined) return ExitCode.failed;
  }
  const columns = engine.narrowColumns(outcome.columns, narrow);
  // The table and CSV show the metrics printed, in the template's order.
  const shown = fields ? { ...checked, metrics: checked.metrics.filter((m) => fields.includes(m.name)) } : checked;
  // JSON, NDJSON and CSV are written from the columns in chunks: no result objects, no single giant string.
  const texts = opts.format === "json" ? [] : collectExplanations(explanations).map(renderExplanation);
  await writeResult({
    columns,
    checked: shown,
    format: opts.format,
    explanations: opts.format === "json" ? explanations : undefined,
    // The table is followed by the explanations' text; NDJSON and CSV send theirs to standard error.
    table: () => renderTable(engine.resultObjects(columns), shown, { width: tableWidth(process.env, io.outColumns) }) + texts.map((t) => `\n${t}`).join(""),
    out: opts.out,
    io,
  });
  if (opts.format === "ndjson" || opts.format === "csv") for (const t of texts) io.err(`\n${t}`);
  return ExitCode.ok;
}

/** Prints data errors with their exact total: "832,279 data errors; the first 100 follow". */
function dataErrors(errors: readonly DataError[], total: number, where: string, io: CliIO): ExitCode {
  // Past the limit the list ends with an "and N more" entry, which the header line says better.
  const shown = total > MAX_ERRORS ? errors.slice(0, MAX_ERRORS) : errors;
  const count = `${total.toLocaleString("en-US")} data error${total === 1 ? "" : "s"}${where ? ` ${where}` : ""}`;
  if (shown.length < total) io.err(`kpi eval: ${count}; the first ${shown.length} follow\n`);
  for (const e of shown) io.err(`${printable(formatDataError(e))}\n`);
  io.err(`kpi eval: ${count}; nothing was evaluated\n`);
  return ExitCode.failed;
}

/**
 * The explanations in a result's `explanations`, however the evaluator nests
 * them (one per entity, or a list or map of them per period).
 * @example
 * collectExplanations({ zhang: explanation }); // [explanation]
 */
export function collectExplanations(x: unknown): EntityExplanation[] {
  if (Array.isArray(x)) return x.flatMap(collectExplanations);
  if (x === null || typeof x !== "object") return [];
  if ("entity" in x && "metrics" in x) return [x as EntityExplanation];
  return Object.values(x).flatMap(collectExplanations);
}

/** A bad `--period` or `--as-of` is bad usage: nothing is read before they are known to be good. */
function checkOptions(opts: EvalOptions, checked: CheckedTemplate): void {
  const fiscalStart = monthFromName(checked.settings.fiscalYearStarts) ?? 1;
  const range = parseRange(opts.period, { fiscalStart, maxPeriods: MAX_PERIODS });
  if (!range.ok) throw new UsageError(`bad --period ${JSON.stringify(opts.period)}: ${range.reason}`);
  for (const p of range.periods) {
    const fits = checkPeriodAgainstGrain(p, checked.settings.grain);
    if (!fits.ok) throw new UsageError(`bad --period ${JSON.stringify(opts.period)}: ${fits.reason}`);
  }
  if (opts.asOf !== undefined) {
    const d = parseDate(opts.asOf);
    if (!d.ok) throw new UsageError(`bad --as-of ${JSON.stringify(opts.asOf)}: ${d.reason}`);
  }
}

/** The sources a folder holds only as Parquet (`SOURCE.parquet`, no CSV or NDJSON): DuckDB reads them, the in-process loader cannot. */
function parquetSources(checked: CheckedTemplate, folder: string): Set<string> {
  const out = new Set<string>();
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return out;
  for (const s of checked.sources) {
    const has = (ext: string) => existsSync(join(folder, s.name + ext));
    if (has(".parquet") && !has(".csv") && !has(".ndjson")) out.add(s.name);
  }
  return out;
}

/** `--engine duckdb`: the aggregates computed by DuckDB over the folder's files (engine/sql). */
async function sqlAggregates(checked: CheckedTemplate, dataset: Dataset, opts: EvalOptions, mapping: Mapping | undefined, warnings: readonly DataWarning[]): Promise<import("../engine/evaluate/index.js").AggregateFill> {
  if (!statSync(opts.data).isDirectory()) throw new UsageError(`--engine duckdb reads a folder of CSV, NDJSON or Parquet files; ${opts.data} is a file`);
  const { duckdbAggregates } = await import("../engine/sql/duckdb-run.js");
  const { SqlUnsupported } = await import("../engine/sql/filter-sql.js");
  // The loader has read and checked every mapped cell by now (its located errors are already reported); the footers it left out have no SQL form yet.
  const mapped = mapping && { mapping, context: { entities: dataset.entities, kinds: new Set(checked.entityKinds.map((k) => k.name)), footers: new Set(warnings.filter((w) => w.kind === "footer").map((w) => basename(w.file))) } };
  try {
    return await duckdbAggregates(checked, dataset.entities.byId, opts.data, opts.asOf === undefined ? undefined : cutoffText(opts.asOf), mapped);
  } catch (e) {
    if (e instanceof SqlUnsupported) throw new UsageError(e.message);
    throw e;
  }
}

/** The as-of date in the YYYY-MM-DD form SQL literals are made from (checked by `checkOptions`). */
function cutoffText(asOf: string): string {
  const d = parseDate(asOf);
  if (!d.ok) throw new UsageError(`bad --as-of ${JSON.stringify(asOf)}: ${d.reason}`);
  return formatDate(d.day);
}

function checkEntity(id: string, dataset: Dataset): void {
  if (dataset.entities.byId.has(id)) return;
  const near = suggest(id, dataset.entities.byId.keys());
  throw new UsageError(`--explain ${JSON.stringify(id)}: no entity has this id${near ? `; did you mean ${JSON.stringify(near)}?` : ""}`);
}

/**
 * Adds `kpi eval` to the program.
 * @example
 * registerEval(program, io, (code) => (exitCode = code));
 */
export function registerEval(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("eval")
    .summary("compute metrics, targets, scores, incentives and alerts")
    .description("Evaluate a template over a dataset for a period or a range of periods.")
    .argument("<template>", "template file (.kpi)")
    .requiredOption("--data <path>", "dataset JSON file, a folder with entities.csv and one SOURCE.csv or SOURCE.ndjson per source, or postgres://USER@HOST/DB?schema=S (a table per source; aggregated by PostgreSQL)")
    .requiredOption("--period <period>", "a period (2026, 2026-Q1, 2026-03, 2026-W05, 2026-03-15) or a range P1..P2")
    .option("--map <file>", "mapping file (JSON, schemas/mapping.schema.json): how a folder of CRM or Excel exports becomes the dataset")
    .option("--as-of <date>", "leave out records dated after DATE (YYYY-MM-DD)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "ndjson", "table", "csv"]).default("json"))
    .option("--explain <entity>", "explain every number of one entity")
    .option("--entities <ids>", "print only these entities and everything under them (comma-separated ids)")
    .option("--fields <metrics>", "print only these metrics (comma-separated names); scores, payouts and alerts always print")
    .option("--metrics <metrics>", "the same as --fields")
    .option("--out <file>", "write the result to FILE (whole or not at all: a temp file beside it, renamed) instead of standard output")
    .addOption(new Option("--engine <engine>", "where the aggregates are computed: in process, or by DuckDB over the folder's files").choices(["inprocess", "duckdb"]).default("inprocess"))
    .addHelpText(
      "after",
      "\nExit status: 0 done, 1 the template or the data has errors (nothing is evaluated),\n2 bad usage (unreadable file, bad --period or --as-of, unknown --explain, --entities or --fields name).\n\nExample:\n  kpi eval saas.kpi --data data/ --period 2026-03 --format table",
    )
    .action(async (template: string, opts: EvalOptions) => done(await runEval(template, opts, io)));
}
