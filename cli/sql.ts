/**
 * `kpi sql TEMPLATE --dialect D [--as-of DATE] [--data DIR [--map M]]`:
 * prints the SQL the template's aggregates compile to (engine/sql), one
 * block per source, for tables named after the sources (typed columns named
 * after the fields) and an `entities` table (`id`, `parent`): the per-cell
 * aggregate query, the per-cell distinct values, and the distinct counts
 * rolled up in the database through the entity ancestry. With `--data`
 * (DuckDB only) the queries are the ones `kpi eval --engine duckdb` runs
 * over that folder: its files read by DuckDB, through the `--map` mapping
 * when given (the export's columns, forms and value maps as SQL
 * expressions; the folder is loaded first, so owner names and report
 * footers are known). A construct without an exact SQL form is an error
 * naming it (exit 1), never an approximation.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "commander";
import { statSync } from "node:fs";
import { basename } from "node:path";
import type { CheckedSource, CheckedTemplate } from "../engine/check/checked-model.js";
import { formatDataError, loadDataset, readMapping, type DataError, type LoadOptions } from "../engine/dataset/index.js";
import type { Relation } from "../engine/sql/compile.js";
import { checkSource } from "../engine/check/index.js";
import { formatDate, parseDate } from "../engine/periods.js";
import { LineIndex } from "../dsl/span.js";
import { createBaseLoader } from "./base-loader.js";
import { readSource, reason } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { printable, renderDiagnostic } from "./render.js";

/** Options of `kpi sql`. @example const o: SqlOptions = { dialect: "postgres" }; */
export interface SqlOptions {
  dialect: string;
  asOf?: string;
  data?: string;
  map?: string;
}

/**
 * Runs `kpi sql`; returns the exit code.
 * @example
 * await runSql("saas.kpi", { dialect: "postgres" }, io);
 */
export async function runSql(template: string, opts: SqlOptions, io: CliIO): Promise<ExitCode> {
  const sql = await import("../engine/sql/index.js");
  if (!sql.isDialect(opts.dialect)) throw new UsageError(`bad --dialect ${JSON.stringify(opts.dialect)}: one of ${sql.DIALECTS.join(", ")}`);
  let cutoff: string | undefined;
  if (opts.asOf !== undefined) {
    const d = parseDate(opts.asOf);
    if (!d.ok) throw new UsageError(`bad --as-of ${JSON.stringify(opts.asOf)}: ${d.reason}`);
    cutoff = formatDate(d.day);
  }
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
    io.err(`kpi sql: ${plural(errors, "error")} in the template; nothing was compiled\n`);
    return ExitCode.failed;
  }
  const d = sql.dialect(opts.dialect);
  let relation = (s: CheckedSource): Relation => ({ from: d.ident(s.name), column: (f: string) => d.ident(f), text: false });
  if (opts.data !== undefined) {
    const over = await folderRelationsOf(checked, opts, io);
    if (typeof over === "number") return over;
    relation = over;
  }
  const options = { dialect: opts.dialect, relation, ...(cutoff !== undefined ? { cutoff } : {}) };
  try {
    const { plan, queries } = sql.compileTemplate(checked, options);
    const over = opts.data === undefined ? "" : `, over ${opts.data}${opts.map !== undefined ? ` through ${opts.map}` : ""}`;
    const out: string[] = [`-- ${checked.name}: ${plural(queries.length, "source")}, dialect ${opts.dialect}${cutoff ? `, as of ${cutoff}` : ""}${over}`];
    queries.forEach((q, i) => {
      const sp = plan.sources[i]!;
      const accs = q.accs.map((k, a) => `a${a} = ${plan.num[k]!.kind}${plan.num[k]!.field ? ` of ${plan.num[k]!.field}` : ""} (filter ${plan.num[k]!.filter})`);
      out.push("", `-- source ${q.source}: one row per entity and grain period; ${accs.join(", ")}`, `${q.sql};`);
      const rolled = sql.rollupSql(checked, plan, sp, options, d.ident("entities"));
      if (rolled) out.push("", `-- source ${q.source}: distinct counts per entity and its ancestors (a union through the ancestry, never a sum)`, `${rolled};`);
    });
    io.out(`${out.join("\n").split("\n").map(printable).join("\n")}\n`);
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof sql.SqlUnsupported) {
      io.err(`kpi sql: ${printable(e.message)}\n`);
      return ExitCode.failed;
    }
    throw e;
  }
}

