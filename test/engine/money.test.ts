import Big from "big.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatMoney, literalToMinor, moneyDivide, moneyMulDiv, moneyTimes, parseDecimal, roundRational,
  roundToMinor, sumMoney, toScaled, type Rounding,
} from "../../engine/money.js";
import { parseMoney } from "../../engine/money-parse.js";

const dec = (text: string): string => {
  const r = parseDecimal(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value.toFixed();
};
const minor = (text: string, digits = 2): number => {
  const r = parseMoney(text, digits);
  if (!r.ok) throw new Error(r.reason);
  return r.minor;
};

describe("parseDecimal", () => {
  it("reads literals as the language writes them", () => {
    expect(dec("1_200_000")).toBe("1200000");
    expect(dec("3.5")).toBe("3.5");
    expect(dec("80%")).toBe("0.8");
    expect(dec("0.5%")).toBe("0.005");
    expect(dec("-2")).toBe("-2");
    expect(dec("+7")).toBe("7");
    expect(dec("1_000.000_1")).toBe("1000.0001");
    expect(dec("120%")).toBe("1.2");
  });

  it("marks percentages", () => {
    expect(parseDecimal("80%")).toMatchObject({ ok: true, percent: true });
    expect(parseDecimal("0.8")).toMatchObject({ ok: true, percent: false });
  });

  it.each(["", "abc", "1__0", "_1", "1_", "1.", ".5", "1e3", "12%%", "1,000", "1._5", "--1", "%"])("rejects %j", (text) => {
    const r = parseDecimal(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("is not a number");
  });
});

describe("toScaled and roundRational", () => {
  it("splits a decimal into a coefficient and a minimal scale", () => {
    expect(toScaled(new Big("-12.50"))).toEqual({ coefficient: -125n, scale: 1 });
    expect(toScaled(new Big("1e21"))).toEqual({ coefficient: 10n ** 21n, scale: 0 });
    expect(toScaled(new Big("0.000001"))).toEqual({ coefficient: 1n, scale: 6 });
  });

  it("rounds halves by mode and everything else to nearest", () => {
    expect(roundRational(105n, 2n, "half_up")).toBe(53n);
    expect(roundRational(105n, 2n, "half_even")).toBe(52n);
    expect(roundRational(-105n, 2n, "half_up")).toBe(-53n);
    expect(roundRational(-105n, 2n, "half_even")).toBe(-52n);
    expect(roundRational(107n, 2n, "half_even")).toBe(54n);
    expect(roundRational(10n, 3n, "half_up")).toBe(3n);
    expect(roundRational(20n, 3n, "half_up")).toBe(7n);
    expect(roundRational(5n, -2n, "half_up")).toBe(-3n);
    expect(() => roundRational(1n, 0n, "half_up")).toThrow(RangeError);
  });
});

describe("moneyTimes", () => {
  it("rounds exact .5 products once, by the template's mode", () => {
    // 10.50 × 5% = 0.525 yuan = 52.5 fen
    expect(moneyTimes(1050, "5%", "half_up")).toBe(53);
    expect(moneyTimes(1050, "5%", "half_even")).toBe(52);
    expect(moneyTimes(-1050, "5%", "half_up")).toBe(-53);
    expect(moneyTimes(-1050, "5%", "half_even")).toBe(-52);
    // 35 × 50% = 17.5: the even neighbour is 18, so both modes agree
    expect(moneyTimes(35, "50%", "half_up")).toBe(18);
    expect(moneyTimes(35, "50%", "half_even")).toBe(18);
    expect(moneyTimes(-35, "50%", "half_even")).toBe(-18);
  });

  it("rounds non-ties to nearest in both modes", () => {
    expect(moneyTimes(1049, "5%", "half_even")).toBe(52); // 52.45
    expect(moneyTimes(1051, "5%", "half_up")).toBe(53); // 52.55
    expect(moneyTimes(1051, "5%", "half_even")).toBe(53);
    expect(moneyTimes(10_400_000, "5%", "half_up")).toBe(520_000); // 104,000.00 × 5% = 5,200.00
  });

  it("takes big.js factors and rejects bad factor text", () => {
    expect(moneyTimes(1050, new Big("0.05"), "half_even")).toBe(52);
    expect(() => moneyTimes(1050, "5 %", "half_up")).toThrow(TypeError);
    expect(() => moneyTimes(10.5, "1", "half_up")).toThrow(RangeError);
  });

  it("stays exact near the top of the safe range and refuses to go past it", () => {
    // 900,719,925,474,099 × 3% = 27,021,597,764,222.97 → 27,021,597,764,223
    expect(moneyTimes(900_719_925_474_099, "3%", "half_up")).toBe(27_021_597_764_223);
    expect(moneyTimes(Number.MAX_SAFE_INTEGER, "1", "half_up")).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => moneyTimes(Number.MAX_SAFE_INTEGER, "2", "half_up")).toThrow(RangeError);
  });

  it("never lands more than half a minor unit from the exact product", () => {
    fc.assert(fc.property(
      fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom<Rounding>("half_up", "half_even"),
      (m, bp, mode) => {
        const factor = new Big(bp).div(10_000); // basis points: exact with big.js's 20 decimal places
        const got = moneyTimes(m, factor, mode);
        expect(new Big(got).minus(new Big(m).times(factor)).abs().lte("0.5")).toBe(true);
      }));
  });
});

describe("moneyDivide and moneyMulDiv", () => {
  it("divides exactly and rounds once", () => {
    expect(moneyDivide(1000, "3", "half_up")).toBe(333);
    expect(moneyDivide(2000, "3", "half_up")).toBe(667);
    expect(moneyDivide(1000, "0.5", "half_up")).toBe(2000);
    expect(moneyDivide(5, "2", "half_up")).toBe(3);
    expect(moneyDivide(5, "2", "half_even")).toBe(2);
    expect(moneyDivide(-5, "2", "half_up")).toBe(-3);
    expect(moneyDivide(-5, "2", "half_even")).toBe(-2);
    expect(moneyDivide(10, "-4", "half_up")).toBe(-3);
    expect(moneyDivide(10, "-4", "half_even")).toBe(-2);
    expect(moneyDivide(100, "80%", "half_up")).toBe(125);
  });

  it("gives null when dividing by zero", () => {
    expect(moneyDivide(1000, "0", "half_up")).toBeNull();
    expect(moneyDivide(1000, new Big(0), "half_even")).toBeNull();
    expect(moneyMulDiv(1000, 3, 0, "half_up")).toBeNull();
  });

  it("prorates by a day ratio without a decimal detour", () => {
    expect(moneyMulDiv(100_000, 10, 31, "half_up")).toBe(32_258); // 32,258.06…
    expect(moneyMulDiv(29, 1, 2, "half_up")).toBe(15);
    expect(moneyMulDiv(29, 1, 2, "half_even")).toBe(14);
    expect(moneyMulDiv(31, 1, 2, "half_even")).toBe(16);
    expect(moneyMulDiv(500_000, 31, 31, "half_even")).toBe(500_000);
  });
});

describe("roundToMinor", () => {
  it("rounds major units to minor units", () => {
    expect(roundToMinor(new Big("0.125"), 2, "half_up")).toBe(13);
    expect(roundToMinor(new Big("0.125"), 2, "half_even")).toBe(12);
    expect(roundToMinor(new Big("1234.5"), 0, "half_up")).toBe(1235);
    expect(roundToMinor(new Big("1234.5"), 0, "half_even")).toBe(1234);
    expect(roundToMinor(new Big("-0.005"), 2, "half_up")).toBe(-1);
    expect(roundToMinor(new Big("-0.005"), 2, "half_even")).toBe(0);
    expect(roundToMinor(new Big("12"), 3, "half_up")).toBe(12_000);
  });

  it("gets the classic float traps right", () => {
    // 1.005 × 100 is 100.49999999999999 in binary floating point, so Math.round gives 100
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(roundToMinor(new Big("1.005"), 2, "half_up")).toBe(101);
    expect(moneyTimes(100, "1.005", "half_up")).toBe(101);
    // 4.35 × 100 is 434.99999999999994
    expect(Math.floor(4.35 * 100)).toBe(434);
    expect(literalToMinor("4.35", 2)).toEqual({ ok: true, minor: 435 });
  });
});

describe("sums", () => {
  it("0.1 + 0.2 is exactly 0.3 in minor units", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(minor("0.1") + minor("0.2")).toBe(minor("0.3"));
    expect(formatMoney(sumMoney([minor("0.1"), minor("0.2")]), 2)).toBe("0.30");
  });

  it("a million amounts sum exactly", () => {
    let float = 0;
    const amounts: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      amounts.push(minor("0.10"));
      float += 0.1;
    }
    expect(float).not.toBe(100_000);
    expect(formatMoney(sumMoney(amounts), 2)).toBe("100000.00");

    // Amounts 0.01, 0.02, …, 10000.00: Σ i for i = 1..10^6 = 500,000,500,000 fen.
    const texts = Array.from({ length: 1_000_000 }, (_, k) => formatMoney(k + 1, 2));
    expect(formatMoney(sumMoney(texts.map((t) => minor(t))), 2)).toBe("5000005000.00");
  });

  it("refuses a total beyond the exact range", () => {
    expect(() => sumMoney([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumMoney([0.5])).toThrow(RangeError);
    expect(sumMoney([])).toBe(0);
    expect(sumMoney([10, 20, -5])).toBe(25);
  });
});

describe("formatMoney", () => {
  it.each([
    [123450, 2, "1234.50"], [-5, 2, "-0.05"], [-123450, 2, "-1234.50"], [0, 2, "0.00"], [-0, 2, "0.00"],
    [7, 2, "0.07"], [100, 0, "100"], [-100, 0, "-100"], [0, 0, "0"], [5, 3, "0.005"], [-1234567, 3, "-1234.567"],
    [Number.MAX_SAFE_INTEGER, 2, "90071992547409.91"],
  ] as const)("formats %d with %d digits as %s", (m, digits, text) => {
    expect(formatMoney(m, digits)).toBe(text);
  });

  it("round-trips through parseMoney", () => {
    fc.assert(fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 3 }), (m, digits) => {
      expect(parseMoney(formatMoney(m, digits), digits)).toEqual({ ok: true, minor: m });
    }));
  });

  it("rejects fractional minor units", () => {
    expect(() => formatMoney(1.5, 2)).toThrow(RangeError);
  });
});

