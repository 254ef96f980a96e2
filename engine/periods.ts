/**
 * Calendar periods for evaluation, targets and the time functions `prev`,
 * `last_year` and `ytd`. Dates are "epoch days" (integer days since 1970-01-01,
 * proleptic Gregorian), so date maths is integer maths with no time zones.
 * Decisions: weeks are ISO 8601 (Monday start, week 1 holds January 4th) and
 * ignore the fiscal year; a fiscal year (`fiscal_year_starts april`) is named by
 * the calendar year it starts in and its quarters are 3-month blocks from the
 * start month (April start: `2026` = 2026-04-01..2027-03-31, `2026-Q1` =
 * 2026-04-01..2026-06-30); months and days keep their calendar names. Days,
 * months, quarters and years nest; weeks do not. A week period is finer than a
 * month grain and is rejected there; a month, quarter or year at a week grain
 * is made of the weeks whose Thursday lies in it (the ISO rule that gives a
 * week its year), so each week belongs to exactly one longer period and a
 * calendar year's weeks are its ISO weeks, though they may reach up to three
 * days past the period's edges. The evaluator and targets sit above this.
 * @module
 */

/** Days since 1970-01-01 (UTC, proleptic Gregorian). @example const d: EpochDay = 20527; // 2026-03-15 */
export type EpochDay = number;
/** A period's length, also a template's grain. @example const grain: PeriodUnit = "month"; */
export type PeriodUnit = "day" | "week" | "month" | "quarter" | "year";
const MONTHS = ["january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december"] as const;
/** A lower-case English month name. @example const m: MonthName = "april"; */
export type MonthName = (typeof MONTHS)[number];
/** The month a fiscal year starts in, by name or number (1 = January). @example const fs: FiscalStart = "april"; // or 4 */
export type FiscalStart = MonthName | number;
/** `fiscalStart` defaults to January, i.e. fiscal years are calendar years. @example parsePeriod("2026", { fiscalStart: "april" }); */
export interface PeriodOptions { fiscalStart?: FiscalStart }

/**
 * A period as plain JSON data: its unit, canonical text (`2026-Q1`), inclusive first and
 * last day, and the fiscal start month (1..12) that its quarters, years and `yearToDate` use.
 * @example { unit: "quarter", text: "2026-Q1", start: 20544, end: 20634, fiscalStart: 4 } // 2026-04-01..2026-06-30
 */
export interface Period { readonly unit: PeriodUnit; readonly text: string; readonly start: EpochDay; readonly end: EpochDay; readonly fiscalStart: number }

type Failure = { ok: false; reason: string };
/** @example const r: PeriodParse = parsePeriod("2026-03"); */
export type PeriodParse = { ok: true; period: Period } | Failure;
/** @example const r: DateParse = parseDate("2026-03-15"); */
export type DateParse = { ok: true; day: EpochDay } | Failure;
/** @example const r: RangeParse = parseRange("2026-01..2026-12"); */
export type RangeParse = { ok: true; periods: Period[] } | Failure;

const UNIT_RANK: Record<PeriodUnit, number> = { day: 0, week: 1, month: 2, quarter: 3, year: 4 };
const mod = (a: number, n: number): number => ((a % n) + n) % n;
const pad = (n: number, width: number): string => (n < 0 ? "-" : "") + String(Math.abs(n)).padStart(width, "0");

/**
 * The month number of a month name, for reading `fiscal_year_starts`.
 * @example
 * monthFromName("April"); // 4
 * monthFromName("apr");   // undefined
 */
export function monthFromName(name: string): number | undefined {
  const i = MONTHS.indexOf(name.toLowerCase() as MonthName);
  return i < 0 ? undefined : i + 1;
}

