/**
 * The edges every route shares, in-process (`app.request`): check and
 * format, authentication and roles, and every generic error status with its
 * problem+json body — 400 (malformed JSON, schema, depth), 401, 403, 404,
 * 413, 415, 500 (no stack leaks) — plus the log line and request id.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import type { Evaluator } from "../../server/eval/pool.js";
import { closePool, DEMO_SOURCE, json, testServer, tinyDataset, tinySource } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

describe("POST /v1/check and /v1/format", () => {
  it("checks text: diagnostics with line and column, and the model", async () => {
    const body = await json(await t.req("POST", "/v1/check", { key: "viewer", body: { source: "metric a = 1\nmetric b = c\n" } }), 200);
    expect(body).toEqual({
      ok: false,
      diagnostics: [{ code: "resolve-unknown-metric", severity: "error", message: "unknown metric `c`; did you mean `a`?", line: 2, column: 12, start: 24, end: 25, path: "/declarations/1/formula" }],
      model: { declarations: [{ kind: "metric", name: "a", formula: "1" }, { kind: "metric", name: "b", formula: "c" }] },
    });
    const clean = await json(await t.req("POST", "/v1/check", { body: { source: DEMO_SOURCE } }), 200);
    expect(clean["ok"]).toBe(true);
    expect(clean["diagnostics"]).toEqual([]);
    expect((clean["model"] as { header: { name: string } }).header.name).toBe("demo_saas_growth");
  });

  it("resolves extends from the registry's published templates", async () => {
    const missing = await json(await t.req("POST", "/v1/check", { body: { source: "template child extends tiny_base { stage startup }\n" } }), 200);
    expect(missing["diagnostics"]).toMatchObject([{ code: "resolve-missing-base", message: "cannot find the base template `tiny_base`", line: 1, column: 24 }]);
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("tiny_base") } }), 201);
    await json(await t.req("POST", "/v1/templates/tiny_base/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    const found = await json(await t.req("POST", "/v1/check", { body: { source: "template child extends tiny_base { stage startup }\nmetric twice: money = amount * 2\n" } }), 200);
    expect(found).toMatchObject({ ok: true, diagnostics: [] });
  });

  it("formats text canonically, and says whether it changed", async () => {
    const body = await json(await t.req("POST", "/v1/format", { key: "viewer", body: { source: "metric   a=1" } }), 200);
    expect(body).toEqual({ source: "metric a = 1\n", changed: true });
    expect(await json(await t.req("POST", "/v1/format", { body: { source: "metric a = 1\n" } }), 200)).toEqual({ source: "metric a = 1\n", changed: false });
  });

  it("refuses to format text with syntax errors: 422 with the diagnostics", async () => {
    const body = await json(await t.req("POST", "/v1/format", { body: { source: "metric a = (1 +\n" } }), 422);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/template-errors", title: "Unprocessable Content", status: 422, detail: "the template has syntax errors, so it cannot be formatted" });
    expect((body["diagnostics"] as { code: string; line: number }[])[0]).toMatchObject({ code: "syntax-unexpected-end", line: 1, column: 16 });
  });
});

describe("authentication and roles", () => {
  it("401 without a key, with a malformed header, or with an unknown key", async () => {
    const none = await t.req("POST", "/v1/check", { key: null, body: { source: "" } });
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="kpi"');
    expect(await json(none, 401)).toMatchObject({ type: "https://kpi-engine.dev/problems/unauthorized", status: 401, detail: "send an API key: Authorization: Bearer KEY" });
    expect(await json(await t.req("GET", "/v1/templates", { headers: { authorization: "Basic abc" } }), 401)).toMatchObject({ detail: "the Authorization header must be: Bearer KEY" });
    expect(await json(await t.req("GET", "/v1/templates", { key: "kpi_nope" }), 401)).toMatchObject({ detail: "the API key is not valid (revoked, or never issued)" });
  });

  it("403 when the key's role is too weak, naming both roles", async () => {
    const body = await json(await t.req("POST", "/v1/evaluate", { key: "viewer", body: { template: { source: "" }, dataset: { datasetId: "x" }, period: "2026-03" } }), 403);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/forbidden", status: 403, detail: 'this needs the integrator role; key "viewer" has the viewer role' });
    expect(await json(await t.req("POST", "/v1/templates", { key: "integrator", body: { source: "" } }), 403)).toMatchObject({ detail: 'this needs the editor role; key "integrator" has the integrator role' });
    expect(await json(await t.req("POST", "/v1/templates/x/publish", { key: "editor", body: { effectiveFrom: "2026-01-01" } }), 403)).toMatchObject({ detail: 'this needs the admin role; key "editor" has the editor role' });
    expect(await json(await t.req("GET", "/v1/keys", { key: "editor" }), 403)).toMatchObject({ status: 403 });
  });

  it("lets every role read, and serves health and the OpenAPI document without a key", async () => {
    for (const key of ["viewer", "integrator", "editor", "admin"]) expect((await t.req("GET", "/v1/templates", { key })).status).toBe(200);
    expect(await json(await t.req("GET", "/v1/health", { key: null }), 200)).toEqual({ status: "ok", version: "0.1.0" });
    expect((await json(await t.req("GET", "/v1/openapi.json", { key: null }), 200))["openapi"]).toBe("3.1.0");
  });
});

describe("request bodies", () => {
  it("400 for malformed JSON, naming where", async () => {
    const body = await json(await t.req("POST", "/v1/check", { body: '{\n  "source": nope}' }), 400);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/malformed-json", title: "Bad Request", status: 400 });
    expect(body["detail"]).toBe("the request body is not valid JSON: Unexpected token 'o'");
    expect(await json(await t.req("POST", "/v1/check", { body: '{"source": "x"' }), 400)).toMatchObject({ detail: expect.stringMatching(/^the request body is not valid JSON: .*at column 15/) });
    expect(await json(await t.req("POST", "/v1/check", { body: "" }), 400)).toMatchObject({ detail: "the request body is empty; send a JSON object" });
  });

  it("400 for schema violations, each error with its JSON pointer", async () => {
    const body = await json(await t.req("POST", "/v1/check", { body: { source: 42, extra: true } }), 400);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/validation", detail: "the request body does not match the CheckRequest schema" });
    expect(body["errors"]).toEqual([
      { path: "/extra", message: "is not allowed here" },
      { path: "/source", message: "must be string" },
    ]);
    const deep = await json(await t.req("POST", "/v1/evaluate", { body: { template: { id: "x", version: 0 }, dataset: { entities: [{ id: "a" }], records: {} }, period: "2026-03", asOf: "March" } }), 400);
    expect(deep["errors"]).toEqual([
      { path: "/template", message: "must be {source} (template text) or {id, version?} (a published template)" },
      { path: "/dataset", message: "must be {datasetId}, {connection}, {files: {name: text}} or a JSON dataset {entities, records, inputs?, targets?}" },
      { path: "/template/version", message: "must be >= 1" },
      { path: "/dataset/entities/0/kind", message: "is required" },
      { path: "/asOf", message: 'must match pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"' },
      { path: "/asOf", message: 'must match format "date"' },
    ]);
  });

  it("400 for JSON nested deeper than the limit, before parsing", async () => {
    const body = await json(await t.req("POST", "/v1/check", { body: `{"source": ${"[".repeat(65)}${"]".repeat(65)}}` }), 400);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/too-deep", detail: "the request body nests objects and arrays more than 64 levels deep (at offset 74)" });
  });

  it("415 for a body that is not JSON", async () => {
    const body = await json(await t.req("POST", "/v1/check", { body: "source=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/unsupported-media-type", status: 415, detail: 'the request body must be JSON: send Content-Type: application/json (got "application/x-www-form-urlencoded")' });
  });

  it("413 for a body over the limit, from Content-Length or while streaming", async () => {
    const small = testServer({ limits: { maxBodyBytes: 100 } });
    try {
      const big = JSON.stringify({ source: "x".repeat(200) });
      expect(await json(await small.req("POST", "/v1/check", { body: big }), 413)).toMatchObject({ type: "https://kpi-engine.dev/problems/too-large", status: 413, detail: "the request body is larger than the limit of 100 bytes; send less (a stored dataset is evaluated by its id) or raise the limit with kpi serve --max-body", limit: { bytes: 100, option: "--max-body" } });
      // A stream has no Content-Length: the limit is enforced as it arrives.
      const stream = new ReadableStream<Uint8Array>({
        start(ctl) {
          for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode(`"${"y".repeat(50)}"`));
          ctl.close();
        },
      });
      const res = await small.app.request("/v1/check", { method: "POST", body: stream, headers: { "content-type": "application/json", authorization: `Bearer ${small.keys.admin}` }, duplex: "half" } as RequestInit);
      expect(await json(res, 413)).toMatchObject({ status: 413 });
      expect(await json(await small.req("POST", "/v1/check", { body: { source: "metric a = 1" } }), 200)).toMatchObject({ ok: true });
    } finally {
      await small.close();
    }
  });
});

describe("other errors", () => {
  it("404 for an unknown route", async () => {
    expect(await json(await t.req("GET", "/v1/nothing"), 404)).toMatchObject({ type: "https://kpi-engine.dev/problems/not-found", status: 404, detail: "no route GET /v1/nothing; GET /v1/openapi.json lists the routes" });
  });

  it("500 names the request id but never the error; the log has the stack", async () => {
    const failing: Evaluator = { run: () => Promise.reject(new Error("secret internals at /srv/x.ts:1")), close: async () => {} };
    const logs: string[] = [];
    const app = createApp({ db: t.db, evaluator: failing, log: (l) => logs.push(l) });
    const res = await app.request("/v1/evaluate", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.keys.integrator}`, "x-request-id": "req-500" },
      body: JSON.stringify({ template: { source: tinySource("tiny") }, dataset: tinyDataset(), period: "2026-03" }),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      type: "https://kpi-engine.dev/problems/internal",
      title: "Internal Server Error",
      status: 500,
      detail: "the server failed to handle the request; the log has the details under this request id",
      requestId: "req-500",
    });
    expect(text).not.toContain("secret");
    expect(logs[0]).toMatch(/^error req-500: Error: secret internals at \/srv\/x.ts:1\n\s+at Object.run /);
    expect(logs[1]).toMatch(/^POST \/v1\/evaluate 500 \d+\.\dms req-500$/);
  });

  it("logs one line per request and answers with its request id", async () => {
    const before = t.logs.length;
    const res = await t.req("GET", "/v1/health", { key: null, headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(t.logs.slice(before)).toEqual([expect.stringMatching(/^GET \/v1\/health 200 \d+\.\dms abc-123$/)]);
    const generated = await t.req("GET", "/v1/health", { key: null, headers: { "x-request-id": "bad id\n" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
