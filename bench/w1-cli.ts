/**
 * `npm run bench -- --cli`: W1 end to end, as users run it — the whole
 * `kpi eval bench/w1.kpi --data bench/.data/w1/csv --period 2026-01..2026-12`
 * process (compiled dist/, JSON written to a file) against the whole
 * baseline process (w1-baseline-main.ts bundled to JavaScript: load the CSVs,
 * evaluate, print checksums) in the same run. Five runs of each, interleaved
 * (baseline, kpi, baseline, kpi, …) so that a change in the machine's load
 * touches both alike; prints each side's median wall time, the fastest, and
 * the ratio of the medians. Process start-up, module loading, the dataset
 * load, the evaluation and writing the output are all inside the figure.
 * @module
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inputsHash, STAMP } from "../scripts/build-inputs.js";
import { W1_DATA_ROOT } from "./w1-data.js";
import { W1_PERIODS, W1_TEMPLATE } from "./w1-engine.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = 5;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs a command with standard output to `out`; its wall time in ms. */
function timed(args: string[], out: string): number {
  const fd = openSync(out, "w");
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", fd, "pipe"], env: { ...process.env, KPI_FROM_SOURCE: "" }, maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited with ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
    return ms;
  } finally {
    closeSync(fd);
  }
}

/**
 * Measures and prints; returns the exit code.
 * @example
 * process.exitCode = await runCliBench();
 */
export async function runCliBench(): Promise<number> {
  const stamp = join(ROOT, STAMP);
  if (!existsSync(stamp)) throw new Error("dist/ is missing: run `npm run build` first");
  if (readFileSync(stamp, "utf8").trim() !== inputsHash()) console.log("warning: dist/ is older than the sources (npm run build); kpi runs what dist/ has");
  const work = join(W1_DATA_ROOT, "..", "cli");
  mkdirSync(work, { recursive: true });
  const baselineJs = join(work, "w1-baseline-main.mjs");
  await build({ entryPoints: [join(ROOT, "bench/w1-baseline-main.ts")], bundle: true, platform: "node", format: "esm", target: "node20.10", outfile: baselineJs, logLevel: "warning" });

  const csv = join(W1_DATA_ROOT, "csv");
  const kpiOut = join(work, "w1-result.json");
  const baseOut = join(work, "w1-baseline.json");
  const baselineArgs = [baselineJs, csv];
  const kpiArgs = [join(ROOT, "bin/kpi.js"), "eval", W1_TEMPLATE, "--data", csv, "--period", W1_PERIODS, "--format", "json"];
  console.log(`\nwhole processes, ${RUNS} runs each, interleaved; wall time in ms`);
  console.log(`  baseline: node ${baselineArgs.map((a) => a.replace(ROOT, "")).join(" ")} > ${baseOut.replace(ROOT, "")}`);
  console.log(`  kpi:      node ${kpiArgs.map((a) => a.replace(ROOT, "")).join(" ")} > ${kpiOut.replace(ROOT, "")}`);
  const base: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timed(baselineArgs, baseOut));
    cli.push(timed(kpiArgs, kpiOut));
  }
  const mb = (statSync(kpiOut).size / 1e6).toFixed(0);
  const rows = [
    ["process", "median", "fastest", "runs", "×"],
    ["baseline", median(base).toFixed(0), Math.min(...base).toFixed(0), base.map((x) => x.toFixed(0)).join(" "), "1.0×"],
    [`kpi eval (JSON, ${mb} MB)`, median(cli).toFixed(0), Math.min(...cli).toFixed(0), cli.map((x) => x.toFixed(0)).join(" "), `${(median(cli) / median(base)).toFixed(1)}×`],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ").trimEnd());
  rmSync(kpiOut, { force: true });
  return 0;
}
