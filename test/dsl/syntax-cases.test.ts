/** Golden syntax cases: each source gives exactly the listed diagnostics (code, line, column). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../dsl/parse.js";

interface Case {
  name: string;
  source: string;
  expect: { diagnostics: { code: string; line: number; column: number }[] };
}

const cases = JSON.parse(readFileSync("test/cases/check/syntax.json", "utf8")) as Case[];

describe("syntax golden cases", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const got = parseTemplate(c.source).diagnostics.map((d) => ({ code: d.code, line: d.span.line, column: d.span.column }));
    expect(got).toEqual(c.expect.diagnostics);
  });
});
