import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkPeriodAgainstGrain, compareDays, daysIn, elapsedDays, formatDate, grainPeriodsIn, monthFromName, nextPeriod,
  parseDate, parsePeriod, parseRange, periodOf, previousPeriod, sameLastYear, yearToDate,
  type Period, type PeriodOptions, type PeriodUnit,
} from "../../engine/periods.js";

const day = (text: string): number => {
  const r = parseDate(text);
  if (!r.ok) throw new Error(r.reason);
  return r.day;
};
const period = (text: string, options?: PeriodOptions): Period => {
  const r = parsePeriod(text, options);
  if (!r.ok) throw new Error(r.reason);
  return r.period;
};
const reason = (r: { ok: true } | { ok: false; reason: string }): string => (r.ok ? "(ok)" : r.reason);
/** A period as `text start..end`, so expectations read like the calendar. */
const show = (p: Period): string => `${p.text} ${formatDate(p.start)}..${formatDate(p.end)}`;
const texts = (ps: Period[]): string[] => ps.map((p) => p.text);
const april = { fiscalStart: "april" } as const;

describe("dates", () => {
  it("counts days from 1970-01-01", () => {
    expect(day("1970-01-01")).toBe(0);
    expect(day("1970-01-02")).toBe(1);
    expect(day("1969-12-31")).toBe(-1);
    expect(day("2026-03-15")).toBe(20527);
    expect(formatDate(20527)).toBe("2026-03-15");
    expect(formatDate(-1)).toBe("1969-12-31");
  });

  it("knows leap years", () => {
    expect(day("2024-03-01") - day("2024-02-28")).toBe(2);
    expect(day("2023-03-01") - day("2023-02-28")).toBe(1);
    expect(parseDate("2000-02-29").ok).toBe(true);
    expect(reason(parseDate("1900-02-29"))).toBe("1900-02 has 28 days, so 1900-02-29 is not a date");
    expect(reason(parseDate("2023-02-29"))).toBe("2023-02 has 28 days, so 2023-02-29 is not a date");
  });

  it("rejects impossible and malformed dates with a reason", () => {
    expect(reason(parseDate("2026-02-30"))).toBe("2026-02 has 28 days, so 2026-02-30 is not a date");
    expect(reason(parseDate("2026-04-31"))).toBe("2026-04 has 30 days, so 2026-04-31 is not a date");
    expect(reason(parseDate("2026-03-00"))).toBe("2026-03 has 31 days, so 2026-03-00 is not a date");
    expect(reason(parseDate("2026-13-01"))).toBe("2026-13-01: month 13 does not exist");
    expect(reason(parseDate("2026-00-10"))).toBe("2026-00-10: month 00 does not exist");
    expect(reason(parseDate("0000-01-01"))).toBe("0000-01-01: the year must be 0001..9999");
    for (const bad of ["2026-3-15", "2026/03/15", "20260315", " 2026-03-15", "2026-03-15T00:00", "", "26-03-15"]) {
      expect(reason(parseDate(bad))).toBe(`${JSON.stringify(bad)} is not a date; write YYYY-MM-DD`);
    }
  });

  it("agrees with the JS Date calendar for every day of years 1..9999", () => {
    const first = day("0001-01-01");
    const last = day("9999-12-31");
    fc.assert(fc.property(fc.integer({ min: first, max: last }), (d) => {
      const text = formatDate(d);
      expect(parseDate(text)).toEqual({ ok: true, day: d });
      expect(new Date(d * 86_400_000).toISOString().slice(0, 10)).toBe(text);
    }), { numRuns: 2000 });
  });

  it("orders days", () => {
    expect([day("2026-03-15"), day("2025-01-01"), day("2026-01-01")].sort(compareDays).map(formatDate))
      .toEqual(["2025-01-01", "2026-01-01", "2026-03-15"]);
  });
});

