import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../dsl/parse.js";
import { printTemplate } from "../../dsl/printer.js";
import { validateTemplate } from "../../schemas/validators.js";
import { template } from "./arbitraries.js";

const examples = ["test/fixtures/design/saas_growth.kpi", "test/fixtures/design/funnel.kpi", "test/fixtures/dsl/comments.kpi"];

describe("print then parse", () => {
  it("gives back every generated model (comments, labels with any characters, soft keywords as names)", () => {
    fc.assert(
      fc.property(template, (m) => {
        expect(validateTemplate(m), JSON.stringify(validateTemplate.errors())).toBe(true);
        const text = printTemplate(m);
        const r = parseTemplate(text);
        expect(r.diagnostics, text).toEqual([]);
        expect(r.model).toEqual(m);
      }),
      { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 300) },
    );
  });

  it.each(examples)("gives back the model of %s, and formatting is idempotent", (file) => {
    const text = readFileSync(file, "utf8");
    const first = parseTemplate(text);
    expect(first.diagnostics).toEqual([]);
    const once = printTemplate(first.model);
    const again = parseTemplate(once);
    expect(again.diagnostics).toEqual([]);
    expect(again.model).toEqual(first.model);
    expect(printTemplate(again.model)).toBe(once);
  });

  it("leaves the DESIGN.md examples exactly as written: they are canonical", () => {
    for (const file of examples.slice(0, 2)) {
      const text = readFileSync(file, "utf8");
      expect(printTemplate(parseTemplate(text).model)).toBe(text);
    }
  });
});
