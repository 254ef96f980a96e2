/**
 * The server's small parts on their own: the JSON depth scan, the unified
 * diff, If-Match, path metadata, seeding from an examples folder,
 * migrations, and the OpenAPI document (every route, every `$ref` resolving
 * inside the document).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../../server/db/open.js";
import { getTemplate, listVersions } from "../../server/db/templates.js";
import { ifMatchAccepts } from "../../server/http/etag.js";
import { jsonTooDeep } from "../../server/http/json-depth.js";
import { buildOpenApi } from "../../server/openapi.js";
import { pathMeta } from "../../server/registry/meta.js";
import { seedExamples } from "../../server/registry/seed.js";
import { unifiedDiff } from "../../server/registry/text-diff.js";
import { ROUTES } from "../../server/routes/spec.js";
import { ROOT, tinySource } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "kpi-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("jsonTooDeep", () => {
  it("finds the first bracket past the limit, skipping strings and escapes", () => {
    expect(jsonTooDeep("[[1]]", 2)).toBe(-1);
    expect(jsonTooDeep("[[1]]", 1)).toBe(1);
    expect(jsonTooDeep('{"a": "[[[\\"[[["}', 1)).toBe(-1);
    expect(jsonTooDeep('[{"a": [1]}, [[2]]]', 2)).toBe(7);
    expect(jsonTooDeep("[".repeat(100_000), 64)).toBe(64);
  });
});

describe("unifiedDiff", () => {
  it("is empty for the same lines, and marks hunks like diff -u", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "x", "y")).toBe("");
    expect(unifiedDiff("a\nb\nc\n", "a\nB\nc\n", "v1", "v2")).toBe("--- v1\n+++ v2\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    expect(unifiedDiff("", "new\n", "v1", "v2")).toBe("--- v1\n+++ v2\n@@ -0,0 +1,1 @@\n+new\n");
  });

  it("splits far-apart changes into hunks with three lines of context", () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join("\n");
    const neu = old.replace("l2\n", "L2\n").replace("l18\n", "");
    expect(unifiedDiff(old, neu, "a", "b")).toBe("--- a\n+++ b\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -15,6 +15,5 @@\n l15\n l16\n l17\n-l18\n l19\n l20\n");
  });
});

describe("ifMatchAccepts", () => {
  it("accepts *, the revision's tag, in a list, weak or strong", () => {
    expect(ifMatchAccepts("*", 3)).toBe(true);
    expect(ifMatchAccepts('"r3"', 3)).toBe(true);
    expect(ifMatchAccepts('"r1", W/"r3"', 3)).toBe(true);
    expect(ifMatchAccepts('"r2"', 3)).toBe(false);
    expect(ifMatchAccepts("r3", 3)).toBe(false);
  });
});

describe("seeding", () => {
  it("reads industry and stage from INDUSTRY/STAGE.kpi", () => {
    expect(pathMeta("saas/growth.kpi")).toEqual({ industry: "saas", stage: "growth" });
    expect(pathMeta("roles/direct.kpi")).toEqual({});
    expect(pathMeta("demo/demo_saas_growth.kpi")).toEqual({});
  });

  it("seeds every clean template as published version 1, skips the rest, and never touches what exists", () => {
    const ex = join(dir, "examples");
    mkdirSync(join(ex, "acme"), { recursive: true });
    mkdirSync(join(ex, "misc"), { recursive: true });
    writeFileSync(join(ex, "acme", "base.kpi"), tinySource("acme_base").replace("  industry test\n  stage growth\n", ""));
    writeFileSync(join(ex, "acme", "growth.kpi"), "template acme_growth extends acme_base { }\nmetric double: money = amount * 2\n");
    writeFileSync(join(ex, "misc", "broken.kpi"), "template broken { grain month }\nmetric a = b\n");
    writeFileSync(join(ex, "misc", "headless.kpi"), "metric a = 1\n");
    writeFileSync(join(ex, "misc", "twin.kpi"), tinySource("acme_base"));
    const db = openDatabase(join(dir, "seed.db"));
    const report = seedExamples(db, ex, "2026-01-01T00:00:00.000Z");
    expect(report.seeded).toEqual(["acme_base", "acme_growth"]);
    expect(report.skipped).toEqual([
      { file: "misc/headless.kpi", reason: "it has no `template NAME` header" },
      { file: "misc/twin.kpi", reason: "acme/base.kpi already declares template acme_base" },
      { file: "misc/broken.kpi", reason: expect.stringMatching(/^1 error\(s\), first: misc\/broken.kpi:2:12: unknown metric `b`/) },
    ]);
    expect(getTemplate(db, "acme_growth")).toMatchObject({ industry: "acme", stage: "growth", latestVersion: 1, createdBy: "seed" });
    expect(getTemplate(db, "acme_base")).toMatchObject({ industry: "acme", stage: "base" });
    expect(listVersions(db, "acme_base")).toEqual([{ version: 1, effectiveFrom: "2000-01-01", publishedAt: "2026-01-01T00:00:00.000Z", publishedBy: "seed", source: expect.any(String) }]);
    expect(seedExamples(db, ex, "2026-02-01T00:00:00.000Z").seeded).toEqual([]);
    db.close();
  });

  it("seeds the repository's examples without skipping a template it could publish", () => {
    const db = openDatabase(":memory:");
    const report = seedExamples(db, join(ROOT, "examples"), "2026-01-01T00:00:00.000Z");
    expect(report.seeded).toContain("saas_growth");
    expect(report.skipped.filter((s) => !s.reason.includes("already declares"))).toEqual([]);
    // saas_growth is the library's examples/saas/growth.kpi (the demo has a name of its own).
    expect(getTemplate(db, "saas_growth")?.draftSource).toContain("extends saas_base");
    db.close();
  });
});

describe("migrations", () => {
  it("records the schema version, re-runs as a no-op, and refuses a newer database", () => {
    const db = openDatabase(":memory:");
    expect(db.prepare("SELECT version FROM schema_version").all()).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
    expect(migrate(db)).toBe(4);
    // 3 gave drafts a place for their what-if scenarios (none until saved).
    expect(db.prepare("SELECT name FROM pragma_table_info('templates') WHERE name = 'draft_scenarios'").all()).toEqual([{ name: "draft_scenarios" }]);
    // 4 added the registered connections.
    expect(db.prepare("SELECT name FROM pragma_table_info('connections') ORDER BY cid").all().map((r) => (r as { name: string }).name)).toEqual(["name", "kind", "url_shown", "url_sealed", "schema_name", "created_at", "created_by"]);
    db.prepare("INSERT INTO schema_version (version) VALUES (99)").run();
    expect(() => migrate(db)).toThrow("the database's schema version 99 is newer than this kpi knows (4); upgrade kpi");
    db.close();
  });
});

describe("the OpenAPI document", () => {
  const doc = buildOpenApi("0.1.0") as { openapi: string; paths: Record<string, Record<string, { operationId: string; security: unknown[]; responses: Record<string, unknown> }>>; components: Record<string, unknown> };

  it("has every route, with its security and responses", () => {
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths).flatMap(([path, m]) => Object.entries(m).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
    expect(ops.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")} ${r.id}`).sort());
    expect(doc.paths["/v1/health"]!["get"]!.security).toEqual([]);
    expect(Object.keys(doc.paths["/v1/templates/{id}/draft"]!["put"]!.responses).sort()).toEqual(["200", "400", "401", "403", "404", "412", "413", "415", "422", "428", "500"]);
    expect(doc.paths["/v1/evaluate"]!["post"]!.responses["200"]).toEqual({ description: expect.any(String), content: { "application/json": { schema: { $ref: "#/components/schemas/Result" } } } });
  });

  it("embeds the JSON Schemas, and every local $ref resolves", () => {
    const schemas = doc.components["schemas"] as Record<string, { $id: string }>;
    expect(Object.values(schemas).map((s) => s.$id)).toEqual(["api", "template", "dataset", "result", "mapping"].map((n) => `https://kpi-engine.dev/schemas/${n}.schema.json`));
    const refs: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) k === "$ref" && typeof v === "string" ? refs.push(v) : walk(v);
    };
    walk(doc.paths);
    walk(doc.components["responses"]);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) {
      const target = ref.slice(2).split("/").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      expect(target, ref).toBeTypeOf("object");
    }
  });
});
