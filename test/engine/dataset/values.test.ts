import { describe, expect, it } from "vitest";
import { formatDataError, formatIsoDate, NO_DATE, parseIsoDate } from "../../../engine/dataset/index.js";
import { ErrorList, jsonPointer, jsonSyntaxError } from "../../../engine/dataset/errors.js";
import { isPeriodName, parseBooleanText, parseDecimal, parsePercent } from "../../../engine/dataset/values.js";
import { parseMetricValue } from "../../../engine/dataset/metric-rows.js";

describe("dataset values", () => {
  it("parses ISO dates into epoch days and back", () => {
    expect(parseIsoDate("1970-01-01")).toBe(0);
    expect(parseIsoDate("1969-12-31")).toBe(-1);
    expect(parseIsoDate("2024-02-29")).toBe(19782);
    for (const bad of ["2023-02-29", "2100-02-29", "0000-01-01", "2026-1-01", "2026-01-01T00:00", "2026/01/01", "2026-00-10", "abcd-ef-gh", ""]) {
      expect(parseIsoDate(bad)).toBe(NO_DATE);
    }
    for (const d of ["0001-01-01", "1600-02-29", "2000-02-29", "2026-12-31", "9999-12-31"]) expect(formatIsoDate(parseIsoDate(d))).toBe(d);
  });

  it("parses numbers strictly, and percents by moving the decimal point", () => {
    expect([parseDecimal("12"), parseDecimal("-0.5"), parseDecimal(" 1e3 "), parseDecimal(".5")]).toEqual([12, -0.5, 1000, 0.5]);
    for (const bad of ["", "0x10", "Infinity", "1,5", "1_000", "12abc", "1e999"]) expect(parseDecimal(bad)).toBeNaN();
    expect(parsePercent("12.3%")).toBe(0.123);
    expect(parsePercent("85%")).toBe(0.85);
    expect(parsePercent("0.85")).toBe(0.85);
    expect(parsePercent("85%%")).toBeNaN();
    expect(["true", "FALSE", "1", "0", "yes"].map(parseBooleanText)).toEqual([1, 0, 1, 0, -1]);
  });

  it("knows the spelling of periods", () => {
    for (const p of ["2026", "2026-Q4", "2026-03", "2026-W53", "2026-03-15"]) expect(isPeriodName(p)).toBe(true);
    for (const p of ["26", "2026-Q5", "2026-13", "2026-W54", "2026-02-30", "2026-03..2026-04"]) expect(isPeriodName(p)).toBe(false);
  });

  it("reads metric values in the metric's type", () => {
    expect(parseMetricValue("1,200.5", "money", 2)).toEqual({ ok: true, value: 120050 });
    expect(parseMetricValue("1200", "money", 0)).toEqual({ ok: true, value: 1200 });
    expect(parseMetricValue("", "integer", 2)).toEqual({ ok: true, value: null });
    expect(parseMetricValue(2.5, "integer", 2)).toEqual({ ok: false, reason: "2.5 is not a whole number" });
    expect(parseMetricValue("90%", "percent", 2)).toEqual({ ok: true, value: 0.9 });
  });

  it("formats errors with file, line or JSON pointer, and field", () => {
    expect(formatDataError({ file: "deals.csv", line: 17, field: "amount", message: '"12.345" has 3 decimals; the currency allows 2' }))
      .toBe('deals.csv:17: field amount: "12.345" has 3 decimals; the currency allows 2');
    expect(formatDataError({ file: "d.json", record: 3, path: "/records/deals/3/amount", field: "amount", message: "bad" })).toBe("d.json: /records/deals/3/amount: bad");
    expect(formatDataError({ file: "d.json", record: 3, field: "amount", message: "bad" })).toBe("d.json: record 3: field amount: bad");
    expect(formatDataError({ file: "data", message: "no such folder" })).toBe("data: no such folder");
    expect(jsonPointer(["records", "a/b~c", 0])).toBe("/records/a~1b~0c/0");
    expect(jsonSyntaxError("[1,\n 2,]", "Unexpected token ']', \"[1,\n 2,]\" is not valid JSON")).toEqual({
      message: "not valid JSON: Unexpected token ']', \"[1,\n 2,]\" is not valid JSON",
    });
    const errs = new ErrorList(2);
    for (let i = 0; i < 3; i++) errs.add({ file: "f", message: String(i) });
    expect(errs.count).toBe(3);
    expect(errs.list("data")).toEqual([{ file: "f", message: "0" }, { file: "f", message: "1" }, { file: "data", message: "and 1 more error (only the first 2 are listed)" }]);
  });
});
