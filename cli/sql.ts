/**
 * `kpi sql TEMPLATE --dialect D [--as-of DATE]`: prints the SQL the template's
 * aggregates compile to (engine/sql), one block per source, for tables named
 * after the sources (typed columns named after the fields) and an
 * `entities` table (`id`, `parent`): the per-cell aggregate query, the
 * per-cell distinct values, and the distinct counts rolled up in the
 * database through the entity ancestry. A construct without an exact SQL
 * form is an error naming it (exit 1), never an approximation.
 * @module
 */
import { Option, type Command } from "commander";
import type { CheckedSource } from "../engine/check/checked-model.js";
import { checkSource } from "../engine/check/index.js";
import { formatDate, parseDate } from "../engine/periods.js";
import { LineIndex } from "../dsl/span.js";
import { createBaseLoader } from "./base-loader.js";
import { readSource } from "./files.js";
import { ExitCode, plural, UsageError, type CliIO } from "./io.js";
import { printable, renderDiagnostic } from "./render.js";

/** Options of `kpi sql`. @example const o: SqlOptions = { dialect: "postgres" }; */
export interface SqlOptions {
  dialect: string;
  asOf?: string;
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
  const relation = (s: CheckedSource) => ({ from: d.ident(s.name), column: (f: string) => d.ident(f), text: false });
  const options = { dialect: opts.dialect, relation, ...(cutoff !== undefined ? { cutoff } : {}) };
  try {
    const { plan, queries } = sql.compileTemplate(checked, options);
    const out: string[] = [`-- ${checked.name}: ${plural(queries.length, "source")}, dialect ${opts.dialect}${cutoff ? `, as of ${cutoff}` : ""}`];
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
    .addHelpText("after", "\nExit status: 0 done, 1 the template has errors or a construct has no exact SQL form, 2 bad usage.\n\nExample:\n  kpi sql saas.kpi --dialect postgres")
    .action(async (template: string, opts: SqlOptions) => done(await runSql(template, opts, io)));
}
