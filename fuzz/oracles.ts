/**
 * What every fuzz case asserts, as plain functions that throw a `Broken`
 * error naming the broken promise (so the runner and vitest share them):
 * the front end never throws and every diagnostic is located inside the
 * text; a clean template prints to text that checks clean, prints the same
 * again (idempotent) and evaluates to byte-identical results; dataset and
 * request errors always say where.
 * @module
 */
import { catalogue, type Diagnostic } from "../dsl/diagnostics.js";
import { printTemplate } from "../dsl/printer.js";
import { LineIndex } from "../dsl/span.js";
import { checkSource, type CheckResult } from "../engine/check/index.js";
import { formatDataError, loadDatasetJson } from "../engine/dataset/index.js";
import { datasetSpecOf, ENGINE_PARTS, resultJson } from "../engine/evaluate/index.js";
import { evaluateWith } from "../engine/evaluate/evaluate.js";
import type { CheckedTemplate } from "../engine/check/checked-model.js";
import type { GeneratedRequest } from "./dataset-gen.js";

/**
 * A broken promise, with the input that broke it.
 * @example
 * throw new Broken("print is not idempotent", { text });
 */
export class Broken extends Error {
  override name = "Broken";
  constructor(what: string, readonly input: Record<string, unknown>) {
    super(`${what}\ninput: ${JSON.stringify(input).slice(0, 4000)}`);
  }
}

/** Internal names that must never reach a user. */
const INTERNAL = /\b(Kw[A-Z_]\w*|Identifier|StringLiteral|NumberLiteral|LParen|RParen|LBrace|RBrace|EOF|undefined|NaN|\[object Object\])\b/;

/**
 * Every diagnostic is located: offsets inside the text, line and column as
 * the line index computes them, a catalogued code, a message in the user's terms.
 * @example
 * assertLocated(text, parseTemplate(text).diagnostics, "parse");
 */
export function assertLocated(text: string, diagnostics: readonly Diagnostic[], phase: string, lines = new LineIndex(text)): void {
  for (const d of diagnostics) {
    const s = d.span;
    const bad = (why: string): never => {
      throw new Broken(`${phase}: diagnostic not located (${why}): ${d.code} ${JSON.stringify(s)} ${d.message.slice(0, 200)}`, { text });
    };
    if (!(d.code in catalogue)) bad("unknown code");
    if (d.severity !== "error" && d.severity !== "warning" && d.severity !== "info") bad("severity");
    if (typeof d.message !== "string" || d.message.length === 0) bad("no message");
    if (INTERNAL.test(d.message)) bad("internal name in the message");
    if (d.file !== undefined) continue; // a base file's own coordinates (the fuzz never uses extends)
    if (![s.start, s.end, s.line, s.column].every(Number.isSafeInteger)) bad("not whole numbers");
    if (s.start < 0 || s.end < s.start || s.end > text.length) bad("outside the text");
    const at = lines.locate(s);
    if (at.line !== s.line || at.column !== s.column) bad(`line/column ${s.line}:${s.column}, expected ${at.line}:${at.column}`);
    if (d.related) assertLocated(text, d.related, `${phase} (related)`, lines);
  }
}

/** Runs a front-end call; a throw is a broken promise. */
function noThrow<T>(phase: string, text: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof Broken) throw err;
    throw new Broken(`${phase} threw ${(err as Error).stack?.slice(0, 1500) ?? String(err)}`, { text });
  }
}

/**
 * Parse and check any text: no throw, every diagnostic located; when it
 * parses clean, printing is idempotent and the printed text checks with the
 * same diagnostic codes. Returns the check result (with the printed text's).
 * @example
 * const r = frontEnd(text);
 */
