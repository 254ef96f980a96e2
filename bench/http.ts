/**
 * `npm run bench:http` — the HTTP API under load. Starts a real server
 * (`node bin/kpi.js serve`) in a child process on 127.0.0.1 with a free port
 * and a temp database, reads its first admin key, uploads the SaaS example
 * dataset (examples/saas/dataset, the folder form), then runs autocannon
 * against `POST /v1/check` (the text of examples/saas/growth.kpi) and
 * `POST /v1/evaluate` (template saas_growth by id over the uploaded dataset,
 * June 2026) at 10 and 50 connections. Prints requests/s, p50 and p99
 * latency and the non-2xx count per run; exits 1 when any answer was not a
 * 2xx (or errored or timed out).
 *
 * Then the flood: 8 connections send `POST /v1/check` with the worst texts
 * of bench/dsl-adversarial.ts (1 MB each, in turn) while one connection asks
 * `GET /v1/health`; the health p99 must stay under 50 ms (the front end runs
 * in workers, so no text holds the event loop), else exit 1. The flood's own
 * answers may be 200 or 503 (busy, time limit); nothing else.
 *
 *   npx tsx bench/http.ts [--duration SECONDS] [--connections 10,50]
 */
import autocannon, { type Result } from "autocannon";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "../client/index.js";
import { ADVERSARIAL_FAMILIES } from "./dsl-adversarial.js";
import { ROOT, startServer } from "./kpi-server.js";
import type { DatasetFileMap } from "../schemas/generated/api.js";

/** One load run's figures. */
interface Row {
  route: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: string;
}

/** The SaaS example's folder form, file name → text. */
function saasFiles(): DatasetFileMap {
  const dir = join(ROOT, "examples/saas/dataset");
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) files[f] = readFileSync(join(dir, f), "utf8");
  const entities = files["entities.csv"];
  if (entities === undefined) throw new Error(`${dir} has no entities.csv`);
  return { ...files, "entities.csv": entities };
}

async function run(route: string, url: string, key: string, body: unknown, connections: number, duration: number): Promise<Row> {
  const r = await autocannon({
    url,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    connections,
    duration,
    // Evaluations queue behind the workers; at 50 connections a request may wait seconds, which is load, not failure.
    timeout: 60,
  });
  return rowOf(route, connections, r);
}

/** One run's figures from autocannon's result. */
function rowOf(route: string, connections: number, r: Result): Row {
  const statuses = Object.entries(r.statusCodeStats)
    .map(([s, v]) => `${s}×${v.count}`)
    .join(" ");
  return { route, connections, requests: r["2xx"] + r.non2xx, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, statuses };
}

/** The most health's p99 may be under the flood. */
const HEALTH_P99_MS = 50;

/** Floods check with the adversarial texts while timing health; the flood's rows and health's. */
async function flood(url: string, key: string, duration: number): Promise<{ flood: Row; health: Row }> {
  const requests = Object.values(ADVERSARIAL_FAMILIES).map((make) => ({ method: "POST" as const, path: "/v1/check", body: JSON.stringify({ source: make(1024).slice(0, 1 << 20) }) }));
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const [f, h] = await Promise.all([
    autocannon({ url, headers, requests, connections: 8, duration, timeout: 120 }),
    autocannon({ url: `${url}/v1/health`, connections: 1, duration }),
  ]);
  return { flood: rowOf("POST /v1/check (flood)", 8, f), health: rowOf("GET /v1/health (under flood)", 1, h) };
}

function printTable(rows: Row[]): void {
  const head = ["route", "connections", "requests", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "statuses"];
  const cells = rows.map((r) => [r.route, String(r.connections), String(r.requests), r.rps.toFixed(1), String(r.p50), String(r.p99), String(r.non2xx), String(r.errors), r.statuses]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => (i === 0 || i === c.length - 1 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { duration: { type: "string", default: "7" }, connections: { type: "string", default: "10,50" } } });
  const duration = Number(values.duration);
  const connections = values.connections.split(",").map(Number);
  if (!(duration > 0) || connections.some((c) => !Number.isInteger(c) || c < 1)) throw new Error("usage: bench/http.ts [--duration SECONDS] [--connections 10,50]");

  const server = await startServer({ prefix: "kpi-bench-http-" });
  try {
    const key = server.key;
    const kpi = createClient({ baseUrl: server.url, key });
    const health = await kpi.health();
    const source = readFileSync(join(ROOT, "examples/saas/growth.kpi"), "utf8");
    const dataset = await kpi.createDataset({ name: "saas", files: saasFiles() });
    const checkBody = { source };
    const evaluateBody = { template: { id: "saas_growth" }, dataset: { datasetId: dataset.id }, period: "2026-06" };
    console.log(`kpi-engine ${health.version} at ${server.url}; dataset ${dataset.id} (${(dataset.bytes / 1e6).toFixed(2)} MB, ${dataset.files?.length ?? 0} files); ${duration} s per run`);

    // Warm up outside the measurement: the check must be clean, and every evaluation worker started (they start lazily).
    const checked = await kpi.check(checkBody);
    if (!checked.ok) throw new Error(`examples/saas/growth.kpi does not check: ${JSON.stringify(checked.diagnostics)}`);
    const results = await Promise.all(Array.from({ length: 4 }, () => kpi.evaluate(evaluateBody)));
    const first = results[0]!;
    if (first.template !== "saas_growth" || first.periods[0]?.period !== "2026-06") throw new Error("the warm-up evaluation is not saas_growth for 2026-06");
    console.log(`warm-up: ${first.periods[0].entities.length} entities evaluated\n`);

    const rows: Row[] = [];
    for (const [route, body] of [["POST /v1/check", checkBody], ["POST /v1/evaluate", evaluateBody]] as const) {
      for (const c of connections) {
        const row = await run(route, server.url + route.slice(5), key, body, c, duration);
        console.log(`${route} @${c}: ${row.rps.toFixed(1)} req/s`);
        rows.push(row);
      }
    }
    const under = await flood(server.url, key, duration);
    console.log(`flood: health p99 ${under.health.p99} ms`);
    console.log("");
    printTable([...rows, under.flood, under.health]);
    const bad = [...rows, under.health].filter((r) => r.non2xx > 0 || r.errors > 0);
    const floodStatuses = Object.keys(Object.fromEntries(under.flood.statuses.split(" ").map((x) => [x.split("×")[0], 1]))).filter((st) => st !== "200" && st !== "503" && st !== "");
    let code = 0;
    if (bad.length || floodStatuses.length || under.flood.errors > 0) {
      console.error(`\nFAIL: unexpected answers or errors in ${[...bad.map((r) => `${r.route} @${r.connections}`), ...(floodStatuses.length || under.flood.errors ? [`the flood (${under.flood.statuses}, ${under.flood.errors} errors)`] : [])].join(", ")}\nserver log (last lines):\n${server.logTail.join("\n")}`);
      code = 1;
    }
    if (under.health.p99 >= HEALTH_P99_MS) {
      console.error(`\nFAIL: GET /v1/health p99 under the flood is ${under.health.p99} ms; the goal is under ${HEALTH_P99_MS} ms`);
      code = 1;
    }
    if (code === 0) console.log(`\nhealth p99 under the flood: ${under.health.p99} ms (goal < ${HEALTH_P99_MS} ms)`);
    return code;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
