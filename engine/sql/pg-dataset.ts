/**
 * A dataset that lives in PostgreSQL (`kpi eval T --data postgres://…`):
 * in one schema, a table (or view) named after each source with columns
 * named after its fields, and the tables `entities`, `targets` and `inputs`
 * as their CSV files have them. The small tables are read whole and loaded
 * by the in-process loader (their located errors as for files, labelled by
 * schema and table); the sources stay in the database and are aggregated
 * there by the compiled queries (pg-run.ts). Source tables are all text
 * (parsed by the compiled SQL as CSV cells are) or typed; money must be
 * exact there (numeric, not real or double precision). Names enter SQL as
 * quoted identifiers and values as bound parameters; the password of the
 * URL is never printed.
 * @module
 */
import type { Mapping } from "../../schemas/generated/mapping.js";
import type { CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import { loadDatasetFiles, memoryFiles, type LoadResult } from "../dataset/index.js";
import { datasetSpecOf } from "../evaluate/dataset-spec.js";
import type { Relation } from "./compile.js";
import { dialect } from "./dialect.js";
import { SqlDataError } from "./data-error.js";

const d = dialect("postgres");

/** A PostgreSQL dataset: the connection string (without our `schema` parameter), the schema, and the URL as it may be shown. */
export interface PgDatasetTarget {
  url: string;
  schema: string;
  shown: string;
}

/**
 * Reads `postgres://user:pass@host:port/db?schema=NAME` (or `postgresql://`); undefined for anything else.
 * The schema defaults to `public`.
 * @example
 * pgTarget("postgres://kpi:secret@db:5432/sales?schema=crm"); // { url: "postgres://kpi:secret@db:5432/sales", schema: "crm", shown: "postgres://kpi:***@db:5432/sales?schema=crm" }
 */
export function pgTarget(text: string): PgDatasetTarget | undefined {
  if (!/^postgres(ql)?:\/\//i.test(text)) return undefined;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  const schema = u.searchParams.get("schema") ?? "public";
  u.searchParams.delete("schema");
  const url = u.toString();
  const shownUrl = new URL(text);
  if (shownUrl.password) shownUrl.password = "***";
  return { url, schema, shown: shownUrl.toString() };
}

/** One cell of CSV, quoted when it must be. */
const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

interface PgClient {
  query(q: { text: string; values?: unknown[]; rowMode?: "array" }): Promise<{ rows: unknown[][]; fields: { name: string }[] }>;
  end(): Promise<void>;
}

async function connect(target: PgDatasetTarget): Promise<PgClient> {
  const pg = (await import("pg")).default;
  // Dates as their text (YYYY-MM-DD), never shifted through the process's time zone.
  const client = new pg.Client({ connectionString: target.url, types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format)) } as never });
  await client.connect();
  return client as unknown as PgClient;
}

/** The tables and views of the schema, with their columns and types. */
async function columnsOf(client: PgClient, schema: string): Promise<Map<string, Map<string, string>>> {
  const r = await client.query({ text: "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position", values: [schema], rowMode: "array" });
  const out = new Map<string, Map<string, string>>();
  for (const [t, c, ty] of r.rows as [string, string, string][]) {
    if (!out.has(t)) out.set(t, new Map());
    out.get(t)!.set(c, ty);
  }
  return out;
}

/** information_schema's names of the types a query's columns come back as (by type OID); anything else is read as its text. */
const TYPE_NAMES = new Map<number, string>([
  [25, "text"], [1043, "character varying"], [1042, "character"], [1700, "numeric"], [700, "real"], [701, "double precision"],
  [1082, "date"], [20, "bigint"], [21, "smallint"], [23, "integer"], [16, "boolean"], [1114, "timestamp without time zone"], [1184, "timestamp with time zone"],
]);

/** Where one table of the dataset is: its FROM item, how errors name it, and its columns with their types (undefined: no such table). */
interface PgTable {
  from: string;
  where: string;
  columns: Map<string, string> | undefined;
}

