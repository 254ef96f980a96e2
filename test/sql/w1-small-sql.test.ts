/**
 * W1-small (100 reps, 10,000 deals, 20,000 visits; bench/w1-data.ts) for a
 * whole year through the SQL engines: `kpi eval bench/w1.kpi` with
 * `--engine duckdb` over the CSV folder, and with `--data postgres://…`
 * over the same files as text tables of a throw-away cluster, gives the
 * in-process engine's JSON byte for byte.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalOptions } from "../../cli/eval.js";
import { evalRun, type EvalRun } from "./run-eval.js";
import { generateW1 } from "../../bench/w1-data.js";
import { ROOT } from "../golden/examples.js";
import { pgBin, startCluster, type PgCluster } from "./pg-cluster.js";
import { loadSchema } from "./pg-saas.js";

const W1 = join(ROOT, "bench", "w1.kpi");
let root: string;
let csv: string;

const kpiEval = (data: string, extra: Partial<EvalOptions> = {}): Promise<EvalRun> => evalRun(W1, { data, period: "2026-01..2026-12", format: "json", ...extra });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "kpi-w1-small-"));
  csv = generateW1(root, { reps: 100, teams: 10, deals: 10_000, visits: 20_000, seed: 42, year: 2026 }).csv;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("W1-small through the SQL engines", () => {
  let inProcess: string;
  beforeAll(async () => {
    const r = await kpiEval(csv);
    expect(r.code).toBe(0);
    inProcess = r.out;
  }, 60_000);

  it("--engine duckdb gives the in-process JSON byte for byte", async () => {
    const r = await kpiEval(csv, { engine: "duckdb" });
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(100_000);
    expect(r.out).toBe(inProcess);
  }, 60_000);

  describe.skipIf(pgBin() === undefined)("PostgreSQL", () => {
    let cluster: PgCluster | undefined;
    beforeAll(async () => {
      cluster = await startCluster();
      const client = new pg.Client({ connectionString: cluster!.url });
      await client.connect();
      try {
        await loadSchema(client, "w1", false, undefined, csv);
      } finally {
        await client.end();
      }
    }, 180_000);
    afterAll(() => cluster?.stop());

    it("--data postgres:// over text tables gives the in-process JSON byte for byte", async () => {
      const r = await kpiEval(`${cluster!.url}?schema=w1`);
      expect(r.err).not.toMatch(/error/);
      expect(r.code).toBe(0);
      expect(r.out).toBe(inProcess);
    }, 60_000);
  });
});
