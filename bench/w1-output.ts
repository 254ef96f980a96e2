/**
 * `npm run bench:output` (`tsx bench/w1-output.ts [--runs N]`):
 * writing W1's whole result (10,000 reps, 100 teams and the root × 12
 * months; 98 MB of JSON) the ways `kpi eval` writes it. W1 is loaded and
 * evaluated once (untimed); then, interleaved, N times each (default 5):
 *
 * - **JSON text, strings**: `writeResultJson` (strings, in chunks) into a
 *   sink that only counts the characters — the text alone, as `npm run
 *   bench`'s note times it;
 * - **JSON bytes**: `resultJsonBuffers` (UTF-8 straight into buffers, what
 *   the CLI writes), counted the same way;
 * - **JSON to a file**: `writeResult` of cli/output.ts with `--out FILE`
 *   (temp file beside it, renamed), what `kpi eval --format json --out` does;
 * - **NDJSON to a file**, **CSV to a file**: the same for the other formats.
 *
 * First, untimed, checks that the two JSON writers give the same bytes
 * (exit 1 otherwise). Prints the median and fastest of each, in ms, and the sizes. Goal (issue
 * 14): the 98 MB JSON in ≤ 0.3 s.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeResult, type OutputFormat } from "../cli/output.js";
import { checkSource } from "../engine/check/index.js";
import { loadDatasetFolder } from "../engine/dataset/index.js";
import { datasetSpecOf, evaluate, writeResultJson } from "../engine/evaluate/index.js";
import { resultJsonBuffers } from "../engine/evaluate/result-json-bytes.js";
import { W1_DATA_ROOT } from "./w1-data.js";
import { W1_PERIODS, W1_TEMPLATE } from "./w1-engine.js";

const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;
if (!Number.isSafeInteger(RUNS) || RUNS < 1) throw new Error("--runs needs a positive whole number");

const checked = checkSource(readFileSync(W1_TEMPLATE, "utf8"), { file: W1_TEMPLATE }).checked;
if (!checked) throw new Error("bench/w1.kpi has errors");
const folder = join(W1_DATA_ROOT, "csv");
try {
  statSync(folder);
} catch {
  throw new Error(`${folder} is missing: run \`npx tsx bench/w1-data.ts\` (or \`npm run bench\`) first`);
}
const loaded = await loadDatasetFolder(folder, datasetSpecOf(checked));
if (!loaded.ok) throw new Error("W1 does not load");
const outcome = evaluate(checked, loaded.dataset, { period: W1_PERIODS });
if (!outcome.ok) throw new Error("W1 does not evaluate");
const columns = outcome.columns;

// Untimed: the bytes written are the string writer's, exactly.
const before = createHash("sha256");
writeResultJson(columns, (s) => before.update(s));
before.update("\n");
const after = createHash("sha256");
for (const b of resultJsonBuffers(columns)) after.update(b);
after.update("\n");
if (before.digest("hex") !== after.digest("hex")) {
  console.error("the byte writer's JSON differs from writeResultJson's");
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "kpi-w1-output-"));
const sizes = new Map<string, number>();
const toFile = (format: OutputFormat) => async (): Promise<void> => {
  const file = join(dir, `w1.${format}`);
  await writeResult({ columns, checked, format, out: file, io: { out: () => undefined, err: () => undefined, readStdin: () => "" } });
  sizes.set(format, statSync(file).size);
};
/**
 * Before each timed write, untimed: the previous run's file is removed, so
 * that the time is the writer's and not the file system's freeing the old
 * 98 MB (a rename over it took 40–55 ms here, ext4 mounted with `discard`).
 */
const clear = (format: OutputFormat) => (): void => rmSync(join(dir, `w1.${format}`), { force: true });
const CASES: { name: string; run: () => Promise<void> | void; before?: () => void; goal?: number }[] = [
  {
    name: "JSON text, strings, counted",
    run: () => {
      let n = 0;
      writeResultJson(columns, (s) => (n += s.length));
      sizes.set("text", n);
    },
  },
  {
    name: "JSON bytes, counted",
    run: () => {
      let n = 0;
      for (const b of resultJsonBuffers(columns)) n += b.length;
      sizes.set("bytes", n);
    },
  },
  { name: "JSON to a file (--out)", run: toFile("json"), before: clear("json"), goal: 300 },
  { name: "NDJSON to a file (--out)", run: toFile("ndjson"), before: clear("ndjson") },
  { name: "CSV to a file (--out)", run: toFile("csv"), before: clear("csv") },
];

const times = CASES.map(() => [] as number[]);
try {
  for (let r = 0; r < RUNS; r++) {
    for (const [i, c] of CASES.entries()) {
      c.before?.();
      const t0 = performance.now();
      await c.run();
      times[i]!.push(performance.now() - t0);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`W1's result written, ${RUNS} runs each, interleaved; ms (Node ${process.version})`);
console.log(`sizes: JSON text ${sizes.get("text")!.toLocaleString("en")} characters, JSON ${sizes.get("json")!.toLocaleString("en")} bytes, NDJSON ${sizes.get("ndjson")!.toLocaleString("en")} bytes, CSV ${sizes.get("csv")!.toLocaleString("en")} bytes`);
const rows = [["writer", "median", "fastest", "goal"], ...CASES.map((c, i) => [c.name, median(times[i]!).toFixed(0), Math.min(...times[i]!).toFixed(0), c.goal ? `≤ ${c.goal}` : ""])];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ").trimEnd());
