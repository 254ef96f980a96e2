/**
 * The state shared while building a model from the CST: the JSON pointer of
 * the node being built, whether its declaration is intact, and the side
 * tables (spans, expression trees, broken declarations, diagnostics), with
 * the small helpers every declaration builder uses.
 * @module
 */
import type { IToken } from "chevrotain";
import type { Expr, Span } from "../ast.js";
import { makeDiagnostic, type RawDiagnostic } from "../diagnostics.js";
import { ExprBuilder, isReal, nodeSpan, tokenSpan } from "../expr-builder.js";
import { printExpr } from "../expr-printer.js";
import type * as C from "../generated/cst.js";
import { decodeString } from "../strings.js";
import { suggest } from "../suggest.js";
import type { TriviaCursor } from "../trivia.js";
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_NUMBER_DIGITS } from "./vocabulary.js";

/** Builder state and helpers; one per parse. */
export class BuildContext {
  readonly spans = new Map<string, Span>();
  readonly exprs = new Map<string, Expr>();
  readonly broken = new Set<string>();
  readonly diagnostics: RawDiagnostic[] = [];
  readonly exprBuilder = new ExprBuilder((d) => this.diagnostics.push(d));
  /** The JSON pointer of the model node being built. */
  path = "";
  /** False once something in the current declaration was lost to error recovery. */
  ok = true;

  constructor(readonly trivia: TriviaCursor) {}

  /** A token's image, or undefined (and the declaration marked broken) when recovery invented it. */
  word(t: IToken[] | undefined, sub: string): string | undefined {
    const tok = t?.[0];
    if (!isReal(tok)) {
      this.ok = false;
      return undefined;
    }
    this.spans.set(`${this.path}${sub}`, tokenSpan(tok));
    if (tok.image.length > MAX_NAME_LENGTH) {
      this.diagnostics.push(makeDiagnostic("syntax-name-too-long", { length: tok.image.length, limit: MAX_NAME_LENGTH }, tokenSpan(tok)));
      this.ok = false;
      return undefined;
    }
    return tok.image;
  }

  label(t: IToken[] | undefined): string | undefined {
    const tok = t?.[0];
    if (!isReal(tok)) return undefined;
    const d = decodeString(tok.image);
    if (!d.ok) {
      this.diagnostics.push(makeDiagnostic("syntax-bad-escape", { escape: d.escape }, tokenSpan(tok)));
      return tok.image.slice(1, -1);
    }
    if ([...d.value].length > MAX_LABEL_LENGTH) {
      this.diagnostics.push(makeDiagnostic("syntax-label-too-long", { length: [...d.value].length, limit: MAX_LABEL_LENGTH }, tokenSpan(tok)));
      return undefined;
    }
    this.spans.set(`${this.path}/label`, tokenSpan(tok));
    return d.value;
  }

  expr(n: C.ExpressionCstNode | undefined, sub: string): string | undefined {
    const e = this.exprBuilder.build(n);
    if (!e) {
      this.ok = false;
      return undefined;
    }
    this.exprs.set(`${this.path}${sub}`, e);
    this.spans.set(`${this.path}${sub}`, e.span);
    return printExpr(e);
  }

  number(n: C.SignedNumberCstNode | undefined, sub: string): string | undefined {
    if (!n || n.recoveredNode) {
      this.ok = false;
      return undefined;
    }
    const tok = n.children.NumberLiteral?.[0] ?? n.children.PercentLiteral?.[0];
    if (!isReal(tok)) {
      this.ok = false;
      return undefined;
    }
    const span = nodeSpan(n);
    this.spans.set(`${this.path}${sub}`, span);
    if (tok.image.replace(/[^0-9]/g, "").length > MAX_NUMBER_DIGITS) {
      this.diagnostics.push(makeDiagnostic("syntax-number-too-long", { limit: MAX_NUMBER_DIGITS }, span));
      this.ok = false;
      return undefined;
    }
    return (n.children.Minus ? "-" : "") + tok.image;
  }

  /** Validates a word against its allowed values, with a suggestion. */
  oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string, sub: string): T | undefined {
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const span = this.spans.get(`${this.path}${sub}`) ?? { start: 0, end: 0 };
    this.diagnostics.push(
      makeDiagnostic("syntax-bad-value", { what, value, allowed: allowed.join(", "), suggestion: suggest(value, allowed) }, span),
    );
    this.ok = false;
    return undefined;
  }

  once(seen: Set<string>, key: string, tok: IToken | undefined): boolean {
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    if (tok) this.diagnostics.push(makeDiagnostic("syntax-duplicate-setting", { setting: key }, tokenSpan(tok)));
    return false;
  }

  /** The offset of the innermost enclosing block's `}`: comments after it are not an inner line's. */
  limit = Infinity;

  /** Where the last closed item ended; the declaration's end once its builder returns. */
  lastEnd = 0;

  close<T extends object>(node: T, endOffset: number): T {
    this.lastEnd = endOffset;
    this.trivia.trailing(node, endOffset, this.limit);
    return node;
  }

  /** Runs `visit` over a block's lines with the block's `}` as the trailing-comment limit. */
  inBlock(rbrace: IToken[] | undefined, visit: () => void): void {
    const outer = this.limit;
    const tok = rbrace?.[0];
    this.limit = isReal(tok) ? tok.startOffset : outer;
    try {
      visit();
    } finally {
      this.limit = outer;
    }
  }

  /** Comments left inside a block before its `}`. */
  blockEnd(node: { endComments?: string[] }, rbrace: IToken[] | undefined): void {
    const tok = rbrace?.[0];
    if (!isReal(tok)) return;
    const left = this.trivia.takeBefore(tok.startOffset);
    if (left.length) node.endComments = left;
  }

  withLabel<T extends object>(node: T, label: string | undefined): T {
    if (label !== undefined) (node as { label?: string }).label = label;
    return node;
  }

  qualified(n: C.QualifiedNameCstNode | undefined, sub: string): string | undefined {
    if (!n || n.recoveredNode) {
      this.ok = false;
      return undefined;
    }
    const parts = n.children.part ?? [];
    if (parts.length === 0 || parts.some((p) => !isReal(p))) {
      this.ok = false;
      return undefined;
    }
    this.spans.set(`${this.path}${sub}`, nodeSpan(n));
    return parts.map((p) => p.image).join(".");
  }
}
