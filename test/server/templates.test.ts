/**
 * The template registry in-process: create, list and filter, read, replace
 * the draft with If-Match (428 without, 412 stale), publish (new immutable
 * versions; 422 with diagnostics for a draft with errors), versions, diff,
 * and the audit log of who did what.
 */
import { afterAll, describe, expect, it } from "vitest";
import { closePool, json, testServer, tinySource } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

type Detail = { id: string; latestVersion: number | null; draft: { source: string; revision: number; etag: string; updatedBy: string }; diagnostics: { code: string; line: number }[]; versions: { version: number }[] } & Record<string, unknown>;

describe("templates", () => {
  it("creates a template from text: 201, ETag, Location, the draft and its diagnostics", async () => {
    const res = await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("alpha", "metric broken = nothing\n") } });
    expect(res.headers.get("etag")).toBe('"r1"');
    expect(res.headers.get("location")).toBe("/v1/templates/alpha");
    const body = await json<Detail>(res, 201);
    expect(body).toMatchObject({ id: "alpha", label: "Tiny", industry: "test", stage: "growth", latestVersion: null, versions: [] });
    expect(body.draft).toMatchObject({ revision: 1, etag: '"r1"', updatedBy: "editor" });
    expect(body.diagnostics).toEqual([expect.objectContaining({ code: "resolve-unknown-metric", line: 16, column: 17 })]);
  });

  it("409 for an id that exists; 422 for text without a template header", async () => {
    expect(await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("alpha") } }), 409)).toMatchObject({
      type: "https://kpi-engine.dev/problems/conflict",
      status: 409,
      detail: 'a template with the id "alpha" exists already; change its draft with PUT /v1/templates/alpha/draft',
    });
    expect(await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: "metric a = 1\n" } }), 422)).toMatchObject({
      type: "https://kpi-engine.dev/problems/no-template-name",
      detail: "the text has no `template NAME { … }` header; the name is the template's id",
    });
  });

  it("lists templates, filtered by industry, stage and text", async () => {
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("beta"), industry: "saas", stage: "mature" } }), 201);
    const all = await json<{ templates: { id: string }[] }>(await t.req("GET", "/v1/templates", { key: "viewer" }), 200);
    expect(all.templates.map((x) => x.id)).toEqual(["alpha", "beta"]);
    expect(all.templates[1]).toEqual({ id: "beta", label: "Tiny", industry: "saas", stage: "mature", latestVersion: null, draftRevision: 1, updatedAt: expect.any(String) });
    const ids = async (q: string) => (await json<{ templates: { id: string }[] }>(await t.req("GET", `/v1/templates?${q}`), 200)).templates.map((x) => x.id);
    expect(await ids("industry=saas")).toEqual(["beta"]);
    expect(await ids("stage=growth")).toEqual(["alpha"]);
    expect(await ids("q=ALP")).toEqual(["alpha"]);
    expect(await ids("q=tiny")).toEqual(["alpha", "beta"]);
    expect(await ids("industry=saas&stage=growth")).toEqual([]);
  });

  it("reads one template with its ETag; 404 for an unknown one", async () => {
    const res = await t.req("GET", "/v1/templates/alpha", { key: "viewer" });
    expect(res.headers.get("etag")).toBe('"r1"');
    expect((await json<Detail>(res, 200)).draft.source).toBe(tinySource("alpha", "metric broken = nothing\n"));
    expect(await json(await t.req("GET", "/v1/templates/nope"), 404)).toMatchObject({ status: 404, detail: 'no template has the id "nope"' });
  });
});

