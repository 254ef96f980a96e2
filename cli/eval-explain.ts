/**
 * `kpi eval … --explain ENTITY` when the records stay in a database
 * (`--data postgres://…`, or `--engine duckdb` over Parquet sources): after
 * the SQL-aggregated evaluation, a second query per source fetches the
 * records of ENTITY's subtree (engine/sql/explain-records.ts), the entity is
 * evaluated in process over them with `explain`, and the explanation is
 * returned only when every number of ENTITY agrees with the SQL-aggregated
 * result (engine/sql/explain-agreement.ts) — a worksheet that disagrees with
 * the printed numbers is an error, never output.
 * @module
 */
import type { CheckedSource, CheckedTemplate } from "../engine/check/checked-model.js";
import { formatDataError, MAX_ERRORS, type Dataset } from "../engine/dataset/index.js";
import type { ResultColumns } from "../engine/evaluate/result-columns.js";
import type { Relation } from "../engine/sql/compile.js";
import type { RecordsPlace } from "../engine/sql/explain-records.js";
import type { CliIO } from "./io.js";
import { printable } from "./render.js";

/**
 * Where the records of the explained entity are.
 * @example
 * const where: ExplainWhere = { kind: "postgres", url, schema: "saas", shown, relation };
 */
export type ExplainWhere =
  | { kind: "postgres"; url: string; schema: string; shown: string; relation(s: CheckedSource): Relation }
  | { kind: "parquet"; folder: string; sources: ReadonlySet<string> };

/**
 * What the CLI needs to evaluate and print.
 * @example
 * const request: ExplainRequest = { period: "2026-06", explain: "east", sqlColumns: outcome.columns };
 */
export interface ExplainRequest {
  period: string;
  asOf?: string;
  /** The as-of date as YYYY-MM-DD, the second query's cut-off. */
  cutoff?: string;
  explain: string;
  /** The SQL-aggregated evaluation's columns, to check the explanation against. */
  sqlColumns: ResultColumns;
}

/**
 * The explanations of `request.explain` from its subtree's records, or undefined after
 * printing why not (the caller exits 1).
 * @example
 * const explanations = await explainFromDatabase(checked, loaded.dataset, where, request, io);
 * if (explanations === undefined) return ExitCode.failed;
 */
export async function explainFromDatabase(checked: CheckedTemplate, dataset: Dataset, where: ExplainWhere, request: ExplainRequest, io: CliIO): Promise<Record<string, unknown> | undefined> {
  const engine = await import("../engine/evaluate/index.js");
  const { explainDataset } = await import("../engine/sql/explain-records.js");
  const spec = engine.datasetSpecOf(checked).sources;
  const fetch = (place: RecordsPlace, sources: ReadonlySet<string>) => explainDataset(checked, dataset, request.explain, sources, place, request.cutoff, spec);
  let made: Awaited<ReturnType<typeof fetch>>;
  const shown = where.kind === "postgres" ? where.shown : where.folder;
  try {
    if (where.kind === "postgres") {
      const { withPgRecords } = await import("../engine/sql/pg-run.js");
      const all = new Set(checked.sources.map((s) => s.name));
      made = await withPgRecords(where.url, (run) => fetch({ dialect: "postgres", relation: where.relation, run, label: (s) => (s === "" ? `${where.shown} schema ${where.schema}` : `${where.schema}.${s}`) }, all));
    } else {
      const { withParquetRecords } = await import("../engine/sql/duckdb-run.js");
      made = await withParquetRecords(where.folder, (place) => fetch(place, where.sources));
    }
  } catch (e) {
    io.err(`kpi eval: --explain ${JSON.stringify(request.explain)}: the query for the records behind the numbers failed on ${printable(shown)}: ${printable(e instanceof Error ? e.message : String(e))}\n`);
    return undefined;
  }
  if (!made.ok) {
    for (const e of made.errors.slice(0, MAX_ERRORS)) io.err(`${printable(formatDataError(e))}\n`);
    io.err(`kpi eval: --explain ${JSON.stringify(request.explain)}: ${made.total.toLocaleString("en-US")} bad record${made.total === 1 ? "" : "s"} behind the numbers; nothing was explained\n`);
    return undefined;
  }
  const outcome = engine.evaluate(checked, made.dataset, { period: request.period, ...(request.asOf !== undefined ? { asOf: request.asOf } : {}), explain: request.explain });
  if (!outcome.ok) {
    for (const e of outcome.errors) io.err(`kpi eval: --explain ${JSON.stringify(request.explain)}: ${printable(e.path ? `${e.path}: ${e.message}` : e.message)}\n`);
    return undefined;
  }
  const { firstDisagreement } = await import("../engine/sql/explain-agreement.js");
  const d = firstDisagreement(request.sqlColumns, outcome.columns, request.explain);
  if (d) {
    io.err(
      `kpi eval: --explain ${JSON.stringify(request.explain)}: ${printable(d.what)} for ${d.period} is ${printable(d.sql)} in the result but ${printable(d.explained)} over the records of ${JSON.stringify(request.explain)} and everything under it; ` +
        "the number depends on records outside that subtree (e.g. targets split by history), so no worksheet is printed — explain over a folder of the data\n",
    );
    return undefined;
  }
  return outcome.explanations ?? {};
}
