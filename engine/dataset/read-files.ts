/**
 * Streams the rows of a CSV file (its quote-free start split by
 * `plain-lines.ts`, the rest through csv-parse) or the records of an
 * NDJSON file to a handler, with the line each one starts on, without reading
 * the file into one string. CSV rows arrive as arrays (`columns: false`), so
 * the only allocation per row is csv-parse's own; line numbers are counted
 * here (csv-parse's per-record info objects would double the parse time):
 * a row starts on the line after the previous row's last line, counting
 * newlines inside quoted cells. Blank lines are skipped. A UTF-8 BOM and CRLF
 * line ends are accepted. Malformed CSV stops the file with one error.
 * @module
 */
import { createReadStream } from "node:fs";
import { parse, type CsvError, type Parser } from "csv-parse";
import type { Delimiter, Encoding } from "../../schemas/generated/mapping.js";
import { DecodeError, decodeStream } from "./decode.js";
import { FooterFilter } from "./footer.js";
import { cellsOf, PlainPrefix } from "./plain-lines.js";
import { jsonSyntaxError, type DataError, type ErrorList } from "./errors.js";

/**
 * What to do with a CSV file's lines.
 * @example
 * const h: CsvHandler = { header: (cells) => cells[0] === "id", row: (cells, line) => console.log(line, cells) };
 */
export interface CsvHandler {
  /** The first non-blank line; returning false stops reading the file (its errors are already reported). */
  header(cells: string[], line: number): boolean;
  /** A data row with as many cells as the header. */
  row(cells: string[], line: number): void;
  /**
   * A quote-free data line, `text[from, end)` with cells cut at `delimiter`, read without cutting it into strings;
   * returns false (having done nothing) when its cell count is not the header's. Absent: lines come through `row`.
   */
  plainRow?(text: string, from: number, end: number, delimiter: string, line: number): boolean;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

function csvErrorMessage(err: CsvError): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "unclosed quote: the quoted cell that starts on this line never ends";
    case "INVALID_OPENING_QUOTE":
      return `a quote inside an unquoted cell; quote the whole cell and double the quotes inside it ("a ""b"" c")`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "text after a closing quote; a quoted cell must end at a comma or at the end of the line";
    default:
      return `malformed CSV: ${err.message}`;
  }
}

/**
 * How to read a CSV file beyond the defaults (UTF-8, commas, header on the first line, no footers).
 * @example
 * const o: CsvOptions = { encoding: "auto", delimiter: "auto", skipRows: 2, footers: true };
 */
export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** Lines before the header. */
  skipRows?: number;
  /** Recognise trailing non-data lines (report footers, totals) and skip them (reported through `onFooter`) instead of calling them errors. */
  footers?: boolean;
  onFooter?: (lines: number[]) => void;
  onEncoding?: (encoding: string) => void;
  /** False: csv-parse reads the whole file (the reference the quote-free prefix is tested against). */
  plainPrefix?: boolean;
}

/**
 * Picks the delimiter of a header line: the candidate outside quotes that occurs most (a comma on a tie or when none occurs).
 * @example
 * sniffDelimiter('"a";"b";"c"'); // ";"
 */
export function sniffDelimiter(line: string): "," | ";" | "\t" | "|" {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0], ["|", 0]]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: "," | ";" | "\t" | "|" = ",";
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d as typeof best;
  return best;
}

/** The header line of the first decoded text: the line after `skip` lines. */
function headerLine(text: string, skip: number): string {
  let from = 0;
  for (let i = 0; i < skip; i++) {
    const nl = text.indexOf("\n", from);
    if (nl === -1) return "";
    from = nl + 1;
  }
  const nl = text.indexOf("\n", from);
  return text.slice(from, nl === -1 ? undefined : nl).replace(/^\ufeff/, "");
}

/** Waits until the parser takes more text (or has failed, which `done` then says). */
function drained(p: Parser): Promise<void> {
  return new Promise((resolve) => {
    const go = (): void => {
      p.off("drain", go);
      p.off("error", go);
      resolve();
    };
    p.on("drain", go);
    p.on("error", go);
  });
}

