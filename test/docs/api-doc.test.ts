/**
 * docs/api.md keeps up with the route table (server/routes/spec.ts): every
 * route has its own section, headed by its method and path, with a curl
 * example that sends that method to that path, and a row in the endpoints
 * table; and the doc has no section for a route that does not exist.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../server/routes/spec.js";

const doc = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");

/** hono's `/v1/templates/:id` as the doc writes it, `/v1/templates/{id}`. */
const docPath = (path: string): string => path.replace(/:(\w+)/g, "{$1}");

/** The endpoint sections: heading text → body, for headings like #### `GET /v1/health`. */
const sections = new Map<string, string>();
for (const part of doc.split(/^#### /m).slice(1)) {
  const heading = /^`([A-Z]+ \S+)`\s*$/m.exec(part.split("\n", 1)[0]!);
  if (heading) sections.set(heading[1]!, part.slice(part.indexOf("\n") + 1).split(/^#{1,3} /m)[0]!);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("docs/api.md covers the route table", () => {
  it.each(ROUTES.map((r) => [`${r.method} ${docPath(r.path)}`, r] as const))("%s has a section with a curl example", (name, r) => {
    const body = sections.get(name);
    expect(body, `no section "#### \`${name}\`" in docs/api.md`).toBeDefined();
    // The example: curl, the method (GET is curl's default) and the path with each parameter filled in.
    const path = new RegExp(`\\$KPI${escape(r.path).replace(/:\w+/g, "[^/\\s?\"]+")}(?:[?\\s"]|$)`, "m");
    const examples = body!.split("\n").filter((line) => line.includes("curl "));
    expect(examples.some((line) => path.test(line) && (r.method === "GET" ? !/-X (POST|PUT|DELETE)/.test(line) : line.includes(`-X ${r.method}`))), `no curl ${r.method} ${r.path} under ${name}`).toBe(true);
  });

  it("every route is in the endpoints table", () => {
    for (const r of ROUTES) expect(doc).toContain(`| [\`${r.method} ${docPath(r.path)}\`]`);
  });

  it("every endpoint section is a route", () => {
    const routes = new Set(ROUTES.map((r) => `${r.method} ${docPath(r.path)}`));
    expect([...sections.keys()].filter((s) => !routes.has(s))).toEqual([]);
  });
});
