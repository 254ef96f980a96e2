/**
 * Lexing: text → tokens, comments and lexical diagnostics. One lexer instance,
 * built once at module load. Unknown characters, unterminated strings and
 * comments become diagnostics rather than exceptions, and the size limit is
 * enforced here before any work is done.
 * @module
 */
import { Lexer, type IToken } from "chevrotain";
import { makeDiagnostic, type RawDiagnostic } from "./diagnostics.js";
import { allTokens, UnterminatedComment, UnterminatedString } from "./tokens.js";

/** The largest template text accepted, in bytes of UTF-8 (2 MiB). */
export const MAX_SOURCE_LENGTH = 2 * 1024 * 1024;

let instance: Lexer | undefined;

/** The lexer, built on first use: commands that lex nothing (`kpi --help`) skip its analysis. */
function theLexer(): Lexer {
  instance ??= new Lexer(allTokens, {
    positionTracking: "onlyOffset",
    ensureOptimizations: true,
    // diagnostics.ts words the message; chevrotain's own, built for every bad character, only cost time.
    errorMessageProvider: { buildUnexpectedCharactersMessage: () => "", buildUnableToPopLexerModeMessage: () => "" },
    // The token list is fixed; validating it on every start-up costs time for nothing.
    skipValidations: process.env.NODE_ENV === "production",
  });
  return instance;
}

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: RawDiagnostic[];
}

export interface LexOptions {
  /**
   * Lexical diagnostics to make at most; the first ones in text order are
   * kept. A text of nothing but bad characters has one error per character,
   * and only the first few are ever reported.
   */
  maxDiagnostics?: number;
}

/**
 * Splits text into tokens; comments are returned separately, in order.
 * @example
 * lex("metric a = 1 // one").comments[0]?.image; // "// one"
 */
export function lex(text: string, options: LexOptions = {}): LexResult {
  if (text.length > MAX_SOURCE_LENGTH || Buffer.byteLength(text) > MAX_SOURCE_LENGTH) {
    return {
      tokens: [],
      comments: [],
      diagnostics: [makeDiagnostic("syntax-too-large", { size: Buffer.byteLength(text), limit: MAX_SOURCE_LENGTH }, { start: 0, end: 0 })],
    };
  }
  const max = options.maxDiagnostics ?? Infinity;
  const r = theLexer().tokenize(text);
  const diagnostics: RawDiagnostic[] = [];
  // Both lists are in text order, so the first `max` of their union are among the first `max` of each.
  for (let i = 0; i < r.errors.length && i < max; i++) {
    const e = r.errors[i]!;
    const ch = text.slice(e.offset, e.offset + Math.min(e.length, 2));
    diagnostics.push(
      makeDiagnostic("syntax-unexpected-character", { char: [...ch][0] ?? ch }, { start: e.offset, end: e.offset + Math.max(1, e.length) }),
    );
  }
  const bad = (r.groups["bad"] ?? []) as IToken[];
  for (let i = 0; i < bad.length && i < max; i++) {
    const t = bad[i]!;
    const span = { start: t.startOffset, end: t.startOffset + 1 };
    if (t.tokenType === UnterminatedString) diagnostics.push(makeDiagnostic("syntax-unterminated-string", {}, span));
    else if (t.tokenType === UnterminatedComment) diagnostics.push(makeDiagnostic("syntax-unterminated-comment", {}, span));
  }
  if (diagnostics.length > max) diagnostics.sort((a, b) => a.span.start - b.span.start).length = max;
  return { tokens: r.tokens, comments: (r.groups["comments"] ?? []) as IToken[], diagnostics };
}
