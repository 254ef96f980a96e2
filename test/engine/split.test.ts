import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLargestRemainder, splitYearTarget } from "../../engine/split.js";

const W1_QUARTERS = ["20%", "25%", "25%", "30%"];

describe("splitLargestRemainder", () => {
  it("floors the shares and hands the leftover to the largest fractions", () => {
    expect(splitLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitLargestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 16.67, 33.33, 50: the one leftover unit goes to the .67, not to the first share by position
    expect(splitLargestRemainder(100, [1, 2, 3])).toEqual([17, 33, 50]);
    // 100 × 3/7 … = 42.86, 28.57, 28.57: the leftover goes to .86
    expect(splitLargestRemainder(100, [3, 2, 2])).toEqual([43, 29, 28]);
    expect(splitLargestRemainder(0, [1, 2, 3])).toEqual([0, 0, 0]);
    expect(splitLargestRemainder(7, [5])).toEqual([7]);
  });

  it("breaks ties in favour of the earlier share", () => {
    expect(splitLargestRemainder(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
    expect(splitLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(splitLargestRemainder(3, [1, 1, 1, 1])).toEqual([1, 1, 1, 0]);
    // 7 × [1,2,1,2]/6 = 1.17, 2.33, 1.17, 2.33: floors sum to 6, the one unit goes to the first .33
    expect(splitLargestRemainder(7, [1, 2, 1, 2])).toEqual([1, 3, 1, 2]);
  });

  it("computes with exact decimals whatever form the weights take", () => {
    // 0.1 + 0.2 + 0.7 is 0.9999999999999999 in floating point; the split must still be exact.
    expect(splitLargestRemainder(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]);
    expect(splitLargestRemainder(10, ["10%", "20%", "70%"])).toEqual([1, 2, 7]);
    expect(splitLargestRemainder(10, [new Big("0.1"), new Big("0.2"), new Big("0.7")])).toEqual([1, 2, 7]);
    // Percent and plain weights of one split mean the same ratios.
    expect(splitLargestRemainder(1000, ["20%", "25%", "25%", "30%"])).toEqual(splitLargestRemainder(1000, [20, 25, 25, 30]));
    expect(splitLargestRemainder(1000, [1e-7, 3e-7])).toEqual([250, 750]);
    expect(splitLargestRemainder(9, ["1_000", "2_000"])).toEqual([3, 6]);
  });

  it("splits evenly when every weight is zero", () => {
    expect(splitLargestRemainder(10, [0, 0, 0])).toEqual([4, 3, 3]);
    expect(splitLargestRemainder(10, ["0%", "0"])).toEqual([5, 5]);
    // A single zero weight among others simply gets nothing.
    expect(splitLargestRemainder(10, [0, 1, 1])).toEqual([0, 5, 5]);
  });

  it("floors negative totals toward −infinity", () => {
    // −3.33 each: floors −4 ×3 = −12, two units left go to the earlier shares
    expect(splitLargestRemainder(-10, [1, 1, 1])).toEqual([-3, -3, -4]);
    expect(splitLargestRemainder(-100, [1, 2, 3])).toEqual([-17, -33, -50]);
  });

  it("handles totals at the top of the safe range", () => {
    const max = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991 = 3 × 3,002,399,751,580,330 + 1
    expect(splitLargestRemainder(max, [1, 1, 1])).toEqual([3_002_399_751_580_331, 3_002_399_751_580_330, 3_002_399_751_580_330]);
  });

  it("refuses what a checked template cannot produce", () => {
    expect(() => splitLargestRemainder(10, [1, -1])).toThrow("weight 2 is negative");
    expect(() => splitLargestRemainder(10, [])).toThrow(RangeError);
    expect(splitLargestRemainder(0, [])).toEqual([]);
    expect(() => splitLargestRemainder(10.5, [1])).toThrow(RangeError);
    expect(() => splitLargestRemainder(10, ["ten"])).toThrow("weight 1");
    expect(() => splitLargestRemainder(10, [Number.NaN])).toThrow(RangeError);
    expect(() => splitLargestRemainder(10, [Infinity])).toThrow(RangeError);
  });

  it("always sums to the total, each share within one unit of its exact value", () => {
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 10_000 }).map((bp) => `${bp / 100}%`),
      fc.integer({ min: 0, max: 999 }).map((n) => new Big(n).div(1000)),
    );
    fc.assert(fc.property(
      fc.integer({ min: -1e15, max: 1e15 }), fc.array(weight, { minLength: 1, maxLength: 24 }),
      (total, weights) => {
        const shares = splitLargestRemainder(total, weights);
        expect(shares).toHaveLength(weights.length);
        expect(shares.every(Number.isSafeInteger)).toBe(true);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        // Exact share = total × w / Σw; compare as |share × Σw − total × w| < Σw, with no division at all.
        const ws = weights.map((w) => (typeof w === "string" ? new Big(w.slice(0, -1)).div(100) : new Big(w)));
        let sum = ws.reduce((a, b) => a.plus(b), new Big(0));
        const even = sum.eq(0);
        if (even) sum = new Big(weights.length);
        shares.forEach((s, i) => {
          const w = even ? new Big(1) : (ws[i] ?? new Big(0));
          expect(new Big(s).times(sum).minus(new Big(total).times(w)).abs().lt(sum)).toBe(true);
        });
      }));
  });
});

describe("splitYearTarget", () => {
  it("reproduces the W1 benchmark's rep 1 (60,007,919)", () => {
    // Quarters: 12,001,583.8 / 15,001,979.75 ×2 / 18,002,375.7 → floors leave 3 cents for .8, .75, .75
    expect(splitLargestRemainder(60_007_919, W1_QUARTERS)).toEqual([12_001_584, 15_001_980, 15_001_980, 18_002_375]);
    expect(splitYearTarget(60_007_919, W1_QUARTERS)).toEqual([
      4_000_528, 4_000_528, 4_000_528,
      5_000_660, 5_000_660, 5_000_660,
      5_000_660, 5_000_660, 5_000_660,
      6_000_792, 6_000_792, 6_000_791,
    ]);
  });

  it("reproduces the W1 benchmark's rep 5 (60,039,595)", () => {
    // Quarters: 12,007,919 / 15,009,898.75 ×2 / 18,011,878.5 → 2 cents left go to the two .75s, not the .5
    expect(splitLargestRemainder(60_039_595, W1_QUARTERS)).toEqual([12_007_919, 15_009_899, 15_009_899, 18_011_878]);
    // Each quarter / 3: 4,002,639.67 → 640 640 639; 5,003,299.67 → 300 300 299 (in Q2 and again in Q3);
    // 6,003,959.33 → 960 959 959. The spec's "5,003,300, 5,003,300, 5,003,299 (twice)" is that Q2/Q3 triple.
    expect(splitYearTarget(60_039_595, W1_QUARTERS)).toEqual([
      4_002_640, 4_002_640, 4_002_639,
      5_003_300, 5_003_300, 5_003_299,
      5_003_300, 5_003_300, 5_003_299,
      6_003_960, 6_003_959, 6_003_959,
    ]);
  });

  it("reproduces the W1 checksum Σ monthly target × month number over 10,000 reps", () => {
    let checksum = 0;
    for (let i = 0; i < 10_000; i++) {
      const months = splitYearTarget(60_000_000 + ((i * 7919) % 40_000_000), [20, 25, 25, 30]);
      months.forEach((m, k) => { checksum += m * (k + 1); });
    }
    expect(checksum).toBe(5_546_033_282_999);
  });

  it("splits evenly by default", () => {
    expect(splitYearTarget(120_000_000)).toEqual(Array.from({ length: 12 }, () => 10_000_000));
    expect(splitYearTarget(100)).toEqual([9, 8, 8, 9, 8, 8, 9, 8, 8, 9, 8, 8]);
    expect(splitYearTarget(10)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0]);
  });

  it("splits directly by 12 month weights when given", () => {
    // 1200 × k/78 = 200k/13; floors sum to 1194 and the 6 cents go to k = 5, 10, 2, 7, 12, 4 (remainders 12, 11, 10, 9, 8, 7 of 13)
    const months = splitYearTarget(1200, undefined, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months).toEqual([15, 31, 46, 62, 77, 92, 108, 123, 138, 154, 169, 185]);
    expect(splitYearTarget(1200, W1_QUARTERS, Array.from({ length: 12 }, () => 1))).toEqual(Array.from({ length: 12 }, () => 100));
  });

  it("refuses the wrong number of weights", () => {
    expect(() => splitYearTarget(100, [1, 2, 3])).toThrow("3 quarter weights; a year needs 4");
    expect(() => splitYearTarget(100, undefined, [1, 2])).toThrow("2 month weights; a year needs 12");
  });

  it("always sums to the annual target with months of a quarter within one unit", () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e14 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
      (annual, quarters) => {
        const months = splitYearTarget(annual, quarters);
        expect(months).toHaveLength(12);
        expect(months.reduce((a, b) => a + b, 0)).toBe(annual);
        const quarterTotals = splitLargestRemainder(annual, quarters);
        for (let q = 0; q < 4; q++) {
          const three = months.slice(3 * q, 3 * q + 3);
          expect(three.reduce((a, b) => a + b, 0)).toBe(quarterTotals[q]);
          expect(Math.max(...three) - Math.min(...three)).toBeLessThanOrEqual(1);
        }
      }));
  });
});
