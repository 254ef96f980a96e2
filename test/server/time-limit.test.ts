/**
 * An evaluation that runs past the time limit is stopped (its worker
 * terminated) and answered with 503 and Retry-After; the pool replaces the
 * worker and the next evaluation succeeds. The slow evaluation is a real
 * one: the demo over 9,612 months (the engine allows 10,000 periods).
 */
import { afterAll, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import type { Result } from "../../schemas/generated/result.js";
import { closePool, DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, json, pool, testServer } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

it("503 with Retry-After past the time limit, and the server keeps evaluating", async () => {
  // The same database and worker pool, with a 300 ms limit.
  const hasty = createApp({ db: t.db, evaluator: pool(), limits: { evalTimeoutMs: 300, retryAfterSeconds: 7 }, log: () => {} });
  const body = JSON.stringify({ template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2000-01..2800-12" });
  const res = await hasty.request("/v1/evaluate", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.keys.integrator}` }, body });
  expect(res.headers.get("retry-after")).toBe("7");
  expect(await json(res, 503)).toMatchObject({
    type: "https://kpi-engine.dev/problems/time-limit",
    title: "Service Unavailable",
    status: 503,
    detail: "the evaluation ran longer than the limit of 300 ms and was stopped; evaluate a shorter range or a smaller dataset",
  });
  const ok = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-03" } }), 200);
  expect(Object.fromEntries(ok.periods[0]!.entities.filter((e) => e.kind === "rep").map((e) => [e.id, e.payout]))).toEqual(DEMO_PAYOUTS);
});
