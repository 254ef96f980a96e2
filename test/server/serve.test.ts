/**
 * `kpi serve` as a process: first start creates and seeds the database from
 * examples/, writes the admin key (mode 600), serves the seeded templates
 * by id, logs one line per request, and stops cleanly on SIGTERM.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Result } from "../../schemas/generated/result.js";
import { DEMO_PAYOUTS, json, ROOT } from "./helpers.js";

const filesOf = (folder: string): Record<string, string> => Object.fromEntries(readdirSync(join(ROOT, folder)).map((f) => [f, readFileSync(join(ROOT, folder, f), "utf8")]));

const dir = mkdtempSync(join(tmpdir(), "kpi-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("serves the seeded registry until SIGTERM", async () => {
  const child = spawn(process.execPath, [join(ROOT, "bin/kpi.js"), "serve", "--port", "0", "--db", join(dir, "data", "kpi.db")], { cwd: dir, env: { ...process.env, PORT: "" } });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`kpi serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const keyFile = join(dir, "data", "admin-key.txt");
    const key = readFileSync(keyFile, "utf8").trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(stderr).toContain(`kpi serve: created the admin key (shown once; also in ${keyFile}):\n${key}\n`);
    expect(stderr).toMatch(/kpi serve: seeded \d+ templates from examples\/: .*saas_growth/);
    // The server's secret, which seals registered connections' passwords, is made at the first start too.
    const secretFile = join(dir, "data", "server-secret.txt");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(secretFile, "utf8").trim(), "base64")).toHaveLength(32);
    expect(stderr).toContain(`kpi serve: created the server's secret in ${secretFile} (mode 600)`);
    const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const list = await json<{ templates: { id: string; latestVersion: number }[] }>(await fetch(`${url}/v1/templates`, { headers: auth }), 200);
    expect(list.templates.find((t) => t.id === "saas_growth")).toMatchObject({ latestVersion: 1 });
    // By id, the library's saas_growth (examples/saas/growth.kpi, which extends saas_base) gives what `kpi eval` gives.
    const res = await fetch(`${url}/v1/evaluate`, { method: "POST", headers: auth, body: JSON.stringify({ template: { id: "saas_growth" }, dataset: { files: filesOf("examples/saas/dataset") }, period: "2026-03" }) });
    expect(res.headers.get("x-template-version")).toBe("1");
    const r = await json<Result>(res, 200);
    const cli = spawnSync(process.execPath, [join(ROOT, "bin/kpi.js"), "eval", "examples/saas/growth.kpi", "--data", "examples/saas/dataset", "--period", "2026-03"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r).toEqual(JSON.parse(cli.stdout));
    const demo = await fetch(`${url}/v1/evaluate`, { method: "POST", headers: auth, body: JSON.stringify({ template: { source: readFileSync(join(ROOT, "examples/demo/demo_saas_growth.kpi"), "utf8") }, dataset: { files: filesOf("examples/demo/dataset") }, period: "2026-03" }) });
    const d = await json<Result>(demo, 200);
    expect(Object.fromEntries(d.periods[0]!.entities.filter((e) => e.kind === "rep").map((e) => [e.id, e.payout]))).toEqual(DEMO_PAYOUTS);
    // The README's example as written: the seeded demo template by id over the demo's files.
    const byId = await fetch(`${url}/v1/evaluate`, { method: "POST", headers: auth, body: JSON.stringify({ template: { id: "demo_saas_growth" }, dataset: { files: filesOf("examples/demo/dataset") }, period: "2026-03" }) });
    expect(await json<Result>(byId, 200)).toEqual(d);
    expect(stderr).toMatch(/\nPOST \/v1\/evaluate 200 \d+\.\dms [0-9a-f-]{36}\n/);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
  expect(stderr).toContain("kpi serve: SIGTERM: finishing requests in flight, then stopping\nkpi serve: stopped\n");
  expect(stdout).toBe("");
});