describe("parsePeriod", () => {
  it("reads every unit", () => {
    expect(show(period("2026"))).toBe("2026 2026-01-01..2026-12-31");
    expect(show(period("2026-Q1"))).toBe("2026-Q1 2026-01-01..2026-03-31");
    expect(show(period("2026-Q4"))).toBe("2026-Q4 2026-10-01..2026-12-31");
    expect(show(period("2026-03"))).toBe("2026-03 2026-03-01..2026-03-31");
    expect(show(period("2026-W05"))).toBe("2026-W05 2026-01-26..2026-02-01");
    expect(show(period("2026-03-15"))).toBe("2026-03-15 2026-03-15..2026-03-15");
    expect(period("2026-W05").unit).toBe("week");
  });

  it("follows ISO 8601 weeks at year edges", () => {
    expect(show(period("2026-W01"))).toBe("2026-W01 2025-12-29..2026-01-04");
    expect(show(period("2020-W53"))).toBe("2020-W53 2020-12-28..2021-01-03");
    expect(show(period("2026-W53"))).toBe("2026-W53 2026-12-28..2027-01-03"); // 2026 starts on a Thursday
    expect(show(period("2021-W01"))).toBe("2021-W01 2021-01-04..2021-01-10");
    expect(show(period("2015-W53"))).toBe("2015-W53 2015-12-28..2016-01-03");
    expect(reason(parsePeriod("2021-W53"))).toBe("2021 has 52 ISO weeks, so 2021-W53 does not exist");
    expect(reason(parsePeriod("2027-W53"))).toBe("2027 has 52 ISO weeks, so 2027-W53 does not exist");
    expect(reason(parsePeriod("2026-W00"))).toBe("2026 has 53 ISO weeks, so 2026-W00 does not exist");
    expect(periodOf(day("2021-01-01"), "week").text).toBe("2020-W53");
    expect(periodOf(day("2024-12-30"), "week").text).toBe("2025-W01");
    expect(periodOf(day("2026-01-01"), "week").text).toBe("2026-W01");
    expect(periodOf(day("2027-01-03"), "week").text).toBe("2026-W53");
  });

  it("knows leap years", () => {
    expect(daysIn(period("2024-02"))).toBe(29);
    expect(daysIn(period("2023-02"))).toBe(28);
    expect(daysIn(period("2000-02"))).toBe(29);
    expect(daysIn(period("2100-02"))).toBe(28);
    expect(daysIn(period("2024"))).toBe(366);
    expect(daysIn(period("2026"))).toBe(365);
    expect(daysIn(period("2024-Q1"))).toBe(91);
    expect(daysIn(period("2026-W05"))).toBe(7);
    expect(daysIn(period("2026-03-15"))).toBe(1);
  });

  it("names a fiscal year by the calendar year it starts in", () => {
    expect(show(period("2026", april))).toBe("2026 2026-04-01..2027-03-31");
    expect(show(period("2026-Q1", april))).toBe("2026-Q1 2026-04-01..2026-06-30");
    expect(show(period("2026-Q4", april))).toBe("2026-Q4 2027-01-01..2027-03-31");
    expect(show(period("2026", { fiscalStart: 4 }))).toBe("2026 2026-04-01..2027-03-31");
    expect(show(period("2026", { fiscalStart: "december" }))).toBe("2026 2026-12-01..2027-11-30");
    expect(show(period("2026-03", april))).toBe("2026-03 2026-03-01..2026-03-31"); // months keep calendar names
    expect(show(period("2026-W05", april))).toBe("2026-W05 2026-01-26..2026-02-01"); // weeks ignore the fiscal year
    expect(periodOf(day("2027-01-15"), "year", "april").text).toBe("2026");
    expect(periodOf(day("2026-03-31"), "year", "april").text).toBe("2025");
    expect(periodOf(day("2026-04-01"), "year", "april").text).toBe("2026");
    expect(periodOf(day("2027-02-10"), "quarter", "april").text).toBe("2026-Q4");
    expect(periodOf(day("2026-02-10"), "quarter").text).toBe("2026-Q1");
  });

  it("reads fiscal start month names and refuses bad ones", () => {
    expect(monthFromName("april")).toBe(4);
    expect(monthFromName("December")).toBe(12);
    expect(monthFromName("apr")).toBeUndefined();
    expect(() => parsePeriod("2026", { fiscalStart: 13 })).toThrow(RangeError);
  });

  it.each([
    ["2026-Q5", "2026-Q5: quarters are Q1..Q4"],
    ["2026-Q0", "2026-Q0: quarters are Q1..Q4"],
    ["2026-13", "2026-13: month 13 does not exist"],
    ["2026-02-30", "2026-02 has 28 days, so 2026-02-30 is not a date"],
    ["0000", "0000: the year must be 0001..9999"],
  ])("rejects %s", (text, why) => {
    expect(reason(parsePeriod(text))).toBe(why);
  });

  it.each(["26", "2026-3", "2026-W5", "2026-w05", "2026-q1", "", "2026-Q1x", "2026 ", "2026-03-15-01", "H1-2026"])("rejects malformed %j", (text) => {
    expect(reason(parsePeriod(text))).toBe(`${JSON.stringify(text)} is not a period; write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15`);
  });

  it("round-trips periodOf through the text", () => {
    fc.assert(fc.property(
      fc.integer({ min: day("1900-01-01"), max: day("2200-12-31") }),
      fc.constantFrom<PeriodUnit>("day", "week", "month", "quarter", "year"),
      fc.integer({ min: 1, max: 12 }),
      (d, unit, fs) => {
        const p = periodOf(d, unit, fs);
        expect(p.start <= d && d <= p.end).toBe(true);
        expect(period(p.text, { fiscalStart: fs })).toEqual(p);
        expect(nextPeriod(p).start).toBe(p.end + 1);
        expect(previousPeriod(p).end).toBe(p.start - 1);
      }));
  });
});