/**
 * Reads a CSV file row by row. Resolves when the file is done (or stopped); every problem goes to `errors`.
 * @example
 * await readCsvFile("data/deals.csv", "deals.csv", errors, { header: (h) => builder.bindHeader(h, 1), row: (c, l) => builder.addTextRow(c, l) });
 */
export function readCsvFile(path: string, file: string, errors: ErrorList, handler: CsvHandler, options: CsvOptions = {}): Promise<void> {
  return readCsv(createReadStream(path, { highWaterMark: 1 << 20 }), file, errors, handler, options);
}

/**
 * Reads CSV from a stream of bytes (a file, an upload held in memory), decoding it strictly in `options.encoding`.
 * @example
 * await readCsv(files.open("deals.csv"), "deals.csv", errors, handler, { encoding: "auto", delimiter: "auto" });
 */
export async function readCsv(bytes: AsyncIterable<Uint8Array>, file: string, errors: ErrorList, handler: CsvHandler, options: CsvOptions = {}): Promise<void> {
  const skip = options.skipRows ?? 0;
  let parser: Parser | undefined;
  let line = 1 + skip; // the line the next row starts on
  let delivered = 0; // records received, to tell whether csv-parse's error position is ours
  // Lines and records read before csv-parse took over (its positions count from there).
  let lineBase = 0;
  let deliveredBase = 0;
  let header: string[] | undefined;
  let done = false;
  // Footer candidates held until a data row proves them not to be the end of the file.
  let footer: FooterFilter<string> | undefined;
  const fail = (e: DataError): void => {
    if (done) return;
    errors.add(e);
    done = true;
  };
  const onRecord = (cells: string[]): void => {
    if (done) return;
    delivered++;
    const start = line;
    let nl = 0;
    for (let i = 0; i < cells.length; i++) if (cells[i]!.indexOf("\n") !== -1) nl += countNewlines(cells[i]!);
    line = start + 1 + nl;
    if (cells.length === 1 && cells[0] === "") return; // a blank line
    if (header === undefined) {
      header = cells;
      if (!handler.header(cells, start)) done = true;
      else if (options.footers) {
        const width = cells.length;
        const short = (c: string[], l: number): void => errors.add({ file, line: l, message: `expected ${width} cells (${cells.join(",")}) but found ${c.length}` });
        footer = new FooterFilter<string>(width, (c, l) => handler.row(c, l), short, (c) => c ?? "");
      }
      return;
    }
    if (footer) {
      footer.row(cells, start);
      return;
    }
    if (cells.length !== header.length) {
      errors.add({ file, line: start, message: `expected ${header.length} cells (${header.join(",")}) but found ${cells.length}` });
      return;
    }
    handler.row(cells, start);
  };
  const onError = (err: CsvError): void => {
    const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
    // csv-parse reports an unclosed quote at the end of the file; when every record before it reached us, we know where it opened.
    const unclosed = err.code === "CSV_QUOTE_NOT_CLOSED";
    const lines = num(err.lines);
    const at = unclosed && delivered - deliveredBase === num(err.records) ? line : lines !== undefined ? lines + skip + lineBase : undefined;
    const e: DataError = { file, message: csvErrorMessage(err) };
    if (at !== undefined) e.line = at;
    const col = num(err.column);
    const name = col !== undefined && !unclosed ? header?.[col] : undefined;
    if (name !== undefined) e.field = name.trim();
    fail(e);
  };
  // A parser taking over mid-file has no byte order mark to drop: a U+FEFF at its start is a line's text.
  const make = (delimiter: string, takeOver?: { recordDelimiter: string | undefined }): Parser => {
    const p = parse({ bom: !takeOver, relax_column_count: true, delimiter, ...(takeOver?.recordDelimiter ? { record_delimiter: takeOver.recordDelimiter } : {}), ...(skip > 0 ? { from_line: skip + 1 } : {}) });
    p.on("data", onRecord);
    p.on("error", onError);
    return p;
  };
  // A data line of the quote-free start goes to the handler's span reader when it has one (and, with footers recognised, when
  // nothing is held and its first cell is no totals label); the header, footer candidates, blank lines and any line the reader declines take the general path.
  const onPlainLine = (text: string, from: number, end: number): boolean => {
    if (header !== undefined && from !== end && (!footer || footer.clearFor(text, from, end, delimiter)) && handler.plainRow?.(text, from, end, delimiter, line)) {
      delivered++;
      line++;
    } else onRecord(cellsOf(text, from, end, delimiter));
    return !done;
  };
  // The quote-free start of the file is split here (plain-lines.ts); csv-parse takes over at the first quote. Skipped lines are csv-parse's to count.
  let plain: PlainPrefix | undefined;
  let delimiter = ",";
  const handOver = async (text: string): Promise<void> => {
    lineBase = line - 1;
    deliveredBase = delivered;
    parser = make(delimiter, { recordDelimiter: plain?.recordDelimiter });
    plain = undefined;
    if (!parser.write(text)) await drained(parser);
  };
  try {
    for await (const text of decodeStream(bytes, options.encoding ?? "utf-8", options.onEncoding)) {
      if (done) break;
      if (!parser && !plain) {
        const d = options.delimiter ?? ",";
        delimiter = d === "auto" ? sniffDelimiter(headerLine(text, skip)) : d;
        if (skip === 0 && options.plainPrefix !== false) plain = new PlainPrefix(onPlainLine);
        else parser = make(delimiter);
      }
      if (plain) {
        const rest = plain.take(text);
        if (rest !== undefined && !done) await handOver(rest);
      } else if (!parser!.write(text)) await drained(parser!);
    }
    if (plain && !done) {
      const rest = plain.end();
      if (rest !== undefined && !done) await handOver(rest);
    }
    if (!parser && !plain) parser = make(",");
    if (parser && !done) await new Promise<void>((resolve) => {
      parser!.once("end", resolve);
      parser!.once("error", () => resolve());
      parser!.end();
    });
  } catch (err) {
    if (err instanceof DecodeError) fail({ file, line: err.line, message: err.message });
    else {
      const e = err as NodeJS.ErrnoException;
      // Only the file system's errors are about the data; anything else is a bug and must not pass for bad input.
      if (typeof e.code !== "string") throw err;
      fail({ file, message: e.code === "ENOENT" ? "file not found" : `cannot read the file: ${e.message}` });
    }
  }
  parser?.destroy();
  if (done) return;
  if (header === undefined) {
    errors.add({ file, line: 1 + skip, message: skip > 0 ? `no header after the first ${skip} lines` : "the file is empty; its first line must be the header" });
    return;
  }
  if (footer) {
    footer.end();
    if (footer.skipped.length > 0) options.onFooter?.(footer.skipped);
  }
}

