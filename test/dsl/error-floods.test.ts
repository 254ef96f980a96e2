/**
 * Text made of nothing but mistakes (issue 10, findings 1 and 2): the front
 * end reports the first 50 and stops reading, so a flood of errors costs no
 * more than the same text without them, and never overflows the stack.
 * Speed itself is measured by `npm run bench:dsl -- --adversarial`.
 */
import { describe, expect, it } from "vitest";
import { checkSource } from "../../engine/check/index.js";
import { parseExpression, parseTemplate } from "../../dsl/parse.js";
import { lex, MAX_SOURCE_LENGTH } from "../../dsl/lexer.js";
import { kpiParser } from "../../dsl/parser.js";

const located = (text: string) => parseTemplate(text).diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code}`);

describe("error floods", () => {
  it("2 MB of repeated keywords give 50 located errors and a note, not a stack overflow", () => {
    const text = "metric ".repeat(Math.floor((MAX_SOURCE_LENGTH - 1000) / 7));
    const r = parseTemplate(text);
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[0]).toMatchObject({ code: "syntax-unexpected-token", span: { line: 1, column: 8 } });
    expect(r.diagnostics[50]!.code).toBe("syntax-too-many-errors");
    expect(checkSource(text).diagnostics).toHaveLength(51);
  });

  it("100,000 unexpected characters give the first 50 in text order", () => {
    const r = parseTemplate(`metric x = 2${"^2".repeat(100_000)}`);
    expect(r.diagnostics.slice(0, 3).map((d) => `${d.span.column} ${d.code}`)).toEqual([
      "13 syntax-unexpected-character", "15 syntax-unexpected-character", "17 syntax-unexpected-character",
    ]);
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[50]!.code).toBe("syntax-too-many-errors");
  });

  it("stops reading after the limit: declarations after the cut are not in the model", () => {
    const text = `${"metric = \n".repeat(120)}metric late = 1\n`;
    const r = parseTemplate(text);
    expect(r.model.declarations.some((d) => "name" in d && d.name === "late")).toBe(false);
    expect(located(text).at(-1)).toMatch(/ syntax-too-many-errors$/);
  });

  it("reads on when the errors stay under the limit", () => {
    const text = `${"metric = \n".repeat(10)}metric late = 1\n`;
    expect(parseTemplate(text).model.declarations.at(-1)).toMatchObject({ kind: "metric", name: "late", formula: "1" });
    expect(located(text)).toHaveLength(20); // two per line: the missing name and the missing `=`
  });

  it("echoes of lexical errors are still dropped after the cut", () => {
    // Each `@` is one lexical error; the parse error right after it is its echo.
    const r = parseTemplate("metric a = 1 @ 2\n".repeat(80));
    expect(r.diagnostics.filter((d) => d.code === "syntax-unexpected-character")).toHaveLength(50);
    expect(r.diagnostics.filter((d) => d.code === "syntax-unexpected-token")).toEqual([]);
  });

  it("many unterminated strings in a formula stop at the limit", () => {
    const r = parseExpression(`"a\n${"\"a\n".repeat(20_000)}`);
    expect(r.diagnostics).toHaveLength(51);
    expect(r.diagnostics[0]).toMatchObject({ code: "syntax-unterminated-string", span: { line: 1, column: 1 } });
  });

  it("leaves the lexer's token array as it was after a cut", () => {
    const tokens = lex("metric ".repeat(500)).tokens;
    const parser = kpiParser();
    const { cut } = parser.parseWith(tokens, 5, () => parser.file());
    expect(cut).toBe(true);
    expect(tokens).toHaveLength(500);
    expect(tokens.every((t) => t.image === "metric")).toBe(true);
  });
});
