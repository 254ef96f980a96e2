/**
 * `POST /v1/simulate` over the hand-sized plan of test/fixtures/scenario
 * (figures computed in test/engine/scenario/simulate.test.ts): the same
 * numbers through the worker pool, and every bad input located.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, json, ROOT, testServer } from "./helpers.js";

const DIR = join(ROOT, "test/fixtures/scenario");
const source = readFileSync(join(DIR, "small.kpi"), "utf8");
const dataset = JSON.parse(readFileSync(join(DIR, "small.json"), "utf8")) as unknown;
const TOP_RATE = { name: "top rate 12%", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/1/rate", value: "12%" }] };
const NEW_PLUS_10 = { name: "new +10%", changes: [{ kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }] };
const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});
const body = (scenarios: unknown[], extra: Record<string, unknown> = {}) => ({ template: { source }, dataset, period: "2026-03", scenarios, ...extra });

describe("POST /v1/simulate", () => {
  it("compares the baseline and two scenarios with the hand-computed figures", async () => {
    const r = await json<{ baseline: Record<string, unknown>; scenarios: Record<string, unknown>[] }>(await t.req("POST", "/v1/simulate", { key: "integrator", body: body([TOP_RATE, NEW_PLUS_10]) }), 200);
    expect(r.baseline).toMatchObject({ totalPayout: "1675.00", repsPaid: 2, repsAbove100: 1, costShare: "0.058772" });
    expect(r.scenarios.map((s) => [s["name"], s["totalPayout"], s["change"], s["repsAbove100"]])).toEqual([["top rate 12%", "1915.00", "240.00", 1], ["new +10%", "2365.00", "690.00", 2]]);
    expect(t.logs.at(-1)).toMatch(/^POST \/v1\/simulate 200 /);
  });

  it("answers 422 with the JSON path of each change that does not fit", async () => {
    const p = await json<{ type: string; errors: unknown[] }>(await t.req("POST", "/v1/simulate", { body: body([{ name: "x", changes: [
      { kind: "set", in: "incentive", name: "__proto__", path: "/cap", value: "1" },
      { kind: "set", in: "incentive", name: "commission", path: "/basis", value: "1" },
      { kind: "scale", source: "deals", field: "amount", by: "+10%", where: "kind ==" },
    ] }]) }), 422);
    expect(p.type).toBe("https://kpi-engine.dev/problems/scenario-errors");
    expect(p.errors).toEqual([
      { path: "/scenarios/0/changes/0/name", message: 'the template has no incentive "__proto__" (its incentives: commission)' },
      { path: "/scenarios/0/changes/1/path", message: '"/basis" is not a number that a scenario can set in incentive commission; use /cap, /floor or /tiers/steps/N/from|rate|pay' },
      { path: "/scenarios/0/changes/2/where", message: expect.stringMatching(/^expected .* \(at column 8 of the filter\)$/) },
    ]);
  });

  it("refuses more than 10 scenarios, a bad value and a range by the schema or the period (400)", async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, changes: [] }));
    const p = await json<{ errors: { path: string }[] }>(await t.req("POST", "/v1/simulate", { body: body(many) }), 400);
    expect(p.errors.map((e) => e.path)).toContain("/scenarios");
    const v = await json<{ errors: { path: string }[] }>(await t.req("POST", "/v1/simulate", { body: body([{ name: "x", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/cap", value: "lots" }] }]) }), 400);
    expect(v.errors.map((e) => e.path)).toContain("/scenarios/0/changes/0/value");
    const range = await json<{ errors: unknown[] }>(await t.req("POST", "/v1/simulate", { body: body([], { period: "2026-01..2026-03" }) }), 400);
    expect(range.errors).toEqual([{ path: "/period", message: "2026-01..2026-03 is 3 periods; a comparison is of one period (a month, quarter or year)" }]);
  });

  it("needs the integrator role, as evaluate", async () => {
    await json(await t.req("POST", "/v1/simulate", { key: "viewer", body: body([]) }), 403);
  });
});