describe("literalToMinor", () => {
  it("reads money literals", () => {
    expect(literalToMinor("50_000", 2)).toEqual({ ok: true, minor: 5_000_000 });
    expect(literalToMinor("1_200_000", 2)).toEqual({ ok: true, minor: 120_000_000 });
    expect(literalToMinor("12.5", 2)).toEqual({ ok: true, minor: 1250 });
    expect(literalToMinor("12.500", 2)).toEqual({ ok: true, minor: 1250 });
    expect(literalToMinor("-2", 2)).toEqual({ ok: true, minor: -200 });
    expect(literalToMinor("5_000", 0)).toEqual({ ok: true, minor: 5000 });
  });

  it("names the problem when a literal is not an amount of this currency", () => {
    expect(literalToMinor("12.345", 2)).toEqual({ ok: false, reason: "\"12.345\" has 3 decimals; the currency allows 2" });
    expect(literalToMinor("1.5", 0)).toEqual({ ok: false, reason: "\"1.5\" has 1 decimal; the currency allows 0" });
    expect(literalToMinor("80%", 2)).toEqual({ ok: false, reason: "\"80%\" is a percentage, not an amount" });
    expect(literalToMinor("1__0", 2)).toEqual({ ok: false, reason: "\"1__0\" is not an amount" });
    expect(literalToMinor("100_000_000_000_000", 2)).toEqual({ ok: false, reason: "\"100_000_000_000_000\" is too large" });
  });
});

