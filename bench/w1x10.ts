/**
 * `npm run bench:w1x10` — W1×10 (issue 15, item 4): 10,000 reps, 10 M deals
 * and 20 M visits (bench/w1-data.ts with ten times W1's records, seed 42),
 * kept as typed Parquet (dates as DATE, money as DECIMAL(18, 2)) beside the
 * CSV, evaluated whole by `kpi eval bench/w1.kpi --engine duckdb` over the
 * Parquet folder for the year (2026-01..2026-12, JSON to a file): wall time
 * and peak RSS of the whole process (`/usr/bin/time`), goal ≤ 10 s and
 * ≤ 2 GB on this 2-core machine. Beside it, in the same run: DuckDB's own
 * hand-written peer query over the same Parquet (bench/w1-sql.ts's), as a
 * process of the same kind (Node + DuckDB), and — unless `--skip-inprocess`
 * — the in-process engine over the CSV folder (one run: it loads 30 M
 * records into memory).
 *
 *   npx tsx bench/w1x10.ts [--runs N] [--skip-inprocess] [--force]
 *
 * The data (about 700 MB of CSV and its Parquet) goes to bench/.data/w1x10
 * and is reused. Exits 1 when a run fails or when the engine's Σ new amount
 * differs from the peer's.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateW1, W1_FULL } from "./w1-data.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DATA = fileURLToPath(new URL("./.data/w1x10", import.meta.url));
const PERIOD = "2026-01..2026-12";

interface Run {
  ms: number;
  rssMb: number;
  out: string;
}

/** Runs a Node script as a process under /usr/bin/time; wall ms and peak RSS. */
function timed(args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [secs, kb] = last.split(" ").map(Number);
  if (r.status !== 0 || secs === undefined || kb === undefined || Number.isNaN(secs)) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return { ms: secs * 1000, rssMb: kb / 1024, out: r.stdout };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Typed Parquet from the CSV, once (DuckDB's COPY). */
async function toParquet(csv: string, parquet: string, force: boolean): Promise<void> {
  if (!force && existsSync(join(parquet, "visits.parquet"))) return;
  mkdirSync(parquet, { recursive: true });
  for (const f of ["entities.csv", "targets.csv"]) copyFileSync(join(csv, f), join(parquet, f));
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  try {
    const t0 = performance.now();
    await conn.run(`COPY (SELECT rep, CAST(amount AS DECIMAL(18, 2)) AS amount, status, kind, CAST(closed_on AS DATE) AS closed_on FROM read_csv('${join(csv, "deals.csv")}', all_varchar = true)) TO '${join(parquet, "deals.parquet")}' (FORMAT parquet)`);
    await conn.run(`COPY (SELECT rep, CAST(visited_on AS DATE) AS visited_on FROM read_csv('${join(csv, "visits.csv")}', all_varchar = true)) TO '${join(parquet, "visits.parquet")}' (FORMAT parquet)`);
    console.log(`Parquet written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

/** The peer: one process that opens DuckDB and runs W1's hand-written aggregates over the Parquet; prints Σ new amount in cents. */
function peerScript(parquet: string): string {
  const deals = join(parquet, "deals.parquet");
  const visits = join(parquet, "visits.parquet");
  return `import { DuckDBInstance } from "@duckdb/node-api";
const inst = await DuckDBInstance.create(":memory:");
const c = await inst.connect();
const d = await c.runAndReadAll(\`SELECT rep, CAST(EXTRACT(MONTH FROM closed_on) AS INTEGER) AS m,
  CAST(SUM(amount) FILTER (WHERE status = 'won' AND kind = 'new') * 100 AS BIGINT) AS na,
  COUNT(*) FILTER (WHERE status = 'won' AND kind = 'new') AS nc,
  COUNT(*) FILTER (WHERE kind = 'renewal' AND status = 'won') AS rw,
  COUNT(*) FILTER (WHERE kind = 'renewal' AND status IN ('won', 'lost')) AS rd
FROM read_parquet('${deals}') GROUP BY 1, 2\`);
await c.runAndReadAll("SELECT rep, CAST(EXTRACT(MONTH FROM visited_on) AS INTEGER) AS m, COUNT(*) AS n FROM read_parquet('${visits}') GROUP BY 1, 2");
let total = 0n;
for (const v of d.getColumns()[2]) if (v !== null) total += BigInt(v);
console.log(String(total));
`;
}

/** Σ of new_amount over the reps (kind rep) of every period of a result file, in cents. */
function newAmountCents(file: string): bigint {
  const r = JSON.parse(readFileSync(file, "utf8")) as { periods: { entities: { kind: string; metrics: Record<string, { value: unknown }> }[] }[] };
  let total = 0n;
  for (const p of r.periods) for (const e of p.entities) if (e.kind === "rep") total += BigInt(String(e.metrics["new_amount"]?.value ?? "0").replace(".", ""));
  return total;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "skip-inprocess": { type: "boolean", default: false }, force: { type: "boolean", default: false } } });
  const runs = Math.max(1, Number(values.runs));
  const params = { ...W1_FULL, deals: W1_FULL.deals * 10, visits: W1_FULL.visits * 10 };
  const t0 = performance.now();
  generateW1(DATA, params, values.force);
  console.log(`W1×10 CSV in ${DATA}/csv (${((performance.now() - t0) / 1000).toFixed(1)} s, reused when present)`);
  const csv = join(DATA, "csv");
  const parquet = join(DATA, "parquet");
  await toParquet(csv, parquet, values.force);

  const tmp = mkdtempSync(join(tmpdir(), "kpi-w1x10-"));
  try {
    // Inside the project, so that the peer resolves @duckdb/node-api as kpi does.
    const peerPath = join(ROOT, "bench", `.w1x10-peer-${process.pid}.mjs`);
    writeFileSync(peerPath, peerScript(parquet));
    const out = join(tmp, "result.json");
    const kpi = [join(ROOT, "bin/kpi.js"), "eval", join(ROOT, "bench/w1.kpi"), "--data", parquet, "--engine", "duckdb", "--period", PERIOD, "--format", "json", "--out", out];
    const ours: Run[] = [];
    const peers: Run[] = [];
    let peerTotal = "";
    try {
      for (let i = 0; i < runs; i++) {
        const p = timed([peerPath]);
        peers.push(p);
        peerTotal = p.out.trim();
        ours.push(timed(kpi));
      }
    } finally {
      rmSync(peerPath, { force: true });
    }
    const ourTotal = newAmountCents(out);
    let inproc: Run | undefined;
    if (!values["skip-inprocess"]) inproc = timed([join(ROOT, "bin/kpi.js"), "eval", join(ROOT, "bench/w1.kpi"), "--data", csv, "--period", PERIOD, "--format", "json", "--out", join(tmp, "inprocess.json")]);

    const load = spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.trim().split(" ").slice(0, 3).join(", ");
    const row = (name: string, r: Run[], goal: string) => {
      const ms = median(r.map((x) => x.ms));
      const rss = Math.max(...r.map((x) => x.rssMb));
      return `${name.padEnd(44)} ${String(Math.round(ms)).padStart(8)} ${String(Math.round(rss)).padStart(12)}   ${goal}`;
    };
    const oursMs = median(ours.map((x) => x.ms));
    const oursRss = Math.max(...ours.map((x) => x.rssMb));
    console.log(`\nW1×10 (10,000 reps, ${params.deals.toLocaleString("en")} deals, ${params.visits.toLocaleString("en")} visits), ${PERIOD}; whole processes, median of ${runs}, peak RSS the largest; load average ${load}`);
    console.log(`${"process".padEnd(44)} ${"wall ms".padStart(8)} ${"peak RSS MB".padStart(12)}   goal`);
    console.log(row("DuckDB peer query over the Parquet", peers, ""));
    console.log(row("kpi eval --engine duckdb over the Parquet", ours, `≤ 10,000 ms and ≤ 2,048 MB: ${oursMs <= 10_000 && oursRss <= 2048 ? "met" : "MISSED"} (${(oursMs / median(peers.map((x) => x.ms))).toFixed(2)}× the peer)`));
    if (inproc) console.log(row("kpi eval in process over the CSV", [inproc], "(one run)"));
    console.log(`Σ new amount of the reps, cents: kpi ${ourTotal}, peer ${peerTotal}${String(ourTotal) === peerTotal ? " (equal)" : " — DIFFERENT"}`);
    return String(ourTotal) === peerTotal ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
