/**
 * Token classes for the source editor, from the project's own lexer
 * (dsl/lexer.ts): the editor colours exactly the tokens the parser sees, so
 * there is no second grammar to drift from the real one.
 * @module
 */
import { lex } from "../../dsl/lexer.js";

/** A coloured range of the text. */
export interface TokenRange {
  from: number;
  to: number;
  cls: "kw" | "soft" | "name" | "fn" | "str" | "num" | "comment" | "op";
}

/**
 * Every token of `text` with its class, in text order.
 * @example
 * tokenClasses('metric a = count(x) // c').map((t) => t.cls); // ["kw", "name", "op", "fn", "op", "name", "op", "comment"]
 */
export function tokenClasses(text: string): TokenRange[] {
  const r = lex(text, { maxDiagnostics: 1 });
  const out: TokenRange[] = [];
  const toks = r.tokens;
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i]!;
    const name = tk.tokenType.name;
    const from = tk.startOffset;
    const to = from + tk.image.length;
    let cls: TokenRange["cls"];
    if (name.startsWith("Kw_")) {
      // Soft keywords are keywords only where the grammar says so; colour them quieter.
      const soft = (tk.tokenType.CATEGORIES ?? []).some((c) => c.name === "Identifier");
      cls = soft ? "soft" : "kw";
    } else if (name === "Identifier") cls = toks[i + 1]?.image === "(" ? "fn" : "name";
    else if (name === "StringLiteral") cls = "str";
    else if (name === "NumberLiteral" || name === "PercentLiteral") cls = "num";
    else cls = "op";
    out.push({ from, to, cls });
  }
  for (const c of r.comments) out.push({ from: c.startOffset, to: c.startOffset + c.image.length, cls: "comment" });
  return out.sort((a, b) => a.from - b.from);
}
