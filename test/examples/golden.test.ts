/**
 * Every template of the library, evaluated on its dataset, equals its
 * committed golden result (test/golden/examples.ts). After an intentional
 * change, `npm run golden` rewrites them and prints what moved.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCase, goldenCases, ROOT } from "../golden/examples.js";

const cases = goldenCases();

describe("golden results of examples/", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.template} ${c.period}`, c] as const))("%s", async (_name, c) => {
    const file = join(ROOT, c.golden);
    expect(existsSync(file), `${c.golden} is missing: run npm run golden`).toBe(true);
    const actual = await evaluateCase(c);
    const expected = readFileSync(file, "utf8");
    // Parsed first, for a readable diff; then byte for byte (key order, number text).
    expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
    expect(actual).toBe(expected);
  });
});
