// The rendered dialects: `kpi sql` of a SaaS template equals its golden file in
// test/sql/dialects/ for every dialect (`npm run sql:snapshots` rewrites them),
// and each printed statement — and the per-cell distinct queries `kpi sql`
// does not print — is parsed by node-sql-parser with the grammar of
// that dialect, where it has one, and reads the tables it should.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import NodeSqlParser from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { createBaseLoader } from "../../cli/base-loader.js";
import type { CheckedSource } from "../../engine/check/checked-model.js";
import { checkSource } from "../../engine/check/index.js";
import { compileTemplate, dialect, type DialectName } from "../../engine/sql/index.js";
import { ROOT } from "../golden/examples.js";
import { renderSnapshot, snapshotFile, snapshotStatements, SNAPSHOT_AS_OF, SNAPSHOT_DIALECTS, SNAPSHOT_TEMPLATE } from "./dialect-snapshots.js";

/**
 * node-sql-parser 5.4.0's grammar for each dialect (its `database` option, build/*.js).
 * - duckdb: it has no DuckDB grammar; DuckDB's syntax is PostgreSQL's for everything the compiler
 *   writes, so its PostgreSQL grammar reads it (the DuckDB SQL also runs live in test/sql).
 * - spark: Spark SQL is parsed with its Hive grammar (the same backquoted identifiers and backslash escapes).
 * - clickhouse: it has no ClickHouse grammar, and its MySQL one rejects ClickHouse's type names
 *   (`Int64`, `Float64`), so the ClickHouse SQL is snapshot-tested only, not parsed.
 */
const GRAMMAR: Record<DialectName, string | undefined> = {
  duckdb: "PostgreSQL",
  postgres: "PostgreSQL",
  trino: "Trino",
  spark: "Hive",
  bigquery: "BigQuery",
  snowflake: "Snowflake",
  clickhouse: undefined,
};

/**
 * Statements valid in the dialect that the parser's grammar does not know; skipped, said so here.
 * - bigquery: the rollup's `WITH RECURSIVE` (BigQuery has had recursive CTEs since 2023; node-sql-parser's
 *   BigQuery grammar stops at `RECURSIVE`).
 */
const UNPARSED = (d: DialectName, comment: string): boolean => d === "bigquery" && comment.includes("distinct counts per entity and its ancestors");

const parser = new NodeSqlParser.Parser();
const loader = createBaseLoader();
const file = join(ROOT, SNAPSHOT_TEMPLATE);
const checked = checkSource(readFileSync(file, "utf8"), { file, loadBase: loader.load }).checked!;
const sources = checked.sources.map((s) => s.name);

describe("dialect snapshots", () => {
  it("cover the six sources of the SaaS template", () => {
    expect(sources.sort()).toEqual(["deals", "followups", "leads", "opportunities", "quotes", "surveys"]);
  });

  for (const d of SNAPSHOT_DIALECTS) {
    it(`${d}: kpi sql prints test/sql/dialects/saas-growth.${d}.sql (npm run sql:snapshots rewrites it)`, async () => {
      expect(await renderSnapshot(d)).toBe(readFileSync(snapshotFile(d), "utf8"));
    });

    const grammar = GRAMMAR[d];
    it.skipIf(grammar === undefined)(`${d}: every statement parses as ${grammar ?? "—"} and reads its source's table`, () => {
      const statements = snapshotStatements(readFileSync(snapshotFile(d), "utf8"));
      // 6 aggregate queries, and a rollup for each of the 4 sources with distinct counts.
      expect(statements.length).toBe(10);
      let parsed = 0;
      for (const s of statements) {
        if (UNPARSED(d, s.comment)) continue;
        const source = /^-- source (\w+):/.exec(s.comment)![1]!;
        const tables = parser.tableList(s.sql, { database: grammar! }).map((t) => t.split("::").pop());
        expect(tables, s.comment).toContain(source);
        if (s.comment.includes("ancestors")) expect(tables, s.comment).toContain("entities");
        expect(s.sql, "the as-of cut-off").toContain("2026-06-15");
        parsed++;
      }
      expect(parsed).toBe(d === "bigquery" ? 6 : 10);
    });

    it.skipIf(grammar === undefined)(`${d}: the per-cell distinct queries parse as ${grammar ?? "—"}`, () => {
      const q = dialect(d);
      const relation = (s: CheckedSource) => ({ from: q.ident(s.name), column: (f: string) => q.ident(f), text: false });
      const { queries } = compileTemplate(checked, { dialect: d, relation, cutoff: SNAPSHOT_AS_OF });
      for (const one of queries) {
        for (const sql of one.distinctSql ? [one.distinctSql] : []) {
          const ast = parser.astify(sql, { database: grammar! });
          expect((Array.isArray(ast) ? ast[0] : ast)!.type).toBe("select");
        }
      }
    });
  }

  it("a statement the grammar rejects fails the check (the parser is not lenient)", () => {
    expect(() => parser.astify("SELECT a FROM t WHERE", { database: "PostgreSQL" })).toThrow();
    expect(() => parser.astify("SELECT CAST(x AS BIGNUMERICX) FROM t", { database: "BigQuery" })).toThrow();
  });
});
