/**
 * Parses money from its decimal text into integer minor units (cents for
 * CNY/USD/EUR, yen for JPY) without ever going through binary floating point.
 * Minor units are held as JS numbers, exact while they are safe integers
 * (up to 9,007,199,254,740,991 minor units); larger values are rejected.
 * @module
 */

export type MoneyParse = { ok: true; minor: number } | { ok: false; reason: string };

const MONEY_TEXT = /^([+-]?)(\d[\d_]*)?(?:\.(\d*))?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * The common spelling of `text[start, end)` read without regular expressions
 * or strings: an optional `-`, 1–15 digits, optionally `.` and 1 to `digits`
 * decimals, in minor units. NaN for anything else, which `parseMoney` then
 * reads (or explains). 15 digits keep every value a safe integer whatever
 * the currency's digits.
 * @example
 * plainMinorAt("r1,12.50,won", 3, 8, 2); // 1250
 */
export function plainMinorAt(text: string, from: number, end: number, digits: number): number {
  let i = from < end && text.charCodeAt(from) === 45 ? from + 1 : from;
  const digitsFrom = i;
  let v = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  const whole = i - digitsFrom;
  if (whole === 0 || whole > 15) return NaN;
  let frac = 0;
  if (i < end) {
    if (text.charCodeAt(i) !== 46) return NaN;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || ++frac > digits) return NaN;
      v = v * 10 + c;
    }
    if (frac === 0) return NaN;
  }
  for (; frac < digits; frac++) v *= 10;
  if (!Number.isSafeInteger(v)) return NaN;
  return digitsFrom > from ? -v : v;
}

/**
 * Parses `"1234.5"` with 2 currency digits into `123450`.
 * Accepts an optional sign, `_` separators, `,` between groups of three digits, and up to `digits` decimals.
 * @example
 * parseMoney("1,234.50", 2); // { ok: true, minor: 123450 }
 * parseMoney("0.125", 2);    // { ok: false, reason: "has 3 decimals; CNY allows 2" } (reason names the digits)
 */
export function parseMoney(text: string, digits: number): MoneyParse {
  const plain = plainMinorAt(text, 0, text.length, digits);
  if (plain === plain) return { ok: true, minor: plain };
  let t = text.trim();
  // Thousands commas only in groups of three, so that "1,5" (a European decimal) is an error, not 15.
  if (t.includes(",")) {
    if (!THOUSANDS.test(t)) return { ok: false, reason: `${JSON.stringify(text)} is not an amount (commas only as thousands separators)` };
    t = t.replace(/,/g, "");
  }
  const m = MONEY_TEXT.exec(t);
  if (!m || (m[2] === undefined && !m[3])) return { ok: false, reason: `${JSON.stringify(text)} is not an amount` };
  const intPart = (m[2] ?? "0").replace(/_/g, "");
  let frac = m[3] ?? "";
  // Trailing zeros beyond the currency's digits carry no value: 12.500 is 12.50.
  while (frac.length > digits && frac.endsWith("0")) frac = frac.slice(0, -1);
  if (frac.length > digits) {
    return { ok: false, reason: `${JSON.stringify(text)} has ${frac.length} decimals; the currency allows ${digits}` };
  }
  const digitsText = (intPart + frac.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  if (digitsText.length > 16) return { ok: false, reason: `${JSON.stringify(text)} is too large` };
  const minor = Number(digitsText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `${JSON.stringify(text)} is too large` };
  return { ok: true, minor: m[1] === "-" ? -minor : minor };
}

/** Minor-unit digits per ISO currency code; anything not listed has 2. */
const CURRENCY_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

/**
 * The number of minor-unit digits of a currency.
 * @example
 * currencyDigits("JPY"); // 0
 */
export const currencyDigits = (code: string): number => (Object.hasOwn(CURRENCY_DIGITS, code) ? (CURRENCY_DIGITS[code] ?? 2) : 2);
