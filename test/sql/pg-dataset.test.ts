/**
 * `kpi eval T --data postgres://…?schema=S` on a real PostgreSQL server (a
 * throw-away cluster, pg-cluster.ts): the SaaS example's folder as tables of
 * one schema — every file a table, once all text and once typed as a
 * warehouse keeps it (numeric(18, 2) money, date, bigint) — gives the golden
 * result byte for byte; the entities, targets and inputs are read whole and
 * the sources aggregated by the server. A missing table, a missing column
 * and floating-point money are located errors (exit 1); the password of the
 * URL is never printed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../cli/io.js";
import { runEval, type EvalOptions } from "../../cli/eval.js";
import { ROOT } from "../golden/examples.js";
import { pgBin, startCluster, type PgCluster } from "./pg-cluster.js";
import { loadSchema, SAAS } from "./pg-saas.js";

const available = pgBin() !== undefined;
if (!available) console.warn("test/sql/pg-dataset: PostgreSQL binaries absent (/usr/lib/postgresql/*/bin); skipped — `apt-get install -y postgresql` to run it (CI does)");

async function kpiEval(data: string, extra: Partial<EvalOptions> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  try {
    const code = await runEval(join(ROOT, "examples/saas/growth.kpi"), { data, period: "2026-06", format: "json", ...extra }, io);
    return { code, out, err };
  } catch (e) {
    return { code: 2, out, err: err + (e instanceof Error ? e.message : String(e)) };
  }
}

describe.skipIf(!available)("--data postgres://", () => {
  let cluster: PgCluster | undefined;
  const url = (schema: string) => `${cluster!.url.replace("postgres@", "postgres:sekret@")}?schema=${schema}`;
  beforeAll(async () => {
    cluster = await startCluster();
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      await loadSchema(client, "saas_text", false);
      await loadSchema(client, "saas_typed", true);
      await loadSchema(client, "saas_float", true, "double precision");
      await loadSchema(client, "saas_gap", false);
      await client.query(`DROP TABLE saas_gap.surveys`);
      await client.query(`ALTER TABLE saas_gap.deals DROP COLUMN kind`);
    } finally {
      await client.end();
    }
  }, 180_000);
  afterAll(() => cluster?.stop());

  const golden = () => readFileSync(join(ROOT, "test/golden/saas/growth.2026-06.json"), "utf8");

  it("gives the golden result over text tables and over typed ones, byte for byte", async () => {
    for (const schema of ["saas_text", "saas_typed"]) {
      const r = await kpiEval(url(schema));
      expect(r.err, schema).not.toMatch(/error/);
      expect(r.code, schema).toBe(0);
      expect(r.out, schema).toBe(golden());
    }
    // An as-of date is a cut-off in the server's queries too.
    const asOf = await kpiEval(url("saas_typed"), { asOf: "2026-06-10" });
    const folder = await kpiEval(SAAS, { asOf: "2026-06-10" });
    expect(asOf.out).toBe(folder.out);
    expect(asOf.out).not.toBe(golden());
  }, 60_000);

  it("says which table, column or type does not fit (exit 1), and never prints the password", async () => {
    const gap = await kpiEval(url("saas_gap"));
    expect(gap.code).toBe(1);
    expect(gap.out).toBe("");
    // Sources are checked in the template's order: deals (its missing column) comes before surveys (its missing table).
    expect(gap.err).toMatch(/saas_gap\.deals has no column "kind"/);
    const float = await kpiEval(url("saas_float"));
    expect(float.code).toBe(1);
    expect(float.err).toContain("saas_float.deals.amount is double precision; money must be exact");
    for (const r of [gap, float]) {
      expect(r.err).toContain("postgres:***@127.0.0.1");
      expect(r.err).not.toContain("sekret");
    }
    const explain = await kpiEval(url("saas_text"), { explain: "r001" });
    expect(explain.code).toBe(2);
    expect(explain.err).toMatch(/with --data postgres:\/\/ they stay in the database/);
  }, 60_000);
});
