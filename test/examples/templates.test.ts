/**
 * Every template of the library checks with no diagnostic at all (not even a
 * warning) and is already in canonical form, through the commands an
 * implementer runs: `kpi check` and `kpi fmt --check`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../golden/examples.js";

const files = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(ROOT, "examples", d.name)).filter((f) => f.endsWith(".kpi")).map((f) => `examples/${d.name}/${f}`))
  .sort();

const kpi = (args: string[]): { code: number; out: string } => {
  try {
    return { code: 0, out: execFileSync("node", ["bin/kpi.js", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
};

describe("the template library", () => {
  it("has the five industries (base + three stages each) and the four sales models", () => {
    for (const industry of ["saas", "medical_devices", "education", "fmcg", "ecommerce"]) {
      for (const stage of ["base", "startup", "growth", "mature"]) expect(files).toContain(`examples/${industry}/${stage}.kpi`);
    }
    for (const role of ["direct", "channel", "telesales", "online"]) expect(files).toContain(`examples/roles/${role}.kpi`);
  });

  it("checks clean: no error and no warning", () => {
    const r = kpi(["check", "--format", "json", ...files]);
    expect(r.code, r.out).toBe(0);
    // `--format json` prints every diagnostic of every file, warnings included, as one array.
    expect(JSON.parse(r.out)).toEqual([]);
  });

  it("is formatted canonically", () => {
    const r = kpi(["fmt", "--check", ...files]);
    expect(r.code, r.out).toBe(0);
  });
});
