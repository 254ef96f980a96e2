/**
 * Attainment (actual / target; target / actual when lower is better) and
 * pace (actual against the target prorated to the elapsed days, counting the
 * as-of day), with the null cases.
 * @module
 */
import { describe, expect, it } from "vitest";
import { parsePeriod, type Period } from "../../../engine/periods.js";
import { attainmentOf, paceOf } from "../../../engine/targets/attainment.js";
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