describe("drafts", () => {
  it("428 without If-Match, naming the current ETag", async () => {
    expect(await json(await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", body: { source: tinySource("alpha") } }), 428)).toMatchObject({
      type: "https://kpi-engine.dev/problems/precondition-required",
      title: "Precondition Required",
      detail: 'send If-Match with the draft\'s ETag ("r1" now, from GET /v1/templates/alpha) so that a concurrent change is not overwritten',
    });
  });

  it("saves with the current ETag, then 412 for the stale one", async () => {
    const ok = await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", headers: { "if-match": '"r1"' }, body: { source: tinySource("alpha") } });
    expect(ok.headers.get("etag")).toBe('"r2"');
    expect(await json<Detail>(ok, 200)).toMatchObject({ draft: { revision: 2, etag: '"r2"', source: tinySource("alpha") }, diagnostics: [] });
    const stale = await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", headers: { "if-match": '"r1"' }, body: { source: tinySource("alpha", "// lost\n") } });
    expect(stale.headers.get("etag")).toBe('"r2"');
    expect(await json(stale, 412)).toMatchObject({
      type: "https://kpi-engine.dev/problems/precondition-failed",
      status: 412,
      detail: 'the draft has changed since "r1": it is "r2" now; reload it and apply your change again',
    });
    expect((await json<Detail>(await t.req("GET", "/v1/templates/alpha"), 200)).draft.source).toBe(tinySource("alpha"));
  });

  it("keeps the what-if scenarios with the draft: saved, read back, kept when a save leaves them out, replaced when sent, 400 at their JSON path when malformed", async () => {
    const top = { name: "top tier 10%", changes: [{ kind: "set", in: "incentive", name: "commission", path: "/tiers/steps/2/rate", value: "10%" }] };
    const more = { name: "new deals +10%", changes: [{ kind: "scale", source: "deals", field: "amount", by: "+10%", where: 'kind == "new"' }] };
    await json(await t.req("POST", "/v1/templates", { key: "editor", body: { source: tinySource("plans") } }), 201);
    expect((await json<Detail>(await t.req("GET", "/v1/templates/plans"), 200)).draft["scenarios" as keyof Detail["draft"]]).toBeUndefined();
    const saved = await json<Detail>(await t.req("PUT", "/v1/templates/plans/draft", { key: "editor", headers: { "if-match": '"r1"' }, body: { source: tinySource("plans"), scenarios: [top, more] } }), 200);
    expect(saved.draft).toMatchObject({ revision: 2, scenarios: [top, more] });
    // A save without scenarios (an older client, a script) keeps them.
    await json(await t.req("PUT", "/v1/templates/plans/draft", { key: "editor", headers: { "if-match": '"r2"' }, body: { source: tinySource("plans", "// note\n") } }), 200);
    expect((await json<Detail>(await t.req("GET", "/v1/templates/plans", { key: "viewer" }), 200)).draft).toMatchObject({ revision: 3, scenarios: [top, more] });
    // Sent, they replace the saved ones; [] clears them.
    await json(await t.req("PUT", "/v1/templates/plans/draft", { key: "editor", headers: { "if-match": '"r3"' }, body: { source: tinySource("plans"), scenarios: [more] } }), 200);
    expect((await json<Detail>(await t.req("GET", "/v1/templates/plans"), 200)).draft).toMatchObject({ scenarios: [more] });
    await json(await t.req("PUT", "/v1/templates/plans/draft", { key: "editor", headers: { "if-match": '"r4"' }, body: { source: tinySource("plans"), scenarios: [] } }), 200);
    expect((await json<Detail>(await t.req("GET", "/v1/templates/plans"), 200)).draft).toMatchObject({ scenarios: [] });
    const bad = await json<{ errors: { path: string }[] }>(await t.req("PUT", "/v1/templates/plans/draft", { key: "editor", headers: { "if-match": '"r5"' }, body: { source: tinySource("plans"), scenarios: [{ ...top, changes: [{ ...top.changes[0], value: "ten" }] }] } }), 400);
    expect(bad.errors.map((e) => e.path)).toContain("/scenarios/0/changes/0/value");
    // Nothing was half-written: the revision and the scenarios are as before.
    expect((await json<Detail>(await t.req("GET", "/v1/templates/plans"), 200)).draft).toMatchObject({ revision: 5, scenarios: [] });
  });

  it("keeps the name: 422 when the header names another template; 404 for an unknown template", async () => {
    expect(await json(await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", headers: { "if-match": "*" }, body: { source: tinySource("gamma") } }), 422)).toMatchObject({
      type: "https://kpi-engine.dev/problems/name-mismatch",
      detail: 'the text\'s header names template "gamma", but this is template "alpha"; a template\'s name cannot change',
    });
    expect(await json(await t.req("PUT", "/v1/templates/nope/draft", { key: "editor", headers: { "if-match": "*" }, body: { source: tinySource("nope") } }), 404)).toMatchObject({ status: 404 });
  });
});

