/**
 * SQL dialects: how each one quotes identifiers and text, names the types
 * the compiler casts to, and does the little date arithmetic that period
 * bucketing needs. Only `duckdb` and `postgres` are run (tests, `kpi eval
 * --engine duckdb`, `--data postgres://…`); the others are rendered for a
 * warehouse and snapshot-tested. User text reaches SQL only through
 * `ident` and `text`, which quote it completely (no escape is left open).
 * @module
 */

/** The dialects `kpi sql` renders. @example const d: DialectName = "duckdb"; */
export type DialectName = "duckdb" | "postgres" | "clickhouse" | "trino" | "spark" | "bigquery" | "snowflake";

export const DIALECTS: readonly DialectName[] = ["duckdb", "postgres", "clickhouse", "trino", "spark", "bigquery", "snowflake"];

/** Period units that can bucket records. */
export type BucketUnit = "day" | "week" | "month" | "quarter" | "year";

/**
 * One dialect's spelling of what the compiler needs.
 * @example
 * dialect("postgres").ident('a"b'); // '"a""b"'
 */
export interface Dialect {
  name: DialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A quoted text literal. */
  text(value: string): string;
  /** Type names. */
  bigint: string;
  double: string;
  varchar: string;
  /** DECIMAL with `scale` digits (money in currency units while it is parsed). */
  decimal(scale: number): string;
  /** A date literal from `YYYY-MM-DD` (made by the compiler, never user text). */
  date(iso: string): string;
  /** Days from date `a` to date `b` (an integer). */
  daysBetween(a: string, b: string): string;
  addDays(d: string, n: number): string;
  addMonths(d: string, n: number): string;
  /** The first day of the calendar unit holding `d` (ISO weeks start on Monday). */
  trunc(d: string, unit: BucketUnit): string;
}

const doubled = (q: string) => (s: string): string => `${q}${s.split(q).join(q + q)}${q}`;
/** Dialects whose string literals take backslash escapes: a quote is `\'`, a backslash `\\`. */
const backslashed = (s: string): string => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(iso: string): string {
  if (!ISO_DATE.test(iso)) throw new Error(`internal: not a date literal: ${iso}`);
  return iso;
}

const standard = {
  bigint: "BIGINT",
  double: "DOUBLE",
  varchar: "VARCHAR",
  decimal: (s: number) => `DECIMAL(38, ${s})`,
  date: (iso: string) => `DATE '${checkedDate(iso)}'`,
};