/**
 * Reads an NDJSON file: one JSON value per line, blank lines skipped.
 * @example
 * await readNdjsonFile("data/deals.ndjson", "deals.ndjson", errors, (rec, line) => builder.addJsonRecord(rec, { line, index: line }));
 */
export function readNdjsonFile(path: string, file: string, errors: ErrorList, onRecord: (value: unknown, line: number) => void): Promise<void> {
  return readNdjson(createReadStream(path, { highWaterMark: 1 << 20 }), file, errors, onRecord);
}

/**
 * Reads NDJSON from a stream of bytes (strict UTF-8).
 * @example
 * await readNdjson(files.open("deals.ndjson"), "deals.ndjson", errors, onRecord);
 */
export async function readNdjson(bytes: AsyncIterable<Uint8Array>, file: string, errors: ErrorList, onRecord: (value: unknown, line: number) => void): Promise<void> {
  let line = 0;
  let rest = "";
  const take = (text: string): void => {
    line++;
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      errors.add({ file, line, message: jsonSyntaxError(text, (err as Error).message).message });
      return;
    }
    onRecord(value, line);
  };
  try {
    // The decoder keeps multi-byte characters that straddle chunks whole, and drops a byte order mark.
    for await (const chunk of decodeStream(bytes, "utf-8")) {
      const text = rest + chunk;
      let from = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof DecodeError) errors.add({ file, line: err.line, message: err.message });
    else errors.add({ file, message: e.code === "ENOENT" ? "file not found" : `cannot read the file: ${e.message}` });
    return;
  }
  if (rest !== "") take(rest);
}