describe("publishing and versions", () => {
  it("publishes the draft as version 1, then 2; versions are listed and readable", async () => {
    const res = await t.req("POST", "/v1/templates/alpha/publish", { key: "admin", body: { effectiveFrom: "2026-01-01" } });
    expect(res.headers.get("location")).toBe("/v1/templates/alpha/versions/1");
    const v1 = await json(res, 201);
    expect(v1).toMatchObject({ id: "alpha", version: 1, effectiveFrom: "2026-01-01", publishedBy: "admin", source: tinySource("alpha") });
    expect((v1["model"] as { header: { name: string } }).header.name).toBe("alpha");
    await json(await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", headers: { "if-match": '"r2"' }, body: { source: tinySource("alpha", "metric deals_count = count(deals)\n") } }), 200);
    expect(await json(await t.req("POST", "/v1/templates/alpha/publish", { body: { effectiveFrom: "2026-04-01" } }), 201)).toMatchObject({ version: 2, effectiveFrom: "2026-04-01" });
    const list = await json<{ id: string; versions: { version: number; effectiveFrom: string; publishedBy: string }[] }>(await t.req("GET", "/v1/templates/alpha/versions", { key: "viewer" }), 200);
    expect(list.id).toBe("alpha");
    expect(list.versions.map((v) => [v.version, v.effectiveFrom, v.publishedBy])).toEqual([
      [1, "2026-01-01", "admin"],
      [2, "2026-04-01", "admin"],
    ]);
    expect(await json(await t.req("GET", "/v1/templates/alpha/versions/1", { key: "viewer" }), 200)).toMatchObject({ version: 1, source: tinySource("alpha") });
    expect((await json<Detail>(await t.req("GET", "/v1/templates/alpha"), 200)).latestVersion).toBe(2);
  });

  it("404 for a version that does not exist", async () => {
    expect(await json(await t.req("GET", "/v1/templates/alpha/versions/9"), 404)).toMatchObject({ detail: 'template "alpha" has no version "9"; its versions are 1 to 2' });
    expect(await json(await t.req("GET", "/v1/templates/alpha/versions/one"), 404)).toMatchObject({ status: 404 });
    expect(await json(await t.req("GET", "/v1/templates/nope/versions"), 404)).toMatchObject({ detail: 'no template has the id "nope"' });
  });

  it("refuses a draft with errors: 422 with its diagnostics, and no version is made", async () => {
    await json(await t.req("PUT", "/v1/templates/beta/draft", { key: "editor", headers: { "if-match": '"r1"' }, body: { source: tinySource("beta", "metric bad: money = count(deals)\n") } }), 200);
    const body = await json<{ diagnostics: { code: string; line: number; column: number }[] }>(await t.req("POST", "/v1/templates/beta/publish", { body: { effectiveFrom: "2026-01-01" } }), 422);
    expect(body).toMatchObject({ type: "https://kpi-engine.dev/problems/template-errors", detail: "the draft has 1 error; only a template without errors can be published" });
    expect(body.diagnostics).toEqual([expect.objectContaining({ line: 16, severity: "error" })]);
    expect(await json(await t.req("GET", "/v1/templates/beta/versions"), 200)).toEqual({ id: "beta", versions: [] });
  });

  it("publishes only the draft named by If-Match when one is given (412 otherwise); 404 for an unknown template; 400 for a bad date", async () => {
    expect(await json(await t.req("POST", "/v1/templates/alpha/publish", { headers: { "if-match": '"r1"' }, body: { effectiveFrom: "2026-05-01" } }), 412)).toMatchObject({ status: 412, detail: 'the draft has changed: it is "r3" now, not "r1"' });
    expect(await json(await t.req("POST", "/v1/templates/nope/publish", { body: { effectiveFrom: "2026-05-01" } }), 404)).toMatchObject({ status: 404 });
    expect(await json(await t.req("POST", "/v1/templates/alpha/publish", { body: { effectiveFrom: "2026-02-30" } }), 400)).toMatchObject({ errors: [{ path: "/effectiveFrom", message: 'must match format "date"' }] });
  });
});

describe("diff", () => {
  it("gives the unified text diff and the declarations added, removed and changed", async () => {
    const body = await json(await t.req("GET", "/v1/templates/alpha/diff?from=1&to=2", { key: "viewer" }), 200);
    expect(body).toEqual({
      id: "alpha",
      from: "alpha@v1",
      to: "alpha@v2",
      text: "--- alpha@v1\n+++ alpha@v2\n@@ -13,3 +13,4 @@\n }\n \n metric amount: money = sum(deals.amount)\n+metric deals_count = count(deals)\n",
      metrics: { added: ["deals_count"], removed: [], changed: [] },
      targets: { added: [], removed: [], changed: [] },
      incentives: { added: [], removed: [], changed: [] },
    });
  });

  it("compares the latest version with the draft by default, and reports changed declarations", async () => {
    const src = tinySource("alpha", "metric deals_count = count(deals) + 1\ntarget amount { base 1000 }\n");
    await json(await t.req("PUT", "/v1/templates/alpha/draft", { key: "editor", headers: { "if-match": "*" }, body: { source: src } }), 200);
    const body = await json(await t.req("GET", "/v1/templates/alpha/diff"), 200);
    expect(body).toMatchObject({ from: "alpha@v2", to: "alpha@draft", metrics: { added: [], removed: [], changed: ["deals_count"] }, targets: { added: ["amount"], removed: [], changed: [] } });
    expect(body["text"]).toContain("-metric deals_count = count(deals)\n+metric deals_count = count(deals) + 1\n+target amount { base 1000 }\n");
  });

  it("400 for a bad version name, 404 for a missing version", async () => {
    expect(await json(await t.req("GET", "/v1/templates/alpha/diff?from=latest"), 400)).toMatchObject({ errors: [{ path: "?from", message: 'must be a version number or "draft", not "latest"' }] });
    expect(await json(await t.req("GET", "/v1/templates/alpha/diff?from=7"), 404)).toMatchObject({ detail: 'template "alpha" has no version 7' });
    expect(await json(await t.req("GET", "/v1/templates/beta/diff"), 400)).toMatchObject({ detail: 'give from: template "beta" has no published version yet' });
  });
});

describe("audit", () => {
  it("records who created, changed and published what, newest first", async () => {
    const body = await json<{ entries: Record<string, unknown>[] }>(await t.req("GET", "/v1/audit?template=alpha", { key: "viewer" }), 200);
    expect(body.entries.map(({ seq: _s, at: _a, ...e }) => e)).toEqual([
      { actor: "editor", action: "template.draft", template: "alpha", detail: "revision 4" },
      { actor: "admin", action: "template.publish", template: "alpha", version: 2, detail: "effective from 2026-04-01" },
      { actor: "editor", action: "template.draft", template: "alpha", detail: "revision 3" },
      { actor: "admin", action: "template.publish", template: "alpha", version: 1, detail: "effective from 2026-01-01" },
      { actor: "editor", action: "template.draft", template: "alpha", detail: "revision 2" },
      { actor: "editor", action: "template.create", template: "alpha" },
    ]);
    expect(body.entries[0]!["at"]).toMatch(/^2026-04-01T00:00:\d\d\.000Z$/);
    const limited = await json<{ entries: unknown[] }>(await t.req("GET", "/v1/audit?limit=2"), 200);
    expect(limited.entries).toHaveLength(2);
    expect(await json(await t.req("GET", "/v1/audit?limit=0"), 400)).toMatchObject({ errors: [{ path: "?limit", message: "must be a whole number from 1 to 1000" }] });
  });
});
