/**
 * Issue 10, item 3: a result larger than the server's limit is refused with
 * a 422 that says how big it would be and how to narrow it — before anything
 * is evaluated when the size is sure (1,000 reps × 1,524 months used to run
 * 8 s and end in a 500), else as soon as the writer passes the limit — and
 * `entities`/`fields` narrow what comes back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import type { Result } from "../../schemas/generated/result.js";
import { closePool, DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, json, pool, testServer } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

const limited = (maxResultBytes: number) => {
  const app = createApp({ db: t.db, evaluator: pool(), limits: { maxResultBytes }, log: () => {} });
  return (body: unknown) => app.request("/v1/evaluate", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.keys.integrator}` }, body: JSON.stringify(body) });
};

describe("the result size limit", () => {
  it("refuses 127 years of months over 1 MB up front, with the size and how to narrow it", async () => {
    const res = await limited(1_000_000)({ template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2000-01..2126-12" });
    const body = await json<{ detail: string; limit: { bytes: number; actual: number; option: string } }>(res, 422);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/result-too-large", limit: { bytes: 1_000_000, option: "--max-result-bytes" } });
    expect(body.limit.actual).toBeGreaterThan(1_000_000);
    // 7 entities and the root; 127 × 12 months; the demo's 7 metrics.
    expect(body.detail).toMatch(/^the result would be at least \d+\.\d MB \(8 entities × 1,524 periods × 7 metrics\), more than the limit of 1\.0 MB; narrow it: a shorter period range, `entities` \(ids whose subtrees to return\) or `fields` \(the metrics to return\) — or raise the limit with kpi serve --max-result-bytes$/);
  });

  it("refuses while writing when the sure size fits but the real one does not", async () => {
    const whole = await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-01..2026-12" } });
    // The result's own text, without the load's warnings that go beside it.
    const { warnings: _w, ...result } = (await whole.json()) as Record<string, unknown>;
    const size = JSON.stringify(result).length;
    const res = await limited(size - 1)({ template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-01..2026-12" });
    const body = await json<{ limit: { actual: number } }>(res, 422);
    expect(body.limit.actual).toBeGreaterThanOrEqual(size);
  });

  it("returns the asked-for subtree and metrics, payouts as ever", async () => {
    const res = await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-03", entities: ["west"], fields: ["new_amount"] } });
    const r = await json<Result>(res, 200);
    const entities = r.periods[0]!.entities;
    expect(entities.map((e) => e.id)).toEqual(["west", "wang", "zhao", "chen"]);
    expect(entities.every((e) => Object.keys(e.metrics).join() === "new_amount")).toBe(true);
    expect(Object.fromEntries(entities.filter((e) => e.kind === "rep").map((e) => [e.id, e.payout]))).toEqual({ wang: DEMO_PAYOUTS["wang"], zhao: DEMO_PAYOUTS["zhao"], chen: DEMO_PAYOUTS["chen"] });
  });

  it("names unknown entities and metrics at their JSON path, with a suggestion", async () => {
    const res = await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-03", entities: ["wset"], fields: ["new_amont"] } });
    expect(await json(res, 400)).toMatchObject({
      errors: [
        { path: "/entities/0", message: 'no entity has the id "wset"; did you mean "west"?' },
        { path: "/fields/0", message: 'no metric is named "new_amont"; did you mean "new_amount"?' },
      ],
    });
  });
});
