/**
 * The tokens of the KPI language. Declaration keywords and expression
 * operators are reserved; the words that only start a line inside a block
 * (`base`, `weight`, `rate`, `message`, …) are soft keywords: they lex as their
 * own token type but belong to the `Identifier` category, so a field or metric
 * may still be called `rate` or `weight`. Comments go to a token group so the
 * model builder can attach them to declarations for the printer.
 * @module
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\u00a0\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** Lexed only to report it: a `/*` that never closes swallows the rest of the file. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "bad",
  line_breaks: true,
});

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: "a string" });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*/, group: "bad" });
export const PercentLiteral = createToken({ name: "PercentLiteral", pattern: /\d(?:_?\d)*(?:\.\d(?:_?\d)*)?%/, label: "a percentage" });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d(?:_?\d)*(?:\.\d(?:_?\d)*)?/, label: "a number" });

const NAME = /[\p{L}_][\p{L}\p{N}\p{M}_]*/uy;

/**
 * Names may use letters of any script (`新签合同额`). Chevrotain rebuilds
 * regex patterns without the `u` flag, so `\p{L}` needs a custom matcher.
 */
function matchName(text: string, offset: number): RegExpExecArray | null {
  NAME.lastIndex = offset;
  return NAME.exec(text);
}

/**
 * First characters for the lexer's lookup table. Chevrotain buckets characters
 * above U+00FF by their high byte, so one character per 256-block stands for
 * every letter in that block; the matcher itself decides what is a letter.
 */
const NAME_START_HINT: string[] = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_",
  ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i)),
  ...Array.from({ length: 255 }, (_, i) => String.fromCharCode((i + 1) * 256)),
];

export const Identifier = createToken({
  name: "Identifier",
  pattern: { exec: matchName },
  line_breaks: false,
  label: "a name",
  start_chars_hint: NAME_START_HINT,
});

const reserved: TokenType[] = [];
const soft: TokenType[] = [];

function keyword(word: string, isSoft = false): TokenType {
  const t = createToken({
    name: `Kw_${word}`,
    pattern: word,
    // "metrics" or "input_count" are names, not keywords followed by more letters.
    longer_alt: Identifier,
    label: `\`${word}\``,
    ...(isSoft ? { categories: [Identifier] } : {}),
  });
  (isSoft ? soft : reserved).push(t);
  return t;
}

// Reserved words: declaration keywords and expression operators.
export const KwTemplate = keyword("template");
export const KwExtends = keyword("extends");
export const KwEntity = keyword("entity");
export const KwSource = keyword("source");
export const KwMetric = keyword("metric");
export const KwTarget = keyword("target");
export const KwScorecard = keyword("scorecard");
export const KwIncentive = keyword("incentive");
export const KwAlert = keyword("alert");
export const KwFunnel = keyword("funnel");
export const KwDrop = keyword("drop");
export const KwInput = keyword("input");
export const KwWhere = keyword("where");
export const KwAnd = keyword("and");
export const KwOr = keyword("or");
export const KwNot = keyword("not");
export const KwIn = keyword("in");
export const KwIs = keyword("is");
export const KwNull = keyword("null");
export const KwTrue = keyword("true");
export const KwFalse = keyword("false");

// Soft keywords: meaningful only where the grammar asks for them.
export const KwBy = keyword("by", true);
export const KwAt = keyword("at", true);
export const KwLowerBetter = keyword("lower_better", true);
export const KwBase = keyword("base", true);
export const KwPer = keyword("per", true);
export const KwFlat = keyword("flat", true);
export const KwQuarters = keyword("quarters", true);
export const KwMonths = keyword("months", true);
export const KwChallenge = keyword("challenge", true);
export const KwSplit = keyword("split", true);
export const KwWeight = keyword("weight", true);
export const KwCap = keyword("cap", true);
export const KwFor = keyword("for", true);
export const KwBasis = keyword("basis", true);
export const KwTiers = keyword("tiers", true);
export const KwOn = keyword("on", true);
export const KwFrom = keyword("from", true);
export const KwRate = keyword("rate", true);
export const KwPay = keyword("pay", true);
export const KwGate = keyword("gate", true);
export const KwFloor = keyword("floor", true);
export const KwWhen = keyword("when", true);
export const KwMessage = keyword("message", true);

const punct = (name: string, pattern: RegExp | string, label: string): TokenType =>
  createToken({ name, pattern, label: `\`${label}\`` });

export const LBrace = punct("LBrace", "{", "{");
export const RBrace = punct("RBrace", "}", "}");
export const LParen = punct("LParen", "(", "(");
export const RParen = punct("RParen", ")", ")");
export const Comma = punct("Comma", ",", ",");
export const Dot = punct("Dot", ".", ".");
export const Colon = punct("Colon", ":", ":");
export const Pipe = punct("Pipe", "|", "|");
export const EqEq = punct("EqEq", "==", "==");
export const NotEq = punct("NotEq", "!=", "!=");
export const LessEq = punct("LessEq", "<=", "<=");
export const GreaterEq = punct("GreaterEq", ">=", ">=");
export const Less = punct("Less", "<", "<");
export const Greater = punct("Greater", ">", ">");
export const Equals = punct("Equals", "=", "=");
export const Plus = punct("Plus", "+", "+");
export const Minus = punct("Minus", "-", "-");
export const Star = punct("Star", "*", "*");
export const Slash = punct("Slash", "/", "/");

export const reservedWords: readonly string[] = reserved.map((t) => String(t.LABEL).slice(1, -1));
export const softWords: readonly string[] = soft.map((t) => String(t.LABEL).slice(1, -1));

/** Every token type, in lexing priority order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  PercentLiteral,
  NumberLiteral,
  ...reserved,
  ...soft,
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Dot,
  Colon,
  Pipe,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
];

/** Soft keywords only; the parser's `Identifier` consumes these too through the category. */
export const softKeywordTokens: readonly TokenType[] = soft;
