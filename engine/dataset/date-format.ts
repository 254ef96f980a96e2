/**
 * Date formats of a mapping: patterns of `YYYY`, `M`, `MM`, `D`, `DD` and
 * literal characters (`M/D/YYYY`, `YYYY年M月D日`, `D.M.YYYY`), and `iso`
 * (ISO date-times with an offset, whose day is taken in the mapping's time
 * zone). A pattern is compiled once into a small matcher that reads the text
 * character by character; `YYYY-MM-DD` is always accepted as well, because
 * spreadsheet date cells arrive in that form. Text after the date (a time of
 * day after a space or `T`) is ignored: exports often write `3/5/2026 14:02`.
 * @module
 */
import { daysFromCivil, parseIsoDate } from "./values.js";
import { NO_DATE } from "./types.js";

/**
 * Parses one cell into epoch days, or `NO_DATE`.
 * @example
 * const p: DateParser = compileDateFormat("M/D/YYYY");
 * p("3/5/2026"); // 20517
 */
export type DateParser = (text: string) => number;

type Part = { kind: "Y" | "M" | "D"; min: number; max: number } | { kind: "lit"; text: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Whether a format is one this module can compile; a message saying why not otherwise.
 * @example
 * dateFormatProblem("M/D/YYYY"); // undefined
 * dateFormatProblem("D/M");      // "a date format needs YYYY, M or MM, and D or DD"
 */
export function dateFormatProblem(format: string): string | undefined {
  if (format === "iso") return undefined;
  const parts = parsePattern(format);
  const kinds = parts.filter((p) => p.kind !== "lit").map((p) => p.kind).sort().join("");
  return kinds === "DMY" ? undefined : "a date format needs YYYY, M or MM, and D or DD (or is iso)";
}

function parsePattern(format: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    if (rest.startsWith("YYYY")) { parts.push({ kind: "Y", min: 4, max: 4 }); i += 4; }
    else if (rest.startsWith("MM")) { parts.push({ kind: "M", min: 2, max: 2 }); i += 2; }
    else if (rest.startsWith("M")) { parts.push({ kind: "M", min: 1, max: 2 }); i += 1; }
    else if (rest.startsWith("DD")) { parts.push({ kind: "D", min: 2, max: 2 }); i += 2; }
    else if (rest.startsWith("D")) { parts.push({ kind: "D", min: 1, max: 2 }); i += 1; }
    else {
      const last = parts.at(-1);
      if (last?.kind === "lit") last.text += format[i]!;
      else parts.push({ kind: "lit", text: format[i]! });
      i += 1;
    }
  }
  return parts;
}

const civil = (y: number, m: number, d: number): number => {
  if (y < 1 || m < 1 || m > 12 || d < 1) return NO_DATE;
  const dim = m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  return d > dim ? NO_DATE : daysFromCivil(y, m, d);
};

function patternParser(format: string): DateParser {
  const parts = parsePattern(format);
  return (text) => {
    const iso = parseIsoDate(text.length > 10 ? text.slice(0, 10) : text);
    if (iso !== NO_DATE && (text.length === 10 || text[10] === " " || text[10] === "T")) return iso;
    let i = 0;
    let y = 0, m = 0, d = 0;
    for (const p of parts) {
      if (p.kind === "lit") {
        if (!text.startsWith(p.text, i)) return NO_DATE;
        i += p.text.length;
        continue;
      }
      let n = 0, len = 0;
      while (len < p.max) {
        const c = text.charCodeAt(i) - 48;
        if (!(c >= 0 && c <= 9)) break;
        n = n * 10 + c;
        i++;
        len++;
      }
      if (len < p.min) return NO_DATE;
      if (p.kind === "Y") y = n;
      else if (p.kind === "M") m = n;
      else d = n;
    }
    if (i !== text.length && text[i] !== " " && text[i] !== "T") return NO_DATE;
    return civil(y, m, d);
  };
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Whether `zone` is an IANA time zone this runtime knows.
 * @example
 * isTimeZone("Asia/Shanghai"); // true
 */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function dayInZone(ms: number, zone: string): number {
  let f = zoneFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    zoneFormatters.set(zone, f);
  }
  const parts = f.formatToParts(ms);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  return civil(get("year"), get("month"), get("day"));
}

function isoParser(zone: string): DateParser {
  return (text) => {
    const m = ISO_DATETIME.exec(text.trim());
    if (!m) return NO_DATE;
    const day = civil(Number(m[1]), Number(m[2]), Number(m[3]));
    if (day === NO_DATE || m[7] === undefined || m[4] === undefined) return day; // no offset: the day as written
    const off = m[7].toUpperCase() === "Z" ? 0 : (m[7][0] === "-" ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].replace(":", "").slice(3, 5) || 0));
    const ms = day * 86_400_000 + (Number(m[4]) * 60 + Number(m[5])) * 60_000 + Number(m[6] ?? 0) * 1000 - off * 60_000;
    return zone === "UTC" ? Math.floor(ms / 86_400_000) : dayInZone(ms, zone);
  };
}

/**
 * Compiles a date format (already checked with `dateFormatProblem`).
 * @example
 * compileDateFormat("YYYY年M月D日")("2026年3月5日");                    // 20517
 * compileDateFormat("iso", "Asia/Shanghai")("2026-03-04T20:00:00Z"); // 20517 (04:00 on the 5th in Shanghai)
 */
export function compileDateFormat(format: string, zone = "UTC"): DateParser {
  return format === "iso" ? isoParser(zone) : patternParser(format);
}
