/**
 * `kpi fmt`: canonical text on standard output, idempotence on the design
 * examples, `--check` and `--write` (atomic, only files that change, modes
 * kept), and never formatting a file with syntax errors.
 */
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kpi, ROOT, tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => dir.cleanup());

const MESSY = `// revenue metrics
metric   won  "成交" :money=sum( deals.amount   where status=="won" ) // won only
target won{base 100_000 per rep per year
challenge 120%}
`;
const TIDY = `// revenue metrics
metric won "成交": money = sum(deals.amount where status == "won") // won only

target won {
  base 100_000 per rep per year
  challenge 120%
}
`;

const read = (name: string): string => readFileSync(join(dir.path, name), "utf8");

describe("kpi fmt", () => {
  const examples = readdirSync(join(ROOT, "test/fixtures/design")).filter((f) => f.endsWith(".kpi"));

  it.each(examples)("is idempotent on %s", (file) => {
    const once = kpi(["fmt", join("test/fixtures/design", file)]);
    expect(once.code).toBe(0);
    expect(once.stderr).toBe("");
    dir.write({ [file]: once.stdout });
    expect(kpi(["fmt", file], { cwd: dir.path })).toEqual({ code: 0, stdout: once.stdout, stderr: "" });
    expect(kpi(["fmt", "--check", file], { cwd: dir.path })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints the canonical text, comments kept", () => {
    dir.write({ "messy.kpi": MESSY });
    expect(kpi(["fmt", "messy.kpi"], { cwd: dir.path })).toEqual({ code: 0, stdout: TIDY, stderr: "" });
    expect(read("messy.kpi")).toBe(MESSY);
  });

  it("--check lists the files that are not canonical and exits 1", () => {
    dir.write({ "c1.kpi": MESSY, "c2.kpi": TIDY });
    const r = kpi(["fmt", "--check", "c1.kpi", "c2.kpi"], { cwd: dir.path });
    expect(r).toEqual({ code: 1, stdout: "c1.kpi\n", stderr: "1 file not formatted; run kpi fmt --write to fix\n" });
    expect(read("c1.kpi")).toBe(MESSY);
  });

  it("--write rewrites only the files that change, keeps their mode, and lists them", () => {
    dir.write({ "w1.kpi": MESSY, "w2.kpi": TIDY });
    chmodSync(join(dir.path, "w1.kpi"), 0o640);
    const before = statSync(join(dir.path, "w2.kpi")).mtimeMs;
    const r = kpi(["fmt", "--write", "w1.kpi", "w2.kpi"], { cwd: dir.path });
    expect(r).toEqual({ code: 0, stdout: "w1.kpi\n", stderr: "" });
    expect(read("w1.kpi")).toBe(TIDY);
    expect(statSync(join(dir.path, "w1.kpi")).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir.path, "w2.kpi")).mtimeMs).toBe(before);
    expect(readdirSync(dir.path).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(kpi(["fmt", "--check", "w1.kpi"], { cwd: dir.path }).code).toBe(0);
  });

  it("--write through a symbolic link rewrites the target and keeps the link", () => {
    dir.write({ "target.kpi": MESSY });
    symlinkSync("target.kpi", join(dir.path, "link.kpi"));
    expect(kpi(["fmt", "--write", "link.kpi"], { cwd: dir.path })).toEqual({ code: 0, stdout: "link.kpi\n", stderr: "" });
    expect(lstatSync(join(dir.path, "link.kpi")).isSymbolicLink()).toBe(true);
    expect(read("target.kpi")).toBe(TIDY);
  });

  it("never formats a file with syntax errors: diagnostics on standard error, exit 1, nothing written", () => {
    const broken = "metric a = sum(deals.amount\nmetric   b = 1\n";
    dir.write({ "broken.kpi": broken, "fine.kpi": MESSY });
    const r = kpi(["fmt", "--write", "broken.kpi", "fine.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("fine.kpi\n");
    expect(r.stderr).toMatch(/^broken\.kpi:2:1: error syntax-unexpected-token expected `\)` but found `metric`\n 2 \| metric {3}b = 1\n {3}\| \^{6}\n/);
    expect(read("broken.kpi")).toBe(broken);
    expect(read("fine.kpi")).toBe(TIDY);

    const plain = kpi(["fmt", "broken.kpi"], { cwd: dir.path });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe("");
  });

  it("rejects --write with --check, and --write of standard input", () => {
    const both = kpi(["fmt", "--write", "--check", "x.kpi"], { cwd: dir.path });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("kpi: option '-w, --write' cannot be used with option '-c, --check'\n");
    const stdin = kpi(["fmt", "--write", "-"], { cwd: dir.path, input: MESSY });
    expect(stdin).toEqual({ code: 2, stdout: "", stderr: "kpi: cannot --write standard input; leave out --write to print the result\n" });
  });

  it("formats standard input for -", () => {
    expect(kpi(["fmt", "-"], { cwd: dir.path, input: MESSY })).toEqual({ code: 0, stdout: TIDY, stderr: "" });
  });
});
