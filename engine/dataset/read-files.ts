/**
 * Streams the rows of a CSV file (through csv-parse) or the records of an
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
import { parse, type CsvError } from "csv-parse";
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
 * Reads a CSV file row by row. Resolves when the file is done (or stopped); every problem goes to `errors`.
 * @example
 * await readCsvFile("data/deals.csv", "deals.csv", errors, { header: (h) => builder.bindHeader(h, 1), row: (c, l) => builder.addTextRow(c, l) });
 */
export function readCsvFile(path: string, file: string, errors: ErrorList, handler: CsvHandler): Promise<void> {
  return new Promise((resolve) => {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const parser = parse({ bom: true, relax_column_count: true });
    let line = 1; // the line the next row starts on
    let delivered = 0; // records received, to tell whether csv-parse's error position is ours
    let header: string[] | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      input.destroy();
      parser.destroy();
      resolve();
    };
    const fail = (e: DataError): void => {
      if (done) return;
      errors.add(e);
      finish();
    };
    input.on("error", (err: NodeJS.ErrnoException) => {
      fail({ file, message: err.code === "ENOENT" ? "file not found" : `cannot read the file: ${err.message}` });
    });
    parser.on("error", (err: CsvError) => {
      const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
      // csv-parse reports an unclosed quote at the end of the file; when every record before it reached us, we know where it opened.
      const unclosed = err.code === "CSV_QUOTE_NOT_CLOSED";
      const at = unclosed && delivered === num(err.records) ? line : num(err.lines);
      const e: DataError = { file, message: csvErrorMessage(err) };
      if (at !== undefined) e.line = at;
      const col = num(err.column);
      const name = col !== undefined && !unclosed ? header?.[col] : undefined;
      if (name !== undefined) e.field = name.trim();
      fail(e);
    });
    parser.on("data", (cells: string[]) => {
      if (done) return;
      delivered++;
      const start = line;
      let nl = 0;
      for (let i = 0; i < cells.length; i++) if (cells[i]!.indexOf("\n") !== -1) nl += countNewlines(cells[i]!);
      line = start + 1 + nl;
      if (cells.length === 1 && cells[0] === "") return; // a blank line
      if (header === undefined) {
        header = cells;
        if (!handler.header(cells, start)) finish();
        return;
      }
      if (cells.length !== header.length) {
        errors.add({ file, line: start, message: `expected ${header.length} cells (${header.join(",")}) but found ${cells.length}` });
        return;
      }
      handler.row(cells, start);
    });
    parser.on("end", () => {
      if (header === undefined) fail({ file, line: 1, message: "the file is empty; its first line must be the header" });
      finish();
    });
    input.pipe(parser);
  });
}

/**
 * Reads an NDJSON file: one JSON value per line, blank lines skipped.
 * @example
 * await readNdjsonFile("data/deals.ndjson", "deals.ndjson", errors, (rec, line) => builder.addJsonRecord(rec, { line, index: line }));
 */
export async function readNdjsonFile(path: string, file: string, errors: ErrorList, onRecord: (value: unknown, line: number) => void): Promise<void> {
  let line = 0;
  let rest = "";
  let first = true;
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
    // The utf8 decoder keeps multi-byte characters that straddle chunks whole.
    for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
      let text = rest + chunk;
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let from = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    errors.add({ file, message: e.code === "ENOENT" ? "file not found" : `cannot read the file: ${e.message}` });
    return;
  }
  if (rest !== "") take(rest);
}
