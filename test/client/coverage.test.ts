/**
 * The client covers the route table: every route of server/routes/spec.ts
 * has a client method of the same id, with the same method and path, and the
 * client has nothing the table lacks — so a new route without a client
 * method fails here. Each method is also called through a fetch that only
 * records, to see that it sends the method and path of its route.
 */
import { describe, expect, it } from "vitest";
import { createClient, OPERATIONS, type KpiClient } from "../../client/index.js";
import { ROUTES } from "../../server/routes/spec.js";

/** One call of every method with made-up arguments (the recording fetch answers 200 `{}` to all). */
const CALLS: Record<keyof KpiClient, (c: KpiClient) => Promise<unknown>> = {
  health: (c) => c.health(),
  openapi: (c) => c.openapi(),
  check: (c) => c.check({ source: "x" }),
  format: (c) => c.format({ source: "x" }),
  evaluate: (c) => c.evaluate({ template: { id: "t" }, dataset: { datasetId: "d" }, period: "2026-03" }),
  simulate: (c) => c.simulate({ template: { id: "t" }, dataset: { datasetId: "d" }, period: "2026-03", scenarios: [] }),
  listTemplates: (c) => c.listTemplates({ industry: "saas" }),
  createTemplate: (c) => c.createTemplate({ source: "x" }),
  getTemplate: (c) => c.getTemplate("t 1/2"),
  archiveTemplate: (c) => c.archiveTemplate("t 1/2"),
  saveDraft: (c) => c.saveDraft("t 1/2", { source: "x" }, { ifMatch: '"r1"' }),
  publish: (c) => c.publish("t 1/2", { effectiveFrom: "2026-01-01" }),
  listVersions: (c) => c.listVersions("t 1/2"),
  getVersion: (c) => c.getVersion("t 1/2", 3),
  diff: (c) => c.diff("t 1/2", { from: 1, to: "draft" }),
  createDataset: (c) => c.createDataset({ dataset: { entities: [], records: {} } }),
  previewDataset: (c) => c.previewDataset({ template: { id: "t" }, files: { "deals.csv": "Owner\n" } }),
  getDataset: (c) => c.getDataset("d"),
  deleteDataset: (c) => c.deleteDataset("d"),
  listDatasets: (c) => c.listDatasets({ limit: 2, after: "d" }),
  listConnections: (c) => c.listConnections(),
  createConnection: (c) => c.createConnection({ name: "crm", url: "postgres://kpi:pw@db/sales" }),
  getConnection: (c) => c.getConnection("crm"),
  deleteConnection: (c) => c.deleteConnection("crm"),
  audit: (c) => c.audit({ template: "t" }),
  listKeys: (c) => c.listKeys(),
  me: (c) => c.me(),
  createKey: (c) => c.createKey({ name: "n", role: "viewer" }),
  deleteKey: (c) => c.deleteKey("k"),
};

/** A path of the table as a pattern: `:name` is one percent-encoded segment. */
const pattern = (path: string): RegExp => new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`);

describe("the client covers the route table", () => {
  it("every route has an operation with its method and path, and every operation a route", () => {
    const routes = Object.fromEntries(ROUTES.map((r) => [r.id, { method: r.method, path: r.path }]));
    expect(OPERATIONS).toEqual(routes);
  });

  it("every route has a client method", () => {
    const client = createClient({ baseUrl: "http://kpi.test" }) as unknown as Record<string, unknown>;
    const missing = ROUTES.filter((r) => typeof client[r.id] !== "function").map((r) => r.id);
    expect(missing).toEqual([]);
    expect(Object.keys(client).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it("each method sends its route's method and path", async () => {
    const sent: { method: string; path: string; auth: string | null; ifMatch: string | null }[] = [];
    const client = createClient({
      baseUrl: "http://kpi.test",
      key: "kpi_k",
      fetch: (url, init) => {
        const headers = new Headers(init.headers);
        sent.push({ method: init.method ?? "GET", path: new URL(url).pathname, auth: headers.get("authorization"), ifMatch: headers.get("if-match") });
        const draft = { source: "", revision: 1, etag: '"r1"', updatedAt: "", updatedBy: "" };
        return new Response(init.method === "DELETE" ? null : JSON.stringify({ draft }), { status: init.method === "DELETE" ? 204 : 200 });
      },
    });
    for (const r of ROUTES) {
      const call = CALLS[r.id as keyof KpiClient];
      expect(call, `no call for route ${r.id}`).toBeDefined();
      sent.length = 0;
      await call(client);
      expect(sent, r.id).toHaveLength(1);
      expect(sent[0]!.method, r.id).toBe(r.method);
      expect(sent[0]!.path, r.id).toMatch(pattern(r.path));
      expect(sent[0]!.auth).toBe("Bearer kpi_k");
    }
  });

  it("path parameters are percent-encoded, queries and If-Match are sent", async () => {
    const urls: string[] = [];
    const headers: Headers[] = [];
    const client = createClient({
      baseUrl: "http://kpi.test/",
      fetch: (url, init) => {
        urls.push(url);
        headers.push(new Headers(init.headers));
        return new Response(JSON.stringify({ draft: { etag: '"r7"' } }), { status: 200, headers: { etag: '"r8"' } });
      },
    });
    expect((await client.saveDraft("销售 1/2", { source: "x" }, { ifMatch: '"r7"' })).etag).toBe('"r8"');
    await client.diff("a", { to: "draft" });
    await client.listTemplates({ q: "a&b", stage: undefined });
    expect(urls).toEqual(["http://kpi.test/v1/templates/%E9%94%80%E5%94%AE%201%2F2/draft", "http://kpi.test/v1/templates/a/diff?to=draft", "http://kpi.test/v1/templates?q=a%26b"]);
    expect(headers[0]!.get("if-match")).toBe('"r7"');
    expect(headers[0]!.get("content-type")).toBe("application/json");
    expect(headers[0]!.get("authorization")).toBeNull();
  });
});
