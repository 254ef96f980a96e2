/**
 * A registered PostgreSQL connection as the worker evaluates it, the way
 * `kpi eval --data postgres://…` does: `openPgDataset` reads the small
 * tables (entities, targets, inputs) and checks every source table against
 * the template, the in-process loader loads the small tables (the sources
 * are external: they stay in the database), and `pgAggregates` has
 * PostgreSQL compute the aggregation stage. Everything that can go wrong
 * with the database comes back as a value — located data errors of the
 * small tables, or a `DatabaseError` — with the password scrubbed from any
 * message the driver wrote.
 * @module
 */
import { formatDataError, type DataError, type Dataset, type DataWarning } from "../../engine/dataset/index.js";
import type { AggregateFill } from "../../engine/evaluate/index.js";
import type { CheckedTemplate } from "../../engine/check/index.js";
import { formatDate, parseDate } from "../../engine/periods.js";
import { SqlUnsupported } from "../../engine/sql/filter-sql.js";
import type { FieldError } from "../../schemas/generated/api.js";
import { scrubPassword } from "../connections/pg-url.js";
import type { DatabaseError, EvalOutcome, PgConnection } from "./protocol.js";

/**
 * The outcome of opening a connection for an evaluation: the dataset (its
 * small tables) with the aggregates computed by PostgreSQL, or the outcome to answer with.
 * @example
 * const pg = await loadPostgres(checked, job.dataset, job.asOf);
 * if (pg.kind === "failed") return pg.outcome;
 */
export type PgLoaded = { kind: "loaded"; dataset: Dataset; warnings: DataWarning[]; aggregates: AggregateFill } | { kind: "failed"; outcome: EvalOutcome };

/** SQLSTATE classes that mean the data does not fit (22: data exception) or the layout changed under us (42P01, 42703). */
const DATA_STATES = /^22/;
const LAYOUT_STATES = new Set(["42P01", "42703"]);

/**
 * What a failure of the driver or of the layout check is, as an answer.
 * `SqlUnsupported` (the layout check) and the SQL states above are 422;
 * everything else — refused, unknown host, authentication, no such
 * database, a server shutting down — is 502: the database, not the request, failed.
 * @example
 * databaseError(new Error("connect ECONNREFUSED 127.0.0.1:5432"), conn); // { status: 502, type: "database-unavailable", … }
 */
export function databaseError(e: unknown, c: PgConnection): DatabaseError {
  const password = passwordOf(c.url);
  // Connecting to a name with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError whose own message is empty.
  const raw = e instanceof AggregateError && e.message === "" ? e.errors.map((x) => (x instanceof Error ? x.message : String(x))).join("; ") : e instanceof Error ? e.message : String(e);
  const message = scrubPassword(raw.replace(/^cannot compile to SQL: /, ""), password);
  const code = (e as { code?: unknown } | null)?.code;
  const state = typeof code === "string" ? code : "";
  // The layout check's messages name the connection already; a template that has no SQL form does not.
  if (e instanceof SqlUnsupported) return { kind: "database-error", status: 422, type: "database-layout", message: message.startsWith(c.shown) ? message : `${c.shown}: ${message}` };
  if (LAYOUT_STATES.has(state)) return { kind: "database-error", status: 422, type: "database-layout", message: `${c.shown}: ${message}` };
  if (DATA_STATES.test(state)) return { kind: "database-error", status: 422, type: "database-data", message: `${c.shown}: a value does not fit the template's field type: ${message}` };
  return unreachable(c, message);
}

const unreachable = (c: PgConnection, message: string): DatabaseError => ({ kind: "database-error", status: 502, type: "database-unavailable", message: `${c.shown}: cannot use the database: ${message}` });

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return "";
  }
}

/**
 * A data error of a small table: the connection and table in `file`, the row's place as the loader gives it.
 * The loader's "line" is the row's line in the CSV text the table was read into (the header is line 1).
 */
function tableError(e: DataError, c: PgConnection): FieldError {
  const table = `${c.schema}.${e.file.replace(/^.* table /, "")}`;
  const out: FieldError = { path: "/dataset/connection", message: formatDataError(e), file: `table ${table}` };
  if (e.line !== undefined) out.line = e.line;
  if (e.record !== undefined) out.record = e.record;
  if (e.field !== undefined) out.field = e.field;
  if (e.column !== undefined) out.column = e.column;
  return out;
}

/**
 * Opens the connection, loads its small tables and has PostgreSQL aggregate the sources, up to `asOf` when given.
 * @example
 * const pg = await loadPostgres(checked, { form: "postgres", connection: "crm", url, schema: "public", shown }, "2026-03-15");
 */
export async function loadPostgres(checked: CheckedTemplate, c: PgConnection, asOf: string | undefined): Promise<PgLoaded> {
  const [{ openPgDataset, loadPgTables }, { pgAggregates }] = await Promise.all([import("../../engine/sql/pg-dataset.js"), import("../../engine/sql/pg-run.js")]);
  const failed = (e: unknown): PgLoaded => ({ kind: "failed", outcome: databaseError(e, c) });
  let opened: Awaited<ReturnType<typeof openPgDataset>>;
  try {
    opened = await openPgDataset(checked, { url: c.url, schema: c.schema, shown: c.shown });
  } catch (e) {
    return failed(e);
  }
  const loaded = await loadPgTables(checked, opened, c.shown, (file) => `connection ${c.connection} table ${file.replace(/\.csv$/, "")}`);
  if (!loaded.ok) return { kind: "failed", outcome: { kind: "data-errors", errors: loaded.errors.map((e) => tableError(e, c)), total: loaded.total } };
  const day = asOf === undefined ? undefined : parseDate(asOf);
  const cutoff = day?.ok ? formatDate(day.day) : undefined;
  try {
    const aggregates = await pgAggregates(checked, loaded.dataset.entities.byId, c.url, opened.relation, cutoff);
    return { kind: "loaded", dataset: loaded.dataset, warnings: loaded.warnings, aggregates };
  } catch (e) {
    return failed(e);
  }
}
