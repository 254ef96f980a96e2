/**
 * The typed client against the real app in-process (hono's `app.request` as
 * its fetch, a fresh database in a temp folder): every method once at least,
 * asserting the bodies it resolves to, the ETags of drafts, and ApiError
 * carrying the problem+json body for the error statuses.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ApiError, BLANK_PROBLEM, createClient, type KpiClient } from "../../client/index.js";
import type { DatasetFileMap, Role } from "../../schemas/generated/api.js";
import type { Result } from "../../schemas/generated/result.js";
import { closePool, DEMO_PAYOUTS, DEMO_SOURCE, demoFiles, testServer, tinyDataset, tinySource } from "../server/helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

/** A client with the key of a role (or a given key, or none), talking to the app in-process. */
const clientAs = (who: Role | string | null): KpiClient =>
  createClient({
    baseUrl: "http://kpi.test/",
    ...(who === null ? {} : { key: who in t.keys ? t.keys[who as Role] : who }),
    fetch: (url, init) => t.app.request(url, init),
  });

const admin = clientAs("admin");
const editor = clientAs("editor");
const integrator = clientAs("integrator");
const viewer = clientAs("viewer");

/** The rejection of a call, which must be an ApiError. */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return e;
}

/** The demo's files as the schema types them (entities.csv is required). */
const demoFileMap = (): DatasetFileMap => {
  const files = demoFiles();
  return { ...files, "entities.csv": files["entities.csv"]! };
};

const payouts = (r: Result): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const e of r.periods[0]!.entities) if (e.kind === "rep" && e.payout !== undefined) out[e.id] = e.payout!;
  return out;
};

