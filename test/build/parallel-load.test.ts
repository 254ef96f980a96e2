/**
 * The dataset loader's worker threads (engine/dataset/source-workers.ts),
 * which exist in the compiled dist/ only: a folder with two big plain source
 * files loads to the same dataset, errors and warnings with two threads as
 * with one, in CSV and in NDJSON.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/build-inputs.js";
import { generateW1 } from "../../bench/w1-data.js";

const dist = (path: string) => import(pathToFileURL(join(ROOT, "dist", path)).href);

let root: string;
let spec: unknown;
let load: (dir: string, spec: unknown, options: { threads: number }) => Promise<unknown>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "kpi-parallel-"));
  // 40,000 deals and 80,000 visits: each file over the 1 MiB a worker is started for.
  generateW1(root, { reps: 100, teams: 10, deals: 40_000, visits: 80_000, seed: 7, year: 2026 });
  const { checkSource } = await dist("engine/check/index.js");
  const { datasetSpecOf } = await dist("engine/evaluate/dataset-spec.js");
  ({ loadDatasetFolder: load } = await dist("engine/dataset/index.js"));
  spec = datasetSpecOf(checkSource(readFileSync(join(ROOT, "bench", "w1.kpi"), "utf8")).checked);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("loading in worker threads (dist/)", () => {
  it("starts workers from the compiled build", async () => {
    const { startSourceWorkers } = await dist("engine/dataset/source-workers.js");
    const { PARALLEL_MIN_BYTES } = await dist("engine/dataset/load-folder.js");
    expect(PARALLEL_MIN_BYTES).toBeLessThan(readFileSync(join(root, "csv", "visits.csv")).length);
    const pool = startSourceWorkers(2);
    expect(pool).toBeDefined();
    await pool.close();
  });

  it.each(["csv", "ndjson"])("gives the same %s dataset with two threads as with one", async (form) => {
    const one = (await load(join(root, form), spec, { threads: 1 })) as { ok: boolean; dataset: { sources: Map<string, { length: number }> } };
    const two = await load(join(root, form), spec, { threads: 2 });
    expect(one.ok).toBe(true);
    expect(one.dataset.sources.get("deals")!.length).toBe(40_000);
    expect(two).toEqual(one);
  });

  it("gives the same errors, in the same order, when both files have bad records", async () => {
    const dir = join(root, "csv");
    appendFileSync(join(dir, "deals.csv"), "r1,12.345,won,new,2026-03-15\nr999,1.00,won,new,2026-03-15\n");
    appendFileSync(join(dir, "visits.csv"), "r2,2026-02-30\n,2026-01-01\n");
    const one = (await load(dir, spec, { threads: 1 })) as { ok: boolean; errors: { file: string; line: number; field: string; message: string }[]; total: number };
    const two = await load(dir, spec, { threads: 2 });
    expect(one.ok).toBe(false);
    expect(one.total).toBe(4);
    expect(one.errors.map((e) => [e.file.endsWith("deals.csv") ? "deals" : "visits", e.line, e.field])).toEqual([
      ["deals", 40_002, "amount"],
      ["deals", 40_003, "rep"],
      ["visits", 80_002, "visited_on"],
      ["visits", 80_003, "rep"],
    ]);
    expect(two).toEqual(one);
  });
});
