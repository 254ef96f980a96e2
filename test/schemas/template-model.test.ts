/** The template schema at the boundary: models from outside are validated before anything else. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reservedWords } from "../../dsl/tokens.js";
import { checkModel } from "../../engine/check/index.js";
import { parseTemplate } from "../../dsl/parse.js";
import { validateTemplate } from "../../schemas/validators.js";

describe("template schema", () => {
  it("accepts the models the parser builds from the DESIGN.md example", () => {
    const m = parseTemplate(readFileSync("test/fixtures/design/saas_growth.kpi", "utf8")).model;
    expect(validateTemplate(m)).toBe(true);
  });

  it("reports an invalid model by JSON path and checks nothing else", () => {
    const r = checkModel({ declarations: [{ kind: "metric", name: "1bad", formula: "" }, { kind: "widget" }], extra: true });
    expect(r.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      ["schema-invalid", "/extra", "the template model is invalid at /extra: is not allowed here"],
      ["schema-invalid", "/declarations/0/name", 'the template model is invalid at /declarations/0/name: must match pattern "^[\\p{L}_][\\p{L}\\p{N}\\p{M}_]*$"'],
      ["schema-invalid", "/declarations/0/formula", "the template model is invalid at /declarations/0/formula: must NOT have fewer than 1 characters"],
      ["schema-invalid", "/declarations/1/kind", 'the template model is invalid at /declarations/1/kind: must be one of "entity", "source", "metric", "target", "scorecard", "incentive", "alert", "funnel", "drop"'],
      ["schema-invalid", "/declarations/1", 'the template model is invalid at /declarations/1: value of tag "kind" must be in oneOf'],
    ]);
    expect(r.checked).toBeUndefined();
  });

  it("treats a reserved word as an invalid name, so every valid model prints to parseable text", () => {
    expect(validateTemplate({ declarations: [{ kind: "metric", name: "input", formula: "1" }] })).toBe(false);
    const schema = JSON.parse(readFileSync("schemas/template.schema.json", "utf8")) as { $defs: { Name: { not: { enum: string[] } } } };
    expect([...schema.$defs.Name.not.enum].sort()).toEqual([...reservedWords].sort());
  });

  it("keeps __proto__ and constructor as plain names", () => {
    const r = checkModel({ declarations: [{ kind: "metric", name: "__proto__", formula: "1" }, { kind: "metric", name: "constructor", formula: "__proto__ + 1" }] });
    expect(r.diagnostics).toEqual([]);
    expect(r.checked?.metrics.map((m) => m.name)).toEqual(["__proto__", "constructor"]);
  });
});

describe("prototype keys in template text", () => {
  it("are ordinary names for metrics, fields and enum values", async () => {
    const { checkSource } = await import("../../engine/check/index.js");
    const src = [
      "entity rep",
      'source deals by rep at on { constructor: "__proto__" | "toString"\n on: date }',
      'metric __proto__ = count(deals where constructor == "__proto__")',
      "metric hasOwnProperty = __proto__ * 2",
    ].join("\n");
    const r = checkSource(src);
    expect(r.diagnostics).toEqual([]);
    expect(r.checked?.metrics.map((m) => m.name)).toEqual(["__proto__", "hasOwnProperty"]);
  });
});