describe("public routes", () => {
  it("health, without a key", async () => {
    expect(await clientAs(null).health()).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("openapi: an OpenAPI 3.1 document listing the routes", async () => {
    const doc = await clientAs(null).openapi();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/health", "/v1/evaluate", "/v1/templates/{id}/draft", "/v1/templates/{id}/versions/{n}"]));
  });
});

describe("source", () => {
  it("check: diagnostics and model; a template with errors is ok: false, not an error", async () => {
    const clean = await viewer.check({ source: tinySource("tiny") });
    expect(clean).toMatchObject({ ok: true, diagnostics: [] });
    expect(clean.model.header?.name).toBe("tiny");
    const broken = await viewer.check({ source: tinySource("tiny", "metric x = y\n") });
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics).toEqual([expect.objectContaining({ code: "resolve-unknown-metric", severity: "error", line: 16, column: 12 })]);
  });

  it("format: canonical text; syntax errors are an ApiError 422 with diagnostics", async () => {
    const messy = tinySource("tiny").replace("metric amount: money = sum(deals.amount)", "metric   amount :money=sum( deals.amount )");
    expect(await viewer.format({ source: messy })).toEqual({ source: tinySource("tiny"), changed: true });
    expect(await viewer.format({ source: tinySource("tiny") })).toEqual({ source: tinySource("tiny"), changed: false });
    const e = await failure(viewer.format({ source: "template {" }));
    expect(e.status).toBe(422);
    expect(e.problem).toMatchObject({ title: "Unprocessable Content", status: 422 });
    expect(e.diagnostics.length).toBeGreaterThan(0);
    expect(e.diagnostics[0]).toMatchObject({ severity: "error", line: 1 });
  });
});

describe("templates", () => {
  it("createTemplate: the new template with its draft's ETag", async () => {
    const created = await editor.createTemplate({ source: tinySource("alpha") });
    expect(created).toMatchObject({ id: "alpha", label: "Tiny", industry: "test", stage: "growth", latestVersion: null, diagnostics: [], versions: [], etag: '"r1"' });
    expect(created.draft).toMatchObject({ source: tinySource("alpha"), revision: 1, etag: '"r1"', updatedBy: "editor" });
  });

  it("listTemplates, with filters", async () => {
    await editor.createTemplate({ source: tinySource("beta"), industry: "saas", stage: "mature" });
    expect((await viewer.listTemplates()).templates.map((x) => x.id)).toEqual(["alpha", "beta"]);
    const saas = await viewer.listTemplates({ industry: "saas" });
    expect(saas.templates).toEqual([{ id: "beta", label: "Tiny", industry: "saas", stage: "mature", latestVersion: null, draftRevision: 1, updatedAt: expect.any(String) }]);
    expect((await viewer.listTemplates({ q: "ALP" })).templates.map((x) => x.id)).toEqual(["alpha"]);
    expect((await viewer.listTemplates({ industry: "saas", stage: "growth" })).templates).toEqual([]);
  });

  it("getTemplate: the template and its ETag; 404 as an ApiError", async () => {
    const got = await viewer.getTemplate("alpha");
    expect(got).toMatchObject({ id: "alpha", etag: '"r1"', draft: { revision: 1 } });
    const e = await failure(viewer.getTemplate("nope"));
    expect(e.problem).toEqual({ type: "https://kpi-engine.dev/problems/not-found", title: "Not Found", status: 404, detail: 'no template has the id "nope"', requestId: expect.any(String) });
  });

  it("saveDraft with If-Match: the new ETag; a stale one is 412 with the current ETag", async () => {
    const before = await editor.getTemplate("alpha");
    const saved = await editor.saveDraft("alpha", { source: tinySource("alpha", "metric twice: money = amount * 2\n") }, { ifMatch: before.etag });
    expect(saved).toMatchObject({ id: "alpha", etag: '"r2"', draft: { revision: 2, etag: '"r2"' }, diagnostics: [] });
    const e = await failure(editor.saveDraft("alpha", { source: tinySource("alpha") }, { ifMatch: before.etag }));
    expect(e.status).toBe(412);
    expect(e.type).toBe("https://kpi-engine.dev/problems/precondition-failed");
    expect(e.detail).toBe('the draft has changed since "r1": it is "r2" now; reload it and apply your change again');
    expect(e.headers.get("etag")).toBe('"r2"');
  });

  it("saveDraft without If-Match (only by going around the types) is 428", async () => {
    const e = await failure(editor.saveDraft("alpha", { source: tinySource("alpha") }, {} as { ifMatch: string }));
    expect(e.status).toBe(428);
    expect(e.title).toBe("Precondition Required");
    expect(e.detail).toMatch(/^send If-Match with the draft's ETag \("r2" now/);
  });

  it("publish: a new version; with a stale If-Match, 412; a draft with errors, 422 with diagnostics", async () => {
    const stale = await failure(admin.publish("alpha", { effectiveFrom: "2026-01-01" }, { ifMatch: '"r1"' }));
    expect(stale.status).toBe(412);
    const v1 = await admin.publish("alpha", { effectiveFrom: "2026-01-01" }, { ifMatch: '"r2"' });
    expect(v1).toMatchObject({ id: "alpha", version: 1, effectiveFrom: "2026-01-01", publishedBy: "admin", source: tinySource("alpha", "metric twice: money = amount * 2\n") });
    expect(v1.model.header?.name).toBe("alpha");
    const v2 = await admin.publish("alpha", { effectiveFrom: "2026-07-01" });
    expect(v2.version).toBe(2);

    await editor.saveDraft("beta", { source: tinySource("beta", "metric x = y\n") }, { ifMatch: "*" });
    const bad = await failure(admin.publish("beta", { effectiveFrom: "2026-01-01" }));
    expect(bad.problem).toMatchObject({ status: 422, type: "https://kpi-engine.dev/problems/template-errors", detail: "the draft has 1 error; only a template without errors can be published" });
    expect(bad.diagnostics).toEqual([expect.objectContaining({ code: "resolve-unknown-metric" })]);
  });

  it("listVersions and getVersion", async () => {
    const list = await viewer.listVersions("alpha");
    expect(list).toEqual({
      id: "alpha",
      versions: [
        { version: 1, effectiveFrom: "2026-01-01", publishedAt: expect.any(String), publishedBy: "admin" },
        { version: 2, effectiveFrom: "2026-07-01", publishedAt: expect.any(String), publishedBy: "admin" },
      ],
    });
    expect(await viewer.getVersion("alpha", 2)).toMatchObject({ id: "alpha", version: 2, effectiveFrom: "2026-07-01" });
    const e = await failure(viewer.getVersion("alpha", 9));
    expect(e.status).toBe(404);
    expect(e.detail).toBe('template "alpha" has no version "9"; its versions are 1 to 2');
  });

  it("diff: the text diff and the metrics added, removed, changed", async () => {
    const t1 = await editor.getTemplate("alpha");
    await editor.saveDraft("alpha", { source: tinySource("alpha", "metric thrice: money = amount * 3\n") }, { ifMatch: t1.etag });
    const d = await viewer.diff("alpha", { from: 1, to: "draft" });
    expect(d).toMatchObject({ id: "alpha", from: "alpha@v1", to: "alpha@draft", metrics: { added: ["thrice"], removed: ["twice"], changed: [] }, targets: { added: [], removed: [], changed: [] } });
    expect(d.text).toContain("-metric twice: money = amount * 2");
    expect(d.text).toContain("+metric thrice: money = amount * 3");
    // The defaults: the latest version against the draft.
    expect(await viewer.diff("alpha")).toMatchObject({ from: "alpha@v2", to: "alpha@draft" });
    expect(await viewer.diff("alpha", { from: 1, to: 2 })).toMatchObject({ from: "alpha@v1", to: "alpha@v2", metrics: { added: [], removed: [], changed: [] } });
  });

  it("audit: who did what, newest first, by template and limit", async () => {
    const all = await viewer.audit({ template: "alpha" });
    expect(all.entries.map((x) => [x.action, x.actor, x.version ?? null])).toEqual([
      ["template.draft", "editor", null],
      ["template.publish", "admin", 2],
      ["template.publish", "admin", 1],
      ["template.draft", "editor", null],
      ["template.create", "editor", null],
    ]);
    expect((await viewer.audit({ template: "alpha", limit: 1 })).entries).toHaveLength(1);
    const e = await failure(viewer.audit({ limit: 0 }));
    expect(e.problem).toMatchObject({ status: 400, errors: [{ path: "?limit", message: "must be a whole number from 1 to 1000" }] });
  });
});

describe("datasets and evaluate", () => {
  let datasetId = "";

  it("createDataset (folder form) and getDataset", async () => {
    const info = await integrator.createDataset({ name: "demo", files: demoFileMap() });
    expect(info).toEqual({ id: expect.any(String), name: "demo", form: "files", files: Object.keys(demoFiles()).sort(), bytes: expect.any(Number), createdAt: expect.any(String), createdBy: "integrator" });
    datasetId = info.id;
    const detail = await viewer.getDataset(datasetId);
    expect(detail).toMatchObject({ id: datasetId, name: "demo", form: "files", createdBy: "integrator" });
    expect(detail.files).toEqual(demoFiles());
  });

  it("evaluate by registry id over the stored dataset: the demo payouts, and the version used in X-Template-Version", async () => {
    await editor.createTemplate({ source: DEMO_SOURCE });
    await admin.publish("demo_saas_growth", { effectiveFrom: "2000-01-01" });
    const seen: Record<string, string | null> = {};
    const r = await integrator.evaluate(
      { template: { id: "demo_saas_growth" }, dataset: { datasetId }, period: "2026-03" },
      { onResponse: (res) => Object.assign(seen, { id: res.headers.get("x-template-id"), version: res.headers.get("x-template-version") }) },
    );
    expect(r.template).toBe("demo_saas_growth");
    expect(payouts(r)).toEqual(DEMO_PAYOUTS);
    expect(seen).toEqual({ id: "demo_saas_growth", version: "1" });
  });

  it("evaluate text over an inline JSON dataset with explanations", async () => {
    const r = await integrator.evaluate({ template: { source: tinySource("tiny") }, dataset: tinyDataset(), period: "2026-03", explain: ["ann"] });
    expect(r.periods[0]!.entities.find((e) => e.id === "ann")!.metrics["amount"]!.value).toBe("120.50");
    expect(Object.keys(r.explanations ?? {})).toEqual(["ann"]);
  });

  it("a JSON dataset round-trips", async () => {
    const info = await integrator.createDataset({ dataset: tinyDataset() });
    expect(info).toMatchObject({ form: "json", createdBy: "integrator" });
    expect((await viewer.getDataset(info.id)).dataset).toEqual(tinyDataset());
  });

  it("deleteDataset; then it is gone (404)", async () => {
    await expect(integrator.deleteDataset(datasetId)).resolves.toBeUndefined();
    expect((await failure(viewer.getDataset(datasetId))).status).toBe(404);
    expect((await failure(integrator.deleteDataset(datasetId))).status).toBe(404);
  });
});

describe("keys", () => {
  it("listKeys, createKey (the key once), a new key works, deleteKey revokes it", async () => {
    expect((await admin.listKeys()).keys.map((k) => [k.name, k.role])).toEqual(expect.arrayContaining([["admin", "admin"], ["viewer", "viewer"]]));
    const made = await admin.createKey({ name: "crm", role: "integrator" });
    expect(made).toEqual({ id: expect.any(String), name: "crm", role: "integrator", createdAt: expect.any(String), key: expect.stringMatching(/^kpi_/) });
    expect((await admin.listKeys()).keys).toContainEqual({ id: made.id, name: "crm", role: "integrator", createdAt: made.createdAt });
    const crm = clientAs(made.key);
    expect((await crm.listTemplates()).templates.length).toBeGreaterThan(0);
    expect((await failure(admin.createKey({ name: "crm", role: "viewer" }))).status).toBe(409);
    await expect(admin.deleteKey(made.id)).resolves.toBeUndefined();
    expect((await failure(crm.listTemplates())).status).toBe(401);
  });

  it("the last admin key cannot be revoked: 409", async () => {
    const adminKey = (await admin.listKeys()).keys.find((k) => k.role === "admin")!;
    const e = await failure(admin.deleteKey(adminKey.id));
    expect(e.problem).toMatchObject({ status: 409, detail: "this is the last admin key; create another admin key before revoking it" });
  });
});

describe("connections", () => {
  it("createConnection, listConnections, getConnection (the password as ***), deleteConnection; admin only", async () => {
    const made = await admin.createConnection({ name: "crm", url: "postgres://kpi:hunter22@db.example:5432/sales", schema: "kpi" });
    expect(made).toEqual({ name: "crm", kind: "postgres", url: "postgres://kpi:***@db.example:5432/sales", schema: "kpi", createdAt: expect.any(String), createdBy: "admin" });
    expect((await admin.listConnections()).connections).toEqual([made]);
    expect(await admin.getConnection("crm")).toEqual(made);
    expect((await failure(integrator.listConnections())).status).toBe(403);
    expect((await failure(admin.createConnection({ name: "crm", url: "postgres://kpi:x@db/sales" }))).status).toBe(409);
    const bad = await failure(admin.createConnection({ name: "other", url: "mysql://kpi:x@db/sales" }));
    expect(bad.errors.map((e) => e.path)).toEqual(["/url"]);
    await expect(admin.deleteConnection("crm")).resolves.toBeUndefined();
    expect((await failure(admin.getConnection("crm"))).status).toBe(404);
  });
});

describe("errors", () => {
  it("401 without a key or with an unknown one, with the challenge header", async () => {
    const none = await failure(clientAs(null).listTemplates());
    expect(none.problem).toEqual({ type: "https://kpi-engine.dev/problems/unauthorized", title: "Unauthorized", status: 401, detail: "send an API key: Authorization: Bearer KEY", requestId: expect.any(String) });
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="kpi"');
    expect((await failure(clientAs("kpi_nothing").listTemplates())).detail).toBe("the API key is not valid (revoked, or never issued)");
  });

  it("403 for a role too weak", async () => {
    const e = await failure(viewer.createTemplate({ source: tinySource("gamma") }));
    expect(e.problem).toMatchObject({ status: 403, title: "Forbidden", detail: 'this needs the editor role; key "viewer" has the viewer role' });
  });

  it("400 with the validation errors; the request id is the one sent", async () => {
    const e = await failure(viewer.check({ source: 42 } as unknown as { source: string }, { requestId: "client-test-1" }));
    expect(e.status).toBe(400);
    expect(e.requestId).toBe("client-test-1");
    expect(e.headers.get("x-request-id")).toBe("client-test-1");
    expect(e.errors).toEqual([{ path: "/source", message: expect.any(String) }]);
    expect(e.message).toBe(`400 Bad Request: ${e.detail}`);
  });

  it("an answer that is not problem+json still becomes an ApiError", async () => {
    const proxy = createClient({ baseUrl: "http://kpi.test", fetch: () => new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } }) });
    const e = await failure(proxy.health());
    expect(e.problem).toEqual({ type: BLANK_PROBLEM, title: "Bad Gateway", status: 502, detail: "<html><body>502 Bad Gateway</body></html>" });
    expect(e.errors).toEqual([]);
    expect(e.diagnostics).toEqual([]);
  });

  it("an aborted call rejects with the abort, not an ApiError", async () => {
    const ctl = new AbortController();
    ctl.abort();
    const aborting = createClient({ baseUrl: "http://kpi.test", fetch: (url, init) => fetch(url, init) });
    await expect(aborting.health({ signal: ctl.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});
