/**
 * `kpi sql --dialect duckdb --data DIR --map M` prints the very queries
 * `kpi eval --engine duckdb` runs over a folder of CRM exports: run here in
 * DuckDB, they give the aggregates computed by hand from Salesforce's
 * export (test/fixtures/import/salesforce). Bad usage and bad data are
 * located errors with their exit codes.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../cli/io.js";
import { run } from "../../cli/run.js";

const FIX = fileURLToPath(new URL("../fixtures/import/", import.meta.url));
const SF = join(FIX, "salesforce");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function kpi(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), readStdin: () => "" };
  const code = await run(args, io);
  return { code, out, err };
}

/** The statements of kpi sql's output, comments dropped. */
const statements = (text: string): string[] => text.split(/;\n/).map((s) => s.split("\n").filter((l) => !l.startsWith("--")).join("\n").trim()).filter(Boolean);

describe("kpi sql --data --map", () => {
  it("prints DuckDB SQL over the export files whose rows are the hand-computed aggregates", async () => {
    const r = await kpi(["sql", join(FIX, "usd.kpi"), "--dialect", "duckdb", "--data", SF, "--map", join(SF, "mapping.json")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe(`-- import_usd: 1 source, dialect duckdb, over ${SF} through ${join(SF, "mapping.json")}`);
    expect(r.out).toContain(`read_csv('${join(SF, "Opportunities.csv")}'`);
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    try {
      const [query] = statements(r.out);
      const rows = (await conn.runAndReadAll(query!)).getRowObjectsJson() as Record<string, unknown>[];
      // Owners matched by name to their ids; months counted from 1970 (2026-03 is 20513).
      const byCell = new Map(rows.map((x) => [`${x["kpi_e"]}@${x["kpi_g"]}`, x]));
      // Sam Ortiz (005A2) in March: won $12,345.67 + $1,000.00 (two deals); open pipeline $2,200.00 (Negotiation/Review read as open by `*`).
      expect(byCell.get("005A2@20513")).toMatchObject({ a0: 1334567, a1: 2, a2: 220000 });
      // Priya Nair (005A3): won $7,500.50 and a ($250.00) refund; her Closed Lost deal is in neither sum.
      expect(byCell.get("005A3@20513")).toMatchObject({ a0: 725050, a1: 2, a2: null });
      // "sam ortiz" in lower case is Sam too; his April deal is April's. The report footer is no one's.
      expect(byCell.get("005A2@20544")).toMatchObject({ a0: 400000, a1: 1 });
      expect(rows).toHaveLength(3);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });

  it("refuses --data with another dialect, a file for a folder, and reports the data's located errors (exit 1, nothing printed)", async () => {
    const pg = await kpi(["sql", join(FIX, "usd.kpi"), "--dialect", "postgres", "--data", SF]);
    expect(pg.code).toBe(2);
    expect(pg.err).toMatch(/--data prints the queries DuckDB runs over the folder's files; use --dialect duckdb/);
    const file = await kpi(["sql", join(FIX, "usd.kpi"), "--dialect", "duckdb", "--data", join(SF, "users.csv")]);
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/is a file/);
    const dir = mkdtempSync(join(tmpdir(), "kpi-sql-map-"));
    temps.push(dir);
    copyFileSync(join(SF, "users.csv"), join(dir, "users.csv"));
    writeFileSync(join(dir, "Opportunities.csv"), '"Opportunity Owner","Stage","Amount","Close Date"\n"Sam Ortiz","Closed Won","$1.00","13/45/2026"\n');
    const bad = await kpi(["sql", join(FIX, "usd.kpi"), "--dialect", "duckdb", "--data", dir, "--map", join(SF, "mapping.json")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe("");
    expect(bad.err).toMatch(/Opportunities\.csv:2.*Close Date/);
    expect(bad.err).toMatch(/kpi sql: 1 error in the data; nothing was compiled/);
  });
});
