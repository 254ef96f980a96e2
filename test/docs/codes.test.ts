/**
 * docs/language.md lists every diagnostic code of the catalogue. When this
 * fails, a code was added or changed: run `npx tsx docs/gen-codes.ts`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../dsl/diagnostics.js";
import { LANGUAGE_MD, updateCodes } from "../../docs/gen-codes.js";

describe("docs/language.md diagnostic codes", () => {
  const doc = readFileSync(LANGUAGE_MD, "utf8");

  it("has a current codes table (else run: npx tsx docs/gen-codes.ts)", () => {
    expect(updateCodes(doc) === doc, "the codes table is stale: run npx tsx docs/gen-codes.ts").toBe(true);
  });

  it("lists every code of the catalogue", () => {
    for (const code of Object.keys(catalogue)) expect(doc).toContain(`| \`${code}\` |`);
  });

  it("mentions only codes that exist, in the docs and the README", () => {
    const texts = [doc, readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8"), readFileSync(new URL("../../README.md", import.meta.url), "utf8")];
    const mentioned = texts.flatMap((t) => [...t.matchAll(/\b(?:syntax|resolve|type|rule)-[a-z]+(?:-[a-z]+)*\b/g)].map((m) => m[0]));
    expect(mentioned.filter((c) => !Object.hasOwn(catalogue, c))).toEqual([]);
  });
});
