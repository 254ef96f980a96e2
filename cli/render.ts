/**
 * Diagnostics as people and programs read them. Text: a header line
 * `FILE:LINE:COL: SEVERITY CODE message`, then the source line and a caret
 * line under the span, behind a line-number gutter; related locations follow
 * as `FILE:LINE:COL: note: message`. JSON: one plain object per diagnostic.
 * User text reaches the terminal only after control and bidi characters are
 * replaced, so a template cannot move the cursor or reorder what is shown.
 * @module
 */
import type { Diagnostic } from "../dsl/diagnostics.js";
import type { LineIndex, Location } from "../dsl/span.js";
import { charWidth } from "./text-width.js";

/**
 * Finds the text of a file a diagnostic points into, when kpi has it.
 * @example
 * const lookup: SourceLookup = (file) => (file === "a.kpi" ? new LineIndex(text) : undefined);
 */
export type SourceLookup = (file: string) => LineIndex | undefined;

/** Lines longer than this (in UTF-16 units) are shown as a window around the span. */
const MAX_SHOWN = 200;
/** How much of a long line to show before the span. */
const BEFORE = 60;

// C0 and C1 controls except tab, DEL, and the bidi embedding/override/isolate controls.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces characters that would act on a terminal with U+FFFD, one UTF-16
 * unit for one, so offsets and columns stay valid.
 * @example
 * printable("a\u001b[31mb"); // "a\uFFFD[31mb"
 */
export const printable = (s: string): string => s.replace(UNSAFE, "\ufffd");

/**
 * A diagnostic in text form, ending with a newline.
 * @example
 * renderDiagnostic(d, "saas.kpi", (f) => lines.get(f));
 * // saas.kpi:3:12: error syntax-unexpected-token expected … but found …
 * //  3 | metric a = = 1
 * //    |            ^
 */
export function renderDiagnostic(d: Diagnostic, file: string, lookup: SourceLookup): string {
  const where = d.file ?? file;
  let out = `${location(where, d.span)}: ${d.severity} ${d.code} ${printable(d.message)}\n`;
  out += excerpt(lookup(where), d.span);
  for (const r of d.related ?? []) {
    const rfile = r.file ?? where;
    out += `${location(rfile, r.span)}: note: ${printable(r.message)}\n`;
    out += excerpt(lookup(rfile), r.span);
  }
  return out;
}

const location = (file: string, span: Location): string => `${printable(file)}:${span.line}:${span.column}`;

/**
 * The source line of a span and a caret line under it, behind a gutter; empty
 * when the text is not available. Tabs are kept as tabs in the caret line and
 * wide characters count two columns, so the carets line up in a terminal. A
 * span running past its line is underlined to the end of the line; an empty
 * span gets one caret.
 * @example
 * excerpt(new LineIndex("metric 新签 = x"), { start: 7, end: 9, line: 1, column: 8 });
 * // " 1 | metric 新签 = x\n   |        ^^^^\n"
 */
export function excerpt(lines: LineIndex | undefined, span: Location): string {
  if (!lines) return "";
  const text = printable(lines.lineText(span.line));
  const start = Math.min(span.column - 1, text.length);
  const sameLine = lines.lineOf(span.end) === span.line - 1;
  const end = Math.max(start, sameLine ? Math.min(start + (span.end - span.start), text.length) : text.length);
  const [from, to] = window(text, start, end);
  const shown = (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");

  let pad = from > 0 ? " " : "";
  for (const ch of text.slice(from, start)) pad += ch === "\t" ? "\t" : " ".repeat(charWidth(ch));
  let marks = "";
  for (const ch of text.slice(start, Math.min(end, to))) marks += ch === "\t" ? "\t" : "^".repeat(charWidth(ch));
  if (!marks.includes("^")) marks += "^";

  const gutter = String(span.line);
  return ` ${gutter} | ${shown}\n ${" ".repeat(gutter.length)} | ${pad}${marks}\n`;
}

/** The part of a long line to show: from a little before the span, never splitting a surrogate pair. */
function window(text: string, start: number, end: number): [number, number] {
  if (text.length <= MAX_SHOWN) return [0, text.length];
  let from = Math.max(0, start - BEFORE);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  let to = Math.min(text.length, Math.max(from + MAX_SHOWN, Math.min(end, from + 2 * MAX_SHOWN)));
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  return [from, to];
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * A diagnostic as JSON data: `--format json` prints an array of these.
 * @example
 * const d: DiagnosticJson = { file: "a.kpi", line: 1, column: 9, endLine: 1, endColumn: 15, severity: "error", code: "syntax-bad-value", message: "…" };
 */
export interface DiagnosticJson {
  file: string;
  line: number;
  column: number;
  /** Where the span ends (exclusive), 1-based like `line`/`column`. */
  endLine: number;
  endColumn: number;
  severity: Diagnostic["severity"];
  code: string;
  message: string;
  /** The model node, as a JSON pointer, when the checker knows it. */
  path?: string;
  related?: DiagnosticJson[];
}

/**
 * A diagnostic as plain JSON data with 1-based start and end positions.
 * @example
 * diagnosticJson(d, "saas.kpi", lookup);
 * // { file: "saas.kpi", line: 3, column: 12, endLine: 3, endColumn: 18, severity: "error", code: "…", message: "…" }
 */
export function diagnosticJson(d: Diagnostic, file: string, lookup: SourceLookup): DiagnosticJson {
  const where = d.file ?? file;
  const end = lookup(where)?.locate({ start: d.span.end, end: d.span.end });
  const json: DiagnosticJson = {
    file: where,
    line: d.span.line,
    column: d.span.column,
    endLine: end?.line ?? d.span.line,
    endColumn: end?.column ?? d.span.column + (d.span.end - d.span.start),
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.path !== undefined) json.path = d.path;
  if (d.related?.length) json.related = d.related.map((r) => diagnosticJson(r, where, lookup));
  return json;
}