describe("grain", () => {
  it("rejects a period finer than the grain, with the right example", () => {
    expect(reason(checkPeriodAgainstGrain(period("2026-03-15"), "month")))
      .toBe("2026-03-15 is a day, finer than the template's grain (month); use a month such as 2026-03 or a longer period");
    expect(reason(checkPeriodAgainstGrain(period("2026-W05"), "month")))
      .toBe("2026-W05 is a week, finer than the template's grain (month); use a month such as 2026-01 or a longer period");
    expect(reason(checkPeriodAgainstGrain(period("2026-03-15"), "week")))
      .toBe("2026-03-15 is a day, finer than the template's grain (week); use a week such as 2026-W11 or a longer period");
    expect(reason(checkPeriodAgainstGrain(period("2026-05", april), "quarter")))
      .toBe("2026-05 is a month, finer than the template's grain (quarter); use a quarter such as 2026-Q1 or a longer period");
  });

  it("accepts periods at or above the grain, including months at a week grain", () => {
    expect(checkPeriodAgainstGrain(period("2026-03"), "month")).toEqual({ ok: true });
    expect(checkPeriodAgainstGrain(period("2026"), "day")).toEqual({ ok: true });
    expect(checkPeriodAgainstGrain(period("2026-03"), "week")).toEqual({ ok: true });
    expect(checkPeriodAgainstGrain(period("2026-W05"), "week")).toEqual({ ok: true });
    expect(checkPeriodAgainstGrain(period("2026-W05"), "day")).toEqual({ ok: true });
  });

  it("lists the grain periods inside a period", () => {
    expect(texts(grainPeriodsIn(period("2026-Q1"), "month"))).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(texts(grainPeriodsIn(period("2026"), "quarter"))).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(texts(grainPeriodsIn(period("2026", april), "month"))).toEqual([
      "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03",
    ]);
    expect(texts(grainPeriodsIn(period("2026-Q4", april), "month"))).toEqual(["2027-01", "2027-02", "2027-03"]);
    expect(grainPeriodsIn(period("2024-02"), "day").map((p) => p.text).at(-1)).toBe("2024-02-29");
    expect(grainPeriodsIn(period("2024"), "day")).toHaveLength(366);
    expect(texts(grainPeriodsIn(period("2026-W01"), "day"))).toEqual([
      "2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04",
    ]);
    expect(grainPeriodsIn(period("2026-03"), "month")).toEqual([period("2026-03")]);
    expect(() => grainPeriodsIn(period("2026-03"), "year")).toThrow(RangeError);
  });

  it("puts each week in the longer period holding its Thursday", () => {
    const weeks2026 = grainPeriodsIn(period("2026"), "week");
    expect(weeks2026).toHaveLength(53);
    expect(weeks2026[0]?.text).toBe("2026-W01");
    expect(weeks2026.at(-1)?.text).toBe("2026-W53");
    expect(texts(grainPeriodsIn(period("2021"), "week"))).toEqual(Array.from({ length: 52 }, (_, i) => `2021-W${String(i + 1).padStart(2, "0")}`));
    // March 2026: W09 (Feb 23–Mar 1) has its Thursday in February, W14 (Mar 30–Apr 5) in April.
    expect(texts(grainPeriodsIn(period("2026-03"), "week"))).toEqual(["2026-W10", "2026-W11", "2026-W12", "2026-W13"]);
    expect(texts(grainPeriodsIn(period("2026-01"), "week"))).toEqual(["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05"]);
    // The weeks of the months of a year are exactly the weeks of that year, each once.
    const byMonth = grainPeriodsIn(period("2026"), "month").flatMap((m) => grainPeriodsIn(m, "week"));
    expect(texts(byMonth)).toEqual(texts(weeks2026));
    const byQuarter = grainPeriodsIn(period("2026", april), "quarter").flatMap((q) => grainPeriodsIn(q, "week"));
    expect(texts(byQuarter)).toEqual(texts(grainPeriodsIn(period("2026", april), "week")));
    expect(grainPeriodsIn(period("2026", april), "week")[0]?.text).toBe("2026-W14"); // Thursday 2026-04-02
  });
});

