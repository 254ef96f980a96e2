/**
 * The compiled JavaScript in dist/ (`npm run build`, run by `npm ci` through
 * `prepare`): it is current — built from exactly these sources — and it runs
 * without tsx: the `kpi` bin, the evaluation workers and the files read
 * relative to modules (package.json, schemas, examples) all resolve from
 * dist/. The other tests run the TypeScript sources (vitest.config.ts sets
 * KPI_FROM_SOURCE=1); these run dist/ on purpose.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { inputsHash, ROOT, STAMP } from "../../scripts/build-inputs.js";

const BIN = join(ROOT, "bin", "kpi.js");
const DEMO = ["eval", "examples/demo/demo_saas_growth.kpi", "--data", "examples/demo/dataset", "--period", "2026-03"];

function kpi(args: string[], fromSource: boolean): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, KPI_DEBUG: "", KPI_FROM_SOURCE: fromSource ? "1" : "" };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("dist/", () => {
  it("is built from the current sources", () => {
    expect(existsSync(join(ROOT, STAMP)), "dist/ is missing: run `npm run build`").toBe(true);
    expect(readFileSync(join(ROOT, STAMP), "utf8").trim(), "dist/ is older than the sources: run `npm run build`").toBe(inputsHash());
  });

  it("runs `kpi --help`, `--version` and `check` without tsx, as the sources do", () => {
    for (const args of [["--help"], ["--version"], ["check", "examples/demo/demo_saas_growth.kpi"], ["check", "test/fixtures/design/saas_growth.kpi", "--format", "json"]]) {
      const compiled = kpi(args, false);
      expect(compiled.stderr).toBe("");
      expect(compiled.code).toBe(0);
      expect(compiled).toEqual(kpi(args, true));
    }
    expect(kpi(["--version"], false).stdout).toBe("0.1.0\n");
  });

  it("evaluates the demo to the same bytes as the sources", () => {
    const compiled = kpi(DEMO, false);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toBe(kpi(DEMO, true).stdout);
    const result = JSON.parse(compiled.stdout) as { periods: { entities: { id: string; payout?: string }[] }[] };
    const payouts = Object.fromEntries(result.periods[0]!.entities.filter((e) => e.payout !== undefined).map((e) => [e.id, e.payout]));
    expect(payouts).toEqual({ zhang: "5160.00", li: "8000.00", wang: "2375.01", zhao: "14000.00", chen: "0.00" });
  });

  it("starts the server's workers from dist/ (worker.js, no tsx)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-dist-"));
    try {
      // A file, not `node -e`: a worker inherits the parent's exec arguments. The
      // pool's workers are unref'd, so an interval keeps the script alive meanwhile.
      const script = join(dir, "pool.mjs");
      writeFileSync(
        script,
        `import { WorkerPool } from ${JSON.stringify(pathToFileURL(join(ROOT, "dist/server/eval/pool.js")).href)};
        const keep = setInterval(() => {}, 1000);
        const pool = new WorkerPool({ size: 1 });
        try {
          const a = await pool.runFrontEnd({ op: "format", source: "metric x   = 1", bases: [] }, 30_000);
          process.stdout.write(JSON.stringify(a));
        } finally { await pool.close(); clearInterval(keep); }`,
      );
      const r = spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toEqual({ kind: "done", value: { diagnostics: [], text: "metric x = 1\n" } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