/**
 * A mapping's `table` (`name` in the URL's schema, or `schema.name`, each part a quoted identifier) or `query` (run as a subquery; its columns read from a `LIMIT 0` of it), else the table named `fallback` in the schema.
 */
async function tableOf(client: PgClient, target: PgDatasetTarget, tables: Map<string, Map<string, string>>, m: { table?: string; query?: string } | undefined, fallback: string): Promise<PgTable> {
  if (m?.query !== undefined) {
    const from = `(${m.query}) AS ${d.ident("q")}`;
    let fields: { name: string; dataTypeID?: number }[];
    try {
      fields = (await client.query({ text: `SELECT * FROM ${from} LIMIT 0`, rowMode: "array" })).fields as { name: string; dataTypeID?: number }[];
    } catch (e) {
      throw new SqlDataError(`${target.shown}: the query for ${fallback} does not run: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { from, where: `the query for ${fallback}`, columns: new Map(fields.map((f) => [f.name, TYPE_NAMES.get(f.dataTypeID ?? 25) ?? "text"])) };
  }
  if (m?.table !== undefined) {
    const dot = m.table.indexOf(".");
    const [schema, name] = dot === -1 ? [target.schema, m.table] : [m.table.slice(0, dot), m.table.slice(dot + 1)];
    const cols = schema === target.schema ? tables.get(name) : (await columnsOf(client, schema)).get(name);
    return { from: `${d.ident(schema)}.${d.ident(name)}`, where: `${schema}.${name}`, columns: cols };
  }
  return { from: `${d.ident(target.schema)}.${d.ident(fallback)}`, where: `${target.schema}.${fallback}`, columns: tables.get(fallback) };
}

const TEXT = new Set(["text", "character varying", "character"]);
const FLOATING = new Set(["real", "double precision"]);
/** Field types whose text the compiled SQL parses (a text table) or reads typed. */
const PARSED = new Set(["money", "integer", "number", "percent", "date", "boolean"]);

/**
 * Opens the dataset: the small tables as CSV text (for the in-process
 * loader, their columns renamed to the fields the mapping gives them) and a
 * relation per source, checked against the database — every source's table
 * (or query) exists with a column for every field, all text or all typed,
 * money not floating point. A mapping (checked for PostgreSQL by
 * `mappingPlaceErrors`) may name each table or give a query, and the column
 * of each field.
 * @throws SqlDataError naming the schema, table and column that does not fit
 * @example
 * const { files, where, relation } = await openPgDataset(checked, pgTarget(url)!, { sources: { deals: { table: "crm.opportunities", columns: { amount: "Amount" } } } });
 */
export async function openPgDataset(checked: CheckedTemplate, target: PgDatasetTarget, mapping?: Mapping): Promise<{ files: Map<string, string>; where: Map<string, string>; relation: (s: CheckedSource) => Relation }> {
  const client = await connect(target);
  try {
    // Nothing here writes, and a mapping's query must not either.
    await client.query({ text: "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY" });
    const tables = await columnsOf(client, target.schema);
    if (tables.size === 0 && !mapping) throw new SqlDataError(`${target.shown}: the schema ${JSON.stringify(target.schema)} has no tables or views (or this user may not see them)`);
    const files = new Map<string, string>();
    // How errors about each file's rows name where they came from: `table schema.name`, or the query.
    const whereOf = new Map<string, string>();
    for (const name of ["entities", "targets", "inputs"] as const) {
      const m = mapping?.[name];
      const t = await tableOf(client, target, tables, m, name);
      if (!t.columns) {
        if (m !== undefined) throw new SqlDataError(`${target.shown}: no table or view ${t.where} for the ${name}`);
        continue;
      }
      const r = await client.query({ text: `SELECT * FROM ${t.from}`, rowMode: "array" });
      // The loader reads the plain forms' headers: a column the mapping gives a field is headed by the field's name.
      const fieldOf = new Map(Object.entries(m?.columns ?? {}).map(([field, column]) => [column, field]));
      const header = r.fields.map((f) => csvCell(fieldOf.get(f.name) ?? f.name));
      whereOf.set(`${name}.csv`, m?.query !== undefined ? t.where : `table ${t.where}`);
      files.set(`${name}.csv`, [header.join(","), ...r.rows.map((row) => row.map(csvCell).join(","))].join("\n") + "\n");
    }
    const text = new Map<string, boolean>();
    const froms = new Map<string, { from: string; columns: Record<string, string> }>();
    for (const s of checked.sources) {
      const m = mapping?.sources?.[s.name];
      const t = await tableOf(client, target, tables, m, s.name);
      const where = t.where;
      const cols = t.columns;
      if (!cols) throw new SqlDataError(`${target.shown}: no table or view ${where} for the source ${s.name} (the tables of ${target.schema}: ${[...tables.keys()].join(", ") || "none"})`);
      const columnOf = (f: string): string => (m?.columns && Object.hasOwn(m.columns, f) ? m.columns[f]! : f);
      const fields = [s.by, ...s.fields.map((f) => f.name).filter((f) => f !== s.by)];
      const missing = fields.filter((f) => !cols.has(columnOf(f)));
      if (missing.length) throw new SqlDataError(`${target.shown}: ${where} has no column ${missing.map((f) => JSON.stringify(columnOf(f)) + (columnOf(f) !== f ? ` (for ${f})` : "")).join(", ")} (its columns: ${[...cols.keys()].join(", ")})`);
      const typeOf = (f: string): string => cols.get(columnOf(f))!;
      // Text columns are parsed as CSV cells are; typed ones are read as they are. Names and enum values are text either way.
      const parsed = s.fields.filter((f) => PARSED.has(f.type));
      const asText = parsed.filter((f) => TEXT.has(typeOf(f.name)));
      if (asText.length > 0 && asText.length < parsed.length) {
        const typed = parsed.filter((f) => !TEXT.has(typeOf(f.name)));
        throw new SqlDataError(`${target.shown}: ${where} mixes text columns (${asText.map((f) => columnOf(f.name)).join(", ")}) and typed ones (${typed.map((f) => `${columnOf(f.name)} ${typeOf(f.name)}`).join(", ")}) for its numbers and dates; make them all text, or all typed`);
      }
      for (const f of s.fields) {
        if (f.type === "money" && FLOATING.has(typeOf(f.name))) throw new SqlDataError(`${target.shown}: ${where}.${columnOf(f.name)} is ${typeOf(f.name)}; money must be exact — numeric (e.g. numeric(18, 2)) or text — never floating point, which would round cents silently`);
      }
      text.set(s.name, parsed.length === 0 || asText.length === parsed.length);
      froms.set(s.name, { from: t.from, columns: m?.columns ?? {} });
    }
    const relation = (s: CheckedSource): Relation => {
      const f = froms.get(s.name) ?? { from: `${d.ident(target.schema)}.${d.ident(s.name)}`, columns: {} };
      return { from: f.from, column: (field) => d.ident(Object.hasOwn(f.columns, field) ? f.columns[field]! : field), text: text.get(s.name) ?? true };
    };
    return { files, where: whereOf, relation };
  } finally {
    await client.end();
  }
}

/**
 * The small tables of an opened dataset loaded by the in-process loader, the
 * sources left to the database (`externalSources`): what `kpi eval --data
 * postgres://…` and a registered connection's evaluation both load. `origin`
 * is what errors about the whole dataset name; `label` names a table's file
 * (`entities.csv` → where it came from).
 * @example
 * const loaded = await loadPgTables(checked, opened, target.shown, (file) => `${target.shown} ${opened.where.get(file)}`);
 */
export function loadPgTables(checked: CheckedTemplate, opened: { files: ReadonlyMap<string, string> }, origin: string, label: (file: string) => string): Promise<LoadResult> {
  const files = { ...memoryFiles(opened.files, origin), label };
  return loadDatasetFiles(files, datasetSpecOf(checked), { externalSources: new Set(checked.sources.map((s) => s.name)) });
}
