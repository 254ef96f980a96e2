// User strings reach SQL only as quoted identifiers or literals: enum values,
// entity ids and text values made of quotes, comment markers and statement
// separators are data to DuckDB (the same numbers as the in-process engine,
// computed by hand here), and `ident`/`text` round-trip any string in the
// dialects that run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import type { CliIO } from "../../cli/io.js";
import { runEval, type EvalOptions } from "../../cli/eval.js";
import { dialect } from "../../engine/sql/dialect.js";

const EVIL = [`x'); DROP TABLE deals; --`, `a"b`, `'' OR 1=1 --`, "back\\slash'", "semi;colon /* c */", "tab\tand\nnewline"];

async function evalJson(template: string, opts: EvalOptions): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  const code = await runEval(template, opts, io);
  if (code !== 0) throw new Error(`exit ${code}\n${err}`);
  return out;
}

describe("SQL injection", () => {
  const dir = mkdtempSync(join(tmpdir(), "kpi-sql-inj-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps enum values, text values and entity ids data", async () => {
    const bad = `x'); DROP TABLE deals; --`;
    writeFileSync(
      join(dir, "t.kpi"),
      [
        `template inj "inj" { grain month currency CNY }`,
        `entity rep "rep"`,
        `source deals "d" by rep at closed_on {`,
        `  amount: money`,
        `  status: "won" | "${bad}"`,
        `  who: string`,
        `  closed_on: date`,
        `}`,
        `metric evil_amount "e": money = sum(deals.amount where status == "${bad}")`,
        `metric not_evil "n": integer = count(deals where status != "${bad}")`,
        `metric to_quote "q": integer = count(deals where who == "o'brien")`,
      ].join("\n"),
    );
    writeFileSync(join(dir, "entities.csv"), `id,kind,name,parent\no'brien,rep,O,\n"a""b--",rep,A,\n`);
    writeFileSync(join(dir, "deals.csv"), `rep,closed_on,status,amount,who\no'brien,2026-03-02,"${bad}",10.50,o'brien\no'brien,2026-03-03,won,1.00,o'brien\n"a""b--",2026-03-04,"${bad}",2.25,x\n`);
    const t = join(dir, "t.kpi");
    const inprocess = await evalJson(t, { data: dir, period: "2026-03", format: "json" });
    const duck = await evalJson(t, { data: dir, period: "2026-03", format: "json", engine: "duckdb" });
    expect(duck).toBe(inprocess);
    const all = (JSON.parse(duck) as { periods: { entities: { id: string; metrics: Record<string, { value: unknown }> }[] }[] }).periods[0]!.entities.find((e) => e.id === "all")!;
    expect(Number(all.metrics.evil_amount!.value)).toBe(12.75);
    expect(all.metrics.not_evil!.value).toBe(1);
    expect(all.metrics.to_quote!.value).toBe(2);
  });

  it("quotes identifiers and literals so that DuckDB reads them back exactly", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const d = dialect("duckdb");
      for (const s of EVIL) {
        const rows = (await conn.runAndReadAll(`SELECT ${d.text(s)} AS ${d.ident(s)}`)).getRowObjectsJS();
        expect(rows).toEqual([{ [s]: s }]);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it("escapes backslashes and quotes where the dialect's literals take escapes", () => {
    expect(dialect("bigquery").text("a\\'b")).toBe("'a\\\\\\'b'");
    expect(dialect("spark").ident("a`b")).toBe("`a``b`");
    expect(dialect("postgres").text("a\\'b")).toBe("'a\\''b'");
    expect(dialect("snowflake").ident('a"b')).toBe('"a""b"');
  });
});