describe("parseMoney's plain spelling (no regular expressions) agrees with exact decimal arithmetic", () => {
  it("for any sign, digits and decimals, at every currency's digits", () => {
    const digitsText = (min: number, max: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((a) => a.join(""));
    fc.assert(
      fc.property(fc.constantFrom("", "-", "+", " "), digitsText(0, 18), fc.option(digitsText(0, 4)), fc.constantFrom(0, 2, 3), (sign, whole, frac, digits) => {
        const text = `${sign}${whole}${frac === null ? "" : `.${frac}`}`;
        const got = parseMoney(text, digits);
        const f = (frac ?? "").replace(/0+$/, "");
        const valid = (whole !== "" || (frac ?? "") !== "") && f.length <= digits; // a space around the text is trimmed
        if (!valid) {
          expect(got.ok).toBe(false);
          return;
        }
        const exact = BigInt(`${whole || "0"}${f.padEnd(digits, "0")}`) * (sign === "-" ? -1n : 1n);
        const safe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && -exact <= BigInt(Number.MAX_SAFE_INTEGER);
        const digitCount = `${whole || "0"}${f.padEnd(digits, "0")}`.replace(/^0+(?=\d)/, "").length;
        if (!safe || digitCount > 16) expect(got.ok).toBe(false);
        else expect(got).toEqual({ ok: true, minor: sign === "-" ? -Number(-exact) : Number(exact) });
      }),
      { numRuns: 5000 },
    );
  });
});
