/**
 * `npm run bench` — the W1 monthly commission run (shared/bench/W1.md).
 * Generates the data when it is missing (bench/.data/w1, see w1-data.ts),
 * then measures, each in its own child process so that peak memory
 * (`process.resourceUsage().maxRSS`) belongs to one implementation:
 *
 * - the hand-written typed-array baseline (w1-baseline.ts) on the CSV folder;
 * - the engine through its public API (w1-engine.ts) on the CSV folder and on
 *   the NDJSON folder — while the evaluator does not exist, only its check
 *   and dataset load are timed and the evaluation reads "engine not available yet".
 *
 * Prints load time, the first (cold) evaluation, evaluation time (median of
 * `--runs`, default 9, after `--warmup` runs, default 3, the cold one included), peak
 * RSS, the ratio engine / baseline and the checksums of each beside W1.md's
 * table; exits 1 when a checksum differs from W1.md or when rounding half-up
 * does not give exactly 61 cents more than half-even.
 *
 * Options: `--force` (regenerate the data), `--runs N`, `--warmup N`, `--skip-ndjson`,
 * `--in-process` (no child processes; peak RSS is then the whole run's),
 * `--cli` (instead: the whole `kpi eval` process against the whole baseline
 * process, w1-cli.ts), `--sql [--runs N] [--skip-pg]` (instead: the aggregation
 * stage in DuckDB and PostgreSQL against hand-written queries, w1-sql.ts).
 * @module
 */
import { fork } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checksumRows, sameChecksums, W1_EXPECTED, W1_HALF_UP_EXTRA, type W1Checksums } from "./w1-checksums.js";
import { generateW1, W1_DATA_ROOT, W1_FULL } from "./w1-data.js";

/** What one measured run reports back. */
interface Measured {
  name: string;
  available: boolean;
  note: string;
  loadMs?: number;
  coldMs?: number;
  evalMs?: number;
  evalRunsMs?: number[];
  maxRssKb: number;
  checksums?: W1Checksums;
  halfUpTotal?: number;
}

type Job = "baseline" | "engine-csv" | "engine-ndjson";

const JOB_NAMES: Record<Job, string> = { baseline: "baseline (csv)", "engine-csv": "engine (csv)", "engine-ndjson": "engine (ndjson)" };

async function measure(job: Job, root: string, runs: number, warmup: number): Promise<Measured> {
  const name = JOB_NAMES[job];
  // Imported on demand: a child measuring the baseline never loads the engine's modules, and vice versa.
  if (job === "baseline") {
    const { runBaseline } = await import("./w1-baseline.js");
    const r = runBaseline(`${root}/csv`, { runs, warmup, rounding: "half_even", alsoHalfUp: true });
    const m: Measured = { name, available: true, note: "", loadMs: r.loadMs, coldMs: r.coldMs, evalMs: r.evalMs, evalRunsMs: r.evalRunsMs, maxRssKb: process.resourceUsage().maxRSS, checksums: r.checksums };
    if (r.halfUpChecksums) m.halfUpTotal = r.halfUpChecksums.totalPayout;
    return m;
  }
  const { runEngine } = await import("./w1-engine.js");
  const r = await runEngine(`${root}/${job === "engine-csv" ? "csv" : "ndjson"}`, { runs, warmup });
  const m: Measured = { name, available: r.available, note: r.note, maxRssKb: process.resourceUsage().maxRSS };
  if (r.loadMs !== undefined) m.loadMs = r.loadMs;
  if (r.coldMs !== undefined) m.coldMs = r.coldMs;
  if (r.evalMs !== undefined) m.evalMs = r.evalMs;
  if (r.evalRunsMs !== undefined) m.evalRunsMs = r.evalRunsMs;
  if (r.checksums !== undefined) m.checksums = r.checksums;
  return m;
}

/** Runs one job in a child process (this file with `--child`), so its peak RSS is its own. */
function measureInChild(job: Job, root: string, runs: number, warmup: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", job, root, String(runs), String(warmup)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let got: Measured | undefined;
    child.on("message", (m) => (got = m as Measured));
    child.on("error", reject);
    child.on("exit", (code) => (got ? resolve(got) : reject(new Error(`${JOB_NAMES[job]} exited with status ${code} without a result`))));
  });
}

const ms = (v: number | undefined): string => (v === undefined ? "—" : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? "—" : `${(a / b).toFixed(1)}×`);

/** Aligns columns: the first (and any in `left`) to the left, the others, numbers, to the right. */
function table(rows: string[][], left: readonly number[] = []): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 || left.includes(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ").trimEnd())
    .join("\n");
}

