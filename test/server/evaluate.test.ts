/**
 * `POST /v1/evaluate` and the datasets in-process: inline JSON, inline
 * files, stored datasets; by registry id with effective dating; explanations;
 * and every way it fails — 400 (period, as-of, explain), 404, 422 (template
 * diagnostics, data that does not fit), 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, json, testServer, tinyDataset, tinySource } from "./helpers.js";
import type { Result } from "../../schemas/generated/result.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

const payouts = (r: Result): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const e of r.periods[0]!.entities) if (e.kind === "rep" && e.payout !== undefined) out[e.id] = e.payout!;
  return out;
};

const amountOf = (r: Result, entity: string): unknown => r.periods[0]!.entities.find((e) => e.id === entity)!.metrics["amount"]!.value;

describe("evaluate", () => {
  it("evaluates template text over inline files: the hand-checked demo payouts", async () => {
    const r = await json<Result>(await t.req("POST", "/v1/evaluate", { key: "integrator", body: { template: { source: DEMO_SOURCE }, dataset: { files: demoFiles() }, period: "2026-03" } }), 200);
    expect(r.template).toBe("demo_saas_growth");
    expect(r.periods.map((p) => [p.period, p.asOf])).toEqual([["2026-03", "2026-03-31"]]);
    expect(payouts(r)).toEqual(DEMO_PAYOUTS);
    expect(r.explanations).toBeUndefined();
  });

  it("evaluates over an inline JSON dataset, with as-of and explanations", async () => {
    const r = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: tinyDataset(), period: "2026-03", asOf: "2026-03-10", explain: ["ann"] } }), 200);
    expect(r.periods[0]!.asOf).toBe("2026-03-10");
    expect(amountOf(r, "ann")).toBe("100.50");
    expect(Object.keys(r.explanations ?? {})).toEqual(["ann"]);
  });

  it("evaluates a range of periods", async () => {
    const r = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: tinyDataset(), period: "2026-02..2026-04" } }), 200);
    expect(r.periods.map((p) => [p.period, p.entities.find((e) => e.id === "ann")!.metrics["amount"]!.value])).toEqual([
      ["2026-02", "0.00"],
      ["2026-03", "120.50"],
      ["2026-04", "0.00"],
    ]);
  });

  it("400 for a bad period or as-of date, and for an entity the dataset lacks", async () => {
    const base = { template: { source: tinySource("tiny") }, dataset: tinyDataset() };
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { ...base, period: "2026-13" } }), 400)).toMatchObject({
      type: "https://kpi-engine.dev/problems/validation",
      detail: "bad period 2026-13: month 13 does not exist",
      errors: [{ path: "/period", message: "2026-13: month 13 does not exist" }],
    });
    const fine = await json<{ errors: { path: string; message: string }[] }>(await t.req("POST", "/v1/evaluate", { body: { ...base, period: "2026-03-05" } }), 400);
    expect(fine.errors).toEqual([{ path: "/period", message: expect.stringContaining("finer than the template's grain") }]);
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { ...base, period: "2026-03", explain: ["ann", "anne"] } }), 400)).toMatchObject({
      detail: 'no entity has the id "anne"; did you mean "ann"?',
      errors: [{ path: "/explain/1", message: 'no entity has the id "anne"; did you mean "ann"?' }],
    });
  });

  it("422 with diagnostics for a template with errors", async () => {
    const body = await json<{ diagnostics: unknown[] }>(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny", "metric x = y\n") }, dataset: tinyDataset(), period: "2026-03" } }), 422);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/template-errors", detail: "the template has 1 error; nothing was evaluated" });
    expect(body.diagnostics).toEqual([{ code: "resolve-unknown-metric", severity: "error", message: "unknown metric `y`; did you mean `x`?", line: 16, column: 12, start: expect.any(Number), end: expect.any(Number), path: "/declarations/3/formula" }]);
  });

  it("422 naming each record when the data does not fit the template", async () => {
    const data = tinyDataset();
    data.records.deals[1]!.amount = "20.005";
    const json1 = await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: data, period: "2026-03" } }), 422);
    expect(json1).toMatchObject({ type: "https://kpi-engine.dev/problems/data-errors", detail: "the dataset does not fit the template (1 error); nothing was evaluated", errors: [{ path: "/dataset/records/deals/1/amount", message: expect.stringContaining('"20.005" has 3 decimals') }] });
    const files = { "entities.csv": "id,kind\nann,rep\n", "deals.csv": "rep,amount,closed_on\nann,1.00,2026-03-01\nbob,2.00,2026-03-02\n" };
    const json2 = await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: { files }, period: "2026-03" } }), 422);
    expect(json2).toMatchObject({ errors: [{ path: "/dataset/files/deals.csv", message: expect.stringMatching(/^deals\.csv:3: field rep: .*"bob"/) }] });
  });

  it("400 for files that are not well-formed, before anything is evaluated", async () => {
    const files = { "entities.csv": "id,name\nann,Ann\n", "deals.ndjson": '{"rep": "ann"}\n[1]\n', "../evil.csv": "x" };
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: { files }, period: "2026-03" } }), 400)).toMatchObject({
      errors: [
        { path: "/dataset", message: "must be {datasetId}, {connection}, {files: {name: text}} or a JSON dataset {entities, records, inputs?, targets?}" },
        { path: "/dataset/files/..~1evil.csv", message: "is not an allowed name here (must match ^[\\p{L}_][\\p{L}\\p{N}\\p{M}_]*\\.(csv|ndjson)$)" },
      ],
    });
    delete (files as Record<string, string>)["../evil.csv"];
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: { files }, period: "2026-03" } }), 400)).toMatchObject({
      detail: "the dataset's files are not well-formed",
      errors: [
        { path: "/dataset/files/entities.csv", message: 'missing column "kind" in the header' },
        { path: "/dataset/files/deals.ndjson", message: "line 2: each line must be a JSON object (one record)" },
      ],
    });
  });
});

describe("evaluate by registry id, with effective dates", () => {
  beforeAll(async () => {
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("dated") } }), 201);
    await json(await t.req("POST", "/v1/templates/dated/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    // Version 2 doubles the amount from April.
    await json(await t.req("PUT", "/v1/templates/dated/draft", { key: "editor", headers: { "if-match": "*" }, body: { source: tinySource("dated").replace("sum(deals.amount)", "sum(deals.amount) * 2") } }), 200);
    await json(await t.req("POST", "/v1/templates/dated/publish", { body: { effectiveFrom: "2026-04-01" } }), 201);
  });

  const data = () => ({ entities: [{ id: "ann", kind: "rep" }], records: { deals: [{ rep: "ann", amount: "10.00", closed_on: "2026-03-05" }, { rep: "ann", amount: "7.00", closed_on: "2026-04-05" }] } });

  it("uses the version in force on the period's first day", async () => {
    const march = await t.req("POST", "/v1/evaluate", { body: { template: { id: "dated" }, dataset: data(), period: "2026-03" } });
    expect(march.headers.get("x-template-version")).toBe("1");
    expect(amountOf(await json<Result>(march, 200), "ann")).toBe("10.00");
    const april = await t.req("POST", "/v1/evaluate", { body: { template: { id: "dated" }, dataset: data(), period: "2026-04" } });
    expect(april.headers.get("x-template-version")).toBe("2");
    expect(amountOf(await json<Result>(april, 200), "ann")).toBe("14.00");
  });

  it("uses the version asked for", async () => {
    const r = await t.req("POST", "/v1/evaluate", { body: { template: { id: "dated", version: 2 }, dataset: data(), period: "2026-03" } });
    expect(amountOf(await json<Result>(r, 200), "ann")).toBe("20.00");
  });

  it("404 for an unknown template or version; 422 before the first version is in force", async () => {
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { id: "nope" }, dataset: data(), period: "2026-03" } }), 404)).toMatchObject({ detail: 'no template has the id "nope"' });
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { id: "dated", version: 3 }, dataset: data(), period: "2026-03" } }), 404)).toMatchObject({ detail: 'template "dated" has no version 3; its versions are 1 to 2' });
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { id: "dated" }, dataset: data(), period: "2025-12" } }), 422)).toMatchObject({
      type: "https://kpi-engine.dev/problems/no-version-in-force",
      detail: 'template "dated" has no version in force on 2025-12-01, the first day of 2025-12',
    });
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("unpublished") } }), 201);
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { id: "unpublished" }, dataset: data(), period: "2026-03" } }), 404)).toMatchObject({ detail: 'template "unpublished" has no published version yet' });
  });
});

describe("datasets", () => {
  let jsonId = "";
  let filesId = "";

  it("stores a JSON dataset and a folder's files: 201 with Location", async () => {
    const res = await t.req("POST", "/v1/datasets", { key: "integrator", body: { name: "tiny march", dataset: tinyDataset() } });
    const info = await json<{ id: string }>(res, 201);
    jsonId = info.id;
    expect(res.headers.get("location")).toBe(`/v1/datasets/${jsonId}`);
    expect(info).toEqual({ id: expect.stringMatching(/^ds_[0-9a-f]{24}$/), name: "tiny march", form: "json", bytes: JSON.stringify(tinyDataset()).length, createdAt: expect.any(String), createdBy: "integrator" });
    const files = await json<{ id: string; files: string[] }>(await t.req("POST", "/v1/datasets", { key: "integrator", body: { files: demoFiles() } }), 201);
    filesId = files.id;
    expect(files).toMatchObject({ form: "files", files: ["deals.csv", "entities.csv", "targets.csv", "visits.csv"], createdBy: "integrator" });
  });

  it("reads a stored dataset back as it was given", async () => {
    expect(await json(await t.req("GET", `/v1/datasets/${jsonId}`, { key: "viewer" }), 200)).toMatchObject({ id: jsonId, form: "json", dataset: tinyDataset() });
    expect(await json(await t.req("GET", `/v1/datasets/${filesId}`, { key: "viewer" }), 200)).toMatchObject({ id: filesId, form: "files", files: demoFiles() });
  });

  it("evaluates a stored dataset by id", async () => {
    const r = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source: DEMO_SOURCE }, dataset: { datasetId: filesId }, period: "2026-03" } }), 200);
    expect(payouts(r)).toEqual(DEMO_PAYOUTS);
    const tiny = await json<Result>(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: { datasetId: jsonId }, period: "2026-03" } }), 200);
    expect(amountOf(tiny, "ann")).toBe("120.50");
  });

  it("evaluates a stored dataset again (loaded once per worker) and for each template its own way", async () => {
    const demo = { template: { source: DEMO_SOURCE }, dataset: { datasetId: filesId }, period: "2026-03" };
    const first = await (await t.req("POST", "/v1/evaluate", { body: demo })).text();
    // A template that reads the same files differently (a deals source without most of their columns) is not served the demo's load.
    const narrow = "template narrow\nentity rep in team\nentity team\nsource deals by rep at closed_on {\n  amount: money\n  closed_on: date\n}\nmetric amount: money = sum(deals.amount)\n";
    const other = await json<{ errors: { path: string; message: string }[] }>(await t.req("POST", "/v1/evaluate", { body: { ...demo, template: { source: narrow } } }), 422);
    expect(other.errors[0]).toMatchObject({ path: "/dataset/files/deals.csv" });
    for (let i = 0; i < 3; i++) expect(await (await t.req("POST", "/v1/evaluate", { body: demo })).text()).toBe(first);
    expect(payouts(JSON.parse(first) as Result)).toEqual(DEMO_PAYOUTS);
  });

  it("checks the structure on upload: 400 with each error", async () => {
    expect(await json(await t.req("POST", "/v1/datasets", { body: { dataset: { entities: [{ id: "a", kind: "rep", colour: "red" }] } } }), 400)).toMatchObject({
      errors: [
        { path: "/", message: "must be {dataset, name?} (a JSON dataset), {files, name?} (the folder form's files) or {files, mapping, name?} (exports with their mapping)" },
        { path: "/dataset/records", message: "is required" },
        { path: "/dataset/entities/0/colour", message: "is not allowed here" },
      ],
    });
    expect(await json(await t.req("POST", "/v1/datasets", { body: { files: { "entities.csv": 'id,kind\n"ann,rep\n' } } }), 400)).toMatchObject({
      errors: [{ path: "/files/entities.csv", message: expect.stringMatching(/malformed CSV: .*Quote Not Closed/) }],
    });
    expect(await json(await t.req("POST", "/v1/datasets", { key: "viewer", body: { dataset: tinyDataset() } }), 403)).toMatchObject({ status: 403 });
  });

  it("deletes a dataset: 204, then 404 for it", async () => {
    const res = await t.req("DELETE", `/v1/datasets/${jsonId}`, { key: "integrator" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await json(await t.req("GET", `/v1/datasets/${jsonId}`), 404)).toMatchObject({ detail: `no dataset has the id "${jsonId}"` });
    expect(await json(await t.req("DELETE", `/v1/datasets/${jsonId}`), 404)).toMatchObject({ status: 404 });
    expect(await json(await t.req("POST", "/v1/evaluate", { body: { template: { source: tinySource("tiny") }, dataset: { datasetId: jsonId }, period: "2026-03" } }), 404)).toMatchObject({ detail: `no dataset has the id "${jsonId}"` });
    const audit = await json<{ entries: { action: string; dataset?: string }[] }>(await t.req("GET", "/v1/audit?limit=1"), 200);
    expect(audit.entries).toMatchObject([{ action: "dataset.delete", dataset: jsonId }]);
  });
});
