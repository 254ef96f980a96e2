/**
 * Text → value conversions shared by every dataset form: ISO dates to epoch
 * days, decimal numbers, percents, booleans and period names. They are on the
 * hot path of loading millions of records, so they avoid regular expressions
 * and allocation where they can (dates are read character by character).
 * Money is not here: it goes through `parseMoney` (engine/money-parse.ts) so
 * that it never touches binary floating point.
 * @module
 */
import { NO_DATE } from "./types.js";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
 * @example
 * daysFromCivil(1970, 1, 2); // 1
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};

/**
 * Parses `YYYY-MM-DD` (a real calendar day, year 0001–9999) into epoch days; `NO_DATE` when it is not one.
 * @example
 * parseIsoDate("2026-03-15"); // 20527
 * parseIsoDate("2026-02-30"); // NO_DATE
 */
export function parseIsoDate(s: string): number {
  return parseIsoDateAt(s, 0, s.length);
}

/**
 * `parseIsoDate` of `s[start, end)`, without making it a string.
 * @example
 * parseIsoDateAt("r1,2026-03-15", 3, 13); // 20527
 */
export function parseIsoDateAt(s: string, start: number, end: number): number {
  const o = start;
  if (end - start !== 10 || s.charCodeAt(o + 4) !== 45 || s.charCodeAt(o + 7) !== 45) return NO_DATE;
  const y = digit(s, o) * 1000 + digit(s, o + 1) * 100 + digit(s, o + 2) * 10 + digit(s, o + 3);
  const m = digit(s, o + 5) * 10 + digit(s, o + 6);
  const d = digit(s, o + 8) * 10 + digit(s, o + 9);
  if (y < 1 || m < 1 || m > 12 || d < 1) return NO_DATE;
  const dim = m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  if (d > dim) return NO_DATE;
  return daysFromCivil(y, m, d);
}

/**
 * The `YYYY-MM-DD` text of an epoch day.
 * @example
 * formatIsoDate(20527); // "2026-03-15"
 */
export function formatIsoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The message for a value that is not a date.
 * @example
 * badDate("2026-02-30"); // '"2026-02-30" is not a valid date; write dates as YYYY-MM-DD'
 */
export const badDate = (text: string): string => `${JSON.stringify(text)} is not a valid date; write dates as YYYY-MM-DD`;

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const PERCENT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/;

/**
 * Parses a plain decimal number (`12`, `-0.5`, `1e3`); NaN when the text is not one.
 * Unlike `Number()`, rejects `""`, `0x10`, `Infinity` and thousands separators.
 * @example
 * parseDecimal("1e3"); // 1000
 * parseDecimal("1,5"); // NaN
 */
export function parseDecimal(text: string): number {
  if (!NUMBER.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Parses a percent: `85%` is 0.85; a plain number is taken as the fraction itself.
 * The `%` form shifts the decimal exponent instead of dividing, so `12.3%` is exactly the double nearest 0.123.
 * @example
 * parsePercent("85%");  // 0.85
 * parsePercent("0.85"); // 0.85
 */
export function parsePercent(text: string): number {
  const m = PERCENT.exec(text);
  if (!m) return parseDecimal(text);
  const v = Number(`${m[1]}e-2`);
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Parses `true`/`false` (any case) or `1`/`0`: 1, 0, or -1 when it is neither.
 * @example
 * parseBooleanText("TRUE"); // 1
 */
export function parseBooleanText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "1") return 1;
  if (t === "false" || t === "0") return 0;
  return -1;
}

const PERIOD = /^\d{4}(?:-Q[1-4]|-W(?:0[1-9]|[1-4]\d|5[0-3])|-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$/;

/**
 * Whether text names a period: `2026`, `2026-Q1`, `2026-03`, `2026-W05` or a real day `2026-03-15`.
 * Only the spelling is checked here; whether the period fits the template's grain is the evaluator's question.
 * @example
 * isPeriodName("2026-Q2"); // true
 * isPeriodName("2026-13"); // false
 */
export function isPeriodName(text: string): boolean {
  if (!PERIOD.test(text)) return false;
  return text.length !== 10 || parseIsoDate(text) !== NO_DATE;
}

/**
 * The `YYYY-MM-DD` text of an epoch day by integer arithmetic (Hinnant's civil_from_days), without a Date: the mapped loader writes one per converted date cell.
 * @example
 * isoOfDays(20527); // "2026-03-15"
 */
export function isoOfDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}
