/**
 * Issue 10, item 4: lengths are limited at every boundary (a template id of
 * 1.9 million characters was accepted and then could never be fetched),
 * templates can be archived (not erased: versions stay readable), and stored
 * datasets can be listed a page at a time.
 */
import { afterAll, describe, expect, it } from "vitest";
import { closePool, json, testServer, tinyDataset, tinySource } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

describe("lengths", () => {
  it("refuses a template whose name is longer than 200 characters, with the place and the limit", async () => {
    const res = await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("t".repeat(201)) } });
    expect(await json(res, 422)).toMatchObject({
      type: "https://kpi-engine.dev/problems/no-template-name",
      diagnostics: [{ code: "syntax-name-too-long", message: "name is 201 characters long; the limit is 200", line: 1, column: 10 }],
    });
    expect(await json(await t.req("GET", "/v1/templates"), 200)).toEqual({ templates: [] });
  });

  it("refuses an entity id longer than 200 characters in a dataset, at its JSON path", async () => {
    const dataset = tinyDataset();
    dataset.entities[0]!.id = "a".repeat(201);
    const res = await t.req("POST", "/v1/datasets", { body: { dataset } });
    const body = await json<{ errors: unknown[] }>(res, 400);
    expect(body.errors).toContainEqual({ path: "/dataset/entities/0/id", message: "must NOT have more than 200 characters" });
  });

  it("refuses an entity id longer than 200 characters in a CSV file, at its line and field", async () => {
    const long = "b".repeat(201);
    const res = await t.req("POST", "/v1/evaluate", {
      body: { template: { source: tinySource("tiny") }, dataset: { files: { "entities.csv": `id,kind\n${long},rep\n`, "deals.csv": `rep,amount,closed_on\n${long},1.00,2026-03-01\n` } }, period: "2026-03" },
    });
    const body = await json<{ errors: { path: string; message: string }[] }>(res, 422);
    expect(body.errors[0]!.message).toContain("entities.csv:2");
    expect(body.errors[0]!.message).toContain("is 201 characters long; the limit is 200");
  });
});

describe("DELETE /v1/templates/{id}", () => {
  it("archives: out of the list, read-only, not evaluable, versions and audit kept", async () => {
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("old_plan") } }), 201);
    await json(await t.req("POST", "/v1/templates/old_plan/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    expect((await t.req("DELETE", "/v1/templates/old_plan", { key: "editor" })).status).toBe(403);
    expect((await t.req("DELETE", "/v1/templates/old_plan")).status).toBe(204);
    expect((await t.req("DELETE", "/v1/templates/old_plan")).status).toBe(204); // again: nothing changes
    expect((await t.req("DELETE", "/v1/templates/nope")).status).toBe(404);

    expect(await json(await t.req("GET", "/v1/templates"), 200)).toEqual({ templates: [] });
    const all = await json<{ templates: { id: string; archived?: { by: string } }[] }>(await t.req("GET", "/v1/templates?archived=true"), 200);
    expect(all.templates.map((x) => [x.id, x.archived?.by])).toEqual([["old_plan", "admin"]]);
    const detail = await json<{ archived: { at: string; by: string }; draft: { etag: string } }>(await t.req("GET", "/v1/templates/old_plan"), 200);
    expect(detail.archived.by).toBe("admin");
    expect(await json(await t.req("GET", "/v1/templates/old_plan/versions/1"), 200)).toMatchObject({ id: "old_plan", version: 1 });

    const refused = (res: Response) => json(res, 409).then((b) => b["type"]);
    expect(await refused(await t.req("PUT", "/v1/templates/old_plan/draft", { key: "editor", headers: { "if-match": detail.draft.etag }, body: { source: tinySource("old_plan", "metric x: money = amount\n") } }))).toBe("https://kpi-engine.dev/problems/archived");
    expect(await refused(await t.req("POST", "/v1/templates/old_plan/publish", { body: { effectiveFrom: "2026-02-01" } }))).toBe("https://kpi-engine.dev/problems/archived");
    const evaluated = await t.req("POST", "/v1/evaluate", { body: { template: { id: "old_plan" }, dataset: tinyDataset(), period: "2026-03" } });
    expect(await json(evaluated, 409)).toMatchObject({ type: "https://kpi-engine.dev/problems/archived", detail: expect.stringMatching(/^template "old_plan" was archived on \d{4}-\d\d-\d\d by admin; /) });
    const again = await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("old_plan") } }), 409);
    expect(again["detail"]).toMatch(/archived on .*ids are never reused/);
    const audit = await json<{ entries: { action: string }[] }>(await t.req("GET", "/v1/audit?template=old_plan"), 200);
    expect(audit.entries.map((e) => e.action)).toEqual(["template.archive", "template.publish", "template.create"]);
  });
});

