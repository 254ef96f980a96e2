import { describe, expect, it } from "vitest";
import { compileDateFormat, dateFormatProblem } from "../../../engine/dataset/date-format.js";
import { detectEncoding } from "../../../engine/dataset/decode.js";
import { DEFAULT_NUMBER_STYLE, normalizeNumber, roundDecimalText, shiftDecimal } from "../../../engine/dataset/number-text.js";
import { daysFromCivil } from "../../../engine/dataset/values.js";
import { NO_DATE } from "../../../engine/dataset/types.js";

const n = (t: string, style = DEFAULT_NUMBER_STYLE, home = "CNY") => normalizeNumber(t, style, home);

describe("export numbers", () => {
  it("reads currency symbols and codes, remembering the currency", () => {
    expect(n("$1,234.50")).toEqual({ ok: true, text: "1234.50", percent: false, currency: "USD" });
    expect(n("US$ 99")).toEqual({ ok: true, text: "99", percent: false, currency: "USD" });
    expect(n("¥12,000")).toEqual({ ok: true, text: "12000", percent: false, currency: "CNY" });
    expect(n("￥12,000", DEFAULT_NUMBER_STYLE, "JPY")).toEqual({ ok: true, text: "12000", percent: false, currency: "JPY" });
    expect(n("1,200.00 EUR")).toEqual({ ok: true, text: "1200.00", percent: false, currency: "EUR" });
    expect(n("€5")).toEqual({ ok: true, text: "5", percent: false, currency: "EUR" });
    expect(n("RMB 8.8")).toEqual({ ok: true, text: "8.8", percent: false, currency: "CNY" });
    expect(n("300元")).toEqual({ ok: true, text: "300", percent: false, currency: "CNY" });
  });
  it("reads negatives in parentheses, with a sign, or SAP's trailing minus", () => {
    expect(n("(1,234.00)")).toEqual({ ok: true, text: "-1234.00", percent: false });
    expect(n("($5.10)")).toEqual({ ok: true, text: "-5.10", percent: false, currency: "USD" });
    expect(n("-$5.10")).toEqual({ ok: true, text: "-5.10", percent: false, currency: "USD" });
    expect(n("12.00-")).toEqual({ ok: true, text: "-12.00", percent: false });
  });
  it("reads percents and the Chinese units exactly", () => {
    expect(n("12.5%")).toEqual({ ok: true, text: "0.125", percent: true });
    expect(n("1.5万")).toEqual({ ok: true, text: "15000", percent: false });
    expect(n("¥1.2345万元".replace("¥", ""))).toEqual({ ok: true, text: "12345", percent: false, currency: "CNY" });
    expect(n("2亿")).toEqual({ ok: true, text: "200000000", percent: false });
    expect(n("0.00001万")).toEqual({ ok: true, text: "0.1", percent: false });
  });
  it("follows the decimal and group separators of the mapping", () => {
    expect(n("1.234,56", { decimal: ",", group: "." })).toEqual({ ok: true, text: "1234.56", percent: false });
    expect(n("1 234,5", { decimal: ",", group: " " })).toEqual({ ok: true, text: "1234.5", percent: false });
    expect(n("1,5").ok).toBe(false);
    expect(n("12,34.5").ok).toBe(false);
    expect(n("abc").ok).toBe(false);
  });
  it("shifts and rounds decimal text without floats", () => {
    expect(shiftDecimal("1.5", 4)).toBe("15000");
    expect(shiftDecimal("12.5", -2)).toBe("0.125");
    expect(shiftDecimal("-3", -3)).toBe("-0.003");
    expect(roundDecimalText("0.30000000000000004", 2)).toBe("0.30");
    expect(roundDecimalText("2.125", 2)).toBe("2.12");
    expect(roundDecimalText("2.135", 2)).toBe("2.14");
    expect(roundDecimalText("2.1251", 2)).toBe("2.13");
    expect(roundDecimalText("-0.001", 2)).toBe("0.00");
    expect(roundDecimalText("19.999", 2)).toBe("20.00");
  });
});

describe("date formats", () => {
  const day = (y: number, m: number, d: number) => daysFromCivil(y, m, d);
  it("reads patterns, ignoring a time of day, and always ISO", () => {
    const us = compileDateFormat("M/D/YYYY");
    expect(us("3/5/2026")).toBe(day(2026, 3, 5));
    expect(us("12/31/2026 11:59 PM")).toBe(day(2026, 12, 31));
    expect(us("2026-03-05")).toBe(day(2026, 3, 5));
    expect(us("13/45/2026")).toBe(NO_DATE);
    expect(us("2/29/2025")).toBe(NO_DATE);
    expect(compileDateFormat("YYYY年M月D日")("2026年3月5日")).toBe(day(2026, 3, 5));
    expect(compileDateFormat("D.M.YYYY")("05.03.2026")).toBe(day(2026, 3, 5));
    expect(compileDateFormat("DD/MM/YYYY")("5/03/2026")).toBe(NO_DATE);
  });
  it("takes the day of an ISO date-time in the mapping's time zone", () => {
    expect(compileDateFormat("iso", "Asia/Shanghai")("2026-03-04T20:00:00Z")).toBe(day(2026, 3, 5));
    expect(compileDateFormat("iso")("2026-03-04T20:00:00Z")).toBe(day(2026, 3, 4));
    expect(compileDateFormat("iso")("2026-03-04T20:00:00-08:00")).toBe(day(2026, 3, 5));
    expect(compileDateFormat("iso", "America/Los_Angeles")("2026-03-05T03:00:00.000+00:00")).toBe(day(2026, 3, 4));
    expect(compileDateFormat("iso")("2026-03-04")).toBe(day(2026, 3, 4));
  });
  it("says what a bad format lacks", () => {
    expect(dateFormatProblem("D/M")).toMatch(/YYYY/);
    expect(dateFormatProblem("iso")).toBeUndefined();
  });
});

describe("encoding detection", () => {
  it("tells UTF-8, UTF-16, GBK and Windows-1252 apart", () => {
    expect(detectEncoding(Buffer.from("Owner,Amount\n张伟,100\n", "utf8"))).toBe("utf-8");
    expect(detectEncoding(Buffer.from("\ufeffOwner,Amount\n", "utf16le"))).toBe("utf-16le");
    expect(detectEncoding(Buffer.from("Owner,Amount\n", "utf16le"))).toBe("utf-16le");
    expect(detectEncoding(new Uint8Array([0xd5, 0xc5, 0xce, 0xb0, 0x2c, 0x31, 0x0a]))).toBe("gbk"); // 张伟,1
    expect(detectEncoding(Buffer.from("Owner,Amount\nJos\xe9 M\xfcller,100\n", "latin1"))).toBe("windows-1252");
  });
});
