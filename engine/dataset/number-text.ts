/**
 * Numbers as CRM exports and spreadsheets write them, turned into plain
 * decimal text (`-1234.5`) by string work only, so money never touches binary
 * floating point on its way to `parseMoney`: currency symbols and codes
 * before or after the amount (`$`, `US$`, `¥`, `￥`, `元`, `€`, `USD`, `CNY`,
 * `RMB` …, remembered so that an amount in another currency is never summed
 * as is), `(1,234.00)` negatives, `12.5%`, the Chinese units 万 (10⁴) and 亿
 * (10⁸), and the mapping's decimal and group separators. Used by the mapped
 * loader (`mapped-row.ts`); the unmapped loader keeps its strict forms.
 * @module
 */

/**
 * The decimal and group separators of a number column (the mapping's `formats` entry).
 * @example
 * const f: NumberStyle = { decimal: ",", group: "." }; // 1.234,56
 */
export interface NumberStyle {
  decimal: "." | ",";
  group: string;
}

/**
 * The default style: `1,234.56`.
 * @example
 * normalizeNumber("1,234.56", DEFAULT_NUMBER_STYLE);
 */
export const DEFAULT_NUMBER_STYLE: NumberStyle = { decimal: ".", group: "," };

/**
 * A number read from export text: plain decimal `text`, whether it was a
 * percent (already divided by 100), and the currency its symbol or code names.
 * @example
 * const n: NormalNumber = { ok: true, text: "-1234.00", percent: false, currency: "USD" };
 */
export type NormalNumber = { ok: true; text: string; percent: boolean; currency?: string } | { ok: false; reason: string };

/** Symbols and codes, longest first so that `US$` wins over `$`. `¥` means the template's yen or yuan (see `currencyOfSymbol`). */
const SYMBOLS: readonly (readonly [string, string])[] = [
  ["US$", "USD"], ["HK$", "HKD"], ["NT$", "TWD"], ["A$", "AUD"], ["C$", "CAD"], ["S$", "SGD"], ["RMB", "CNY"],
  ["CNY", "CNY"], ["USD", "USD"], ["EUR", "EUR"], ["GBP", "GBP"], ["JPY", "JPY"], ["HKD", "HKD"], ["TWD", "TWD"], ["AUD", "AUD"],
  ["CAD", "CAD"], ["SGD", "SGD"], ["CHF", "CHF"], ["KRW", "KRW"], ["INR", "INR"],
  ["人民币", "CNY"], ["美元", "USD"], ["欧元", "EUR"], ["日元", "JPY"], ["港币", "HKD"],
  ["$", "USD"], ["¥", "¥"], ["￥", "¥"], ["元", "CNY"], ["€", "EUR"], ["£", "GBP"], ["₩", "KRW"], ["₹", "INR"],
];

/**
 * The ISO code a symbol or code stands for; `¥`/`￥` is JPY when the template counts in yen and CNY otherwise.
 * @example
 * currencyOfSymbol("¥", "CNY"); // "CNY"
 * currencyOfSymbol("$", "CNY"); // "USD"
 */
export function currencyOfSymbol(symbol: string, home: string): string | undefined {
  const t = symbol.trim().toUpperCase();
  for (const [s, code] of SYMBOLS) if (s.toUpperCase() === t) return code === "¥" ? (home === "JPY" ? "JPY" : "CNY") : code;
  return /^[A-Z]{3}$/.test(t) ? t : undefined;
}

/** Strips one symbol or code from the start or end of `t`; returns the rest and the code. */
function stripCurrency(t: string, home: string): { rest: string; code?: string } {
  for (const [s, code] of SYMBOLS) {
    const c = code === "¥" ? (home === "JPY" ? "JPY" : "CNY") : code;
    if (t.length > s.length && t.slice(0, s.length).toUpperCase() === s.toUpperCase()) return { rest: t.slice(s.length).trim(), code: c };
    if (t.length > s.length && t.slice(-s.length).toUpperCase() === s.toUpperCase()) return { rest: t.slice(0, -s.length).trim(), code: c };
  }
  return { rest: t };
}

/**
 * Moves the decimal point of plain decimal text `k` places (right when positive), exactly.
 * @example
 * shiftDecimal("1.5", 4);   // "15000"
 * shiftDecimal("12.5", -2); // "0.125"
 */
