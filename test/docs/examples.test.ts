/**
 * docs/language.md against the language itself: every `kpi` example parses
 * without a diagnostic, the opening example (a complete template) checks
 * clean, and the reserved words, soft keywords and functions it lists are
 * exactly the ones the lexer and checker know.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../dsl/parse.js";
import { reservedWords, softWords } from "../../dsl/tokens.js";
import { FUNCTION_NAMES } from "../../engine/check/functions.js";
import { checkSource } from "../../engine/check/index.js";
import { LANGUAGE_MD } from "../../docs/gen-codes.js";

const doc = readFileSync(LANGUAGE_MD, "utf8");
const blocks = [...doc.matchAll(/^```kpi\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
const where = (d: { span: { line: number; column: number }; code: string; message: string }) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`;

/** The backquoted words of the paragraph after a bold heading such as `**Reserved words**`. */
function wordsAfter(heading: string): string[] {
  const start = doc.indexOf(heading);
  const list = doc.slice(doc.indexOf("\n\n", start) + 2, doc.indexOf("\n\n", doc.indexOf("\n\n", start) + 2));
  return [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

describe("docs/language.md examples", () => {
  it("has examples", () => expect(blocks.length).toBeGreaterThan(10));

  it.each(blocks.map((b, i) => [i + 1, b] as const))("example %i parses", (_i, text) => {
    expect(parseTemplate(text).diagnostics.map(where)).toEqual([]);
  });

  it("the opening example checks clean", () => {
    expect(checkSource(blocks[0]!, {}).diagnostics.map(where)).toEqual([]);
  });
});

describe("docs/language.md word lists", () => {
  it("lists exactly the reserved words and soft keywords", () => {
    expect(wordsAfter("**Reserved words**")).toEqual([...reservedWords]);
    expect(wordsAfter("**Soft keywords**")).toEqual([...softWords]);
  });

  it("documents every function", () => {
    for (const fn of FUNCTION_NAMES) expect(doc).toContain(`| \`${fn}(`);
  });
});
