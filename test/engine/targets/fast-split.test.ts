/**
 * The fast splitter and rounded multiply-divide must agree exactly with the
 * reference BigInt implementations (`engine/split.ts`, `engine/money.ts`) on
 * every input, including the ones that fall back to BigInt.
 * @module
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moneyMulDiv } from "../../../engine/money.js";
import { splitLargestRemainder } from "../../../engine/split.js";
import { makeSplitter, mulDivRound } from "../../../engine/targets/fast-split.js";

describe("makeSplitter", () => {
  it("gives the hand-computed splits", () => {
    expect(makeSplitter([1, 1, 1]).split(100)).toEqual([34, 33, 33]);
    expect(makeSplitter([1, 2, 3]).split(100)).toEqual([17, 33, 50]);
    expect(makeSplitter(["20%", "25%", "25%", "30%"]).split(60_007_919)).toEqual([12_001_584, 15_001_980, 15_001_980, 18_002_375]);
    expect(makeSplitter([0, 0]).split(5)).toEqual([3, 2]);
    expect(makeSplitter([1, 1, 1]).split(-100)).toEqual([-33, -33, -34]);
  });

  it("falls back to BigInt for totals beyond the exact range of total × weights", () => {
    const total = Number.MAX_SAFE_INTEGER - 7;
    expect(makeSplitter(["33.3333%", "66.6667%"]).split(total)).toEqual(splitLargestRemainder(total, ["33.3333%", "66.6667%"]));
  });

  it("agrees with splitLargestRemainder on random totals and weights", () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000 }).map((n) => `${n / 100}%`));
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(weight, { minLength: 1, maxLength: 14 }), (total, weights) => {
        const reference = splitLargestRemainder(total, weights);
        const splitter = makeSplitter(weights);
        expect(splitter.split(total)).toEqual(reference);
        // splitInto writes the same shares at an offset and touches nothing else
        const out = new Float64Array(weights.length + 2).fill(7);
        splitter.splitInto(total, out, 1);
        expect(Array.from(out)).toEqual([7, ...reference, 7]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("mulDivRound", () => {
  it("rounds a × num / den once, by the mode", () => {
    expect(mulDivRound(8_000_000, 10, 31, "half_up")).toBe(2_580_645);
    expect(mulDivRound(100_001, 15, 30, "half_up")).toBe(50_001);
    expect(mulDivRound(100_001, 15, 30, "half_even")).toBe(50_000);
    expect(mulDivRound(-5, 1, 2, "half_up")).toBe(-3);
    expect(mulDivRound(-5, 1, 2, "half_even")).toBe(-2);
  });

  it("agrees with moneyMulDiv on random inputs, both modes", () => {
    fc.assert(
      // num ≤ den keeps every result exact while a × num still often passes 2^53 (the BigInt path).
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.boolean(), (a, x, y, even) => {
        const [num, den] = x <= y ? [x, y] : [y, x === 0 ? 1 : x];
        const mode = even ? "half_even" : "half_up";
        expect(mulDivRound(a, num, den, mode)).toBe(moneyMulDiv(a, num, den, mode));
      }),
      { numRuns: 3000 },
    );
  });
});
