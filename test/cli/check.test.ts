/**
 * `kpi check`: exit codes, the exact `FILE:LINE:COL: SEVERITY CODE message`
 * lines with their source and caret lines (wide characters and tabs), JSON
 * output, standard input, and the summary on standard error.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CLEAN, kpi, tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => dir.cleanup());

describe("kpi check", () => {
  it("prints nothing and exits 0 for a clean template", () => {
    dir.write({ "clean.kpi": CLEAN });
    const r = kpi(["check", "clean.kpi"], { cwd: dir.path });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("checks the DESIGN.md example clean", () => {
    const r = kpi(["check", "test/fixtures/design/saas_growth.kpi"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints each error with its source line and carets, and exits 1", () => {
    dir.write({ "bad.kpi": `${CLEAN}alert slow "进度落后" urgent when won_deals < 1\nmetric x = won_amount +\n` });
    const r = kpi(["check", "bad.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "bad.kpi:16:19: error syntax-bad-value `urgent` is not a valid severity (allowed: info, warning, critical)",
        ' 16 | alert slow "进度落后" urgent when won_deals < 1',
        "    |                       ^^^^^^",
        "bad.kpi:17:24: error syntax-unexpected-end unexpected end of text; expected a formula",
        " 17 | metric x = won_amount +",
        "    |                        ^",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("2 errors in 1 file\n");
  });

  it("lines carets up under wide characters and keeps tabs", () => {
    dir.write({ "wide.kpi": "entity rep\n\talert 进度\t\"落后\" urgent when 1 > 0\n" });
    const r = kpi(["check", "wide.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    const [head, source, carets] = r.stdout.split("\n");
    expect(head).toBe("wide.kpi:2:16: error syntax-bad-value `urgent` is not a valid severity (allowed: info, warning, critical)");
    expect(source).toBe(' 2 | \talert 进度\t"落后" urgent when 1 > 0');
    // "\talert " then 进度 (two columns each) then a tab, then `"落后" ` (1 + 4 + 1 + 1 columns).
    expect(carets).toBe(`   | \t${" ".repeat(6)}${" ".repeat(4)}\t${" ".repeat(7)}^^^^^^`);
  });

  it("reports a semantic error at the name, in the user's words", () => {
    dir.write({ "typo.kpi": `${CLEAN}metric share = won_amout / won_deals\n` });
    const r = kpi(["check", "typo.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "typo.kpi:16:16: error resolve-unknown-metric unknown metric `won_amout`; did you mean `won_amount`?",
        " 16 | metric share = won_amout / won_deals",
        "    |                ^^^^^^^^^",
        "",
      ].join("\n"),
    );
  });

  it("exits 0 with warnings only, and still prints them", () => {
    dir.write({ "warn.kpi": `${CLEAN}alert behind "落后" warning when attainment(won_deals) < 80%\n` });
    const r = kpi(["check", "warn.kpi"], { cwd: dir.path });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warn\.kpi:16:\d+: warning rule-no-target /);
    expect(r.stderr).toBe("1 warning in 1 file\n");
  });

  it("checks several files and counts the files with problems", () => {
    dir.write({ "a.kpi": `${CLEAN}metric x = y\n`, "b.kpi": CLEAN });
    const r = kpi(["check", "a.kpi", "b.kpi", "clean.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^a\.kpi:16:12: error resolve-unknown-metric /);
    expect(r.stderr).toBe("1 error in 1 file\n");
  });

  it("prints JSON with --format json", () => {
    dir.write({ "j.kpi": "alert a urgent when 1 > 0\n" });
    const r = kpi(["check", "--format", "json", "j.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: "j.kpi",
        line: 1,
        column: 9,
        endLine: 1,
        endColumn: 15,
        severity: "error",
        code: "syntax-bad-value",
        message: "`urgent` is not a valid severity (allowed: info, warning, critical)",
      },
    ]);
    const clean = kpi(["check", "--format", "json", "clean.kpi"], { cwd: dir.path });
    expect(clean).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
  });

  it("rejects an unknown --format", () => {
    const r = kpi(["check", "--format", "xml", "clean.kpi"], { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("kpi: option '--format <format>' argument 'xml' is invalid");
  });

  it("reads standard input for -", () => {
    const r = kpi(["check", "-"], { cwd: dir.path, input: "metric a = = 1\n" });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^<stdin>:1:12: error syntax-unexpected-token /);
  });

  it("never lets control characters from a template reach the terminal", () => {
    dir.write({ "esc.kpi": 'metric a = "\u001b[2J" +\n' });
    const r = kpi(["check", "esc.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).toContain('"\ufffd[2J"');
  });
});
