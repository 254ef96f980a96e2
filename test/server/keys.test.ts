/**
 * Keys: `/v1/keys` (admin only), `kpi keys create` (the key printed once,
 * only its hash stored), and the first start's admin key in admin-key.txt
 * with mode 600.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureAdminKey } from "../../server/bootstrap.js";
import { findKey, hashKey } from "../../server/db/keys.js";
import { openDatabase } from "../../server/db/open.js";
import { closePool, json, ROOT, testServer } from "./helpers.js";

const t = testServer();
afterAll(async () => {
  await t.close();
  await closePool();
});

describe("/v1/me", () => {
  it("tells each key its name and role, never the secret; 401 without a key", async () => {
    for (const role of ["viewer", "integrator", "editor", "admin"] as const) {
      const body = await json<Record<string, unknown>>(await t.req("GET", "/v1/me", { key: role }), 200);
      expect(body).toEqual({ keyId: findKey(t.db, t.keys[role])!.keyId, name: role, role });
    }
    expect((await t.req("GET", "/v1/me", { key: null })).status).toBe(401);
  });
});

describe("/v1/keys", () => {
  let created = { id: "", key: "" };

  it("creates a key, shown once: 201; the new key works with its role", async () => {
    const body = await json<{ id: string; key: string }>(await t.req("POST", "/v1/keys", { key: "admin", body: { name: "crm", role: "integrator" } }), 201);
    expect(body).toEqual({ id: expect.stringMatching(/^key_[0-9a-f]{12}$/), name: "crm", role: "integrator", createdAt: expect.any(String), key: expect.stringMatching(/^kpi_[\w-]{43}$/) });
    created = body;
    expect((await t.req("GET", "/v1/templates", { key: body.key })).status).toBe(200);
    expect(await json(await t.req("POST", "/v1/templates", { key: body.key, body: { source: "" } }), 403)).toMatchObject({ detail: 'this needs the editor role; key "crm" has the integrator role' });
    // Only the hash is stored.
    const row = t.db.prepare("SELECT * FROM api_keys WHERE id = ?").get(body.id) as Record<string, unknown>;
    expect(row["hash"]).toBe(hashKey(body.key));
    expect(JSON.stringify(row)).not.toContain(body.key);
  });

  it("lists keys without their secrets", async () => {
    const body = await json<{ keys: Record<string, unknown>[] }>(await t.req("GET", "/v1/keys"), 200);
    expect(body.keys.map((k) => [k["name"], k["role"]])).toEqual([
      ["viewer", "viewer"],
      ["integrator", "integrator"],
      ["editor", "editor"],
      ["admin", "admin"],
      ["crm", "integrator"],
    ]);
    expect(body.keys.every((k) => Object.keys(k).sort().join() === "createdAt,id,name,role")).toBe(true);
  });

  it("409 for a name in use; 400 for an unknown role", async () => {
    expect(await json(await t.req("POST", "/v1/keys", { body: { name: "crm", role: "viewer" } }), 409)).toMatchObject({ detail: 'a key named "crm" exists already' });
    expect(await json(await t.req("POST", "/v1/keys", { body: { name: "x", role: "root" } }), 400)).toMatchObject({ errors: [{ path: "/role", message: 'must be one of "viewer", "integrator", "editor", "admin"' }] });
  });

  it("revokes a key: 204, then it is refused; 404 for an unknown key; 409 for the last admin key", async () => {
    expect((await t.req("DELETE", `/v1/keys/${created.id}`)).status).toBe(204);
    expect(await json(await t.req("GET", "/v1/templates", { key: created.key }), 401)).toMatchObject({ status: 401 });
    expect(await json(await t.req("DELETE", `/v1/keys/${created.id}`), 404)).toMatchObject({ detail: `no key has the id "${created.id}"` });
    const admin = findKey(t.db, t.keys.admin)!;
    expect(await json(await t.req("DELETE", `/v1/keys/${admin.keyId}`), 409)).toMatchObject({ detail: "this is the last admin key; create another admin key before revoking it" });
    const audit = await json<{ entries: { action: string; actor: string; detail?: string }[] }>(await t.req("GET", "/v1/audit?limit=2"), 200);
    expect(audit.entries.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ["key.revoke", "admin", "crm"],
      ["key.create", "admin", "crm (integrator)"],
    ]);
  });
});

describe("kpi keys create and the first admin key", () => {
  const dir = mkdtempSync(join(tmpdir(), "kpi-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a new key once on standard output and stores its hash", () => {
    const db = join(dir, "kpi.db");
    const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/kpi.js"), "keys", "create", ...args, "--db", db], { encoding: "utf8", timeout: 30_000 });
    const r = run(["--name", "crm", "--role", "integrator"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kpi_[\w-]{43}\n$/);
    expect(r.stderr).toMatch(/^kpi keys create: created key key_[0-9a-f]{12} "crm" with the integrator role in .*kpi\.db; the key is shown this once\n$/);
    const opened = openDatabase(db);
    expect(findKey(opened, r.stdout.trim())).toMatchObject({ name: "crm", role: "integrator" });
    opened.close();
    const again = run(["--name", "crm", "--role", "viewer"]);
    expect([again.status, again.stdout, again.stderr]).toEqual([1, "", 'kpi keys create: a key named "crm" exists already\n']);
    const bad = run(["--name", "x", "--role", "root"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("argument 'root' is invalid. Allowed choices are viewer, integrator, editor, admin.");
  });

  it("creates an admin key on first start only, in admin-key.txt with mode 600", () => {
    const file = join(dir, "first", "kpi.db");
    const db = openDatabase(file);
    const first = ensureAdminKey(db, file, "2026-01-01T00:00:00.000Z");
    expect(first?.file).toBe(join(dir, "first", "admin-key.txt"));
    expect(readFileSync(first!.file!, "utf8")).toBe(`${first!.key}\n`);
    expect(statSync(first!.file!).mode & 0o777).toBe(0o600);
    expect(findKey(db, first!.key)).toMatchObject({ name: "admin", role: "admin" });
    expect(ensureAdminKey(db, file, "2026-01-02T00:00:00.000Z")).toBeUndefined();
    db.close();
  });
});
