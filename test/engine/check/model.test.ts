/** checkModel: a model without text, as the HTTP API and the designer send it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../../dsl/parse.js";
import { checkModel, checkSource } from "../../../engine/check/index.js";
import type { Template } from "../../../schemas/generated/template.js";

const SAAS = readFileSync("test/fixtures/design/saas_growth.kpi", "utf8");

const model = (extra: Template["declarations"]): Template => ({
  declarations: [
    { kind: "entity", name: "rep" },
    { kind: "source", name: "deals", by: "rep", at: "d", fields: [{ name: "amount", type: "money" }, { name: "d", type: "date" }] },
    ...extra,
  ],
});

describe("checkModel", () => {
  it("gives the same checked model as checking the text", () => {
    const fromModel = checkModel(parseTemplate(SAAS).model);
    expect(fromModel.diagnostics).toEqual([]);
    expect(fromModel.checked).toEqual(checkSource(SAAS).checked);
  });

  it("reports a path and a span relative to the expression", () => {
    const r = checkModel(model([{ kind: "metric", name: "revenue", formula: "sum(deals.amount)" }, { kind: "metric", name: "x", formula: "2 * revnue" }]));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "resolve-unknown-metric",
        message: "unknown metric `revnue`; did you mean `revenue`?",
        path: "/declarations/3/formula",
        span: { start: 4, end: 10, line: 1, column: 5 },
      }),
    ]);
    expect(r.checked).toBeUndefined();
  });

  it("reports a syntax error in an expression with its path and skips the declaration", () => {
    const r = checkModel(model([{ kind: "metric", name: "a", formula: "1 +" }, { kind: "metric", name: "b", formula: "a * 2%" }]));
    expect(r.diagnostics.map((d) => [d.code, d.path, d.span.column])).toEqual([["syntax-unexpected-end", "/declarations/2/formula", 4]]);
  });

  it("points at the property for checks of non-expression properties", () => {
    const r = checkModel(model([{ kind: "scorecard", name: "s", items: [{ metric: "nps", weight: "100%" }] }]));
    expect(r.diagnostics.map((d) => [d.code, d.path, d.span.line, d.span.column])).toEqual([["resolve-unknown-metric", "/declarations/2/items/0/metric", 1, 1]]);
  });

  it("orders diagnostics by model path", () => {
    const r = checkModel(model([
      { kind: "metric", name: "a", formula: "zz" },
      { kind: "metric", name: "b", formula: "1 + yy" },
      { kind: "alert", name: "c", severity: "info", when: "a > 1", message: "{xx}" },
    ]));
    expect(r.diagnostics.map((d) => [d.path, d.span.column])).toEqual([
      ["/declarations/2/formula", 1],
      ["/declarations/3/formula", 5],
      ["/declarations/4/message", 2],
    ]);
  });

  it("checks a model that extends a base given as text", () => {
    const r = checkModel(
      { header: { name: "child", extends: "base" }, declarations: [{ kind: "metric", name: "b", formula: "a + 1" }] },
      { loadBase: () => ({ file: "base.kpi", text: "template base\nmetric a = 1\n" }) },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.checked?.metrics.map((m) => m.name)).toEqual(["a", "b"]);
  });
});

describe("checkSource diagnostics", () => {
  it("are sorted by position and each carries a path", () => {
    const r = checkSource("metric b = zz\nmetric a = yy + 1\ntarget q { base 1 }\n");
    expect(r.diagnostics.map((d) => [d.span.line, d.span.column, d.path])).toEqual([
      [1, 12, "/declarations/0/formula"],
      [2, 12, "/declarations/1/formula"],
      [3, 8, "/declarations/2/metric"],
    ]);
  });

  it("never reach a checked model with errors, but warnings do", () => {
    const r = checkSource("metric a = 1\nmetric b = attainment(a)\n");
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(r.checked).toBeDefined();
  });

  it("treat prototype keys as plain names", () => {
    const r = checkSource("entity rep\nsource s by rep at d {\n  d: date\n  x: constructor\n}\nmetric m: toString = __proto__ + hasOwnProperty(1)\n");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["type-unknown-type", "type-unknown-type", "resolve-unknown-metric", "resolve-unknown-function"]);
  });
});
