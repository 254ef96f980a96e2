/**
 * Reads one worksheet of an `.xlsx` workbook row by row with exceljs's
 * streaming reader (the workbook is never held whole as objects), into the
 * same `header`/`row` calls as a CSV file, so the mapped loader treats both
 * alike. Cells become text: date cells `YYYY-MM-DD` (with ` HH:MM:SS` when
 * they hold a time; Excel's dates are wall-clock times, so no time zone
 * applies), formula cells their cached result, rich text its plain text.
 * Number cells are binary doubles in the file: their shortest decimal text is
 * passed on with a flag, and the loader rounds it once to the field's scale
 * (money to the currency's digits, integers to whole numbers) so that a cell
 * showing 0.3 but holding 0.30000000000000004 reads as 0.30.
 * @module
 */
import { Readable } from "node:stream";
import type { ErrorList } from "./errors.js";
import { FooterFilter } from "./footer.js";

/**
 * What to do with a worksheet's rows (`binary[i]` is 1 when cell i was a number cell).
 * @example
 * const h: SheetHandler = { header: (cells) => true, row: (cells, line, binary) => {} };
 */
export interface SheetHandler {
  header(cells: string[], line: number): boolean;
  row(cells: string[], line: number, binary?: Uint8Array): void;
}

/**
 * Options: which sheet (default the first), lines before the header, footers.
 * @example
 * const o: SheetOptions = { sheet: "Report", skipRows: 0, footers: true };
 */
export interface SheetOptions {
  sheet?: string;
  skipRows?: number;
  footers?: boolean;
  onFooter?: (lines: number[]) => void;
  /** Hears the name of the sheet read (of each sheet, with `everySheet`). */
  onSheet?: (name: string) => void;
  /** Read every sheet in turn (for sniffing), each announced by `onSheet`. */
  everySheet?: boolean;
}

const two = (n: number): string => (n < 10 ? "0" : "") + n;

function dateText(d: Date): string {
  const day = `${String(d.getUTCFullYear()).padStart(4, "0")}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const ms = d.getTime() % 86_400_000;
  return ms === 0 ? day : `${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** A cell value as text, and whether it was a binary number. */
function cellText(v: unknown): [string, boolean] {
  if (v === null || v === undefined) return ["", false];
  if (typeof v === "string") return [v, false];
  if (typeof v === "number") return [Number.isFinite(v) ? String(v).replace(/^(-?)(\d)\.?(\d*)e([+-]\d+)$/, (_m, s: string, a: string, b: string, e: string) => s + expand(a + b, Number(e) - b.length)) : "", true];
  if (typeof v === "boolean") return [v ? "true" : "false", false];
  if (v instanceof Date) return [dateText(v), false];
  if (typeof v === "object") {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ("result" in o) return cellText(o.result);
    if (o.richText) return [o.richText.map((r) => r.text).join(""), false];
    if (o.text !== undefined) return cellText(o.text);
    if (o.error !== undefined) return [String(o.error), false];
  }
  return [String(v), false];
}

/** Digits times 10^e as plain decimal text (for the exponent forms String(number) uses below 1e-6 and from 1e21). */
function expand(digits: string, e: number): string {
  if (e >= 0) return digits + "0".repeat(e);
  const k = digits.length + e;
  return k > 0 ? `${digits.slice(0, k)}.${digits.slice(k)}` : `0.${"0".repeat(-k)}${digits}`;
}

/**
 * Streams a worksheet to a handler. Problems (not a workbook, no such sheet) go to `errors`.
 * @example
 * await readXlsx(files.open("Opportunities.xlsx"), "Opportunities.xlsx", errors, handler, { sheet: "Report" });
 */
export async function readXlsx(bytes: AsyncIterable<Uint8Array>, file: string, errors: ErrorList, handler: SheetHandler, options: SheetOptions = {}): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "emit" });
  const names: string[] = [];
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? "";
      names.push(name);
      if (!options.everySheet && (found || (options.sheet !== undefined && name !== options.sheet))) {
        // Sheets must be drained for the reader to reach the next one.
        for await (const _row of sheet) void _row;
        continue;
      }
      found = true;
      options.onSheet?.(name);
      await readSheet(sheet as unknown as AsyncIterable<{ number: number; values: unknown[] }>, file, errors, handler, options);
    }
  } catch (err) {
    errors.add({ file, message: `not a readable .xlsx workbook: ${(err as Error).message}` });
    return;
  }
  if (!found) errors.add({ file, message: options.sheet !== undefined ? `no sheet named ${JSON.stringify(options.sheet)}; the sheets are ${names.map((n) => JSON.stringify(n)).join(", ")}` : "the workbook has no sheets" });
}

async function readSheet(rows: AsyncIterable<{ number: number; values: unknown[] }>, file: string, errors: ErrorList, handler: SheetHandler, options: SheetOptions): Promise<void> {
  const skip = options.skipRows ?? 0;
  let width = -1;
  let stopped = false;
  let footer: FooterFilter<string> | undefined;
  const pass = (cells: string[], line: number, extra: unknown): void => {
    // Short rows are padded: a worksheet does not store trailing empty cells.
    while (cells.length < width) cells.push("");
    handler.row(cells, line, extra as Uint8Array | undefined);
  };
  for await (const row of rows) {
    if (stopped) continue;
    if (row.number <= skip) continue;
    const values = row.values;
    const n = Math.max(0, values.length - 1);
    const cells = new Array<string>(n);
    let binary: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const [t, b] = cellText(values[i + 1]);
      cells[i] = t;
      if (b) (binary ??= new Uint8Array(Math.max(n, width))).fill(1, i, i + 1);
    }
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    if (cells.length === 0) continue;
    if (width === -1) {
      width = cells.length;
      if (!handler.header(cells, row.number)) stopped = true;
      else if (options.footers) footer = new FooterFilter<string>(width, pass, (c, l) => pass(c, l, undefined), (c) => c ?? "");
      continue;
    }
    if (cells.length > width) {
      errors.add({ file, line: row.number, message: `row ${row.number} has ${cells.length} cells; the header has ${width}` });
      continue;
    }
    // A worksheet's short rows are normal (trailing empty cells are not stored); only footers are told apart by their labels.
    if (footer) footer.row(cells.length < width && !/^\s*\S/.test(cells.slice(1).join("")) && cells.length === 1 ? cells : padded(cells, width), row.number, binary);
    else pass(cells, row.number, binary);
  }
  if (width === -1) errors.add({ file, line: skip + 1, message: "the sheet is empty; its first row must be the header" });
  if (footer) {
    footer.end();
    if (footer.skipped.length > 0) options.onFooter?.(footer.skipped);
  }
}

function padded(cells: string[], width: number): string[] {
  while (cells.length < width) cells.push("");
  return cells;
}
