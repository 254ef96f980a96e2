// `kpi eval --engine duckdb` gives byte for byte the golden results of the
// in-process engine on every golden case (test/golden/**), and the
// aggregates really come from DuckDB: a folder whose deals file DuckDB
// reads differently from the loaded dataset changes the result.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../cli/io.js";
import { runEval, type EvalOptions } from "../../cli/eval.js";
import { checkSource } from "../../engine/check/index.js";
import { loadDataset } from "../../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../../engine/evaluate/index.js";
import { duckdbAggregates } from "../../engine/sql/duckdb-run.js";
import { goldenCases, ROOT } from "../golden/examples.js";

async function evalJson(template: string, opts: EvalOptions): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), readStdin: () => "" };
  const code = await runEval(template, opts, io);
  if (code !== 0) throw new Error(`exit ${code}\n${err}`);
  return out;
}

describe("--engine duckdb", () => {
  // Every template with its month period, and the quarters of one folder (CI time: each case loads its dataset twice).
  for (const c of goldenCases().filter((g) => !g.period.includes("Q") || g.template.startsWith("examples/saas/"))) {
    it(`${c.template} ${c.period} is byte-identical to ${c.golden}`, async () => {
      const json = await evalJson(join(ROOT, c.template), { data: join(ROOT, c.dataset), period: c.period, format: "json", engine: "duckdb" });
      expect(json).toBe(readFileSync(join(ROOT, c.golden), "utf8"));
    });
  }

  it("gives the in-process result with an as-of date and over a range of periods", async () => {
    const t = join(ROOT, "examples/saas/growth.kpi");
    const data = join(ROOT, "examples/saas/dataset");
    for (const o of [{ period: "2026-06", asOf: "2026-06-17" }, { period: "2026-01..2026-06" }, { period: "2026-Q2", asOf: "2026-05-03" }]) {
      const base: EvalOptions = { data, format: "json", ...o };
      expect(await evalJson(t, { ...base, engine: "duckdb" })).toBe(await evalJson(t, base));
    }
  });

  const dir = mkdtempSync(join(tmpdir(), "kpi-sql-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the aggregates from the files DuckDB reads, not from the loaded dataset", async () => {
    const src = join(ROOT, "examples/demo/dataset");
    for (const f of ["entities.csv", "targets.csv", "visits.csv"]) copyFileSync(join(src, f), join(dir, f));
    // Every amount doubled in the file DuckDB reads; the loaded dataset keeps the original ones.
    const lines = readFileSync(join(src, "deals.csv"), "utf8").split("\n");
    const ai = lines[0]!.split(",").indexOf("amount");
    writeFileSync(join(dir, "deals.csv"), lines.map((l, i) => (i === 0 || l === "" ? l : l.split(",").map((c, j) => (j === ai && c !== "" ? (Number(c) * 2).toFixed(2) : c)).join(","))).join("\n"));
    const checked = checkSource(readFileSync(join(ROOT, "examples/demo/demo_saas_growth.kpi"), "utf8"), {}).checked!;
    const loaded = await loadDataset(src, datasetSpecOf(checked));
    if (!loaded.ok) throw new Error("demo dataset");
    const amount = (out: ReturnType<typeof evaluate>) => {
      if (!out.ok) throw new Error(JSON.stringify(out.errors));
      return out.result.periods[0]!.entities.find((e) => e.id === "zhang")!.metrics.new_amount!.value;
    };
    const mine = amount(evaluate(checked, loaded.dataset, { period: "2026-03" }));
    const agg = await duckdbAggregates(checked, loaded.dataset.entities.byId, dir, undefined);
    const duck = amount(evaluate(checked, loaded.dataset, { period: "2026-03" }, { aggregates: agg }));
    expect(Number(mine)).toBeGreaterThan(0);
    expect(Number(duck)).toBe(Number(mine) * 2);
  });
});
