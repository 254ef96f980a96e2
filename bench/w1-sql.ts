/**
 * `npm run bench -- --sql` (`npm run bench:sql`): W1's aggregation stage in a
 * database, against a hand-written query over the same data in the same run.
 *
 * - **DuckDB**: `duckdbAggregates` (what `kpi eval --engine duckdb` runs: the
 *   compiled queries over the CSV folder, read back into the evaluator's
 *   cells) against a peer — one hand-written DuckDB query per CSV (new amount
 *   and count, renewals won and decided per rep and month; visits per rep and
 *   month), its rows read into per rep-month typed arrays. Each side opens its
 *   own in-memory DuckDB per run.
 * - **DuckDB through a mapping**: the same with W1's mapping (bench/w1-mapping.ts),
 *   whose columns and forms become SQL expressions, against the same peer.
 * - **PostgreSQL** (when Debian's binaries are there): a throw-away cluster
 *   (test/sql/pg-cluster.ts), W1's deals and visits loaded by the server's
 *   `COPY … FROM` into text tables, then `pgAggregates` against a hand-written
 *   PostgreSQL query over the same tables.
 *
 * Runs are interleaved (peer, ours, peer, ours, …; the first pair is a
 * warm-up, not timed), so that the shared machine's load touches both alike;
 * prints each side's median and fastest and the ratio of the medians (goal
 * ≤ 1.3×). Checks: the engine's result with the database's aggregates has
 * W1.md's checksums, and each peer's Σ new amount is W1.md's; exit 1 otherwise.
 * Options: `--runs N` (timed pairs, default 7), `--skip-pg`.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { checkSource } from "../engine/check/index.js";
import { loadDatasetFolder } from "../engine/dataset/index.js";
import { datasetSpecOf, evaluate } from "../engine/evaluate/index.js";
import type { AggregateFill } from "../engine/evaluate/index.js";
import { duckdbAggregates, readColumns } from "../engine/sql/duckdb-run.js";
import { pgAggregates, tableRelation } from "../engine/sql/pg-run.js";
import { pgBin, startCluster } from "../test/sql/pg-cluster.js";
import { computeChecksums, sameChecksums, W1_EXPECTED } from "./w1-checksums.js";
import { W1_DATA_ROOT } from "./w1-data.js";
import { W1_MAPPING } from "./w1-mapping.js";
import { repMonthsOfColumns, W1_PERIODS, W1_TEMPLATE } from "./w1-engine.js";

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The peer's result: per (rep, month) cells, rep-major, month 0–11. */
interface PeerCells {
  newAmount: Float64Array;
  newCount: Float64Array;
  renewWon: Float64Array;
  renewDecided: Float64Array;
  visits: Float64Array;
}

const peerCells = (n: number): PeerCells => ({ newAmount: new Float64Array(n * 12), newCount: new Float64Array(n * 12), renewWon: new Float64Array(n * 12), renewDecided: new Float64Array(n * 12), visits: new Float64Array(n * 12) });

/** The hand-written queries: W1's four deal figures and its visits per rep and month, money summed exactly in cents. */
const peerDeals = (from: string, castMoney: (c: string) => string, castDate: (c: string) => string): string =>
  `SELECT rep, CAST(EXTRACT(MONTH FROM ${castDate("closed_on")}) AS INTEGER) AS m,
  CAST(SUM(${castMoney("amount")}) FILTER (WHERE status = 'won' AND kind = 'new') * 100 AS BIGINT) AS na,
  COUNT(*) FILTER (WHERE status = 'won' AND kind = 'new') AS nc,
  COUNT(*) FILTER (WHERE kind = 'renewal' AND status = 'won') AS rw,
  COUNT(*) FILTER (WHERE kind = 'renewal' AND status IN ('won', 'lost')) AS rd
FROM ${from} GROUP BY 1, 2`;
const peerVisits = (from: string, castDate: (c: string) => string): string => `SELECT rep, CAST(EXTRACT(MONTH FROM ${castDate("visited_on")}) AS INTEGER) AS m, COUNT(*) AS n FROM ${from} GROUP BY 1, 2`;

