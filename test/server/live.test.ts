/**
 * A real server on 127.0.0.1 with a random port: evaluate end to end,
 * concurrency (50 parallel publishes → 50 distinct consecutive versions;
 * 50 parallel evaluations → identical results), hostile input (`__proto__`
 * keys, 10,000-deep JSON, a 50 MB body, an evaluation past its time limit)
 * with the server still serving after each, and data kept across a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { createKey } from "../../server/db/keys.js";
import { openDatabase } from "../../server/db/open.js";
import { WorkerPool } from "../../server/eval/pool.js";
import { listen, type RunningServer } from "../../server/listen.js";
import type { Result } from "../../schemas/generated/result.js";
import { DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, json, tinySource } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "kpi-live-"));
const dbFile = join(dir, "kpi.db");
let server: RunningServer;
let key = "";

async function start(): Promise<RunningServer> {
  const db = openDatabase(dbFile);
  const evaluator = new WorkerPool({ size: 2 });
  const app = createApp({ db, evaluator, log: () => {}, tmpDir: dir });
  return listen({ app, db, evaluator, host: "127.0.0.1", port: 0 });
}

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}

const stillServing = async (): Promise<void> => {
  expect(await json(await call("GET", "/v1/health"), 200)).toEqual({ status: "ok", version: "0.1.0" });
};

beforeAll(async () => {
  const db = openDatabase(dbFile);
  key = createKey(db, { name: "root", role: "admin", at: "2026-01-01T00:00:00.000Z", actor: "test" })!.key;
  db.close();
  server = await start();
});

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a real server", () => {
  it("listens on 127.0.0.1 and evaluates a template end to end", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call("POST", "/v1/evaluate", { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-03", explain: ["zhang"] });
    const r = await json<Result>(res, 200);
    const reps = r.periods[0]!.entities.filter((e) => e.kind === "rep");
    expect(Object.fromEntries(reps.map((e) => [e.id, e.payout]))).toEqual(DEMO_PAYOUTS);
    expect(Object.keys(r.explanations ?? {})).toEqual(["zhang"]);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("50 parallel publishes of one template give 50 distinct consecutive versions", async () => {
    await json(await call("POST", "/v1/templates", { source: tinySource("busy") }), 201);
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => call("POST", "/v1/templates/busy/publish", { effectiveFrom: `2026-01-${String((i % 28) + 1).padStart(2, "0")}` })));
    expect(all.map((r) => r.status)).toEqual(Array(50).fill(201));
    const versions = (await Promise.all(all.map((r) => r.json() as Promise<{ version: number }>))).map((v) => v.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const list = await json<{ versions: { version: number }[] }>(await call("GET", "/v1/templates/busy/versions"), 200);
    expect(list.versions.map((v) => v.version)).toEqual(versions);
  });

  it("50 parallel evaluations give identical results", async () => {
    const stored = await json<{ id: string }>(await call("POST", "/v1/datasets", { files: demoFiles() }), 201);
    const body = { template: { source: DEMO_SOURCE }, dataset: { datasetId: stored.id }, period: "2026-01..2026-03" };
    const all = await Promise.all(Array.from({ length: 50 }, () => call("POST", "/v1/evaluate", body)));
    expect(all.map((r) => r.status)).toEqual(Array(50).fill(200));
    const texts = await Promise.all(all.map((r) => r.text()));
    expect(new Set(texts).size).toBe(1);
    expect((JSON.parse(texts[0]!) as Result).periods.map((p) => p.period)).toEqual(["2026-01", "2026-02", "2026-03"]);
  });
});

describe("hostile input", () => {
  it("treats __proto__ and constructor keys as plain data", async () => {
    const dataset = JSON.parse(
      '{"entities": [{"id": "__proto__", "kind": "rep", "attrs": {"__proto__": "x", "constructor": "y"}}, {"id": "constructor", "kind": "rep"}],' +
        ' "records": {"deals": [{"rep": "__proto__", "amount": "5.00", "closed_on": "2026-03-01"}, {"rep": "constructor", "amount": "7.00", "closed_on": "2026-03-02"}], "__proto__": []}}',
    ) as unknown;
    const r = await json<Result>(await call("POST", "/v1/evaluate", { template: { source: tinySource("tiny") }, dataset, period: "2026-03" }), 200);
    // A Map, because an object literal's `__proto__:` would set a prototype, not a key.
    const amounts = new Map(r.periods[0]!.entities.map((e) => [e.id, e.metrics["amount"]!.value]));
    expect(amounts).toEqual(new Map([["all", "12.00"], ["__proto__", "5.00"], ["constructor", "7.00"]]));
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
    // A top-level __proto__ key in a body is an unknown property like any other.
    const bad = await json(await call("POST", "/v1/check", '{"source": "metric a = 1", "__proto__": {"admin": true}}'), 400);
    expect(bad["errors"]).toEqual([{ path: "/__proto__", message: "is not allowed here" }]);
    const stored = await json<{ id: string }>(await call("POST", "/v1/datasets", { files: { "entities.csv": "id,kind\n__proto__,rep\n", "deals.csv": "rep,amount,closed_on\n" } }), 201);
    expect(await json(await call("GET", `/v1/datasets/${stored.id}`), 200)).toMatchObject({ files: { "entities.csv": "id,kind\n__proto__,rep\n" } });
    await stillServing();
  });

  it("refuses 10,000-deep JSON with a 400", async () => {
    const deep = `{"source": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    expect(await json(await call("POST", "/v1/check", deep), 400)).toMatchObject({ type: "https://kpi-engine.dev/problems/too-deep" });
    const deepObjects = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    expect(await json(await call("POST", "/v1/evaluate", deepObjects), 400)).toMatchObject({ status: 400, detail: "the request body nests objects and arrays more than 64 levels deep (at offset 320)" });
    await stillServing();
  });

  it("refuses a 50 MB body with a 413, with or without Content-Length", async () => {
    const big = `{"source": "${"x".repeat(50 * 1024 * 1024)}"}`;
    expect(await json(await call("POST", "/v1/check", big), 413)).toMatchObject({ detail: expect.stringMatching(/^the request body is larger than the limit of 10485760 bytes; .* kpi serve --max-body$/), limit: { bytes: 10485760, option: "--max-body" } });
    await stillServing();
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent++ < 50) ctl.enqueue(chunk);
        else ctl.close();
      },
    });
    const res = await fetch(`${server.url}/v1/check`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect(await json(res, 413)).toMatchObject({ status: 413 });
    await stillServing();
  });
});

describe("restart", () => {
  it("keeps templates, versions, datasets and keys across a restart", async () => {
    await json(await call("POST", "/v1/templates", { source: tinySource("kept") }), 201);
    await json(await call("POST", "/v1/templates/kept/publish", { effectiveFrom: "2026-02-01" }), 201);
    const ds = await json<{ id: string }>(await call("POST", "/v1/datasets", { name: "kept", files: demoFiles() }), 201);
    await server.stop();
    server = await start();
    expect(await json(await call("GET", "/v1/templates/kept/versions/1"), 200)).toMatchObject({ version: 1, effectiveFrom: "2026-02-01", source: tinySource("kept") });
    expect(await json(await call("GET", `/v1/datasets/${ds.id}`), 200)).toMatchObject({ name: "kept", files: demoFiles() });
    const r = await json<Result>(await call("POST", "/v1/evaluate", { template: { source: DEMO_SOURCE }, dataset: { datasetId: ds.id }, period: "2026-03" }), 200);
    expect(r.template).toBe("demo_saas_growth");
  });
});
