/**
 * Inputs the fuzz (fuzz/, `npm run fuzz`) turned up, shrunk, kept as cases
 * with their expected behaviour. Each says what it first broke.
 */
import { describe, expect, it } from "vitest";
import { printTemplate } from "../../dsl/printer.js";
import { checkSource } from "../../engine/check/index.js";
import { frontEnd } from "../../fuzz/oracles.js";

describe("fuzz regressions", () => {
  // Seed 9 (mutants): a block comment between `=` and the formula. The
  // printer moves it above the declaration; the model is the same (the
  // oracle first compared key order, not values).
  it("a comment inside a formula moves above its declaration and the model stays equal", () => {
    const text = "entity rep\nsource orders by rep at at_day {\n  at_day: date\n}\nmetric a = count(orders)\nmetric conv: percent = /* c */ -((-a) -\n    100)\n";
    const r = frontEnd(text);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.printed?.text).toContain("/* c */\nmetric conv: percent = -((-a) - 100)\n");
    expect(checkSource(r.printed!.text).model).toEqual(r.model);
    expect(printTemplate(checkSource(r.printed!.text).model)).toBe(r.printed!.text);
  });
});
