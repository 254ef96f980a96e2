/**
 * How `kpi` treats its command line: help and version, bad usage (exit 2
 * with a one-line `kpi: …` message and never a stack trace), unreadable
 * files, `eval`'s required options, and `serve`'s port (the server itself:
 * test/server/serve.test.ts).
 */
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLEAN, kpi, ROOT, tempDir } from "./helpers.js";

const dir = tempDir();
dir.write({ "ok.kpi": CLEAN });
afterAll(() => dir.cleanup());

const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A usage error: exit 2, one clean message on standard error, nothing on standard output. */
function expectUsage(r: ReturnType<typeof kpi>, message: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe("kpi usage", () => {
  it("prints help and version, quietly", () => {
    const help = kpi(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const c of ["check", "fmt", "eval", "serve"]) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(kpi(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("prints help for each command", () => {
    expect(kpi(["check", "--help"]).stdout).toContain("--format <format>");
    expect(kpi(["fmt", "--help"]).stdout).toMatch(/--write[\s\S]*--check/);
    expect(kpi(["help", "fmt"]).stdout).toContain("Usage: kpi fmt");
    const evalHelp = kpi(["eval", "--help"]).stdout;
    for (const o of ["--data <path>", "--period <period>", "--as-of <date>", "--format <format>", "--explain <entity>"]) expect(evalHelp).toContain(o);
    const serveHelp = kpi(["serve", "--help"]).stdout;
    for (const o of ["--port <n>", "--db <file>"]) expect(serveHelp).toContain(o);
  });

  it("exits 2 without arguments, showing the help on standard error", () => {
    const r = kpi([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: kpi");
  });

  it("exits 2 on an unknown option, an unknown command, or no files", () => {
    expectUsage(kpi(["check", "--bogus", "ok.kpi"], { cwd: dir.path }), "kpi: unknown option '--bogus'");
    expectUsage(kpi(["chek", "ok.kpi"]), "kpi: unknown command 'chek'\n(Did you mean check?)");
    expectUsage(kpi(["check"]), "kpi: missing required argument 'files'");
    expectUsage(kpi(["fmt"]), "kpi: missing required argument 'files'");
  });

  it("exits 2 with `kpi: cannot read FILE: reason` for a file it cannot read", () => {
    expectUsage(kpi(["check", "ok.kpi", "missing.kpi"], { cwd: dir.path }), "kpi: cannot read missing.kpi: no such file\n");
    expectUsage(kpi(["check", "."], { cwd: dir.path }), "kpi: cannot read .: is a directory\n");
    expectUsage(kpi(["fmt", "missing.kpi"], { cwd: dir.path }), "kpi: cannot read missing.kpi: no such file\n");
  });

  it.skipIf(process.getuid?.() === 0)("exits 2 for a file without read permission", () => {
    dir.write({ "secret.kpi": CLEAN });
    chmodSync(join(dir.path, "secret.kpi"), 0o000);
    expectUsage(kpi(["check", "secret.kpi"], { cwd: dir.path }), "kpi: cannot read secret.kpi: permission denied\n");
  });

  it("checks eval's and serve's options, with exit 2", () => {
    expectUsage(kpi(["eval", "ok.kpi", "--data", "d.json", "--period", "2026-03"], { cwd: dir.path }), "kpi: cannot read d.json: no such file or folder\n");
    expectUsage(kpi(["eval", "ok.kpi"], { cwd: dir.path }), "kpi: required option '--data <path>' not specified");
    expectUsage(kpi(["serve", "--port", "http"]), "kpi: option '--port <n>' argument 'http' is invalid. a port is a whole number from 0 to 65535 (0: any free port)");
  });
});