const DIALECT_TABLE: Record<DialectName, Dialect> = {
  duckdb: {
    name: "duckdb",
    ident: doubled('"'),
    text: doubled("'"),
    ...standard,
    // DECIMAL(18, s) is a 64-bit integer in DuckDB, DECIMAL(38, s) a 128-bit one whose parse from text is
    // ~40× slower (W1's deals: 4.7 s against 0.1 s). 18 digits hold every amount whose minor units fit the
    // BIGINT it is cast to next; a longer one is a conversion error, never a rounded number.
    decimal: (s: number) => `DECIMAL(18, ${s})`,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
    addDays: (d, n) => `CAST(${d} + INTERVAL (${n}) DAY AS DATE)`,
    addMonths: (d, n) => `CAST(${d} + INTERVAL (${n}) MONTH AS DATE)`,
    trunc: (d, u) => (u === "day" ? d : `CAST(date_trunc('${u}', ${d}) AS DATE)`),
  },
  postgres: {
    name: "postgres",
    ident: doubled('"'),
    text: doubled("'"),
    ...standard,
    double: "DOUBLE PRECISION",
    daysBetween: (a, b) => `(${b} - ${a})`,
    addDays: (d, n) => `(${d} + (${n}))`,
    addMonths: (d, n) => `CAST(${d} + INTERVAL '${n} months' AS DATE)`,
    // date_trunc of a DATE goes through timestamptz (time-zone work per row); of a TIMESTAMP it does not (W1's deals: ~25% of the query).
    trunc: (d, u) => (u === "day" ? d : `CAST(date_trunc('${u}', CAST(${d} AS TIMESTAMP)) AS DATE)`),
  },
  trino: {
    name: "trino",
    ident: doubled('"'),
    text: doubled("'"),
    ...standard,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
    addDays: (d, n) => `date_add('day', ${n}, ${d})`,
    addMonths: (d, n) => `date_add('month', ${n}, ${d})`,
    trunc: (d, u) => (u === "day" ? d : `date_trunc('${u}', ${d})`),
  },
  snowflake: {
    name: "snowflake",
    ident: doubled('"'),
    text: doubled("'"),
    ...standard,
    daysBetween: (a, b) => `DATEDIFF(day, ${a}, ${b})`,
    addDays: (d, n) => `DATEADD(day, ${n}, ${d})`,
    addMonths: (d, n) => `DATEADD(month, ${n}, ${d})`,
    // Snowflake's week start is a session setting; an ISO week is found from DAYOFWEEKISO instead.
    trunc: (d, u) => (u === "day" ? d : u === "week" ? `DATEADD(day, 1 - DAYOFWEEKISO(${d}), ${d})` : `DATE_TRUNC('${u}', ${d})`),
  },
  spark: {
    name: "spark",
    ident: doubled("`"),
    text: backslashed,
    ...standard,
    varchar: "STRING",
    daysBetween: (a, b) => `datediff(${b}, ${a})`,
    addDays: (d, n) => `date_add(${d}, ${n})`,
    addMonths: (d, n) => `add_months(${d}, ${n})`,
    trunc: (d, u) => (u === "day" ? d : `CAST(date_trunc('${u.toUpperCase()}', ${d}) AS DATE)`),
  },
  bigquery: {
    name: "bigquery",
    ident: doubled("`"),
    text: backslashed,
    ...standard,
    bigint: "INT64",
    double: "FLOAT64",
    varchar: "STRING",
    // NUMERIC (38 digits, 9 after the point) holds any amount the INT64 of minor units it is cast to can: BIGNUMERIC is not needed.
    decimal: () => "NUMERIC",
    daysBetween: (a, b) => `DATE_DIFF(${b}, ${a}, DAY)`,
    addDays: (d, n) => `DATE_ADD(${d}, INTERVAL ${n} DAY)`,
    addMonths: (d, n) => `DATE_ADD(${d}, INTERVAL ${n} MONTH)`,
    trunc: (d, u) => (u === "day" ? d : `DATE_TRUNC(${d}, ${u === "week" ? "ISOWEEK" : u.toUpperCase()})`),
  },
  clickhouse: {
    name: "clickhouse",
    ident: doubled("`"),
    text: backslashed,
    bigint: "Int64",
    double: "Float64",
    varchar: "String",
    decimal: (s: number) => `Decimal(38, ${s})`,
    date: (iso: string) => `toDate('${checkedDate(iso)}')`,
    daysBetween: (a, b) => `dateDiff('day', ${a}, ${b})`,
    addDays: (d, n) => `addDays(${d}, ${n})`,
    addMonths: (d, n) => `addMonths(${d}, ${n})`,
    trunc: (d, u) => ({ day: d, week: `toMonday(${d})`, month: `toStartOfMonth(${d})`, quarter: `toStartOfQuarter(${d})`, year: `toStartOfYear(${d})` })[u],
  },
};

/**
 * The dialect of a name.
 * @example
 * dialect("bigquery").text("it's"); // "'it\\'s'"
 */
export function dialect(name: DialectName): Dialect {
  return DIALECT_TABLE[name];
}

/**
 * Whether text names a dialect.
 * @example
 * isDialect("duckdb"); // true
 */
export const isDialect = (s: string): s is DialectName => (DIALECTS as readonly string[]).includes(s);

/**
 * The first day of the grain period holding date `d`: calendar units, ISO weeks, and quarters and
 * years of a fiscal year starting in month `fiscalStart` (a shift by whole months before and after).
 * @example
 * bucketStart(dialect("duckdb"), "r.d", "year", 4); // first day of the fiscal year starting in April
 */
export function bucketStart(d: Dialect, at: string, unit: BucketUnit, fiscalStart: number): string {
  const shift = fiscalStart - 1;
  if ((unit === "quarter" || unit === "year") && shift !== 0) return d.addMonths(d.trunc(d.addMonths(at, -shift), unit), shift);
  return d.trunc(at, unit);
}

/**
 * The last day of the grain period starting on `start`.
 * @example
 * bucketEnd(dialect("postgres"), "b", "month"); // "(CAST(b + INTERVAL '1 months' AS DATE) + (-1))"
 */
export function bucketEnd(d: Dialect, start: string, unit: BucketUnit): string {
  switch (unit) {
    case "day":
      return start;
    case "week":
      return d.addDays(start, 6);
    default:
      return d.addDays(d.addMonths(start, unit === "month" ? 1 : unit === "quarter" ? 3 : 12), -1);
  }
}
