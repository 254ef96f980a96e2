/** Size and depth limits: each gives one clear diagnostic, never a stack overflow. */
import { describe, expect, it } from "vitest";
import { parseExpression, parseTemplate } from "../../dsl/parse.js";

const codes = (text: string) => parseTemplate(text).diagnostics.map((d) => d.code);

describe("limits", () => {
  it("rejects a 5 MB template with one size diagnostic", () => {
    const text = "metric a = 1\n".repeat(Math.ceil((5 * 1024 * 1024) / 13));
    const r = parseTemplate(text);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([["syntax-too-large", 1, 1]]);
    expect(r.diagnostics[0]!.message).toMatch(/^template is too large: \d+ bytes, the limit is 2097152$/);
    expect(r.model.declarations).toEqual([]);
  });

  it("rejects 10,000 nested parentheses at the 101st", () => {
    const text = `metric a = ${"(".repeat(10_000)}1${")".repeat(10_000)}`;
    const r = parseTemplate(text);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([["syntax-too-deep", 1, 12 + 100]]);
    expect(parseExpression(`${"f(".repeat(5000)}1${")".repeat(5000)}`).diagnostics.map((d) => d.code)).toEqual(["syntax-too-deep"]);
  });

  it("accepts 100 nested parentheses", () => {
    expect(codes(`metric a = ${"(".repeat(100)}1${")".repeat(100)}`)).toEqual([]);
  });

  it("parses 10,000 prefix operators without recursion, and rejects the tree as too complex", () => {
    expect(codes(`metric a = ${"-".repeat(10_000)}1`)).toEqual(["syntax-too-complex"]);
    expect(codes(`metric a = ${"not ".repeat(10_000)}true`)).toEqual(["syntax-too-complex"]);
    expect(codes(`metric a = ${"-".repeat(499)}1`)).toEqual([]);
  });

  it("rejects a template name of 1.9 million characters, so it never becomes a registry id", () => {
    const name = "t".repeat(1_900_000);
    const r = parseTemplate(`template ${name} {\n  grain month\n}\nmetric ok = 1\n`);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.message])).toEqual([
      ["syntax-name-too-long", 1, 10, "name is 1,900,000 characters long; the limit is 200"],
    ]);
    expect(r.model.header?.name).toBeUndefined();
  });

  it("accepts names of 200 characters and labels of 500, and rejects one more of each", () => {
    expect(codes(`metric ${"m".repeat(200)} "${"é".repeat(500)}" = 1\n`)).toEqual([]);
    const r = parseTemplate(`metric ${"m".repeat(201)} = 1\nmetric b "${"é".repeat(501)}" = 1\n`);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.message])).toEqual([
      ["syntax-name-too-long", 1, 8, "name is 201 characters long; the limit is 200"],
      ["syntax-label-too-long", 2, 10, "label is 501 characters long; the limit is 500"],
    ]);
  });

  it("rejects a number with more than 30 digits", () => {
    const r = parseTemplate(`target a { base ${"9".repeat(31)} }`);
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([["syntax-number-too-long", 1, 17]]);
  });

  it("stops after 50 syntax errors", () => {
    const r = parseTemplate("metric = \n".repeat(200));
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[50]!.code).toBe("syntax-too-many-errors");
  });

  it("rejects 20,000 chained additions as too complex, and accepts 400", () => {
    const sum = (n: number) => `metric a = ${Array.from({ length: n }, (_, i) => `x${i}`).join(" + ")}`;
    const r = parseTemplate(sum(20_000));
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([["syntax-too-complex", 1, 12]]);
    expect(r.diagnostics[0]!.message).toBe("formula is too complex: operators nested more than 500 deep; split it into several metrics");
    expect(codes(sum(400))).toEqual([]);
  });
});
