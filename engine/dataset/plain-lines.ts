/**
 * The quote-free prefix of a CSV file. Until the first quote character, CSV
 * has no syntax beyond its delimiters: a record is a physical line and its
 * cells are the line split at the delimiter, exactly what csv-parse gives
 * for such text. `readCsv` reads that prefix here, at the speed of
 * `String.prototype.split` (bench/csv-parsers.ts), and hands the rest of the
 * file, from the start of the line where a quote first appears, to
 * csv-parse, which goes on reporting malformed quoting where it is.
 *
 * Line ends follow csv-parse's rule: the first line's end (`\n` or `\r\n`)
 * is the file's record delimiter. A line that ends otherwise, or holds a
 * `\r` of its own, is also handed over (with that delimiter), so that what a
 * file means never depends on where its first quote is.
 * @module
 */

/**
 * The cells of `text[from, end)`, cut at `delimiter` without first making the line a string of its own.
 * @example
 * cellsOf("x\na,b\n", 2, 5, ","); // ["a", "b"]
 */
export function cellsOf(text: string, from: number, end: number, delimiter: string): string[] {
  const cells: string[] = [];
  let p = from;
  for (;;) {
    const q = text.indexOf(delimiter, p);
    if (q === -1 || q >= end) {
      cells.push(text.slice(p, end));
      return cells;
    }
    cells.push(text.slice(p, q));
    p = q + 1;
  }
}

/**
 * The cells of `text[from, end)` as spans, `starts[k]`..`ends[k]` for each of
 * exactly `starts.length` cells; false (the arrays then hold nothing of use)
 * for another count. The span readers of the loader (`SourceBuilder.addPlainRow`,
 * `MappedSource.plainRow`) cut a line so, without a string per cell.
 * @example
 * const s = new Int32Array(2), e = new Int32Array(2);
 * cutCells("r1,12.50", 0, 8, ",", s, e); // true; s = [0, 3], e = [2, 8]
 */
export function cutCells(text: string, from: number, end: number, delimiter: string, starts: Int32Array, ends: Int32Array): boolean {
  const width = starts.length;
  if (width === 0) return false;
  let k = 0;
  starts[0] = from;
  for (let p = from; ; ) {
    const q = text.indexOf(delimiter, p);
    if (q === -1 || q >= end) break;
    if (++k >= width) return false;
    ends[k - 1] = q;
    starts[k] = p = q + 1;
  }
  if (k !== width - 1) return false;
  ends[k] = end;
  return true;
}

/** The record delimiter, once the first line has shown it. */
export type RecordDelimiter = "\n" | "\r\n";

/**
 * Splits lines into cells until csv-parse is needed.
 * @example
 * const p = new PlainPrefix((text, from, end) => { rows.push(cellsOf(text, from, end, ",")); return true; });
 * p.take("a,b\n1,2\n3"); // undefined: all plain so far, "3" kept for the next chunk
 * p.take(',"x"\n');      // '3,"x"\n': from here on, csv-parse
 */
export class PlainPrefix {
  private rest = "";
  /** Set by the first complete line. */
  recordDelimiter: RecordDelimiter | undefined;
  private first = true;

  constructor(
    /** A line `text[from, end)` without its line end; returns false to stop reading. */
    private readonly onLine: (text: string, from: number, end: number) => boolean,
  ) {}

  /**
   * Reads the complete plain lines of the next chunk; returns the text to hand to csv-parse (from a line start), or undefined while all is plain.
   * After a stop (`onRecord` returned false) it returns "" and reads nothing more.
   */
  take(chunk: string): string | undefined {
    let text = this.rest + chunk;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const quote = text.indexOf('"');
    const limit = quote === -1 ? text.length : quote;
    const cr = text.indexOf("\r");
    // Without a `\r` before the quote, a `\n` file's lines need no checks of their own.
    const noCr = cr === -1 || cr >= limit;
    const { onLine } = this;
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1 && nl < limit; nl = text.indexOf("\n", from)) {
      let end = nl;
      if (!noCr) {
        const crlf = nl > from && text.charCodeAt(nl - 1) === 13;
        if (crlf) end = nl - 1;
        const own = text.indexOf("\r", from);
        if ((own !== -1 && own < end) || (this.recordDelimiter !== undefined && (this.recordDelimiter === "\r\n") !== crlf)) return this.handOver(text.slice(from));
        this.recordDelimiter ??= crlf ? "\r\n" : "\n";
      } else if (this.recordDelimiter === "\r\n") return this.handOver(text.slice(from));
      else this.recordDelimiter = "\n";
      if (!onLine(text, from, end)) return this.stop();
      from = nl + 1;
    }
    if (quote !== -1) return this.handOver(text.slice(from));
    this.rest = text.slice(from);
    return undefined;
  }

  /** The end of the file: the last line when it has no line break (undefined), or the text to hand over. */
  end(): string | undefined {
    const text = this.rest;
    this.rest = "";
    if (text === "") return undefined;
    if (text.indexOf("\r") !== -1) return text;
    this.onLine(text, 0, text.length);
    return undefined;
  }

  private handOver(text: string): string {
    this.rest = "";
    return text;
  }

  private stop(): string {
    this.rest = "";
    return "";
  }
}
