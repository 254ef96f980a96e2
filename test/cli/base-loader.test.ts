/**
 * Finding the base template next to a file, in-process: `NAME.kpi` first,
 * otherwise the first `*.kpi` whose header names NAME; nothing else.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBaseLoader, headerName } from "../../cli/base-loader.js";
import { tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => dir.cleanup());

describe("headerName", () => {
  it("reads the name of a leading template header, after comments", () => {
    expect(headerName("template saas_base { grain month }")).toBe("saas_base");
    expect(headerName('// base\n/* x */ template 基础 "基础" extends other')).toBe("基础");
    expect(headerName("template rate")).toBe("rate");
    expect(headerName("metric a = 1\ntemplate late")).toBeUndefined();
    expect(headerName('// template fake\nmetric a = "template b"')).toBeUndefined();
    expect(headerName("")).toBeUndefined();
  });
});

describe("createBaseLoader", () => {
  dir.write({
    "saas_base.kpi": "template saas_base\n",
    "a_other.kpi": "template saas_base // also claims the name\n",
    "b_shared.kpi": "// shared\ntemplate shared\n",
    "c_shared.kpi": "template shared\n",
    "child.kpi": "template child extends saas_base\n",
  });
  mkdirSync(join(dir.path, "sub"));
  writeFileSync(join(dir.path, "sub", "shared.kpi"), "template shared\n");
  const child = join(dir.path, "child.kpi");

  it("takes NAME.kpi beside the file first", () => {
    const loader = createBaseLoader();
    expect(loader.load("saas_base", child)).toEqual({ file: join(dir.path, "saas_base.kpi"), text: "template saas_base\n" });
    expect(loader.texts.get(join(dir.path, "saas_base.kpi"))).toBe("template saas_base\n");
  });

  it("otherwise takes the first file, by name, whose header is `template NAME`", () => {
    expect(createBaseLoader().load("shared", child)?.file).toBe(join(dir.path, "b_shared.kpi"));
  });

  it("looks only in the folder of the file that extends", () => {
    const loader = createBaseLoader();
    expect(loader.load("shared", join(dir.path, "sub", "x.kpi"))?.file).toBe(join(dir.path, "sub", "shared.kpi"));
    expect(loader.load("nowhere", child)).toBeUndefined();
    expect(loader.load("child", join(dir.path, "sub", "x.kpi"))).toBeUndefined();
  });

  it("keeps names with path characters away from the file system", () => {
    const loader = createBaseLoader();
    expect(loader.load("../child", join(dir.path, "sub", "x.kpi"))).toBeUndefined();
    expect(loader.load("..", child)).toBeUndefined();
  });
});
