/**
 * Exports over HTTP: a mapped upload (text and base64 files beside their
 * mapping, no temporary files), evaluated by id to hand-computed totals;
 * the load's warnings beside the result; data errors with `file`, `line`,
 * `field` and `column` as their own fields and the exact total.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Result } from "../../schemas/generated/result.js";
import { closePool, json, ROOT, testServer } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

const FX = join(ROOT, "test/fixtures/import");
const read = (p: string): string => readFileSync(join(FX, p), "utf8");
const b64 = (p: string): { base64: string } => ({ base64: readFileSync(join(FX, p)).toString("base64") });
const value = (r: Result, id: string, m: string): unknown => r.periods[0]!.entities.find((e) => e.id === id)!.metrics[m]!.value;

describe("mapped datasets over HTTP", () => {
  it("stores GBK exports as bytes with their mapping and evaluates them by id", async () => {
    const files = { "人员.csv": b64("fxiaoke/人员.csv"), "商机.csv": b64("fxiaoke/商机.csv") };
    const info = await json<{ id: string; files: string[] }>(await t.req("POST", "/v1/datasets", { key: "integrator", body: { name: "纷享销客", files, mapping: JSON.parse(read("fxiaoke/mapping.json")) } }), 201);
    expect(info.files).toEqual(["人员.csv", "商机.csv"]);
    const detail = await json<{ files: Record<string, unknown>; mapping: unknown }>(await t.req("GET", `/v1/datasets/${info.id}`, { key: "viewer" }), 200);
    expect(detail.files["商机.csv"]).toEqual(files["商机.csv"]);
    expect(detail.mapping).toEqual(JSON.parse(read("fxiaoke/mapping.json")));
    const r = await json<Result & { warnings?: unknown[] }>(await t.req("POST", "/v1/evaluate", { key: "integrator", body: { template: { source: read("cny.kpi") }, dataset: { datasetId: info.id }, period: "2026-03" } }), 200);
    // 张伟 ￥12,000.00 + 1.5万; the whole company 59,300.50 (see test/engine/mapping/exports.test.ts).
    expect(value(r, "张伟", "won_amount")).toBe("27000.00");
    expect(value(r, "all", "won_amount")).toBe("59300.50");
    expect(r.warnings).toEqual([{ kind: "footer", file: "商机.csv", count: 1, lines: [8], message: "skipped 1 line at the end that is not data (a report footer or totals)" }]);
  });

  it("puts the warnings about empty cells beside the result, with the metrics that leave them out", async () => {
    const body = { files: { "owners.csv": read("hubspot/owners.csv"), "deals.csv": read("hubspot/deals.csv") }, mapping: JSON.parse(read("hubspot/mapping.json")) };
    const info = await json<{ id: string }>(await t.req("POST", "/v1/datasets", { key: "integrator", body }), 201);
    const r = await json<Result & { warnings?: unknown[] }>(await t.req("POST", "/v1/evaluate", { body: { template: { source: read("usd.kpi") }, dataset: { datasetId: info.id }, period: "2026-03" } }), 200);
    expect(value(r, "Chris Park", "won_amount")).toBe("300.25");
    expect(r.warnings).toEqual([{ kind: "missing", file: "deals.csv", source: "deals", field: "amount", column: "Amount", count: 1, lines: [6], message: "1 empty cell read as missing values", metrics: ["pipeline", "won_amount"] }]);
  });

  it("gives data errors their file, line, field and column, and the exact total", async () => {
    const deals = ["Rep,Amount,Stage,Date", ...Array.from({ length: 150 }, (_, i) => `ann,x${i},won,2026-03-05`)].join("\n");
    const body = { files: { "reps.csv": "Rep,Team\nann,east\n", "deals.csv": deals }, mapping: { entities: { file: "reps.csv", levels: [{ kind: "rep", column: "Rep" }, { kind: "team", column: "Team" }] }, sources: { deals: { columns: { rep: "Rep", amount: "Amount", status: "Stage", closed_on: "Date" } } } } };
    const info = await json<{ id: string }>(await t.req("POST", "/v1/datasets", { key: "integrator", body }), 201);
    const p = await json<{ detail: string; errors: Record<string, unknown>[] }>(await t.req("POST", "/v1/evaluate", { body: { template: { source: read("usd.kpi") }, dataset: { datasetId: info.id }, period: "2026-03" } }), 422);
    expect(p.detail).toBe("the dataset does not fit the template (150 errors; the first 100 are listed); nothing was evaluated");
    expect(p.errors[0]).toEqual({ path: "/dataset/files/deals.csv", file: "deals.csv", line: 2, field: "amount", column: "Amount", message: 'deals.csv:2: column "Amount": "x0" is not a number' });
    expect(p.errors).toHaveLength(101);
  });

  it("refuses a mapped upload whose mapping names a file that was not sent", async () => {
    const p = await json<{ errors: unknown[] }>(await t.req("POST", "/v1/datasets", { key: "integrator", body: { files: { "a.csv": "x\n" }, mapping: { entities: { file: "users.csv" } } } }), 400);
    expect(p.errors).toEqual([{ path: "/mapping/entities/file", message: 'the mapping names "users.csv" for the entities, but no such file was sent (the files are "a.csv")' }]);
  });

  it("previews exports: the proposed mapping, the first rows, per-column problems", async () => {
    const files = { "users.csv": read("salesforce/users.csv"), "Opportunities.csv": read("salesforce/Opportunities.csv").replace('"3/12/2026"', '"13/45/2026"') };
    const p = await json<Record<string, any>>(await t.req("POST", "/v1/datasets/preview", { key: "integrator", body: { template: { source: read("usd.kpi") }, files, rows: 2 } }), 200);
    expect(p["preset"]).toBe("salesforce");
    expect(p["mapping"].sources.deals).toMatchObject({ file: "Opportunities.csv", columns: { rep: "Opportunity Owner", amount: "Amount", status: "Stage", closed_on: "Close Date" }, match: { rep: "name" } });
    const opp = p["files"].find((f: { file: string }) => f.file === "Opportunities.csv");
    expect(opp.rows).toHaveLength(2);
    expect(opp.rows[0].slice(0, 2)).toEqual(["Sam Ortiz", "Acme Corp"]);
    expect(opp.columns.find((c: { header: string }) => c.header === "Close Date")).toEqual({ header: "Close Date", field: "closed_on", format: "M/D/YYYY", problems: ['line 4: "13/45/2026" is not a date of the form M/D/YYYY'] });
    expect(p["errorCount"]).toBe(1);
    expect(p["errors"][0]).toMatchObject({ file: "Opportunities.csv", line: 4, field: "closed_on", column: "Close Date" });
  });
});