/**
 * The relations over `--data` (and `--map`): the folder is loaded as `kpi eval`
 * loads it (its located errors reported, exit 1), then DuckDB reads the
 * export headers. Returns an exit code when the data has errors.
 * @throws UsageError for another dialect than duckdb, --map without --data, an unreadable folder
 */
async function folderRelationsOf(checked: CheckedTemplate, opts: SqlOptions, io: CliIO): Promise<((s: CheckedSource) => Relation) | ExitCode> {
  if (opts.dialect !== "duckdb") throw new UsageError(`--data prints the queries DuckDB runs over the folder's files; use --dialect duckdb (other dialects read tables named after the sources: docs/scaling-out.md)`);
  const folder = opts.data!;
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch (e) {
    throw new UsageError(`cannot read ${folder}: ${reason(e) === "no such file" ? "no such file or folder" : reason(e)}`);
  }
  if (!isDir) throw new UsageError(`--data for kpi sql is a folder of CSV, NDJSON or Parquet files; ${folder} is a file`);
  const { datasetSpecOf } = await import("../engine/evaluate/index.js");
  const spec = datasetSpecOf(checked);
  // Big source files load side by side, one worker thread per core (engine/dataset/source-workers.ts).
  const options: LoadOptions = { threads: availableParallelism() };
  if (opts.map !== undefined) {
    const read = readMapping(readSource(opts.map, io).text, opts.map, spec);
    if (!read.ok) return reportDataErrors(read.errors, read.total, "in the mapping", io);
    options.mapping = read.mapping;
  }
  const loaded = await loadDataset(folder, spec, options);
  if (!loaded.ok) return reportDataErrors(loaded.errors, loaded.total, "", io);
  const { duckdbRelations } = await import("../engine/sql/duckdb-run.js");
  const mapped = options.mapping && {
    mapping: options.mapping,
    context: { entities: loaded.dataset.entities, kinds: new Set(checked.entityKinds.map((k) => k.name)), footers: new Set(loaded.warnings.filter((w) => w.kind === "footer").map((w) => basename(w.file))) },
  };
  return duckdbRelations(checked, folder, mapped);
}

function reportDataErrors(errors: readonly DataError[], total: number, where: string, io: CliIO): ExitCode {
  for (const e of errors) io.err(`${printable(formatDataError(e))}\n`);
  io.err(`kpi sql: ${plural(total, "error")}${where ? ` ${where}` : " in the data"}; nothing was compiled\n`);
  return ExitCode.failed;
}

/**
 * Adds `kpi sql` to the program.
 * @example
 * registerSql(program, io, (code) => (exitCode = code));
 */
export function registerSql(program: Command, io: CliIO, done: (code: ExitCode) => void): void {
  program
    .command("sql")
    .summary("print the SQL a template's aggregates compile to")
    .description("Compile a template's aggregates to SQL for a database or warehouse (tables named after the sources, and an entities table).")
    .argument("<template>", "template file (.kpi)")
    .addOption(new Option("--dialect <dialect>", "SQL dialect").choices(["duckdb", "postgres", "clickhouse", "trino", "spark", "bigquery", "snowflake"]).makeOptionMandatory())
    .option("--as-of <date>", "leave out records dated after DATE (YYYY-MM-DD)")
    .option("--data <folder>", "print the queries kpi eval --engine duckdb runs over this folder's files (duckdb only)")
    .option("--map <file>", "with --data: read the folder's CRM or Excel exports through this mapping (schemas/mapping.schema.json)")
    .addHelpText("after", "\nExit status: 0 done, 1 the template or the data has errors or a construct has no exact SQL form, 2 bad usage.\n\nExamples:\n  kpi sql saas.kpi --dialect postgres\n  kpi sql usd.kpi --dialect duckdb --data exports/ --map mapping.json")
    .action(async (template: string, opts: SqlOptions) => done(await runSql(template, opts, io)));
}