/** The checker validates the template's month name, so a bad one here is a bug and throws. */
function fiscalMonth(fs: FiscalStart | undefined): number {
  const m = fs === undefined ? 1 : typeof fs === "number" ? fs : monthFromName(fs);
  if (m === undefined || !Number.isInteger(m) || m < 1 || m > 12) throw new RangeError(`bad fiscal start ${String(fs)}`);
  return m;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every Gregorian date, no Date objects.
function fromCivil(y: number, m: number, d: number): EpochDay {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function toCivil(day: EpochDay): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
}

/** A month as an absolute index (year × 12 + month − 1) makes month arithmetic plain addition. */
const monthStart = (mi: number): EpochDay => fromCivil(Math.floor(mi / 12), mod(mi, 12) + 1, 1);
const daysInMonth = (y: number, m: number): number => monthStart(y * 12 + m) - monthStart(y * 12 + m - 1);
/** 1970-01-01 was a Thursday; ISO weeks start on Monday. */
const mondayOf = (day: EpochDay): EpochDay => day - mod(day + 3, 7);
const week1Monday = (isoYear: number): EpochDay => mondayOf(fromCivil(isoYear, 1, 4));
const isoWeeksIn = (isoYear: number): number => (week1Monday(isoYear + 1) - week1Monday(isoYear)) / 7;

/**
 * Parses a strict `YYYY-MM-DD` date into an epoch day.
 * @example
 * parseDate("2026-03-15"); // { ok: true, day: 20527 }
 * parseDate("2026-02-30"); // { ok: false, reason: "2026-02 has 28 days, so 2026-02-30 is not a date" }
 */
export function parseDate(text: string): DateParse {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { ok: false, reason: `${JSON.stringify(text)} is not a date; write YYYY-MM-DD` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return { ok: false, reason: `${text}: the year must be 0001..9999` };
  if (mo < 1 || mo > 12) return { ok: false, reason: `${text}: month ${m[2]} does not exist` };
  const dim = daysInMonth(y, mo);
  if (d < 1 || d > dim) return { ok: false, reason: `${m[1]}-${m[2]} has ${dim} days, so ${text} is not a date` };
  return { ok: true, day: fromCivil(y, mo, d) };
}

/**
 * Formats an epoch day as `YYYY-MM-DD`.
 * @example
 * formatDate(0); // "1970-01-01"
 */
export function formatDate(day: EpochDay): string {
  const [y, m, d] = toCivil(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * Orders two days (negative, zero or positive), for sorting records and periods.
 * @example
 * [20527, 20000].sort(compareDays); // [20000, 20527]
 */
export const compareDays = (a: EpochDay, b: EpochDay): number => a - b;

const make = (unit: PeriodUnit, text: string, start: EpochDay, end: EpochDay, fiscalStart: number): Period =>
  ({ unit, text, start, end, fiscalStart });
function weekPeriod(isoYear: number, week: number, fs: number): Period {
  const start = week1Monday(isoYear) + 7 * (week - 1);
  return make("week", `${pad(isoYear, 4)}-W${pad(week, 2)}`, start, start + 6, fs);
}
function monthPeriod(mi: number, fs: number): Period {
  return make("month", `${pad(Math.floor(mi / 12), 4)}-${pad(mod(mi, 12) + 1, 2)}`, monthStart(mi), monthStart(mi + 1) - 1, fs);
}
/** A fiscal quarter, or the fiscal year when `q` is 0: a block of months from the fiscal start month. */
function fiscalPeriod(fy: number, q: number, fs: number): Period {
  const mi = fy * 12 + fs - 1 + 3 * Math.max(0, q - 1);
  const text = q === 0 ? pad(fy, 4) : `${pad(fy, 4)}-Q${q}`;
  return make(q === 0 ? "year" : "quarter", text, monthStart(mi), monthStart(mi + (q === 0 ? 12 : 3)) - 1, fs);
}
/** Months since the start of fiscal year 0, so fiscal year = ⌊/12⌋ and fiscal quarter = ⌊mod 12 / 3⌋ + 1. */
function fiscalOffset(day: EpochDay, fs: number): number {
  const [y, m] = toCivil(day);
  return y * 12 + m - 1 - (fs - 1);
}

/**
 * The period of a unit that contains a day.
 * @example
 * periodOf(parseDate("2027-01-15").day, "year", "april").text;  // "2026"
 * periodOf(parseDate("2026-01-01").day, "week").text;            // "2026-W01"
 */
export function periodOf(day: EpochDay, unit: PeriodUnit, fiscalStart?: FiscalStart): Period {
  const fs = fiscalMonth(fiscalStart);
  switch (unit) {
    case "day": return make("day", formatDate(day), day, day, fs);
    case "week": {
      const monday = mondayOf(day);
      const isoYear = toCivil(monday + 3)[0]; // a week's ISO year is its Thursday's year
      return weekPeriod(isoYear, (monday - week1Monday(isoYear)) / 7 + 1, fs);
    }
    case "month": { const [y, m] = toCivil(day); return monthPeriod(y * 12 + m - 1, fs); }
    case "quarter": { const o = fiscalOffset(day, fs); return fiscalPeriod(Math.floor(o / 12), Math.floor(mod(o, 12) / 3) + 1, fs); }
    case "year": return fiscalPeriod(Math.floor(fiscalOffset(day, fs) / 12), 0, fs);
  }
}

const PERIOD_TEXT = /^(\d{4})(?:-Q(\d)|-W(\d{2})|-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Parses period text (`2026`, `2026-Q1`, `2026-03`, `2026-W05`, `2026-03-15`).
 * @example
 * parsePeriod("2026-Q1", { fiscalStart: "april" }); // ok; 2026-04-01..2026-06-30
 * parsePeriod("2021-W53");                           // { ok: false, reason: "2021 has 52 ISO weeks, so 2021-W53 does not exist" }
 */
export function parsePeriod(text: string, options: PeriodOptions = {}): PeriodParse {
  const fs = fiscalMonth(options.fiscalStart);
  const m = PERIOD_TEXT.exec(text);
  if (!m) return { ok: false, reason: `${JSON.stringify(text)} is not a period; write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15` };
  const y = Number(m[1]);
  if (y < 1) return { ok: false, reason: `${text}: the year must be 0001..9999` };
  if (m[2] !== undefined) {
    const q = Number(m[2]);
    return q >= 1 && q <= 4 ? { ok: true, period: fiscalPeriod(y, q, fs) } : { ok: false, reason: `${text}: quarters are Q1..Q4` };
  }
  if (m[3] !== undefined) {
    const [w, weeks] = [Number(m[3]), isoWeeksIn(y)];
    if (w >= 1 && w <= weeks) return { ok: true, period: weekPeriod(y, w, fs) };
    return { ok: false, reason: `${m[1]} has ${weeks} ISO weeks, so ${text} does not exist` };
  }
  if (m[5] !== undefined) {
    const d = parseDate(text);
    return d.ok ? { ok: true, period: make("day", text, d.day, d.day, fs) } : d;
  }
  if (m[4] === undefined) return { ok: true, period: fiscalPeriod(y, 0, fs) };
  const mo = Number(m[4]);
  return mo >= 1 && mo <= 12 ? { ok: true, period: monthPeriod(y * 12 + mo - 1, fs) } : { ok: false, reason: `${text}: month ${m[4]} does not exist` };
}

/**
 * Checks that a period can be evaluated at the template's grain: it must not be finer than the grain.
 * @example
 * checkPeriodAgainstGrain(parsePeriod("2026-03-15").period, "month");
 * // { ok: false, reason: "2026-03-15 is a day, finer than the template's grain (month); use a month such as 2026-03 or a longer period" }
 */
export function checkPeriodAgainstGrain(period: Period, grain: PeriodUnit): { ok: true } | Failure {
  if (UNIT_RANK[period.unit] >= UNIT_RANK[grain]) return { ok: true };
  const example = periodOf(period.start, grain, period.fiscalStart).text;
  const reason = `${period.text} is a ${period.unit}, finer than the template's grain (${grain})`;
  return { ok: false, reason: `${reason}; use a ${grain} such as ${example} or a longer period` };
}

/**
 * The period of the same unit that follows `p`.
 * @example
 * nextPeriod(parsePeriod("2026-12").period).text; // "2027-01"
 */
export const nextPeriod = (p: Period): Period => periodOf(p.end + 1, p.unit, p.fiscalStart);

/**
 * The period of the same unit just before `p`, for `prev(m)`.
 * @example
 * previousPeriod(parsePeriod("2026-W01").period).text; // "2025-W52"
 */
export const previousPeriod = (p: Period): Period => periodOf(p.start - 1, p.unit, p.fiscalStart);

/**
 * The grain periods that make up a period, in order (see the module header for weeks).
 * Throws when the grain is coarser than the period: call `checkPeriodAgainstGrain` first.
 * @example
 * grainPeriodsIn(parsePeriod("2026-Q1").period, "month").map((p) => p.text); // ["2026-01", "2026-02", "2026-03"]
 */
export function grainPeriodsIn(period: Period, grain: PeriodUnit): Period[] {
  if (UNIT_RANK[period.unit] < UNIT_RANK[grain]) throw new RangeError(`${period.text} is finer than ${grain}`);
  if (period.unit === grain) return [period];
  const out: Period[] = [];
  let p = periodOf(period.start, grain, period.fiscalStart);
  // Weeks belong where their Thursday is; everything else nests, so the first grain period starts at period.start.
  if (grain === "week" && p.start + 3 < period.start) p = nextPeriod(p);
  const last = grain === "week" ? period.end - 3 : period.end;
  for (; p.start <= last; p = nextPeriod(p)) out.push(p);
  return out;
}

/** `maxPeriods` (default 100,000): a longer range is refused rather than allocated. @example parseRange("2026-01-01..2026-12-31", { maxPeriods: 400 }); */
export interface RangeOptions extends PeriodOptions { maxPeriods?: number }

/**
 * Parses `P1..P2` into every period from P1 through P2 (both of one unit); a single period gives a one-element list.
 * @example
 * parseRange("2026-01..2026-03").periods.map((p) => p.text); // ["2026-01", "2026-02", "2026-03"]
 * parseRange("2026-01..2026-Q2"); // { ok: false, reason: "2026-01..2026-Q2 mixes a month and a quarter; both ends need the same unit" }
 */
export function parseRange(text: string, options: RangeOptions = {}): RangeParse {
  const parts = text.split("..");
  if (parts.length > 2) return { ok: false, reason: `${JSON.stringify(text)} is not a range; write P1..P2` };
  const [first, last] = [parsePeriod(parts[0] ?? "", options), parsePeriod(parts.at(-1) ?? "", options)];
  if (!first.ok) return first;
  if (!last.ok) return last;
  const [a, b] = [first.period, last.period];
  if (a.unit !== b.unit) return { ok: false, reason: `${text} mixes a ${a.unit} and a ${b.unit}; both ends need the same unit` };
  if (b.start < a.start) return { ok: false, reason: `${text} ends before it starts` };
  const max = options.maxPeriods ?? 100_000;
  const periods: Period[] = [];
  for (let p = a; p.start <= b.start; p = nextPeriod(p)) {
    if (periods.length >= max) return { ok: false, reason: `${text} has more than ${max} periods` };
    periods.push(p);
  }
  return { ok: true, periods };
}

/**
 * The number of days in a period.
 * @example
 * daysIn(parsePeriod("2024-02").period); // 29
 */
export const daysIn = (p: Period): number => p.end - p.start + 1;

/**
 * Days of the period elapsed as of a date, counting the as-of date itself, for `pace`:
 * 0 before the start, all days at or after the end.
 * @example
 * elapsedDays(parsePeriod("2026-03").period, parseDate("2026-03-10").day); // 10
 */
export const elapsedDays = (p: Period, asOf: EpochDay): number => Math.min(daysIn(p), Math.max(0, asOf - p.start + 1));

/**
 * The same period one year earlier, for `last_year(m)`. February 29th maps to February 28th
 * and week 53 to week 52 when the earlier year has no such day or week.
 * @example
 * sameLastYear(parsePeriod("2024-02-29").period).text; // "2023-02-28"
 */
export function sameLastYear(p: Period): Period {
  const fs = p.fiscalStart;
  const [y, m, d] = toCivil(p.start);
  if (p.unit === "day") return periodOf(fromCivil(y - 1, m, Math.min(d, daysInMonth(y - 1, m))), "day", fs);
  if (p.unit === "week") {
    const isoYear = toCivil(p.start + 3)[0];
    const week = (p.start - week1Monday(isoYear)) / 7 + 1;
    return weekPeriod(isoYear - 1, Math.min(week, isoWeeksIn(isoYear - 1)), fs);
  }
  // Months, quarters and years are whole months, so twelve months back is the same period a year earlier.
  return periodOf(fromCivil(y - 1, m, 1), p.unit, fs);
}

/**
 * The periods of p's unit from the start of p's fiscal year through p, for `ytd(m)`.
 * @example
 * yearToDate(parsePeriod("2026-Q2", { fiscalStart: "april" }).period).map((p) => p.text); // ["2026-Q1", "2026-Q2"]
 */
export function yearToDate(p: Period): Period[] {
  // A week's fiscal year is the one holding its Thursday, matching grainPeriodsIn.
  const year = periodOf(p.unit === "week" ? p.start + 3 : p.start, "year", p.fiscalStart);
  return grainPeriodsIn(year, p.unit).filter((q) => q.start <= p.start);
}

/**
 * The last day of the `unit` period containing a day, as a function that
 * remembers its answers (records cluster on few days). Used by
 * `days_to_period_end()`, which is relative to the record's own grain period
 * whatever period is being evaluated.
 * @example
 * const end = periodEndOf("month");
 * end(parseDate("2026-02-10").day); // the day number of 2026-02-28
 */
export function periodEndOf(unit: PeriodUnit, fiscalStart?: FiscalStart): (day: EpochDay) => EpochDay {
  const memo = new Map<EpochDay, EpochDay>();
  return (day) => {
    let end = memo.get(day);
    if (end === undefined) {
      end = periodOf(day, unit, fiscalStart).end;
      memo.set(day, end);
    }
    return end;
  };
}
