/**
 * `kpi eval --engine duckdb` over a folder whose sources are Parquet files
 * (entities, targets and inputs stay CSV): DuckDB reads the records, the
 * in-process loader reads only the rest, and the result is byte-identical
 * to the golden one of the CSV folder. Money in Parquet must be exact (a
 * DOUBLE column is refused by name, never rounded). `--explain` fetches the
 * explained subtree's records with a second query and prints the worksheet
 * of the CSV folder, each record named by its Parquet row (the CSV's line
 * less the header).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalOptions } from "../../cli/eval.js";
import { evalRun, type EvalRun } from "./run-eval.js";
import { ROOT } from "../golden/examples.js";

const SAAS = join(ROOT, "examples/saas/dataset");
const SOURCES = ["deals", "followups", "leads", "opportunities", "quotes", "surveys"];
const dir = mkdtempSync(join(tmpdir(), "kpi-parquet-"));
const floating = mkdtempSync(join(tmpdir(), "kpi-parquet-double-"));
afterAll(() => [dir, floating].forEach((d) => rmSync(d, { recursive: true, force: true })));

const kpiEval = (data: string, extra: Partial<EvalOptions> = {}, template = join(ROOT, "examples/saas/growth.kpi")): Promise<EvalRun> =>
  evalRun(template, { data, period: "2026-06", format: "json", engine: "duckdb", ...extra });

beforeAll(async () => {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  try {
    for (const f of readdirSync(SAAS)) if (!SOURCES.includes(f.replace(/\.csv$/, ""))) for (const d of [dir, floating]) copyFileSync(join(SAAS, f), join(d, f));
    for (const s of SOURCES) {
      const csv = join(SAAS, `${s}.csv`).replace(/'/g, "''");
      const header = readFileSync(join(SAAS, `${s}.csv`), "utf8").split("\n")[0]!.split(",");
      // Typed as a warehouse would keep them: dates as DATE, money as DECIMAL(18, 2), counts as BIGINT.
      const money = header.filter((h) => ["amount", "cost", "value"].includes(h));
      const replace = money.length ? ` REPLACE (${money.map((m) => `CAST(${m} AS DECIMAL(18, 2)) AS ${m}`).join(", ")})` : "";
      await conn.run(`COPY (SELECT *${replace} FROM read_csv('${csv}', all_varchar = true)) TO '${join(dir, `${s}.parquet`)}' (FORMAT parquet)`);
      const doubles = money.length ? ` REPLACE (${money.map((m) => `CAST(${m} AS DOUBLE) AS ${m}`).join(", ")})` : "";
      await conn.run(`COPY (SELECT *${doubles} FROM read_csv('${csv}', all_varchar = true)) TO '${join(floating, `${s}.parquet`)}' (FORMAT parquet)`);
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
});

describe("--engine duckdb over Parquet", () => {
  it("gives the golden result of the CSV folder, byte for byte", async () => {
    const r = await kpiEval(dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(join(ROOT, "test/golden/saas/growth.2026-06.json"), "utf8"));
  });

  it("reads last_year of a period before the first input period from the Parquet records, as the CSV folder does", async () => {
    // mature.kpi's yoy alert reads last_year(won_amount) of 2025-06; the inputs start in 2026-01, the deals in 2025.
    const mature = join(ROOT, "examples/saas/mature.kpi");
    const csv = await kpiEval(SAAS, { engine: "inprocess" }, mature);
    const r = await kpiEval(dir, {}, mature);
    expect(csv.code).toBe(0);
    expect(r.code).toBe(0);
    expect(r.out).toBe(csv.out);
  });

  /** The folder's worksheet with each `DIR/S.csv line(s) L, …` as the Parquet file's `record(s) L - 1, …`. */
  const asParquet = (text: string) =>
    text.replace(/([^\s(]+)\/(\w+)\.csv (lines?) ([\d, ]+\d)/g, (_, _dir: string, s: string, lines: string, list: string) => `${join(dir, `${s}.parquet`)} ${lines === "line" ? "record" : "records"} ${list.split(", ").map((n) => Number(n) - 1).join(", ")}`);

  it("--explain prints the CSV folder's worksheet for a rep and a team, from the subtree's records", async () => {
    for (const explain of ["r001", "east", "all"]) {
      const folder = await kpiEval(SAAS, { explain, format: "table", engine: "inprocess" });
      const parquet = await kpiEval(dir, { explain, format: "table" });
      expect(parquet.err, explain).toBe("");
      expect(parquet.code, explain).toBe(0);
      expect(folder.out, explain).toMatch(/deals\.csv lines \d/);
      expect(parquet.out, explain).toBe(asParquet(folder.out));
    }
    // JSON: the same explanations, origins as Parquet rows; an as-of date cuts the second query too.
    const folder = JSON.parse((await kpiEval(SAAS, { explain: "r002", engine: "inprocess", asOf: "2026-06-12" })).out);
    const parquet = JSON.parse((await kpiEval(dir, { explain: "r002", asOf: "2026-06-12" })).out);
    expect(JSON.stringify(parquet)).toBe(JSON.stringify(folder).replace(/"file":"[^"]*\/(\w+)\.csv","line":(\d+)/g, (_, s: string, l: string) => `"file":${JSON.stringify(join(dir, `${s}.parquet`))},"line":${Number(l) - 1}`));
  });

  it("refuses floating-point money by file and column with exit 2 and nothing written", async () => {
    const r = await kpiEval(floating);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    // The first source of the template with a money column (quotes), named with its folder.
    expect(r.err).toContain(`${join(floating, "quotes.parquet")}: column amount is DOUBLE; money must be exact in Parquet`);
  });
});