interface Args {
  force: boolean;
  runs: number;
  warmup: number;
  ndjson: boolean;
  inProcess: boolean;
  /** Also time the W1 load through a mapping (bench/w1-mapping.ts). */
  mapping: boolean;
  cli: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { force: false, runs: 9, warmup: 3, ndjson: true, inProcess: false, mapping: true, cli: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--force") args.force = true;
    else if (a === "--skip-ndjson") args.ndjson = false;
    else if (a === "--skip-mapping") args.mapping = false;
    else if (a === "--in-process") args.inProcess = true;
    else if (a === "--cli") args.cli = true;
    else if (a === "--runs") {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n < 1) throw new Error("--runs needs a positive whole number");
      args.runs = n;
    } else if (a === "--warmup") {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error("--warmup needs a whole number (0 times the cold run too)");
      args.warmup = n;
    } else throw new Error(`unknown option ${a}; options: --force --runs N --warmup N --skip-ndjson --skip-mapping --in-process --cli`);
  }
  return args;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // The aggregation stage in DuckDB and PostgreSQL against hand-written queries (w1-sql.ts), with its own options.
  if (argv.includes("--sql")) {
    generateW1(W1_DATA_ROOT, W1_FULL, false);
    return (await import("./w1-sql.js")).runSqlBench(argv);
  }
  const args = parseArgs(argv);
  const p = W1_FULL;
  console.log(`W1 — ${p.reps.toLocaleString("en")} reps × 12 months, ${p.deals.toLocaleString("en")} deals, ${p.visits.toLocaleString("en")} visits, seed ${p.seed}`);
  const gen = generateW1(W1_DATA_ROOT, W1_FULL, args.force);
  console.log(`data: ${W1_DATA_ROOT} (${gen.generated ? `generated in ${(gen.ms / 1000).toFixed(1)} s` : "reused; --force regenerates"})`);
  console.log(`first deal ${gen.firstDeal}, first visit ${gen.firstVisit}`);
  // Whole processes only: the CLI against the baseline (w1-cli.ts).
  if (args.cli) return (await import("./w1-cli.js")).runCliBench();

  const jobs: Job[] = ["baseline", "engine-csv", ...(args.ndjson ? (["engine-ndjson"] as const) : [])];
  const results: Measured[] = [];
  for (const job of jobs) results.push(args.inProcess ? await measure(job, W1_DATA_ROOT, args.runs, args.warmup) : await measureInChild(job, W1_DATA_ROOT, args.runs, args.warmup));
  const base = results[0]!;

  console.log(`\ntimes in ms, after one load; cold is the first evaluation, then ${args.warmup} warm-up runs (cold included), eval the median of the next ${args.runs}, best the fastest of them; peak RSS ${args.inProcess ? "of the whole run" : "per child process"}`);
  const rows = [["run", "load", "cold", "eval", "best", "peak RSS MB", "load ×", "cold ×", "eval ×", "best ×", "note"]];
  const best = (r: Measured): number | undefined => (r.evalRunsMs?.length ? Math.min(...r.evalRunsMs) : undefined);
  for (const r of results) {
    const one = r === base ? "1.0×" : undefined;
    rows.push([r.name, ms(r.loadMs), ms(r.coldMs), ms(r.evalMs), ms(best(r)), (r.maxRssKb / 1024).toFixed(0), one ?? ratio(r.loadMs, base.loadMs), one ?? ratio(r.coldMs, base.coldMs), one ?? ratio(r.evalMs, base.evalMs), one ?? ratio(best(r), best(base)), r.note]);
  }
  console.log(table(rows, [10]));

  console.log("");
  const cRows = [["figure", "W1.md", ...results.map((r) => r.name)]];
  const expected = checksumRows(W1_EXPECTED);
  const per = results.map((r) => (r.checksums ? checksumRows(r.checksums) : undefined));
  expected.forEach(([label, value], i) => cRows.push([label, value, ...per.map((c) => c?.[i]?.[1] ?? "—")]));
  const extra = (r: Measured): string => (r.halfUpTotal !== undefined && r.checksums ? String(r.halfUpTotal - r.checksums.totalPayout) : "—");
  cRows.push(["half-up − half-even total, cents", String(W1_HALF_UP_EXTRA), ...results.map(extra)]);
  console.log(table(cRows));

  let ok = true;
  for (const r of results) {
    if (!r.checksums) continue;
    const good = sameChecksums(r.checksums, W1_EXPECTED) && (r.halfUpTotal === undefined || r.halfUpTotal - r.checksums.totalPayout === W1_HALF_UP_EXTRA);
    console.log(`${r.name}: ${good ? "checksums match W1.md" : "CHECKSUMS DIFFER FROM W1.md"}`);
    ok &&= good;
  }
  if (base.halfUpTotal === undefined || !base.checksums) ok = false;
  if (args.mapping) {
    // Issue 11: a mapping adds at most 10% to the load; reported, not a failure (the machine's noise is larger).
    const { measureMappingOverhead } = await import("./w1-mapping.js");
    await measureMappingOverhead(join(W1_DATA_ROOT, "csv"), 3);
  }
  return ok ? 0 : 1;
}

async function child(job: Job, root: string, runs: number, warmup: number): Promise<void> {
  const m = await measure(job, root, runs, warmup);
  await new Promise<void>((resolve, reject) => process.send!(m, (err: Error | null) => (err ? reject(err) : resolve())));
  process.disconnect?.();
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  await child(argv[1] as Job, argv[2]!, Number(argv[3]), Number(argv[4]));
} else {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`);
    process.exitCode = 2;
  }
}
