/**
 * Registered connections (`/v1/connections`) and evaluating with one, on a
 * real throw-away PostgreSQL (test/sql/pg-cluster.ts) holding the SaaS
 * example's folder as text tables: admin only; the password is in no
 * answer, log line, audit entry or stored row; evaluating March 2026 with
 * `{connection}` gives the result of the folder form; a missing table and
 * floating-point money are 422s naming them, an unreachable server a 502;
 * a deleted connection is a 404.
 * The URL and seal modules are tested without a server.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectionUrl, scrubPassword } from "../../server/connections/pg-url.js";
import { connectionKey, seal, unseal } from "../../server/connections/seal.js";
import { SECRET_FILE } from "../../server/connections/server-secret.js";
import { seedExamples } from "../../server/registry/seed.js";
import { dialect } from "../../engine/sql/dialect.js";
import { pgBin, startCluster, type PgCluster } from "../sql/pg-cluster.js";
import { closePool, json, ROOT, testServer, type TestServer } from "./helpers.js";

const d = dialect("postgres");
const SAAS = join(ROOT, "examples/saas/dataset");
const PASSWORD = "Pa55-w0rd_that/never:leaks";
const available = pgBin() !== undefined;
if (!available) console.warn("test/server/connections: PostgreSQL binaries absent (/usr/lib/postgresql/*/bin); the live part is skipped — `apt-get install -y postgresql` to run it (CI does)");

describe("connection URLs and seals", () => {
  it("reads postgres URLs strictly and never repeats them in a message", () => {
    const ok = readConnectionUrl(`postgres://kpi:${encodeURIComponent(PASSWORD)}@db.example:5432/sales?sslmode=require`);
    expect(ok).toEqual({ ok: true, value: { url: `postgres://kpi:${encodeURIComponent(PASSWORD)}@db.example:5432/sales?sslmode=require`, shown: "postgres://kpi:***@db.example:5432/sales?sslmode=require", password: PASSWORD } });
    for (const [url, message] of [
      ["mysql://kpi:x@db/sales", "must start with postgres:// or postgresql://"],
      ["postgres://kpi:x@db", "must name one database after the host (postgres://USER:PASSWORD@HOST:PORT/DATABASE)"],
      ["postgres://db/sales", "has no user name (postgres://USER:PASSWORD@HOST:PORT/DATABASE)"],
      ["postgres://kpi:x@db/sales?schema=crm", "must not carry ?schema=: give the schema in the `schema` field"],
      ["postgres://kpi:x@db/sales?sslkey=/etc/shadow", 'has the query parameter "sslkey"; only sslmode and application_name are allowed'],
    ] as const) {
      expect(readConnectionUrl(url), url).toEqual({ ok: false, message });
    }
    expect(scrubPassword(`no ${PASSWORD} or ${encodeURIComponent(PASSWORD)} here`, PASSWORD)).toBe("no *** or *** here");
  });

  it("seals with AES-256-GCM bound to the name: another name or key does not open it", () => {
    const key = connectionKey(Buffer.alloc(32, 7));
    const sealed = seal(key, "postgres://kpi:s3cret@db/sales", "crm");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("s3cret");
    expect(seal(key, "postgres://kpi:s3cret@db/sales", "crm")).not.toBe(sealed);
    expect(unseal(key, sealed, "crm")).toBe("postgres://kpi:s3cret@db/sales");
    expect(() => unseal(key, sealed, "crm2")).toThrow();
    expect(() => unseal(connectionKey(Buffer.alloc(32, 8)), sealed, "crm")).toThrow();
  });
});

