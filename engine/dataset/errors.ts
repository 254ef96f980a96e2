/**
 * Data errors: what the dataset loader reports instead of throwing. Every error
 * names the file and where in it (a CSV or NDJSON line, a JSON pointer and
 * record index) and the field. Loading collects errors up to a limit and then
 * only counts them, so one run shows many mistakes without flooding the
 * terminal; nothing is evaluated when there is any error.
 * @module
 */
import type { Dataset } from "./types.js";

/**
 * One bad thing in a dataset.
 * @example
 * const e: DataError = { file: "deals.csv", line: 17, field: "amount", message: '"12.345" has 3 decimals; the currency allows 2' };
 */
export interface DataError {
  file: string;
  /** 1-based line in a CSV or NDJSON file (or in a JSON file, for syntax errors). */
  line?: number;
  /** 0-based index of the record in its JSON array. */
  record?: number;
  field?: string;
  /** The header of the file's column the field was read from, when a mapping renamed it (`Close Date`). */
  column?: string;
  /** JSON pointer into a JSON dataset, e.g. `/records/deals/17/amount` (or into a mapping file). */
  path?: string;
  message: string;
}

/**
 * Something a load did that the user should hear about although nothing is
 * wrong enough to stop: empty cells read as missing values (`missing`),
 * records left out by a `skip` policy (`skipped`), report footers skipped
 * (`footer`). `lines` are the first few lines (or record indexes) concerned.
 * @example
 * const w: DataWarning = { kind: "missing", file: "deals.csv", field: "amount", count: 3, lines: [4, 9, 17], message: "3 empty cells" };
 */
export interface DataWarning {
  kind: "missing" | "skipped" | "footer";
  file: string;
  /** The source the warning is about (absent for entities and other tables). */
  source?: string;
  field?: string;
  column?: string;
  count: number;
  lines: number[];
  message: string;
  /** Filled in by the evaluator's caller: the metrics whose aggregates leave these records out. */
  metrics?: string[];
}

/**
 * How many lines a warning lists.
 * @example
 * lines.length < WARNING_LINES;
 */
export const WARNING_LINES = 5;

/**
 * The outcome of loading a dataset: the dataset, or every error found (never both).
 * @example
 * const r = await loadDatasetFolder("data", spec);
 * if (!r.ok) for (const e of r.errors) console.error(formatDataError(e));
 */
export type LoadResult = { ok: true; dataset: Dataset; warnings: DataWarning[] } | { ok: false; errors: DataError[]; total: number };

/**
 * How many errors are kept; the rest are only counted.
 * @example
 * new ErrorList(MAX_ERRORS);
 */
export const MAX_ERRORS = 100;

/**
 * Collects errors up to `limit` and counts the rest.
 * @example
 * const errs = new ErrorList();
 * errs.add({ file: "deals.csv", line: 3, message: "bad" });
 * errs.list("data/"); // [{ file: "deals.csv", line: 3, message: "bad" }]
 */
export class ErrorList {
  private readonly kept: DataError[] = [];
  private dropped = 0;
  constructor(private readonly limit = MAX_ERRORS) {}

  add(e: DataError): void {
    if (this.kept.length < this.limit) this.kept.push(e);
    else this.dropped++;
  }

  get count(): number {
    return this.kept.length + this.dropped;
  }

  /** What another list holds, as if its errors had been added here after this list's (a worker's errors, merged in file order). */
  merge(other: { kept: readonly DataError[]; dropped: number }): void {
    for (const e of other.kept) this.add(e);
    this.dropped += other.dropped;
  }

  /** The kept errors and the count of the others, to send to another thread. */
  export(): { kept: DataError[]; dropped: number } {
    return { kept: [...this.kept], dropped: this.dropped };
  }

  /** The failed load: the kept errors (plus a last one saying how many more there were) and the exact total. */
  failure(origin: string): { ok: false; errors: DataError[]; total: number } {
    return { ok: false, errors: this.list(origin), total: this.count };
  }

  /** The kept errors, plus a last one saying how many more there were. */
  list(origin: string): DataError[] {
    if (this.dropped === 0) return [...this.kept];
    const more = `and ${this.dropped} more error${this.dropped === 1 ? "" : "s"} (only the first ${this.limit} are listed)`;
    return [...this.kept, { file: origin, message: more }];
  }
}

/**
 * One line of text for an error: `FILE:LINE: field F: message`, or `FILE: /json/pointer: message`.
 * @example
 * formatDataError({ file: "deals.csv", line: 17, field: "amount", message: '"12.345" has 3 decimals; the currency allows 2' });
 * // 'deals.csv:17: field amount: "12.345" has 3 decimals; the currency allows 2'
 */
export function formatDataError(e: DataError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
  if (e.path !== undefined) return `${where}: ${e.path === "" ? "/" : e.path}: ${e.message}`;
  const field = e.column !== undefined ? `column ${JSON.stringify(e.column)}: ` : e.field !== undefined ? `field ${e.field}: ` : "";
  const record = e.record !== undefined && e.line === undefined ? `record ${e.record}: ` : "";
  return `${where}: ${record}${field}${e.message}`;
}

/**
 * One line of text for a warning: `FILE: column "Amount" (field amount): 3 empty cells read as missing values (lines 4, 9, 17); left out by …`.
 * @example
 * formatDataWarning({ kind: "missing", file: "deals.csv", field: "amount", count: 2, lines: [4, 9], message: "2 empty cells read as missing values", metrics: ["new_amount"] });
 * // "deals.csv: field amount: 2 empty cells read as missing values (lines 4, 9); left out of new_amount"
 */
export function formatDataWarning(w: DataWarning): string {
  const what = w.column !== undefined ? `column ${JSON.stringify(w.column)} (field ${w.field}): ` : w.field !== undefined && w.kind === "missing" ? `field ${w.field}: ` : "";
  const lines = w.lines.length === 0 ? "" : ` (${w.lines.length === 1 && w.count === 1 ? "line" : "lines"} ${w.lines.join(", ")}${w.count > w.lines.length ? ", …" : ""})`;
  const metrics = w.metrics && w.metrics.length > 0 ? `; left out of ${w.metrics.join(", ")}` : "";
  return `${w.file}: ${what}${w.message}${lines}${metrics}`;
}

/**
 * A JSON pointer (RFC 6901) from path segments.
 * @example
 * jsonPointer(["records", "deals", 17, "a/b"]); // "/records/deals/17/a~1b"
 */
export function jsonPointer(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) out += "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1");
  return out;
}

/**
 * Quotes a data value for a message, shortening long ones.
 * @example
 * quote("12.345"); // '"12.345"'
 */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value);
}

/**
 * A JSON.parse error as a line and a message with the column, from V8's "… in JSON at position N".
 * @example
 * jsonSyntaxError('{\n  x: 1}', "Expected double-quoted property name in JSON at position 4");
 * // { line: 2, message: "not valid JSON: Expected double-quoted property name at column 3" }
 */
export function jsonSyntaxError(text: string, message: string): { line?: number; message: string } {
  const m = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!m) return { message: `not valid JSON: ${message}` };
  const pos = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, message: `not valid JSON: ${message.slice(0, m.index)} at column ${pos - lineStart + 1}${message.slice(m.index + m[0].length)}` };
}
