/**
 * Check, format, parse and diff of user text, and the structure check of
 * uploaded files, run in the worker pool (issue 10, item 2): a slow text or
 * a big upload never holds the event loop, a text past the time
 * limit is a 503 with Retry-After, and `extends` chains resolve from the
 * registry across the thread boundary, round by round. The slow text is a
 * real one: a formula of 500,000 terms (1 MB), which the parser refuses as
 * too deeply nested after about a second and a half of work.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { closePool, json, pool, testServer, tinySource } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

const SLOW = `metric m = 1${"+1".repeat(500_000)}\n`;

describe("the front end in the worker pool", () => {
  it("answers /v1/health while a slow check runs", async () => {
    await json(await t.req("GET", "/v1/health"), 200); // the workers are warm
    const order: string[] = [];
    const check = t.req("POST", "/v1/check", { body: { source: SLOW } }).then(async (res) => {
      order.push("check");
      return json(res, 200);
    });
    // Each health request is sent only after the one before it came back: on a blocked loop none would come back before the check.
    for (let i = 0; i < 5; i++) {
      await json(await t.req("GET", "/v1/health"), 200);
      order.push("health");
    }
    const body = await check;
    expect(order.slice(0, 5)).toEqual(["health", "health", "health", "health", "health"]);
    expect(body).toMatchObject({ ok: false, diagnostics: [{ code: "syntax-too-complex", line: 1, column: 12 }] });
  });

  it("answers /v1/health while 8 MB of uploaded CSV is checked", async () => {
    const deals = `rep,amount,closed_on\n${"ann,100.50,2026-03-02\n".repeat(360_000)}`;
    const order: string[] = [];
    const upload = t.req("POST", "/v1/datasets", { key: "integrator", body: { files: { "entities.csv": "id,kind\nann,rep\n", "deals.csv": deals } } }).then(async (res) => {
      order.push("upload");
      return json<{ bytes: number }>(res, 201);
    });
    for (let i = 0; i < 3; i++) {
      await json(await t.req("GET", "/v1/health"), 200);
      order.push("health");
    }
    expect((await upload).bytes).toBe(deals.length + 16);
    expect(order.slice(0, 3)).toEqual(["health", "health", "health"]);
  });

  it("stops a check past the time limit: 503 time-limit with Retry-After, then checks again", async () => {
    const hasty = createApp({ db: t.db, evaluator: pool(), limits: { evalTimeoutMs: 200, retryAfterSeconds: 3 }, log: () => {} });
    const send = (path: string, source: string) =>
      hasty.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.keys.viewer}` }, body: JSON.stringify({ source }) });
    for (const path of ["/v1/check", "/v1/format"]) {
      const res = await send(path, SLOW);
      expect(res.headers.get("retry-after")).toBe("3");
      const what = path === "/v1/check" ? "checking" : "formatting";
      expect(await json(res, 503)).toMatchObject({
        type: "https://kpi-engine.dev/problems/time-limit",
        detail: `${what} the template ran longer than the limit of 200 ms and was stopped; split the template or shorten its text`,
      });
    }
    expect(await json(await send("/v1/check", "metric a = 1\n"), 200)).toMatchObject({ ok: true, diagnostics: [] });
  });

  it("resolves a chain of three bases, and sees a base's new version", async () => {
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("chain_c") } }), 201);
    await json(await t.req("POST", "/v1/templates/chain_c/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: "template chain_b extends chain_c { stage startup }\nmetric twice: money = amount * 2\n" } }), 201);
    await json(await t.req("POST", "/v1/templates/chain_b/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    const child = "template chain_a extends chain_b { stage scale }\nmetric thrice: money = twice + amount\nmetric extra: money = bonus\n";
    const before = await json(await t.req("POST", "/v1/check", { body: { source: child } }), 200);
    expect(before["diagnostics"]).toMatchObject([{ code: "resolve-unknown-metric", line: 3, column: 23 }]);
    // chain_c v2 declares `bonus`: the same text now checks cleanly, though its answer for v1 was kept.
    const t2 = await json<{ draft: { etag: string } }>(await t.req("GET", "/v1/templates/chain_c"), 200);
    await json(await t.req("PUT", "/v1/templates/chain_c/draft", { key: "editor", headers: { "if-match": t2.draft.etag }, body: { source: tinySource("chain_c", "metric bonus: money = amount\n") } }), 200);
    await json(await t.req("POST", "/v1/templates/chain_c/publish", { body: { effectiveFrom: "2026-02-01" } }), 201);
    expect(await json(await t.req("POST", "/v1/check", { body: { source: child } }), 200)).toMatchObject({ ok: true, diagnostics: [] });
  });

  it("diffs a draft against its version in a worker: text and declarations", async () => {
    const d = await json(await t.req("GET", "/v1/templates/chain_c/diff?from=1&to=2"), 200);
    expect(d).toMatchObject({ from: "chain_c@v1", to: "chain_c@v2", metrics: { added: ["bonus"], removed: [], changed: [] } });
    expect(d["text"]).toContain("+metric bonus: money = amount\n");
  });
});
