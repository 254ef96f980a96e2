/**
 * `kpi simulate`: the golden comparison of the SaaS growth example for March
 * 2026 (test/golden/simulate), the same figures as `POST /v1/simulate` on the
 * hand-sized plan, and located errors with eval's exit codes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, json, testServer } from "../server/helpers.js";
import { kpi, ROOT, tempDir } from "./helpers.js";

const FIX = join(ROOT, "test/fixtures/scenario");
const tmp = tempDir();
afterAll(async () => {
  tmp.cleanup();
  await closePool();
});

describe("kpi simulate", () => {
  it("matches the golden comparison of examples/saas/growth.kpi, March 2026", () => {
    const r = kpi(["simulate", "examples/saas/growth.kpi", "--data", "examples/saas/dataset", "--period", "2026-03", "--scenario", "examples/saas/scenarios/top-rate.json", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, "test/golden/simulate/saas-growth-2026-03.json"), "utf8")));
  });

  it("gives the API's numbers", async () => {
    const scenarios = [
      { name: "top rate 12%", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/1/rate", value: "12%" }] },
      { name: "new +10%", changes: [{ kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }] },
    ];
    const dir = tmp.write({ "s.json": JSON.stringify({ scenarios }) });
    const cli = kpi(["simulate", join(FIX, "small.kpi"), "--data", join(FIX, "small.json"), "--period", "2026-03", "--scenario", join(dir, "s.json"), "--format", "json"]);
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { scenarios: { totalPayout: string }[] };
    expect(fromCli.scenarios.map((s) => s.totalPayout)).toEqual(["1915.00", "2365.00"]);
    const t = testServer();
    try {
      const api = await json(await t.req("POST", "/v1/simulate", { body: { template: { source: readFileSync(join(FIX, "small.kpi"), "utf8") }, dataset: JSON.parse(readFileSync(join(FIX, "small.json"), "utf8")), period: "2026-03", scenarios } }), 200);
      expect(api).toEqual(fromCli);
    } finally {
      await t.close();
    }
  });

  it("locates a bad scenario file by JSON path (exit 1) and a bad period is bad usage (exit 2)", () => {
    const dir = tmp.write({
      "bad.json": JSON.stringify({ scenarios: [{ name: "x", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/cap", value: "lots" }] }] }),
      "unknown.json": JSON.stringify({ scenarios: [{ name: "x", changes: [{ kind: "set", in: "incentive", name: "bonus", path: "/cap", value: "1" }] }] }),
    });
    const args = (f: string, period = "2026-03") => ["simulate", join(FIX, "small.kpi"), "--data", join(FIX, "small.json"), "--period", period, "--scenario", join(dir, f)];
    const bad = kpi(args("bad.json"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join(dir, "bad.json")}: /scenarios/0/changes/0/value: must match pattern`);
    const unknown = kpi(args("unknown.json"));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`${join(dir, "unknown.json")}: /scenarios/0/changes/0/name: the template has no incentive "bonus" (its incentives: commission)\nkpi simulate: 1 error; nothing was compared\n`);
    const range = kpi(args("unknown.json", "2026-01..2026-02"));
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("a comparison is of one period");
  });
});