/** Fills the peer's cells from columns (rep, m, figures…). */
function fillPeer(cells: PeerCells, byId: ReadonlyMap<string, number>, cols: ArrayLike<unknown>[], into: Float64Array[]): void {
  const [rep, month, ...figures] = cols;
  for (let i = 0; i < rep!.length; i++) {
    const e = byId.get(rep![i] as string);
    if (e === undefined) throw new Error(`peer: unknown rep ${String(rep![i])}`);
    const x = e * 12 + Number(month![i]) - 1;
    figures.forEach((f, j) => (into[j]![x] = Number(f[i] ?? 0)));
  }
  void cells;
}

async function duckdbPeer(dir: string, byId: ReadonlyMap<string, number>): Promise<PeerCells> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const cells = peerCells(byId.size);
    const csv = (f: string) => `read_csv('${join(dir, f)}', header = true, all_varchar = true)`;
    const money = (c: string) => `CAST(${c} AS DECIMAL(18, 2))`;
    const date = (c: string) => `CAST(${c} AS DATE)`;
    const cols = (t: ReturnType<typeof readColumns>) => [...t.columns.values()];
    fillPeer(cells, byId, cols(readColumns(await conn.run(peerDeals(csv("deals.csv"), money, date)))), [cells.newAmount, cells.newCount, cells.renewWon, cells.renewDecided]);
    fillPeer(cells, byId, cols(readColumns(await conn.run(peerVisits(csv("visits.csv"), date)))), [cells.visits]);
    return cells;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function pgPeer(url: string, byId: ReadonlyMap<string, number>): Promise<PeerCells> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cells = peerCells(byId.size);
    const money = (c: string) => `CAST(${c} AS NUMERIC(18, 2))`;
    const date = (c: string) => `CAST(${c} AS DATE)`;
    // Rows as arrays (rowMode), the cheapest form pg gives.
    const run = async (sql: string) => {
      const r = await client.query({ text: sql, rowMode: "array" });
      const rows = r.rows as unknown[][];
      return r.fields.map((_, j) => rows.map((row) => row[j]));
    };
    fillPeer(cells, byId, await run(peerDeals("deals", money, date)), [cells.newAmount, cells.newCount, cells.renewWon, cells.renewDecided]);
    fillPeer(cells, byId, await run(peerVisits("visits", date)), [cells.visits]);
    return cells;
  } finally {
    await client.end();
  }
}

const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);

interface Pair {
  name: string;
  peer: number[];
  ours: number[];
}

/** Interleaved timing: one untimed warm-up pair, then `runs` pairs. */
async function interleave(name: string, runs: number, peer: () => Promise<unknown>, ours: () => Promise<unknown>): Promise<Pair> {
  const p: Pair = { name, peer: [], ours: [] };
  for (let r = 0; r <= runs; r++) {
    let t = performance.now();
    await peer();
    const a = performance.now() - t;
    t = performance.now();
    await ours();
    const b = performance.now() - t;
    if (r > 0) {
      p.peer.push(a);
      p.ours.push(b);
    }
    process.stdout.write(r === 0 ? `${name}: warm-up done` : ` ${r}`);
  }
  process.stdout.write("\n");
  return p;
}

/**
 * Measures and prints; returns the exit code.
 * @example
 * process.exitCode = await runSqlBench(["--runs", "5"]);
 */
