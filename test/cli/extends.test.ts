/**
 * `kpi check` with `extends`: the base is found next to the file (by file
 * name, or by its `template NAME` header), a missing base is an error at the
 * base's name, and a mistake in the base is reported in the base file, once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CLEAN, kpi, tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => dir.cleanup());

/** CLEAN, renamed, plus a metric to drop: a base template. */
const BASE = `${CLEAN.replace('template small "小"', 'template saas_base "基础"')}metric spare = count(deals)\n`;
const CHILD = `template saas_startup "SaaS 初创期" extends saas_base {
  stage startup
}

// Replaces the base's won_deals; drops spare.
metric won_deals = count(deals where status == "won" or status == "open")
metric avg_won: money = won_amount / won_deals
drop metric spare
`;

describe("kpi check with extends", () => {
  it("finds NAME.kpi next to the file", () => {
    dir.write({ "saas_base.kpi": BASE, "saas_startup.kpi": CHILD });
    expect(kpi(["check", "saas_startup.kpi"], { cwd: dir.path })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("finds the base by its header when the file has another name", () => {
    const sub = tempDir();
    try {
      sub.write({ "common.kpi": BASE, "startup.kpi": CHILD });
      expect(kpi(["check", "startup.kpi"], { cwd: sub.path })).toEqual({ code: 0, stdout: "", stderr: "" });
      // Relative to the file, not to the current folder.
      expect(kpi(["check", `${sub.path}/startup.kpi`], { cwd: dir.path }).code).toBe(0);
    } finally {
      sub.cleanup();
    }
  });

  it("reports a missing base at the name after extends", () => {
    dir.write({ "orphan.kpi": CHILD.replace("saas_base", "saas_basis") });
    const r = kpi(["check", "orphan.kpi"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "orphan.kpi:1:42: error resolve-missing-base cannot find the base template `saas_basis`",
      ' 1 | template saas_startup "SaaS 初创期" extends saas_basis {',
      // 41 columns before the name, plus one more for each of the three wide characters.
      `   | ${" ".repeat(44)}^^^^^^^^^^`,
    ]);
  });

  it("reports a mistake in the base in the base file, once for several children", () => {
    const sub = tempDir();
    try {
      sub.write({
        "saas_base.kpi": BASE.replace("metric won_deals = count(deals", "metric won_deals = count(deal"),
        "a.kpi": CHILD.replace("saas_startup", "a"),
        "b.kpi": CHILD.replace("saas_startup", "b"),
      });
      const r = kpi(["check", "a.kpi", "b.kpi"], { cwd: sub.path });
      expect(r.code).toBe(1);
      const heads = r.stdout.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
      expect(heads.filter((h) => h.startsWith("saas_base.kpi:15:"))).toHaveLength(1);
      expect(r.stdout).toContain(" 15 | metric won_deals = count(deal where status == \"won\")\n");
    } finally {
      sub.cleanup();
    }
  });

  it("resolves extends from standard input in the current folder", () => {
    dir.write({ "saas_base.kpi": BASE });
    expect(kpi(["check", "-"], { cwd: dir.path, input: CHILD })).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