export function shiftDecimal(text: string, k: number): string {
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf(".");
  let int = dot === -1 ? body : body.slice(0, dot);
  let frac = dot === -1 ? "" : body.slice(dot + 1);
  if (k > 0) {
    frac = frac.padEnd(k, "0");
    int += frac.slice(0, k);
    frac = frac.slice(k);
  } else if (k < 0) {
    int = int.padStart(-k + 1, "0");
    frac = int.slice(k) + frac;
    int = int.slice(0, k);
  }
  int = int.replace(/^0+(?=\d)/, "");
  if (int === "") int = "0";
  return (neg ? "-" : "") + int + (frac === "" ? "" : "." + frac);
}

/**
 * Rounds plain decimal text to `digits` decimals, half to even, exactly (for spreadsheet cells whose binary number shows noise such as 0.30000000000000004).
 * @example
 * roundDecimalText("0.30000000000000004", 2); // "0.30"
 * roundDecimalText("2.125", 2);               // "2.12"
 */
export function roundDecimalText(text: string, digits: number): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const [, sign, intRaw = "", fracRaw = ""] = m;
  if (fracRaw.length <= digits) return text;
  const keep = (intRaw || "0") + fracRaw.slice(0, digits);
  const rest = fracRaw.slice(digits);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastEven = (keep.charCodeAt(keep.length - 1) - 48) % 2 === 0;
  let n = BigInt(keep);
  if (first > 5 || (first === 5 && (tail || !lastEven))) n += 1n;
  const s = n.toString().padStart(digits + 1, "0");
  const out = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return (sign === "-" && /[1-9]/.test(out) ? "-" : "") + out;
}

const PLAIN = /^\d+(?:\.\d*)?$|^\.\d+$/;

/**
 * Reads a number as exported: symbols, codes, parentheses, %, 万/亿, separators.
 * @example
 * normalizeNumber("$1,234.50", DEFAULT_NUMBER_STYLE, "CNY"); // { ok: true, text: "1234.50", percent: false, currency: "USD" }
 * normalizeNumber("(1,234.00)", DEFAULT_NUMBER_STYLE, "CNY"); // { ok: true, text: "-1234.00", percent: false }
 * normalizeNumber("1.5万", DEFAULT_NUMBER_STYLE, "CNY");      // { ok: true, text: "15000", percent: false }
 * normalizeNumber("12.5%", DEFAULT_NUMBER_STYLE, "CNY");      // { ok: true, text: "0.125", percent: true }
 */
export function normalizeNumber(raw: string, style: NumberStyle, home: string): NormalNumber {
  let t = raw.trim();
  let neg = false;
  let currency: string | undefined;
  if (t.startsWith("(") && t.endsWith(")")) {
    neg = true;
    t = t.slice(1, -1).trim();
  }
  const take = (): void => {
    const s = stripCurrency(t, home);
    if (s.code !== undefined) {
      currency = s.code;
      t = s.rest;
    }
  };
  take();
  if (t.startsWith("-") || t.startsWith("+") || t.startsWith("−")) {
    if (t.startsWith("-") || t.startsWith("−")) neg = !neg;
    t = t.slice(t.startsWith("−") ? 1 : 1).trim();
  }
  if (currency === undefined) take();
  if (t.endsWith("-") && !neg) {
    neg = true; // SAP-style trailing minus: 1,234.00-
    t = t.slice(0, -1).trim();
  }
  let shift = 0;
  let percent = false;
  if (t.endsWith("%")) {
    percent = true;
    shift = -2;
    t = t.slice(0, -1).trim();
  } else if (t.endsWith("万")) {
    shift = 4;
    t = t.slice(0, -1).trim();
  } else if (t.endsWith("亿")) {
    shift = 8;
    t = t.slice(0, -1).trim();
  }
  if (currency === undefined) take();
  // Separators: the group only between digits in groups of three, the decimal once.
  let plain = t;
  if (style.group !== "" && plain.includes(style.group)) {
    const g = style.group === "." ? "\\." : style.group === " " ? "[ \\u00a0\\u202f]" : style.group.replace(/[$()*+.?[\\\]^{|}]/g, "\\$&");
    const d = style.decimal === "." ? "\\." : ",";
    if (!new RegExp(`^\\d{1,3}(${g}\\d{3})+(${d}\\d*)?$`).test(plain)) {
      return { ok: false, reason: `${JSON.stringify(raw)} is not a number (${JSON.stringify(style.group)} only between groups of three digits)` };
    }
    plain = plain.replace(new RegExp(g, "g"), "");
  }
  if (style.decimal === ",") plain = plain.replace(",", ".");
  if (!PLAIN.test(plain)) return { ok: false, reason: `${JSON.stringify(raw)} is not a number` };
  let text = shift === 0 ? plain : shiftDecimal(plain, shift);
  if (neg && /[1-9]/.test(text)) text = "-" + text;
  return currency === undefined ? { ok: true, text, percent } : { ok: true, text, percent, currency };
}
