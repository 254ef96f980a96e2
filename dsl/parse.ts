/**
 * The language front end's entry points: `parseTemplate` (text → model, with
 * spans, expression trees and located diagnostics) and `parseExpression`
 * (one formula, as the checker and the designer need). User mistakes never
 * throw; limits (size, nesting depth, error count) become diagnostics.
 * @module
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { Expr, Span } from "./ast.js";
import { buildModel } from "./cst-to-model.js";
import { makeDiagnostic, type Diagnostic, type RawDiagnostic } from "./diagnostics.js";
import { ExprBuilder, nodeSpan } from "./expr-builder.js";
import type * as C from "./generated/cst.js";
import { lex } from "./lexer.js";
import { kpiParser } from "./parser.js";
import { LineIndex } from "./span.js";
import { TriviaCursor } from "./trivia.js";
import type { Template } from "../schemas/generated/template.js";

/** Deepest nesting of parentheses accepted in a formula. */
export const MAX_DEPTH = 100;
/** Syntax errors reported before giving up on the rest. */
export const MAX_SYNTAX_ERRORS = 50;

export interface ParseResult {
  model: Template;
  diagnostics: Diagnostic[];
  /** Spans of model nodes by JSON pointer (`/declarations/3/formula`). */
  spans: Map<string, Span>;
  /** Expression trees by the JSON pointer of their model property, spans in file offsets. */
  exprs: Map<string, Expr>;
  /** Declarations (JSON pointers) that syntax errors left incomplete; the checker skips them. */
  broken: Set<string>;
  lines: LineIndex;
}

/**
 * Parses a whole template.
 * @example
 * const r = parseTemplate('metric visits = count(visits)');
 * r.model.declarations[0]; // { kind: "metric", name: "visits", formula: "count(visits)" }
 */
export function parseTemplate(text: string): ParseResult {
  const lines = new LineIndex(text);
  const lexed = lex(text, { maxDiagnostics: MAX_SYNTAX_ERRORS + 1 });
  const raw: RawDiagnostic[] = [...lexed.diagnostics];
  const empty = { model: { declarations: [] } as Template, spans: new Map(), exprs: new Map(), broken: new Set<string>(), lines };
  if (lexed.tokens.length === 0 && raw.some((d) => d.code === "syntax-too-large")) return { ...empty, diagnostics: locate(raw, lines) };
  const deep = tooDeep(lexed.tokens);
  if (deep) return { ...empty, diagnostics: locate(limitErrors([...raw, deep], false), lines) };

  const parser = kpiParser();
  const { cst, cut } = parser.parseWith(lexed.tokens, parseErrorLimit(lexed.diagnostics), () => parser.file() as C.FileCstNode);
  append(raw, withoutEchoes(parseErrors(parser.errors, "template"), lexed.diagnostics, lexed.tokens));
  const built = buildModel(cst, new TriviaCursor(lexed.comments, lines), text.length);
  append(raw, built.diagnostics);
  markBroken(built.model.declarations.length, built.spans, built.broken, raw);
  return { model: built.model, diagnostics: locate(limitErrors(raw, cut), lines), spans: built.spans, exprs: built.exprs, broken: built.broken, lines };
}

export interface ExpressionParse {
  expr?: Expr;
  text?: string;
  diagnostics: Diagnostic[];
}

/**
 * Parses one formula; spans are offsets into `text`.
 * @example
 * parseExpression("a +").diagnostics[0]?.code; // "syntax-unexpected-end"
 */
export function parseExpression(text: string): ExpressionParse {
  const lines = new LineIndex(text);
  const lexed = lex(text, { maxDiagnostics: MAX_SYNTAX_ERRORS + 1 });
  const raw: RawDiagnostic[] = [...lexed.diagnostics];
  const deep = tooDeep(lexed.tokens);
  if (deep || lexed.tokens.length === 0) {
    if (deep) raw.push(deep);
    else if (raw.length === 0) raw.push(makeDiagnostic("syntax-unexpected-end", { expected: "an expression" }, { start: 0, end: 0 }));
    return { diagnostics: locate(limitErrors(raw, false), lines) };
  }
  const parser = kpiParser();
  const { cst, cut } = parser.parseWith(lexed.tokens, parseErrorLimit(lexed.diagnostics), () => parser.expression() as C.ExpressionCstNode);
  append(raw, withoutEchoes(parseErrors(parser.errors, "expression"), lexed.diagnostics, lexed.tokens));
  const rest = parser.errors.length === 0 ? remaining(lexed.tokens, cst) : undefined;
  if (rest) raw.push(makeDiagnostic("syntax-unexpected-token", { expected: "the end of the formula", found: describeToken(rest) }, { start: rest.startOffset, end: rest.startOffset + rest.image.length }));
  const expr = new ExprBuilder((d) => raw.push(d)).build(cst);
  return raw.length ? { diagnostics: locate(limitErrors(raw, cut), lines) } : expr ? { expr, diagnostics: [] } : { diagnostics: [] };
}

/** The first token after the expression, when the parser stopped early without complaint. */
function remaining(tokens: IToken[], cst: C.ExpressionCstNode): IToken | undefined {
  const end = nodeSpan(cst).end;
  return tokens.find((t) => t.startOffset >= end);
}

/**
 * A declaration with a syntax error anywhere between its start and the next
 * declaration's start is broken, even when error recovery rebuilt it: the
 * checker then skips it, so `metric a = deals where x` gets one diagnostic,
 * not also "unknown metric `deals`".
 */
