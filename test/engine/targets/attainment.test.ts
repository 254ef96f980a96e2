/**
 * Attainment (actual / target; target / actual when lower is better) and
 * pace (actual against the target prorated to the elapsed days, counting the
 * as-of day), with the null cases.
 * @module
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriod, type Period } from "../../../engine/periods.js";
import { attainmentColumn, attainmentOf, paceIsAttainment, paceOf } from "../../../engine/targets/attainment.js";
import { day } from "./helpers.js";

const period = (text: string, fiscalStart: "january" | "april" = "january"): Period => {
  const p = parsePeriod(text, { fiscalStart });
  if (!p.ok) throw new Error(p.reason);
  return p.period;
};

describe("attainmentOf", () => {
  it("is actual / target", () => {
    expect(attainmentOf(10_400_000, 10_000_000, false)).toBe(1.04);
    expect(attainmentOf(0, 10_000_000, false)).toBe(0);
  });

  it("is target / actual when lower is better", () => {
    expect(attainmentOf(30, 45, true)).toBe(1.5);
    expect(attainmentOf(60, 45, true)).toBe(0.75);
  });

  it("is null without a target, with a zero target, without an actual, and for a lower-better actual of 0", () => {
    expect(attainmentOf(100, null, false)).toBeNull();
    expect(attainmentOf(100, 0, false)).toBeNull();
    expect(attainmentOf(null, 100, false)).toBeNull();
    expect(attainmentOf(0, 45, true)).toBeNull();
  });
});

describe("paceOf", () => {
  const march = period("2026-03"); // 31 days

  it("compares the actual with the target prorated to the elapsed days, counting the as-of day", () => {
    // 5,000,000 / (10,000,000 × 10/31) = 1.55
    expect(paceOf(5_000_000, 10_000_000, march, day("2026-03-10"), false)).toBe(1.55);
    expect(paceOf(5_000_000, 10_000_000, march, day("2026-03-01"), false)).toBe(15.5);
  });

  it("equals the attainment on the last day and after", () => {
    expect(paceOf(5_000_000, 10_000_000, march, day("2026-03-31"), false)).toBe(0.5);
    expect(paceOf(5_000_000, 10_000_000, march, day("2026-04-15"), false)).toBe(0.5);
    expect(paceOf(30, 45, march, day("2026-05-01"), true)).toBe(1.5);
  });

  it("is null before the period starts, and without a target or actual", () => {
    expect(paceOf(5_000_000, 10_000_000, march, day("2026-02-28"), false)).toBeNull();
    expect(paceOf(5_000_000, null, march, day("2026-03-10"), false)).toBeNull();
    expect(paceOf(5_000_000, 0, march, day("2026-03-10"), false)).toBeNull();
    expect(paceOf(null, 10_000_000, march, day("2026-03-10"), false)).toBeNull();
    expect(paceOf(0, 45, march, day("2026-03-10"), true)).toBeNull();
  });

  it("inverts for lower-better metrics: (target × elapsed / days) / actual", () => {
    expect(paceOf(30, 45, march, day("2026-03-10"), true)).toBe(450 / 930);
  });

  it("is the attainment so far for a rate (not cumulative)", () => {
    expect(paceOf(0.8, 0.85, march, day("2026-03-10"), false, { cumulative: false })).toBe(0.8 / 0.85);
  });

  it("works over a quarter and a fiscal quarter", () => {
    // Q1 2026 has 90 days; February 14th is day 45: 3,000 / (9,000 × 45/90) = 2/3.
    expect(paceOf(3_000, 9_000, period("2026-Q1"), day("2026-02-14"), false)).toBe(270_000 / 405_000);
    // Fiscal 2026-Q1 from April is April..June, 91 days; April 30th is day 30: 100 / (910 × 30/91) = 1/3.
    expect(paceOf(100, 910, period("2026-Q1", "april"), day("2026-04-30"), false)).toBe(9_100 / 27_300);
  });
});

describe("attainmentColumn", () => {
  it("gives attainmentOf for every entity, NaN for null", () => {
    const out = new Float64Array(5);
    attainmentColumn(Float64Array.of(10_400_000, 100, NaN, 100, 0), Float64Array.of(10_000_000, 0, 100, NaN, 45), false, out);
    expect(Array.from(out)).toEqual([1.04, NaN, NaN, NaN, 0]);
    attainmentColumn(Float64Array.of(30, 60, 0, NaN, 30), Float64Array.of(45, 45, 45, 45, 0), true, out);
    expect(Array.from(out)).toEqual([1.5, 0.75, NaN, NaN, NaN]);
  });

  it("agrees with attainmentOf on random actuals and targets, both directions", () => {
    const value = fc.oneof(fc.constant(NaN), fc.constant(0), fc.integer({ min: -1e12, max: 1e12 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 20 }), fc.boolean(), (pairs, lowerBetter) => {
        const out = new Float64Array(pairs.length);
        attainmentColumn(Float64Array.from(pairs, (p) => p[0]), Float64Array.from(pairs, (p) => p[1]), lowerBetter, out);
        pairs.forEach(([a, t], e) => expect(out[e]).toBe(attainmentOf(a === a ? a : null, t === t ? t : null, lowerBetter) ?? NaN));
      }),
      { numRuns: 500 },
    );
  });
});

describe("paceIsAttainment", () => {
  const march = period("2026-03");

  it("holds from the last day on, and from the first day for a metric that does not accumulate", () => {
    expect(paceIsAttainment(march, day("2026-03-31"))).toBe(true);
    expect(paceIsAttainment(march, day("2026-04-15"))).toBe(true);
    expect(paceIsAttainment(march, day("2026-03-30"))).toBe(false);
    expect(paceIsAttainment(march, day("2026-03-01"), { cumulative: false })).toBe(true);
    // before the period pace is null, not the attainment
    expect(paceIsAttainment(march, day("2026-02-28"), { cumulative: false })).toBe(false);
  });
});