describe("GET /v1/datasets", () => {
  it("lists the stored datasets oldest first, a page at a time, without their content", async () => {
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) ids.push((await json<{ id: string }>(await t.req("POST", "/v1/datasets", { body: { name, files: { "entities.csv": "id,kind\nann,rep\n" } } }), 201)).id);
    const first = await json<{ datasets: { id: string; name: string; files?: string[] }[]; next?: string }>(await t.req("GET", "/v1/datasets?limit=2", { key: "viewer" }), 200);
    expect(first.datasets.map((d) => d.name)).toEqual(["a", "b"]);
    expect(first.datasets[0]).toEqual({ id: ids[0], name: "a", form: "files", files: ["entities.csv"], bytes: 16, createdAt: expect.any(String), createdBy: "admin" });
    expect(first.next).toBe(ids[1]);
    const second = await json<{ datasets: { name: string }[]; next?: string }>(await t.req("GET", `/v1/datasets?limit=2&after=${first.next}`), 200);
    expect(second).toEqual({ datasets: [expect.objectContaining({ name: "c" })] });
    expect(await json(await t.req("GET", "/v1/datasets?limit=0"), 400)).toMatchObject({ errors: [{ path: "?limit" }] });
    expect(await json(await t.req("GET", "/v1/datasets?after=ds_gone"), 400)).toMatchObject({ errors: [{ path: "?after", message: "names no stored dataset" }] });
  });
});

describe("the audit log records evaluations", () => {
  it("who, which version, which dataset, the period, and how it ended", async () => {
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("audited") } }), 201);
    await json(await t.req("POST", "/v1/templates/audited/publish", { body: { effectiveFrom: "2026-01-01" } }), 201);
    const ds = await json<{ id: string }>(await t.req("POST", "/v1/datasets", { body: { dataset: tinyDataset() } }), 201);
    await json(await t.req("POST", "/v1/evaluate", { key: "integrator", body: { template: { id: "audited" }, dataset: { datasetId: ds.id }, period: "2026-03", asOf: "2026-03-15" } }), 200);
    await json(await t.req("POST", "/v1/evaluate", { key: "integrator", body: { template: { source: tinySource("audited") }, dataset: { entities: [], records: { deals: [{ rep: "nobody", amount: "1.00", closed_on: "2026-03-01" }] } }, period: "2026-03" } }), 422);
    const audit = await json<{ entries: Record<string, unknown>[] }>(await t.req("GET", "/v1/audit?template=audited&limit=2"), 200);
    expect(audit.entries.map(({ seq: _s, at: _a, ...e }) => e)).toEqual([
      { actor: "integrator", action: "evaluate", template: "audited", detail: "period 2026-03; template text; inline dataset; refused: data-errors" },
      { actor: "integrator", action: "evaluate", template: "audited", version: 1, dataset: ds.id, detail: expect.stringMatching(/^period 2026-03; as of 2026-03-15; ok, \d+ bytes$/) },
    ]);
  });
});
