/**
 * `--engine duckdb`: the compiled queries run in an embedded DuckDB over the
 * dataset folder's files themselves (`SOURCE.csv`, `SOURCE.ndjson` or
 * `SOURCE.parquet`), read by DuckDB's own readers — CSV as text, parsed by
 * the compiled SQL into the template's types. The rows come back as
 * `SqlAggregates` for the evaluator. The file paths enter SQL as quoted
 * literals (`dialect.text`).
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import { compileTemplate, type Relation, type SourceQuery } from "./compile.js";
import { dialect } from "./dialect.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import { SqlAggregates, type SqlColumns } from "./cells.js";
import { mappedHeader, mappedRelation, type MappedRelationContext } from "./mapped-relation.js";
import { SqlUnsupported } from "./filter-sql.js";
import type { RecordsPlace } from "./explain-records.js";

const d = dialect("duckdb");

/**
 * The relation of a source in a folder: its CSV, NDJSON or Parquet file.
 * @example
 * folderRelation("examples/saas/dataset", deals).from; // "read_csv('examples/saas/dataset/deals.csv', …)"
 */
export function folderRelation(folder: string, src: CheckedSource): Relation {
  const base = join(folder, src.name);
  const col = (f: string) => d.ident(f);
  if (existsSync(`${base}.csv`)) {
    return { from: `read_csv(${d.text(`${base}.csv`)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`, column: col, text: true };
  }
  if (existsSync(`${base}.ndjson`)) {
    return { from: `read_json(${d.text(`${base}.ndjson`)}, format = 'newline_delimited')`, column: (f) => `CAST(${d.ident(f)} AS VARCHAR)`, text: true };
  }
  if (existsSync(`${base}.parquet`)) return { from: `read_parquet(${d.text(`${base}.parquet`)})`, column: col, text: false };
  throw new RangeError(`${folder}: no ${src.name}.csv, ${src.name}.ndjson or ${src.name}.parquet for the source ${src.name}`);
}

/** Something that runs SQL and returns its result by columns (DuckDB here, PostgreSQL in `pg-run.ts`). */
export type RunSql = (sql: string) => Promise<SqlColumns>;

const EMPTY: SqlColumns = { rows: 0, columns: new Map() };

/**
 * Runs every source's queries and collects the rows.
 * @example
 * const agg = await runQueries(checked, byId, relation, "2026-03-15", run);
 */
export async function runQueries(checked: CheckedTemplate, entityIndex: ReadonlyMap<string, number>, relation: (s: CheckedSource) => Relation, cutoff: string | undefined, run: RunSql, dialectName: "duckdb" | "postgres" = "duckdb"): Promise<{ aggregates: SqlAggregates; queries: SourceQuery[] }> {
  const { plan, queries } = compileTemplate(checked, { dialect: dialectName, relation, ...(cutoff !== undefined ? { cutoff } : {}) });
  const aggregates = new SqlAggregates(plan, entityIndex);
  for (const q of queries) {
    const rows = await run(q.sql);
    const distinct = q.distinctSql ? await run(q.distinctSql) : EMPTY;
    aggregates.add(q, rows, distinct);
  }
  return { aggregates, queries };
}

/**
 * A DuckDB result's vectors read into arrays, chunk by chunk (`getItem` gives JavaScript numbers, strings,
 * bigints and nulls for the types the compiled queries return).
 * @example
 * const t = readColumns(await conn.run("SELECT 1 AS a")); // { rows: 1, columns: Map { "a" => [1] } }
 */
export function readColumns(result: import("@duckdb/node-api").DuckDBMaterializedResult): SqlColumns {
  const names = result.columnNames();
  const columns = names.map(() => new Array<unknown>(result.rowCount));
  let at = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const n = chunk.rowCount;
    names.forEach((_, j) => {
      const v = chunk.getColumnVector(j);
      const out = columns[j]!;
      for (let i = 0; i < n; i++) out[at + i] = v.getItem(i);
    });
    at += n;
  }
  return { rows: at, columns: new Map(names.map((name, j) => [name, columns[j]!])) };
}

/** A mapping to read the folder through (`kpi eval --map`), and what its expressions need. */
export interface DuckdbMapped {
  mapping: Mapping;
  context: MappedRelationContext;
}

/** A DuckDB connection as the relations need it: the column names of a query, and its result by columns. */
interface Conn {
  run(sql: string, values?: import("@duckdb/node-api").DuckDBValue[]): Promise<import("@duckdb/node-api").DuckDBMaterializedResult>;
}

/**
 * The relation of every source over the folder: its own file, or the export
 * file the mapping names read through the mapping's columns, forms and value
 * maps (the export's header is read with the connection).
 */
