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
import type { CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import type { Relation } from "./compile.js";
import { dialect } from "./dialect.js";
import { SqlUnsupported } from "./filter-sql.js";

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

const TEXT = new Set(["text", "character varying", "character"]);
const FLOATING = new Set(["real", "double precision"]);
/** Field types whose text the compiled SQL parses (a text table) or reads typed. */
const PARSED = new Set(["money", "integer", "number", "percent", "date", "boolean"]);

/**
 * Opens the dataset: the small tables as CSV text (for the in-process
 * loader) and a relation per source, checked against the schema — every
 * source table exists with every field as a column, all text or all typed,
 * money not floating point.
 * @throws SqlUnsupported naming the schema, table and column that does not fit
 * @example
 * const { files, relation } = await openPgDataset(checked, pgTarget(url)!);
 */
export async function openPgDataset(checked: CheckedTemplate, target: PgDatasetTarget): Promise<{ files: Map<string, string>; relation: (s: CheckedSource) => Relation }> {
  const client = await connect(target);
  try {
    const tables = await columnsOf(client, target.schema);
    if (tables.size === 0) throw new SqlUnsupported(`${target.shown}: the schema ${JSON.stringify(target.schema)} has no tables or views (or this user may not see them)`);
    const files = new Map<string, string>();
    for (const name of ["entities", "targets", "inputs"]) {
      if (!tables.has(name)) continue;
      const r = await client.query({ text: `SELECT * FROM ${d.ident(target.schema)}.${d.ident(name)}`, rowMode: "array" });
      files.set(`${name}.csv`, [r.fields.map((f) => csvCell(f.name)).join(","), ...r.rows.map((row) => row.map(csvCell).join(","))].join("\n") + "\n");
    }
    const text = new Map<string, boolean>();
    for (const s of checked.sources) {
      const cols = tables.get(s.name);
      const where = `${target.schema}.${s.name}`;
      if (!cols) throw new SqlUnsupported(`${target.shown}: no table or view ${where} for the source ${s.name} (the tables: ${[...tables.keys()].join(", ")})`);
      const fields = [s.by, ...s.fields.map((f) => f.name).filter((f) => f !== s.by)];
      const missing = fields.filter((f) => !cols.has(f));
      if (missing.length) throw new SqlUnsupported(`${target.shown}: ${where} has no column ${missing.map((m) => JSON.stringify(m)).join(", ")} (its columns: ${[...cols.keys()].join(", ")})`);
      // Text columns are parsed as CSV cells are; typed ones are read as they are. Names and enum values are text either way.
      const parsed = s.fields.filter((f) => PARSED.has(f.type));
      const asText = parsed.filter((f) => TEXT.has(cols.get(f.name)!));
      if (asText.length > 0 && asText.length < parsed.length) {
        const typed = parsed.filter((f) => !TEXT.has(cols.get(f.name)!));
        throw new SqlUnsupported(`${target.shown}: ${where} mixes text columns (${asText.map((f) => f.name).join(", ")}) and typed ones (${typed.map((f) => `${f.name} ${cols.get(f.name)}`).join(", ")}) for its numbers and dates; make them all text, or all typed`);
      }
      for (const f of s.fields) {
        if (f.type === "money" && FLOATING.has(cols.get(f.name)!)) throw new SqlUnsupported(`${target.shown}: ${where}.${f.name} is ${cols.get(f.name)}; money must be exact — numeric (e.g. numeric(18, 2)) or text — never floating point, which would round cents silently`);
      }
      text.set(s.name, parsed.length === 0 || asText.length === parsed.length);
    }
    const relation = (s: CheckedSource): Relation => ({ from: `${d.ident(target.schema)}.${d.ident(s.name)}`, column: (f) => d.ident(f), text: text.get(s.name) ?? true });
    return { files, relation };
  } finally {
    await client.end();
  }
}
