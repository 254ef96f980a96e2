/**
 * The compiled queries on a PostgreSQL server through `pg`: each source is a
 * table (or a query) whose columns are named after the template's fields,
 * text or typed. The rows come back as `SqlAggregates` for the evaluator.
 * @module
 */
import type { CheckedSource, CheckedTemplate } from "../check/checked-model.js";
import type { Relation } from "./compile.js";
import { SqlDataError } from "./data-error.js";
import { dialect } from "./dialect.js";
import { runQueries, type RunSql } from "./duckdb-run.js";
import type { SqlAggregates } from "./cells.js";
import type { RunRecords } from "./explain-records.js";

const d = dialect("postgres");

/**
 * A source as a PostgreSQL table `schema.source` (quoted identifiers), columns named after the fields.
 * @example
 * tableRelation("saas", true)(deals).from; // '"saas"."deals"'
 */
export const tableRelation = (schema: string | undefined, text: boolean) => (s: CheckedSource): Relation => ({
  from: schema === undefined ? d.ident(s.name) : `${d.ident(schema)}.${d.ident(s.name)}`,
  column: (f) => d.ident(f),
  text,
});

/**
 * The aggregates of a template computed by a PostgreSQL server.
 * @example
 * const agg = await pgAggregates(checked, byId, "postgres://postgres@127.0.0.1:5433/postgres", tableRelation("saas", true), undefined);
 */
export async function pgAggregates(checked: CheckedTemplate, entityIndex: ReadonlyMap<string, number>, url: string, relation: (s: CheckedSource) => Relation, cutoff: string | undefined): Promise<SqlAggregates> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The compiled queries only read; a mapping's own query (a source's FROM item) must not write either.
    await client.query("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    // Rows as arrays (pg's rowMode), turned into columns: no object per row.
    const run: RunSql = async (sql) => {
      let r;
      try {
        r = await client.query({ text: sql, rowMode: "array" });
      } catch (e) {
        // The server's refusal (a SQLSTATE code) is about the data or a mapping's query, not a bug here: say it as the server does.
        if (typeof (e as { code?: unknown }).code === "string") throw new SqlDataError(`PostgreSQL refused a source's query: ${(e as Error).message}`);
        throw e;
      }
      const rows = r.rows as unknown[][];
      return { rows: rows.length, columns: new Map(r.fields.map((f, j) => [f.name, rows.map((row) => row[j])])) };
    };
    return (await runQueries(checked, entityIndex, relation, cutoff, run, "postgres")).aggregates;
  } finally {
    await client.end();
  }
}

/**
 * Runs `f` with a runner of `--explain`'s second queries on the server (`explain-records.ts`):
 * each query's one parameter, the subtree's entity ids, is bound as a text array.
 * @example
 * const dataset = await withPgRecords(url, (run) => explainDataset(checked, loaded, "east", names, { …, run }, undefined, spec));
 */
export async function withPgRecords<T>(url: string, f: (run: RunRecords) => Promise<T>): Promise<T> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(async (sql, ids) => {
      const r = await client.query({ text: sql, values: [[...ids]], rowMode: "array" });
      const rows = r.rows as unknown[][];
      return { rows: rows.length, columns: new Map(r.fields.map((field, j) => [field.name, rows.map((row) => row[j])])) };
    });
  } finally {
    await client.end();
  }
}
