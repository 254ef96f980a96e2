/**
 * `kpi eval T --data postgres://…?schema=S` on a real PostgreSQL server (a
 * throw-away cluster, pg-cluster.ts): the SaaS example's folder as tables of
 * one schema — every file a table, once all text and once typed as a
 * warehouse keeps it (numeric(18, 2) money, date, bigint) — gives the golden
 * result byte for byte; the entities, targets and inputs are read whole and
 * the sources aggregated by the server. A missing table, a missing column
 * and floating-point money are located errors (exit 1); the password of the
 * URL is never printed. `--explain` fetches the explained subtree's records
 * with a second query and prints the folder's worksheet (records named by
 * table and row), refuses one that disagrees with the result (targets split
 * by history), and keeps injection-like entity ids data.
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
if (!available) console.warn("test/sql/pg-dataset: PostgreSQL binaries absent (/usr/lib/postgresql/*/bin); skipped — `apt-get install -y postgresql` to run it (CI does)");

const kpiEval = (data: string, extra: Partial<EvalOptions> = {}, template = join(ROOT, "examples/saas/growth.kpi")): Promise<EvalRun> =>
  evalRun(template, { data, period: "2026-06", format: "json", ...extra });

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

  it("reads last_year and prev of periods before the first input period from the server's records, as the folder does", async () => {
    // mature.kpi compares won_amount with last_year(won_amount): 2025-06's deals are records, while the inputs start in 2026-01.
    const mature = join(ROOT, "examples/saas/mature.kpi");
    const folder = await kpiEval(SAAS, {}, mature);
    expect(folder.code).toBe(0);
    for (const schema of ["saas_text", "saas_typed"]) {
      const r = await kpiEval(url(schema), {}, mature);
      expect(r.code, schema).toBe(0);
      expect(r.out, schema).toBe(folder.out);
    }
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
  }, 60_000);

  /** A worksheet without the records' origins (a folder names file lines, the server table rows in the second query's order). */
  const noOrigins = (text: string) => text.replace(/ \((?:[^()\n]*? (?:lines?|records?) \d+(?:, \d+)*;?)+(?:, …)?\)/g, " (…)");

  it("--explain prints the folder's worksheet for a rep and a team, over text tables and typed ones", async () => {
    for (const schema of ["saas_text", "saas_typed"]) {
      for (const explain of ["r001", "east"]) {
        const folder = await kpiEval(SAAS, { explain, format: "table" });
        const server = await kpiEval(url(schema), { explain, format: "table" });
        expect(server.err, `${schema} ${explain}`).toBe("");
        expect(server.code, `${schema} ${explain}`).toBe(0);
        expect(server.out).toMatch(new RegExp(`\\(${schema}\\.deals records? \\d+`));
        expect(server.out).not.toContain("sekret");
        expect(noOrigins(server.out), `${schema} ${explain}`).toBe(noOrigins(folder.out));
      }
    }
    // JSON, with an as-of date (a cut-off of the second query too): the same explanations but for the origins.
    const json = (text: string) => JSON.stringify(JSON.parse(text).explanations, (k, v: unknown) => (k === "origins" ? [] : v));
    const folder = await kpiEval(SAAS, { explain: "r002", asOf: "2026-06-12" });
    const server = await kpiEval(url("saas_typed"), { explain: "r002", asOf: "2026-06-12" });
    expect(server.code).toBe(0);
    expect(server.out.replace(/"explanations"[^]*$/, "")).toBe(folder.out.replace(/"explanations"[^]*$/, ""));
    expect(json(server.out)).toBe(json(folder.out));
    expect(json(server.out)).toContain('"records":');
  }, 120_000);

  it("--explain refuses a worksheet that disagrees with the result (exit 1, nothing printed)", async () => {
    // mature.kpi splits the margin goal by last year's margin: over r001's records alone r001 would get all of it.
    const r = await kpiEval(url("saas_text"), { explain: "r001", format: "table" }, join(ROOT, "examples/saas/mature.kpi"));
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^kpi eval: --explain "r001": gross_margin target for 2026-06 is "[\d.]+" in the result but "[\d.]+" over the records of "r001" and everything under it; the number depends on records outside that subtree/);
  }, 60_000);

  it("--explain keeps injection-like entity ids data: bound as parameters, the same worksheet as the folder's", async () => {
    const team = `t'); DROP TABLE inj.deals; --`;
    const rep = `r' OR '1'='1`;
    const other = `o"; DELETE FROM inj.deals; --`;
    const dir = mkdtempSync(join(tmpdir(), "kpi-pg-inj-"));
    try {
      writeFileSync(
        join(dir, "t.kpi"),
        [
          `template inj "inj" { grain month currency CNY }`,
          `entity team "team"`,
          `entity rep "rep" in team`,
          `source deals "d" by rep at closed_on {`,
          `  amount: money`,
          `  closed_on: date`,
          `}`,
          `metric amount "a": money = sum(deals.amount)`,
          `metric deals_count "n": integer = count(deals)`,
        ].join("\n"),
      );
      const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n") + "\n";
      const entities = [["id", "kind", "name", "parent"], [team, "team", "T", ""], [rep, "rep", "R", team], ["t2", "team", "T2", ""], [other, "rep", "O", "t2"]];
      const deals = [["rep", "closed_on", "amount"], [rep, "2026-06-02", "10.50"], [rep, "2026-06-03", "1.25"], [other, "2026-06-04", "100.00"]];
      writeFileSync(join(dir, "entities.csv"), csv(entities));
      writeFileSync(join(dir, "deals.csv"), csv(deals));
      const client = new pg.Client({ connectionString: cluster!.url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA inj`);
        await client.query(`CREATE TABLE inj.entities (id text, kind text, name text, parent text)`);
        await client.query(`CREATE TABLE inj.deals (rep text, closed_on text, amount text)`);
        for (const e of entities.slice(1)) await client.query(`INSERT INTO inj.entities VALUES ($1, $2, $3, $4)`, e);
        for (const x of deals.slice(1)) await client.query(`INSERT INTO inj.deals VALUES ($1, $2, $3)`, x);
        const t = join(dir, "t.kpi");
        for (const explain of [team, rep]) {
          const folder = await kpiEval(dir, { explain, format: "table" }, t);
          const server = await kpiEval(url("inj"), { explain, format: "table" }, t);
          expect(folder.code, folder.err).toBe(0);
          expect(server.err).toBe("");
          expect(server.code).toBe(0);
          expect(noOrigins(server.out)).toBe(noOrigins(folder.out));
          // By hand: the team's and the rep's deals are the rep's two, 10.50 + 1.25; the other rep's 100.00 is not theirs.
          expect(server.out).toContain("sum(deals.amount) = 11.75 over 2 records (inj.deals records 1, 2)");
        }
        expect((await client.query(`SELECT count(*)::int AS n FROM inj.deals`)).rows[0].n).toBe(3);
      } finally {
        await client.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