describe("parseRange", () => {
  it("expands a range of one unit", () => {
    const r = parseRange("2026-01..2026-12");
    expect(r.ok && texts(r.periods)).toEqual([
      "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
    ]);
    const across = parseRange("2025-11..2026-02");
    expect(across.ok && texts(across.periods)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    const weeks = parseRange("2026-W52..2027-W02");
    expect(weeks.ok && texts(weeks.periods)).toEqual(["2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    const days = parseRange("2024-02-27..2024-03-01");
    expect(days.ok && texts(days.periods)).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    const quarters = parseRange("2026-Q3..2027-Q1", april);
    expect(quarters.ok && quarters.periods.map(show)).toEqual([
      "2026-Q3 2026-10-01..2026-12-31", "2026-Q4 2027-01-01..2027-03-31", "2027-Q1 2027-04-01..2027-06-30",
    ]);
  });

  it("treats a single period as a range of one", () => {
    const r = parseRange("2026-03");
    expect(r.ok && texts(r.periods)).toEqual(["2026-03"]);
    const same = parseRange("2026-03..2026-03");
    expect(same.ok && texts(same.periods)).toEqual(["2026-03"]);
  });

  it("explains bad ranges", () => {
    expect(reason(parseRange("2026-01..2026-Q2"))).toBe("2026-01..2026-Q2 mixes a month and a quarter; both ends need the same unit");
    expect(reason(parseRange("2026-12..2026-01"))).toBe("2026-12..2026-01 ends before it starts");
    expect(reason(parseRange("2026-01..2026-13"))).toBe("2026-13: month 13 does not exist");
    expect(reason(parseRange("2026-01..2026-02..2026-03"))).toBe("\"2026-01..2026-02..2026-03\" is not a range; write P1..P2");
    expect(reason(parseRange("2026-01.."))).toBe("\"\" is not a period; write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15");
    expect(reason(parseRange("2000-01-01..2026-12-31", { maxPeriods: 1000 }))).toBe("2000-01-01..2026-12-31 has more than 1000 periods");
  });
});

describe("elapsed days", () => {
  const march = period("2026-03");
  it("counts the as-of date, 0 before the start and every day at or after the end", () => {
    expect(elapsedDays(march, day("2026-02-28"))).toBe(0);
    expect(elapsedDays(march, day("2026-03-01"))).toBe(1);
    expect(elapsedDays(march, day("2026-03-10"))).toBe(10);
    expect(elapsedDays(march, day("2026-03-31"))).toBe(31);
    expect(elapsedDays(march, day("2027-01-01"))).toBe(31);
    expect(elapsedDays(period("2026", april), day("2026-04-30"))).toBe(30);
    expect(elapsedDays(period("2026-W01"), day("2026-01-01"))).toBe(4);
  });
});

describe("time functions", () => {
  it("previousPeriod steps back one period of the same unit", () => {
    expect(previousPeriod(period("2026-01")).text).toBe("2025-12");
    expect(previousPeriod(period("2026-Q1")).text).toBe("2025-Q4");
    expect(show(previousPeriod(period("2026-Q1", april)))).toBe("2025-Q4 2026-01-01..2026-03-31");
    expect(previousPeriod(period("2026-W01")).text).toBe("2025-W52");
    expect(previousPeriod(period("2021-W01")).text).toBe("2020-W53");
    expect(previousPeriod(period("2026-03-01")).text).toBe("2026-02-28");
    expect(previousPeriod(period("2024-03-01")).text).toBe("2024-02-29");
    expect(show(previousPeriod(period("2026", april)))).toBe("2025 2025-04-01..2026-03-31");
    expect(nextPeriod(period("2026-W53")).text).toBe("2027-W01");
  });

  it("sameLastYear keeps the position in the year", () => {
    expect(sameLastYear(period("2026-03-15")).text).toBe("2025-03-15");
    expect(sameLastYear(period("2024-02-29")).text).toBe("2023-02-28");
    expect(sameLastYear(period("2025-02-28")).text).toBe("2024-02-28");
    expect(sameLastYear(period("2026-W05")).text).toBe("2025-W05");
    expect(sameLastYear(period("2020-W53")).text).toBe("2019-W52");
    expect(sameLastYear(period("2026-W53")).text).toBe("2025-W52");
    expect(sameLastYear(period("2026-03")).text).toBe("2025-03");
    expect(show(sameLastYear(period("2026-Q2", april)))).toBe("2025-Q2 2025-07-01..2025-09-30");
    expect(show(sameLastYear(period("2026", april)))).toBe("2025 2025-04-01..2026-03-31");
  });

  it("yearToDate runs from the fiscal year's start through the period", () => {
    expect(texts(yearToDate(period("2026-03")))).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(texts(yearToDate(period("2026-05", april)))).toEqual(["2026-04", "2026-05"]);
    expect(yearToDate(period("2027-02", april))).toHaveLength(11);
    expect(texts(yearToDate(period("2026-Q2", april)))).toEqual(["2026-Q1", "2026-Q2"]);
    expect(texts(yearToDate(period("2026-Q1")))).toEqual(["2026-Q1"]);
    expect(texts(yearToDate(period("2026")))).toEqual(["2026"]);
    expect(texts(yearToDate(period("2026-W03")))).toEqual(["2026-W01", "2026-W02", "2026-W03"]);
    expect(texts(yearToDate(period("2026-W14", april)))).toEqual(["2026-W14"]);
    expect(texts(yearToDate(period("2026-01-03")))).toEqual(["2026-01-01", "2026-01-02", "2026-01-03"]);
    expect(yearToDate(period("2027-03-31", april))).toHaveLength(365);
  });
});