export function frontEnd(text: string): CheckResult & { printed?: { text: string; result: CheckResult } } {
  // checkSource parses too: its diagnostics include the syntax ones, its `model` is the parse's.
  const checked = noThrow("check", text, () => checkSource(text));
  assertLocated(text, checked.diagnostics, "check");
  if (!checked.diagnostics.some((d) => d.severity === "error" && d.code.startsWith("syntax-"))) {
    const printed = noThrow("print", text, () => printTemplate(checked.model));
    const again = noThrow("check of printed text", printed, () => checkSource(printed));
    assertLocated(printed, again.diagnostics, "check of printed text");
    const syntax = again.diagnostics.filter((d) => d.code.startsWith("syntax-"));
    if (syntax.length) throw new Broken(`printed text has syntax diagnostics: ${syntax.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`).join("; ")}`, { text, printed });
    // parse(print(m)) equals m: comments and labels survive printing where the model keeps them.
    const m1 = sortedJson(checked.model);
    const m2 = sortedJson(again.model);
    if (m1 !== m2) throw new Broken(`parse(print(m)) differs from m:\n${firstDifference(m1, m2)}`, { text, printed });
    const twice = noThrow("print of printed text", printed, () => printTemplate(again.model));
    if (twice !== printed) throw new Broken("print is not idempotent", { text, printed, twice });
    const codes = (r: CheckResult): string => r.diagnostics.map((d) => `${d.severity} ${d.code}`).sort().join(",");
    if (codes(again) !== codes(checked)) throw new Broken(`printing changed the diagnostics: ${codes(checked)} → ${codes(again)}`, { text, printed });
    return { ...checked, printed: { text: printed, result: again } };
  }
  return checked;
}

type Loaded = ReturnType<typeof loadDatasetJson>;

/** Loads the request's dataset for a template; every error must say where. */
function loadFor(checked: CheckedTemplate, req: GeneratedRequest, text: string): Loaded {
  const loaded = noThrow("load", text, () => loadDatasetJson(JSON.stringify(req.dataset), datasetSpecOf(checked), "data.json"));
  if (!loaded.ok) {
    for (const e of loaded.errors) {
      // A data error names its place: a JSON pointer, or a line of the file.
      if (e.path === undefined && e.line === undefined) throw new Broken(`data error without a place: ${formatDataError(e)}`, { text, request: req });
      if (!e.message) throw new Broken("data error without a message", { text, request: req });
    }
  }
  return loaded;
}

/**
 * The evaluation of a checked template over a request: result JSON text, or
 * the located errors as text. `loaded` is the dataset loaded for it;
 * `interpret` evaluates every filter and formula through the closures
 * (the reference path) instead of generated code and typed-array loops.
 * @example
 * evaluateText(checked, request, text);
 */
export function evaluateText(checked: CheckedTemplate, req: GeneratedRequest, text: string, loaded: Loaded = loadFor(checked, req, text), interpret = false): string {
  if (!loaded.ok) return `data errors:\n${loaded.errors.map(formatDataError).join("\n")}`;
  const request = { period: req.period, ...(req.asOf !== undefined ? { asOf: req.asOf } : {}) };
  const out = noThrow("evaluate", text, () => evaluateWith(ENGINE_PARTS, checked, loaded.dataset, request, interpret ? { interpret: true } : {}));
  if (!out.ok) {
    for (const e of out.errors) if (!e.message || INTERNAL.test(e.message)) throw new Broken(`evaluation error without a clear message: ${JSON.stringify(e)}`, { text, request: req });
    return `evaluation errors:\n${out.errors.map((e) => `${e.path ?? ""}: ${e.message}`).join("\n")}`;
  }
  return noThrow("result JSON", text, () => resultJson(out.columns));
}

/** A dataset spec as comparable text (it holds Maps). */
const specText = (checked: CheckedTemplate): string => JSON.stringify(datasetSpecOf(checked), (_k, v: unknown) => (v instanceof Map ? [...v] : v));

/**
 * For a template that checks clean: evaluate(print(parse(x))) is
 * byte-identical to evaluate(x), for the generated dataset and request —
 * the first through the reference interpreter, the second through the
 * generated passes and vector loops.
 * @example
 * roundTrip(text, request);
 */
export function roundTrip(text: string, req: GeneratedRequest): { clean: boolean; ok: boolean } {
  const r = frontEnd(text);
  if (!r.checked || !r.printed) return { clean: false, ok: false };
  const { text: printed, result: p } = r.printed;
  if (!p.checked) throw new Broken(`the printed template does not check: ${p.diagnostics.map((d) => d.code).join(",")}`, { text, printed });
  // The loader reads only the spec: when both templates ask for the same one, one load serves both.
  const loaded = loadFor(r.checked, req, text);
  const same = specText(r.checked) === specText(p.checked);
  const a = evaluateText(r.checked, req, text, loaded);
  // The printed side runs the reference interpreter: one comparison checks printing and the fast paths.
  const b = evaluateText(p.checked, req, printed, same ? loaded : loadFor(p.checked, req, printed), true);
  if (a !== b) throw new Broken(`evaluate(print(parse(x))) differs from evaluate(x):\n${firstDifference(a, b)}`, { text, printed, request: req });
  return { clean: true, ok: a.startsWith("{") };
}

/** JSON with every object's keys in order: models are compared as values, not as key orders. */
function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))}\n   vs: ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}`;
}
