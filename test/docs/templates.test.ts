/** docs/templates.md carries the current READMEs of the template library, and names every template of it. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIBRARY, TEMPLATES_MD, withLibrary } from "../../docs/gen-templates.js";

describe("docs/templates.md", () => {
  const doc = readFileSync(TEMPLATES_MD, "utf8");

  it("is up to date with examples/*/README.md (npx tsx docs/gen-templates.ts)", () => {
    expect(withLibrary(doc) === doc).toBe(true);
  });

  it("names every template file of the library", () => {
    for (const folder of LIBRARY) {
      for (const file of readdirSync(new URL(`../../examples/${folder}/`, import.meta.url)).filter((f) => f.endsWith(".kpi"))) {
        expect(doc, `examples/${folder}/${file}`).toContain(`examples/${folder}/${file}`);
      }
    }
  });
});