function markBroken(count: number, spans: Map<string, Span>, broken: Set<string>, diagnostics: RawDiagnostic[]): void {
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(spans.get(`/declarations/${i}`)?.start ?? 0);
  for (const d of diagnostics) {
    let lo = 0;
    let hi = starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= d.span.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0) broken.add(`/declarations/${at}`);
  }
}

/** Nesting is checked on the tokens before parsing, so recursion depth is bounded. */
function tooDeep(tokens: IToken[]): RawDiagnostic | undefined {
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === "LParen" && ++depth > MAX_DEPTH) {
      return makeDiagnostic("syntax-too-deep", { limit: MAX_DEPTH }, { start: t.startOffset, end: t.startOffset + 1 });
    } else if (n === "RParen" && depth > 0) depth--;
    else if (n === "LBrace" || n === "RBrace") depth = 0;
  }
  return undefined;
}

/** Words for a token in a message: `` `metric` ``, the name `x`, the number 12. */
export function describeToken(t: IToken): string {
  const n = t.tokenType.name;
  if (n === "EOF") return "the end of the text";
  if (n === "Identifier") return `the name \`${t.image}\``;
  if (n === "NumberLiteral" || n === "PercentLiteral") return `the number ${t.image}`;
  if (n === "StringLiteral") return `the string ${t.image.length > 40 ? `${t.image.slice(0, 37)}…"` : t.image}`;
  return `\`${t.image}\``;
}

function parseErrors(errors: IRecognitionException[], mode: "template" | "expression"): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const t = e.token;
    let expected = e.message.replace(/^expected /, "");
    if (mode === "expression" && (expected === "the end of the text" || e.name === "NotAllInputParsedException")) expected = "an operator or the end of the formula";
    if (t.tokenType.name === "EOF" || !Number.isFinite(t.startOffset)) {
      const prev = (e as { previousToken?: IToken }).previousToken;
      const at = prev && Number.isFinite(prev.startOffset) ? prev.startOffset + prev.image.length : 0;
      if (seen.has(-1)) continue;
      seen.add(-1);
      out.push(makeDiagnostic("syntax-unexpected-end", { expected: mode === "template" && expected === "a declaration" ? "a declaration" : expected }, { start: at, end: at }));
      continue;
    }
    if (seen.has(t.startOffset)) continue;
    seen.add(t.startOffset);
    const span = { start: t.startOffset, end: t.startOffset + t.image.length };
    const topLevel = e.name === "NotAllInputParsedException" || expected === "the end of the text" || ((e.context?.ruleStack?.length ?? 0) <= 1 && expected.includes("`template`"));
    if (mode === "template" && topLevel) out.push(makeDiagnostic("syntax-expected-declaration", { found: describeToken(t) }, span));
    else out.push(makeDiagnostic("syntax-unexpected-token", { expected, found: describeToken(t) }, span));
  }
  return out;
}

/**
 * Drops parse errors that only echo a lexical one: the error at the token right
 * after an unexpected character, and an "unexpected end" caused by an
 * unterminated string or comment swallowing the rest of the text.
 */
function withoutEchoes(parse: RawDiagnostic[], lexical: RawDiagnostic[], tokens: IToken[]): RawDiagnostic[] {
  if (lexical.length === 0) return parse;
  const swallowed = lexical.some((d) => d.code === "syntax-unterminated-string" || d.code === "syntax-unterminated-comment");
  const echoAt = new Set<number>();
  for (const d of lexical) {
    const next = tokens[firstTokenFrom(tokens, d.span.end)];
    if (next) echoAt.add(next.startOffset);
  }
  return parse.filter((d) => !(echoAt.has(d.span.start) || (swallowed && d.code === "syntax-unexpected-end")));
}

/** The index of the first token starting at or after `offset` (tokens are in text order). */
function firstTokenFrom(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many parse errors to collect before the parser stops reading: enough
 * that, after the echoes of lexical errors are dropped, the first
 * MAX_SYNTAX_ERRORS real ones are known.
 */
function parseErrorLimit(lexical: RawDiagnostic[]): number {
  return MAX_SYNTAX_ERRORS + Math.min(lexical.length, MAX_SYNTAX_ERRORS) + 1;
}

/** `push(...items)` overflows the stack for a few hundred thousand items. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const d of items) to.push(d);
}

/**
 * The first MAX_SYNTAX_ERRORS diagnostics in text order, and a note where
 * the rest were cut off (also when the parser stopped reading early).
 */
function limitErrors(ds: RawDiagnostic[], cut: boolean): RawDiagnostic[] {
  if (ds.length <= MAX_SYNTAX_ERRORS && !cut) return ds;
  const sorted = [...ds].sort((a, b) => a.span.start - b.span.start);
  const kept = sorted.slice(0, MAX_SYNTAX_ERRORS);
  const at = sorted[MAX_SYNTAX_ERRORS]?.span ?? sorted[sorted.length - 1]?.span ?? { start: 0, end: 0 };
  kept.push(makeDiagnostic("syntax-too-many-errors", { limit: MAX_SYNTAX_ERRORS }, at));
  return kept;
}

/** Adds line and column to each diagnostic and sorts them by position. */
export function locate(ds: RawDiagnostic[], lines: LineIndex): Diagnostic[] {
  return ds
    .map((d) => ({ ...d, span: lines.locate(d.span) }))
    .sort((a, b) => a.span.start - b.span.start);
}