/** Each folder file of the SaaS example as a text table of `schema`. */
async function loadText(client: pg.Client, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA ${d.ident(schema)}`);
  for (const file of readdirSync(SAAS).filter((f) => f.endsWith(".csv"))) {
    const lines = readFileSync(join(SAAS, file), "utf8").split("\n").filter((l) => l !== "");
    const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
    const table = `${d.ident(schema)}.${d.ident(file.replace(/\.csv$/, ""))}`;
    await client.query(`CREATE TABLE ${table} (${header.map((h) => `${d.ident(h)} text`).join(", ")})`);
    const rows = lines.slice(1).map((l) => l.split(","));
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const values = batch.map((_, r) => `(${header.map((__, c) => `$${r * header.length + c + 1}`).join(", ")})`).join(", ");
      await client.query(`INSERT INTO ${table} VALUES ${values}`, batch.flatMap((row) => header.map((_, c) => row[c] ?? "")));
    }
  }
}

function folderFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(SAAS).sort()) files[f] = readFileSync(join(SAAS, f), "utf8");
  return files;
}

describe.skipIf(!available)("/v1/connections and evaluating with {connection}", () => {
  let cluster: PgCluster | undefined;
  let t: TestServer;
  /** Every answer body, to search for the password at the end. */
  const bodies: string[] = [];
  const send = async (method: string, path: string, o: Parameters<TestServer["req"]>[2] = {}): Promise<Response> => {
    const res = await t.req(method, path, o);
    const text = await res.clone().text();
    bodies.push(text);
    return res;
  };
  const url = () => cluster!.url.replace("postgres@", `postgres:${encodeURIComponent(PASSWORD)}@`);
  const evaluate = (dataset: unknown, extra: Record<string, unknown> = {}) => send("POST", "/v1/evaluate", { key: "integrator", body: { template: { id: "saas_growth" }, dataset, period: "2026-03", ...extra } });

  beforeAll(async () => {
    cluster = await startCluster();
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      await loadText(client, "saas_text");
      await client.query("CREATE SCHEMA saas_gap");
      for (const table of ["entities", "targets", "inputs", "deals", "leads", "opportunities", "quotes", "followups"]) await client.query(`CREATE TABLE saas_gap.${table} AS SELECT * FROM saas_text.${table}`);
      // Typed deals whose money is floating point: refused by table and column, never rounded.
      await client.query("CREATE SCHEMA saas_float");
      for (const table of ["entities", "targets", "inputs", "deals", "leads", "opportunities", "quotes", "followups", "surveys"]) await client.query(`CREATE TABLE saas_float.${table} AS SELECT * FROM saas_text.${table}`);
      await client.query(
        "ALTER TABLE saas_float.deals ALTER closed_on TYPE date USING NULLIF(closed_on, '')::date, ALTER amount TYPE double precision USING NULLIF(amount, '')::double precision, " +
          "ALTER cost TYPE numeric(18, 2) USING NULLIF(cost, '')::numeric, ALTER days_to_close TYPE bigint USING NULLIF(days_to_close, '')::bigint",
      );
    } finally {
      await client.end();
    }
    t = testServer();
    seedExamples(t.db, join(ROOT, "examples"), "2026-01-01T00:00:00.000Z");
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await closePool();
    cluster?.stop();
  });

  it("registers as admin only, shows the URL with ***, and refuses duplicates and other URLs", async () => {
    const body = { name: "crm", url: url(), schema: "saas_text" };
    for (const key of ["viewer", "integrator", "editor"] as const) expect((await send("POST", "/v1/connections", { key, body })).status, key).toBe(403);
    const res = await send("POST", "/v1/connections", { body });
    const created = await json(res, 201);
    expect(res.headers.get("location")).toBe("/v1/connections/crm");
    expect(created).toEqual({ name: "crm", kind: "postgres", url: cluster!.url.replace("postgres@", "postgres:***@"), schema: "saas_text", createdAt: expect.any(String), createdBy: "admin" });
    expect((await json(await send("POST", "/v1/connections", { body }), 409))["type"]).toBe("https://kpi-engine.dev/problems/conflict");
    const mysql = await json<{ errors: { path: string }[] }>(await send("POST", "/v1/connections", { body: { ...body, name: "other", url: `mysql://kpi:${PASSWORD}@db/sales` } }), 400);
    expect(mysql.errors.map((e) => e.path)).toEqual(["/url"]);
    const param = await json<{ errors: { path: string; message: string }[] }>(await send("POST", "/v1/connections", { body: { ...body, name: "other", url: `${url()}?sslkey=/etc/passwd` } }), 400);
    expect(param.errors).toEqual([{ path: "/url", message: 'has the query parameter "sslkey"; only sslmode and application_name are allowed' }]);
    const name = await json<{ errors: { path: string }[] }>(await send("POST", "/v1/connections", { body: { ...body, name: "Not A Name" } }), 400);
    expect(name.errors.map((e) => e.path)).toEqual(["/name"]);
    // The schema defaults to public.
    expect((await json(await send("POST", "/v1/connections", { body: { name: "gap", url: url() } }), 201))["schema"]).toBe("public");
    expect((await send("DELETE", "/v1/connections/gap")).status).toBe(204);
    await json(await send("POST", "/v1/connections", { body: { name: "gap", url: url(), schema: "saas_gap" } }), 201);
  });

  it("lists and shows connections to admins only, never with the password", async () => {
    const list = await json<{ connections: { name: string; url: string }[] }>(await send("GET", "/v1/connections"), 200);
    expect(list.connections.map((c) => c.name)).toEqual(["crm", "gap"]);
    expect((await json(await send("GET", "/v1/connections/crm"), 200))["url"]).toContain(":***@");
    expect((await send("GET", "/v1/connections", { key: "integrator" })).status).toBe(403);
    expect((await send("GET", "/v1/connections/crm", { key: "viewer" })).status).toBe(403);
    expect((await json(await send("GET", "/v1/connections/nope"), 404))["detail"]).toBe('no connection is named "nope"; GET /v1/connections lists them');
  });

  it("evaluates March 2026 with {connection} as the folder form does", async () => {
    const fromPg = await evaluate({ connection: "crm" });
    const pgText = await fromPg.text();
    expect(fromPg.status, pgText).toBe(200);
    const fromFiles = await evaluate({ files: folderFiles() });
    const filesText = await fromFiles.text();
    expect(fromFiles.status).toBe(200);
    // The folder's load warnings (empty cells) come from reading every record, which stays in the database here.
    const { warnings: _w, ...folder } = JSON.parse(filesText) as Record<string, unknown>;
    expect(JSON.parse(pgText)).toEqual(folder);
    expect(JSON.stringify(JSON.parse(pgText))).toBe(JSON.stringify(folder));
    // With narrowing and an as-of date too.
    const narrow = { entities: ["east"], fields: ["new_amount"], asOf: "2026-03-15" };
    const a = JSON.parse(await (await evaluate({ connection: "crm" }, narrow)).text()) as Record<string, unknown>;
    const { warnings: _w2, ...b } = JSON.parse(await (await evaluate({ files: folderFiles() }, narrow)).text()) as Record<string, unknown>;
    expect(a).toEqual(b);
    // Not an empty answer agreeing with another: the reps have their amounts.
    const periods = (JSON.parse(pgText) as { periods: { entities: { id: string; metrics: Record<string, { value: unknown }> }[] }[] }).periods;
    expect(periods[0]!.entities.filter((e) => e.metrics["new_amount"]?.value !== null && e.metrics["new_amount"]?.value !== "0.00").length).toBeGreaterThan(10);
    // A viewer may not evaluate, with a connection or not.
    expect((await send("POST", "/v1/evaluate", { key: "viewer", body: { template: { id: "saas_growth" }, dataset: { connection: "crm" }, period: "2026-03" } })).status).toBe(403);
  }, 60_000);

  it("answers a missing table with a 422 naming it, an unreachable server with a 502, explain with a 400", async () => {
    const gap = await json<{ type: string; detail: string }>(await evaluate({ connection: "gap" }), 422);
    expect(gap.type).toBe("https://kpi-engine.dev/problems/database-layout");
    expect(gap.detail).toMatch(/^connection "gap" \(postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres\): no table or view saas_gap\.surveys for the source surveys/);
    await json(await send("POST", "/v1/connections", { body: { name: "float", url: url(), schema: "saas_float" } }), 201);
    const float = await json<{ type: string; detail: string }>(await evaluate({ connection: "float" }), 422);
    expect(float.type).toBe("https://kpi-engine.dev/problems/database-layout");
    expect(float.detail).toContain("saas_float.deals.amount is double precision; money must be exact");
    await json(await send("POST", "/v1/connections", { body: { name: "down", url: `postgres://kpi:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/sales` } }), 201);
    const down = await json<{ type: string; detail: string; status: number }>(await evaluate({ connection: "down" }), 502);
    expect(down.type).toBe("https://kpi-engine.dev/problems/database-unavailable");
    expect(down.detail).toMatch(/^connection "down" \(postgres:\/\/kpi:\*\*\*@127\.0\.0\.1:1\/sales\): cannot use the database: /);
    const explain = await json<{ errors: { path: string }[] }>(await evaluate({ connection: "crm" }, { explain: ["r001"] }), 400);
    expect(explain.errors.map((e) => e.path)).toEqual(["/explain"]);
    expect((await json(await evaluate({ connection: "nope" }), 404))["detail"]).toContain('"nope"');
  }, 60_000);

  it("stores the URL sealed, with a mode-600 secret next to the database, and audits without the password", async () => {
    const rows = t.db.prepare("SELECT * FROM connections").all() as { url_sealed: string }[];
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.url_sealed).toMatch(/^v1\./);
    // The file and its write-ahead log, where recent rows are until a checkpoint.
    const raw = ["kpi.db", "kpi.db-wal"].filter((f) => existsSync(join(t.dir, f))).map((f) => readFileSync(join(t.dir, f)).toString("latin1"));
    expect(raw.join("")).toContain("postgres://kpi:***@127.0.0.1:1/sales");
    for (const text of [JSON.stringify(rows), ...raw]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
    expect(statSync(join(t.dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    const audit = await json<{ entries: { action: string; detail?: string }[] }>(await send("GET", "/v1/audit?limit=1000"), 200);
    expect(audit.entries.filter((e) => e.action.startsWith("connection.")).map((e) => e.action)).toEqual(["connection.create", "connection.create", "connection.create", "connection.delete", "connection.create", "connection.create"]);
    expect(audit.entries.find((e) => e.action === "evaluate" && e.detail?.includes("connection crm"))).toBeDefined();
  });

  it("deletes as admin only; then the name is a 404 everywhere", async () => {
    expect((await send("DELETE", "/v1/connections/crm", { key: "integrator" })).status).toBe(403);
    expect((await send("DELETE", "/v1/connections/crm")).status).toBe(204);
    expect((await send("GET", "/v1/connections/crm")).status).toBe(404);
    expect((await send("DELETE", "/v1/connections/crm")).status).toBe(404);
    expect((await evaluate({ connection: "crm" })).status).toBe(404);
  });

  it("never let the password out: no answer body, log line or audit entry holds it", () => {
    const all = [...bodies, ...t.logs, JSON.stringify(t.db.prepare("SELECT * FROM audit").all())].join("\n");
    expect(bodies.length).toBeGreaterThan(20);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(encodeURIComponent(PASSWORD));
  });
});