async function folderRelations(checked: CheckedTemplate, folder: string, conn: Conn, mapped?: DuckdbMapped): Promise<(s: CheckedSource) => Relation> {
  if (!mapped) {
    for (const s of checked.sources) if (folderRelation(folder, s).from.startsWith("read_parquet(")) await checkParquetMoney(folder, s, conn);
    return (s) => folderRelation(folder, s);
  }
  const relations = new Map<string, Relation>();
  for (const s of checked.sources) {
    // The loader reads a source the mapping does not name from NDJSON as it reads an unmapped folder.
    if (mapped.mapping.sources?.[s.name] === undefined && !existsSync(join(folder, `${s.name}.csv`)) && existsSync(join(folder, `${s.name}.ndjson`))) {
      relations.set(s.name, folderRelation(folder, s));
      continue;
    }
    const keys = async (sql: string) => (readColumns(await conn.run(sql)).columns.get("k")?.[0] as { items: string[] } | undefined)?.items;
    const header = await mappedHeader(folder, s, mapped.mapping, mapped.context, async (sql) => (await conn.run(sql)).columnNames(), keys);
    relations.set(s.name, mappedRelation(folder, s, mapped.mapping, mapped.context, header));
  }
  return (s) => relations.get(s.name)!;
}

const FLOATING = /^(FLOAT|DOUBLE|REAL|FLOAT4|FLOAT8)$/i;

/** A Parquet file's money columns must be exact: DECIMAL (or text, parsed as the CSV's is), never floating point, which the cast to DECIMAL would round silently. */
async function checkParquetMoney(folder: string, s: CheckedSource, conn: Conn): Promise<void> {
  const rows = readColumns(await conn.run(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${folderRelation(folder, s).from})`));
  const names = Array.from(rows.columns.get("column_name") ?? [], String);
  const types = Array.from(rows.columns.get("column_type") ?? [], String);
  for (const f of s.fields) {
    if (f.type !== "money") continue;
    const t = types[names.indexOf(f.name)];
    if (t !== undefined && FLOATING.test(t)) {
      throw new SqlUnsupported(`${join(folder, `${s.name}.parquet`)}: column ${f.name} is ${t}; money must be exact in Parquet — DECIMAL (e.g. DECIMAL(18, 2)) or text — never floating point, which would round cents silently`);
    }
  }
}

async function withDuckdb<T>(f: (conn: Conn) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return await f(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * The aggregates of a template over a folder, computed in an in-process DuckDB; through a mapping when given.
 * @example
 * const agg = await duckdbAggregates(checked, dataset.entities.byId, "examples/saas/dataset", undefined);
 */
export async function duckdbAggregates(checked: CheckedTemplate, entityIndex: ReadonlyMap<string, number>, folder: string, cutoff: string | undefined, mapped?: DuckdbMapped): Promise<SqlAggregates> {
  return withDuckdb(async (conn) => {
    const run: RunSql = async (sql) => readColumns(await conn.run(sql));
    const relation = await folderRelations(checked, folder, conn, mapped);
    return (await runQueries(checked, entityIndex, relation, cutoff, run)).aggregates;
  });
}

/**
 * The relations `--engine duckdb` would read over this folder (through the
 * mapping when given), for `kpi sql --data DIR [--map M]` to print the very
 * queries that would run. The export headers are read; nothing is aggregated.
 * @example
 * const relation = await duckdbRelations(checked, "exports", { mapping, context });
 */
export async function duckdbRelations(checked: CheckedTemplate, folder: string, mapped?: DuckdbMapped): Promise<(s: CheckedSource) => Relation> {
  return withDuckdb((conn) => folderRelations(checked, folder, conn, mapped));
}

/**
 * Runs `f` with where `--explain`'s second queries find a folder's Parquet sources
 * (`explain-records.ts`): DuckDB over each `SOURCE.parquet`, every record with its row in the
 * file (`file_row_number`, from 1), the subtree's ids bound as a VARCHAR list.
 * @example
 * const r = await withParquetRecords(dir, (place) => explainDataset(checked, loaded, "east", parquet, place, undefined, spec));
 */
export async function withParquetRecords<T>(folder: string, f: (place: RecordsPlace) => Promise<T>): Promise<T> {
  const { listValue } = await import("@duckdb/node-api");
  return withDuckdb((conn) =>
    f({
      dialect: "duckdb",
      relation: (s) => ({ ...folderRelation(folder, s), from: `read_parquet(${d.text(join(folder, `${s.name}.parquet`))}, file_row_number = true)` }),
      rowNumber: () => "file_row_number + 1",
      label: (s) => (s === "" ? folder : join(folder, `${s}.parquet`)),
      run: async (sql, ids) => readColumns(await conn.run(sql, [listValue([...ids])])),
    }),
  );
}