export async function runSqlBench(argv: readonly string[]): Promise<number> {
  let runs = 7;
  let withPg = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]);
    else if (argv[i] === "--skip-pg") withPg = false;
    else if (argv[i] !== "--sql") throw new Error(`unknown option ${argv[i]}; options of --sql: --runs N --skip-pg`);
  }
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error("--runs needs a positive whole number");
  const dir = join(W1_DATA_ROOT, "csv");
  const checked = checkSource(readFileSync(W1_TEMPLATE, "utf8"), { file: W1_TEMPLATE }).checked;
  if (!checked) throw new Error("bench/w1.kpi has errors");
  const loaded = await loadDatasetFolder(dir, datasetSpecOf(checked));
  if (!loaded.ok) throw new Error("W1's CSV folder does not load");
  const byId = loaded.dataset.entities.byId;
  let ok = true;

  const verify = (label: string, agg: AggregateFill): void => {
    const out = evaluate(checked, loaded.dataset, { period: W1_PERIODS }, { aggregates: agg });
    if (!out.ok) throw new Error(`${label}: ${out.errors.map((e) => e.message).join("; ")}`);
    const good = sameChecksums(computeChecksums(repMonthsOfColumns(out.columns)), W1_EXPECTED);
    console.log(`${label}: ${good ? "checksums match W1.md" : "CHECKSUMS DIFFER FROM W1.md"}`);
    ok &&= good;
  };
  const verifyPeer = (label: string, cells: PeerCells): void => {
    const good = sum(cells.newAmount) === W1_EXPECTED.newAmountSum;
    console.log(`${label}: Σ new amount ${sum(cells.newAmount)} cents ${good ? "= W1.md" : `≠ W1.md's ${W1_EXPECTED.newAmountSum}`}; ${sum(cells.visits)} visits`);
    ok &&= good;
  };

  const pairs: Pair[] = [];
  verify("engine with DuckDB's aggregates", await duckdbAggregates(checked, byId, dir, undefined));
  verifyPeer("DuckDB peer", await duckdbPeer(dir, byId));
  pairs.push(await interleave("DuckDB, CSV folder", runs, () => duckdbPeer(dir, byId), () => duckdbAggregates(checked, byId, dir, undefined)));
  // The same through W1's mapping (every column named, forms stated): the mapped expressions of engine/sql/mapped-relation.ts.
  const mapped = { mapping: W1_MAPPING, context: { entities: loaded.dataset.entities, kinds: new Set(["rep", "team"]), footers: new Set<string>() } };
  verify("engine with DuckDB's aggregates through W1's mapping", await duckdbAggregates(checked, byId, dir, undefined, mapped));
  pairs.push(await interleave("DuckDB, CSV folder through a mapping", runs, () => duckdbPeer(dir, byId), () => duckdbAggregates(checked, byId, dir, undefined, mapped)));

  if (withPg && pgBin() === undefined) console.log("PostgreSQL: binaries absent (/usr/lib/postgresql/*/bin); skipped — apt-get install -y postgresql");
  else if (withPg) {
    const t0 = performance.now();
    const cluster = (await startCluster())!;
    try {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        // Text columns, as the CSV has them; the server reads the files itself (COPY as superuser).
        await client.query(`CREATE TABLE deals (rep TEXT, amount TEXT, status TEXT, kind TEXT, closed_on TEXT)`);
        await client.query(`CREATE TABLE visits (rep TEXT, visited_on TEXT)`);
        await client.query(`COPY deals FROM '${join(dir, "deals.csv")}' WITH (FORMAT csv, HEADER true)`);
        await client.query(`COPY visits FROM '${join(dir, "visits.csv")}' WITH (FORMAT csv, HEADER true)`);
        await client.query("VACUUM ANALYZE");
      } finally {
        await client.end();
      }
      console.log(`PostgreSQL: cluster started and W1 loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const ours = () => pgAggregates(checked, byId, cluster.url, tableRelation(undefined, true), undefined);
      verify("engine with PostgreSQL's aggregates", await ours());
      verifyPeer("PostgreSQL peer", await pgPeer(cluster.url, byId));
      pairs.push(await interleave("PostgreSQL, text tables", runs, () => pgPeer(cluster.url, byId), ours));
    } finally {
      cluster.stop();
    }
  }

  console.log(`\nW1's aggregation stage, ms: ${runs} interleaved runs each after one warm-up pair; median (fastest)`);
  const rows = [["database", "peer query", "engine's queries", "ratio", "goal"]];
  for (const p of pairs) {
    const r = median(p.ours) / median(p.peer);
    rows.push([p.name, `${median(p.peer).toFixed(0)} (${Math.min(...p.peer).toFixed(0)})`, `${median(p.ours).toFixed(0)} (${Math.min(...p.ours).toFixed(0)})`, `${r.toFixed(2)}×`, r <= 1.3 ? "≤ 1.3× met" : "≤ 1.3× MISSED"]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("   ")).join("\n"));
  return ok ? 0 : 1;
}
