/**
 * `kpi eval T --data postgres://… --map M` on a real PostgreSQL server (a
 * throw-away cluster): a warehouse that keeps the SaaS example under its own
 * names — a `crm.opportunities` table with its own column names for deals,
 * people for the entities, views behind queries for the rest — pointed at by
 * a mapping of `table`, `query` and `columns`, gives the golden result byte
 * for byte. A mapping that speaks of files, a query that would write, a
 * column the table lacks, and a `table` in a mapping for a folder are each
 * an error at their place (exit 1); the password is never printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalOptions } from "../../cli/eval.js";
import { evalRun, type EvalRun } from "./run-eval.js";
import { ROOT } from "../golden/examples.js";
import { pgBin, startCluster, type PgCluster } from "./pg-cluster.js";
import { loadSchema, SAAS } from "./pg-saas.js";

const available = pgBin() !== undefined;
if (!available) console.warn("test/sql/pg-mapping: PostgreSQL binaries absent (/usr/lib/postgresql/*/bin); skipped — `apt-get install -y postgresql` to run it (CI does)");

const OTHER_SOURCES = ["followups", "leads", "opportunities", "quotes", "surveys"];
/** The warehouse's mapping: deals and the entities by table with their own column names, the rest by query. */
const MAPPING = {
  entities: { table: "people", columns: { id: "user_id", kind: "level", parent: "manager" } },
  targets: { query: "SELECT * FROM saas.targets" },
  inputs: { query: "SELECT entity, metric, period, value FROM saas.inputs" },
  sources: {
    deals: { table: "crm.won_and_lost", columns: { rep: "Owner", amount: "Amount", closed_on: "CloseDate" } },
    ...Object.fromEntries(OTHER_SOURCES.map((s) => [s, { query: `SELECT * FROM saas.${s}` }])),
  },
};

let dir: string;
function kpiEval(data: string, mapping: unknown, extra: Partial<EvalOptions> = {}): Promise<EvalRun> {
  const map = join(dir, `m${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(map, JSON.stringify(mapping));
  return evalRun(join(ROOT, "examples/saas/growth.kpi"), { data, map, period: "2026-06", format: "json", ...extra });
}

describe.skipIf(!available)("--data postgres:// with a mapping of tables, queries and columns", () => {
  let cluster: PgCluster | undefined;
  const url = (schema: string) => `${cluster!.url.replace("postgres@", "postgres:sekret@")}?schema=${schema}`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kpi-pg-mapping-"));
    cluster = await startCluster();
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      await loadSchema(client, "saas", true);
      // The warehouse's own names: a schema of its own, other table and column names, a sequence a bad query might advance.
      await client.query(`CREATE SCHEMA warehouse`);
      await client.query(`CREATE TABLE warehouse.people AS SELECT id AS user_id, kind AS level, name, parent AS manager, start, "end", region, potential FROM saas.entities`);
      await client.query(`CREATE SCHEMA crm`);
      await client.query(`CREATE TABLE crm.won_and_lost AS SELECT rep AS "Owner", closed_on AS "CloseDate", customer, kind, status, amount AS "Amount", cost, days_to_close FROM saas.deals`);
      await client.query(`CREATE SEQUENCE crm.counter`);
    } finally {
      await client.end();
    }
  }, 180_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const golden = () => readFileSync(join(ROOT, "test/golden/saas/growth.2026-06.json"), "utf8");

  it("gives the golden result byte for byte", async () => {
    const r = await kpiEval(url("warehouse"), MAPPING);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.out).toBe(golden());
  }, 60_000);

  it("says where a mapping does not fit its tables (exit 1), and never prints the password", async () => {
    const withFile = await kpiEval(url("warehouse"), { ...MAPPING, sources: { ...MAPPING.sources, deals: { file: "deals.csv" } } });
    expect(withFile.code).toBe(1);
    expect(withFile.err).toContain("/sources/deals/file: with --data postgres://… the data is in tables");
    const withFormat = await kpiEval(url("warehouse"), { ...MAPPING, sources: { ...MAPPING.sources, deals: { ...MAPPING.sources.deals, formats: { closed_on: "DD.MM.YYYY" } } } });
    expect(withFormat.code).toBe(1);
    expect(withFormat.err).toContain("/sources/deals/formats: formats is not read for PostgreSQL tables yet; write the conversion in the SQL of a \"query\"");
    const noColumn = await kpiEval(url("warehouse"), { ...MAPPING, sources: { ...MAPPING.sources, deals: { ...MAPPING.sources.deals, columns: { ...MAPPING.sources.deals.columns, amount: "Amt" } } } });
    expect(noColumn.code).toBe(1);
    expect(noColumn.err).toContain('crm.won_and_lost has no column "Amt" (for amount)');
    // A query runs read-only: one that would advance a sequence fails, and the sequence is where it was.
    const writes = await kpiEval(url("warehouse"), { ...MAPPING, sources: { ...MAPPING.sources, leads: { query: "SELECT *, nextval('crm.counter') AS n FROM saas.leads" } } });
    expect(writes.code).toBe(1);
    expect(writes.err).toMatch(/PostgreSQL refused a source.s query: cannot execute nextval\(\) in a read-only transaction/);
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      expect((await client.query("SELECT last_value, is_called FROM crm.counter")).rows[0]).toEqual({ last_value: "1", is_called: false });
    } finally {
      await client.end();
    }
    for (const r of [withFile, withFormat, noColumn, writes]) {
      expect(r.err).not.toContain("sekret");
      expect(r.out).toBe("");
    }
  }, 60_000);

  it("refuses a table or a query in a mapping for a folder of files, at its place", async () => {
    const r = await kpiEval(SAAS, { sources: { deals: { table: "crm.won_and_lost" } } });
    expect(r.code).toBe(1);
    expect(r.err).toContain("/sources/deals/table: a table names PostgreSQL data (--data postgres://…); this dataset is a folder of files");
  });
});
