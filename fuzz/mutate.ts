/**
 * Broken templates from good ones. A generated template is cut into its
 * tokens (with the text between them), then edited a few times: a token
 * deleted, repeated, swapped, replaced by another of the language's words or
 * by a near miss (a name missing a letter, another operator, another
 * number); random characters (control, surrogate halves, BOM, line and
 * paragraph separators); huge literals; deep nesting; a line repeated or
 * dropped; the text cut short. Syntax edits test the parser's recovery,
 * near misses the checker's diagnostics; both must stay located.
 * @module
 */
import { lex } from "../dsl/lexer.js";
import { chance, pick, type Choice } from "./choice.js";

/** The text as alternating gaps and tokens: gap, token, gap, …, gap. */
export function pieces(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const t of lex(text).tokens) {
    out.push(text.slice(at, t.startOffset), t.image);
    at = t.startOffset + t.image.length;
  }
  out.push(text.slice(at));
  return out;
}

const WORDS = ["template", "extends", "entity", "source", "metric", "target", "scorecard", "incentive", "alert", "funnel", "drop", "input", "where", "and", "or", "not", "in", "is", "null", "true", "false", "by", "at", "base", "per", "flat", "quarters", "months", "challenge", "split", "weight", "cap", "for", "basis", "tiers", "on", "from", "rate", "pay", "gate", "floor", "when", "message", "lower_better", "money", "percent", "month", "warning", "retroactive", "marginal", "history", "even", "attr", "sum", "count", "avg", "min", "max", "distinct", "if", "round", "coalesce", "clamp", "abs", "target", "attainment", "pace", "prev", "last_year", "ytd", "days_to_period_end"];
const PUNCT = ["{", "}", "(", ")", ",", ":", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", ".", "|", '"', "/*", "*/", "//", "\\", "..", "'", ";", "$", "@", "#", "`", "\u00a0", "\u3000"];
const CHARS = ["\u0000", "\r", "\n", "\t", "\ufeff", "\u2028", "\u2029", "\ud800", "\udc00", "\ud83c\udfaf", "\u0301", "\u202e", "\u200b", "\x7f", "é", "中"];
const SWAP_OPS: Record<string, string[]> = { "+": ["-", "*", "/"], "-": ["+", "*"], "*": ["/", "+"], "/": ["*", "-"], "==": ["!=", "<", "="], "<": [">", "<=", "=="], ">=": ["<", ">"], and: ["or"], or: ["and"] };

/** A huge or odd literal. */
function huge(c: Choice): string {
  switch (c.int(0, 6)) {
    case 0:
      return "9".repeat(c.int(25, 400));
    case 1:
      return `1.${"3".repeat(c.int(3, 300))}`;
    case 2:
      return `"${"x".repeat(c.int(100, 20_000))}"`;
    case 3:
      return "n".repeat(c.int(100, 5000));
    case 4:
      return `${"1_".repeat(c.int(10, 200))}0%`;
    case 5:
      return "0.000000000000000000000000001";
    default:
      return "99999999999999999999999999999%";
  }
}

/** Wraps a token in deep nesting: parentheses, `not`, unary minus, calls. */
function nest(c: Choice, token: string): string {
  const n = c.int(1, 300);
  switch (c.int(0, 3)) {
    case 0:
      return `${"(".repeat(n)}${token}${")".repeat(chance(c, 80) ? n : c.int(0, n))}`;
    case 1:
      return `${"not ".repeat(n)}${token}`;
    case 2:
      return `${"- ".repeat(n)}${token}`;
    default:
      return `${"abs(".repeat(n)}${token}${")".repeat(n)}`;
  }
}

/** A name with one letter dropped, doubled or changed. */
function nearMiss(c: Choice, name: string): string {
  const chars = [...name];
  const i = c.int(0, chars.length - 1);
  const r = c.int(0, 2);
  if (r === 0 && chars.length > 1) chars.splice(i, 1);
  else if (r === 1) chars.splice(i, 0, chars[i]!);
  else chars[i] = pick(c, ["x", "_", "Z", "1"]);
  return chars.join("");
}

type Edit = (c: Choice, p: string[]) => string[];

/** Index of a token (odd positions), or -1 when there is none. */
function tokenAt(c: Choice, p: string[]): number {
  const n = (p.length - 1) / 2;
  return n >= 1 ? 2 * c.int(0, n - 1) + 1 : -1;
}

function replaceToken(p: string[], i: number, s: string): string[] {
  const q = [...p];
  if (i >= 0) q[i] = s;
  return q;
}

const EDITS: Edit[] = [
  // delete a token
  (c, p) => replaceToken(p, tokenAt(c, p), ""),
  // repeat a token
  (c, p) => {
    const i = tokenAt(c, p);
    return replaceToken(p, i, i >= 0 ? `${p[i]} ${p[i]}` : "");
  },
  // swap two tokens
  (c, p) => {
    const i = tokenAt(c, p);
    const j = tokenAt(c, p);
    if (i < 0) return p;
    const q = [...p];
    [q[i], q[j]] = [q[j]!, q[i]!];
    return q;
  },
  // insert a word or a punctuation mark
  (c, p) => {
    const i = tokenAt(c, p);
    return replaceToken(p, i, i >= 0 ? `${p[i]} ${chance(c, 50) ? pick(c, WORDS) : pick(c, PUNCT)} ` : pick(c, WORDS));
  },
  // replace a token by a word or a punctuation mark
  (c, p) => replaceToken(p, tokenAt(c, p), chance(c, 50) ? pick(c, WORDS) : pick(c, PUNCT)),
  // a random character anywhere
  (c, p) => {
    const i = c.int(0, p.length - 1);
    const s = p[i]!;
    const at = c.int(0, s.length);
    const ch = chance(c, 50) ? pick(c, CHARS) : String.fromCharCode(c.int(0, 0xffff));
    return replaceToken(p, i, s.slice(0, at) + ch + s.slice(at));
  },
  // a huge literal
  (c, p) => {
    const i = tokenAt(c, p);
    return replaceToken(p, i, chance(c, 50) ? huge(c) : `${p[i]} ${huge(c)}`);
  },
  // deep nesting
  (c, p) => {
    const i = tokenAt(c, p);
    return i >= 0 ? replaceToken(p, i, nest(c, p[i]!)) : p;
  },
  // near misses: names, operators, numbers, strings
  (c, p) => {
    const i = tokenAt(c, p);
    if (i < 0) return p;
    const t = p[i]!;
    if (SWAP_OPS[t]) return replaceToken(p, i, pick(c, SWAP_OPS[t]));
    if (/^[0-9]/.test(t)) return replaceToken(p, i, pick(c, ["0", "-1", "1.999", "150%", "0.001", "101%", "1_0", "12345678.123"]));
    if (t.startsWith('"')) return replaceToken(p, i, pick(c, ['"wonn"', '""', '"2026-13-01"', '"{"', '"{nope}"', '"}"', '"{entity"', '"{1 +}"']));
    return replaceToken(p, i, nearMiss(c, t));
  },
  // repeat or drop a line; cut the text short
  (c, p) => {
    const text = p.join("");
    const lines = text.split("\n");
    const i = c.int(0, lines.length - 1);
    const r = c.int(0, 2);
    if (r === 0) lines.splice(i, 0, lines[i]!);
    else if (r === 1) lines.splice(i, 1);
    else return pieces(text.slice(0, c.int(0, text.length)));
    return pieces(lines.join("\n"));
  },
];

/**
 * Applies 1 to `max` edits to a text.
 * @example
 * mutate(c, "metric a = count(deals)", 3);
 */
export function mutate(c: Choice, text: string, max = 4): string {
  let p = pieces(text);
  for (let n = c.int(1, max); n > 0; n--) p = EDITS[c.int(0, EDITS.length - 1)]!(c, p);
  return p.join("");
}

/**
 * Text with no template in it at all: random characters, words and marks.
 * @example
 * noise(c); // e.g. 'metric { "\u0000 ((('
 */
export function noise(c: Choice): string {
  const parts: string[] = [];
  for (let n = c.int(0, 40); n > 0; n--) {
    const r = c.int(0, 3);
    parts.push(r === 0 ? pick(c, WORDS) : r === 1 ? pick(c, PUNCT) : r === 2 ? pick(c, CHARS) : String.fromCharCode(c.int(0, 0xffff)));
    if (chance(c, 60)) parts.push(" ");
  }
  return parts.join("");
}
