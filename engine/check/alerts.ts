/**
 * Alert rules: `when` is a condition, and the message's placeholders are
 * checked like formulas. In a message `{entity}` is the entity's name, any
 * other `{expression}` is parsed with `parseExpression` and checked, and
 * `{{`/`}}` are literal braces. A diagnostic inside a placeholder points into
 * the message string when the string has no escapes (so offsets line up with
 * the source), and at the whole string otherwise.
 * @module
 */
import { parseExpression } from "../../dsl/parse.js";
import type { AlertDecl } from "../../schemas/generated/template.js";
import type { CheckedAlert, MessagePart } from "./checked-model.js";
import { siteFor, type DeclRef, type Reporter, type SiteOptions } from "./context.js";
import { checkProperty, ExprChecker } from "./expressions.js";
import type { Scope } from "./scope.js";

/**
 * A message split into pieces; `offset` is where an expression's text starts in the message.
 * @example
 * const p: MessagePiece = { kind: "expr", text: "pace(x)", offset: 1 };
 */
export type MessagePiece = { kind: "text"; text: string } | { kind: "entity" } | { kind: "expr"; text: string; offset: number };

/**
 * Splits an alert message into text, `{entity}` and `{expression}` pieces.
 * @example
 * splitMessage("{entity} at {pace(x)} {{ok}}"); // entity, " at ", expr "pace(x)", " {ok}"
 */
export function splitMessage(message: string): { pieces: MessagePiece[] } | { problem: string; offset: number } {
  const pieces: MessagePiece[] = [];
  let text = "";
  const flush = () => {
    if (text) pieces.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < message.length; i++) {
    const ch = message[i]!;
    if ((ch === "{" || ch === "}") && message[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === "}") {
      return { problem: "a `}` without its `{`; write `}}` for a literal brace", offset: i };
    } else if (ch === "{") {
      const end = message.indexOf("}", i + 1);
      if (end < 0) return { problem: "a `{` without its `}`; write `{{` for a literal brace", offset: i };
      const inner = message.slice(i + 1, end);
      if (inner.includes("{")) return { problem: "a `{` without its `}`; write `{{` for a literal brace", offset: i };
      if (!inner.trim()) return { problem: "an empty `{}`; write `{{}}` for literal braces", offset: i };
      flush();
      if (inner.trim() === "entity") pieces.push({ kind: "entity" });
      else pieces.push({ kind: "expr", text: inner, offset: i + 1 });
      i = end;
    } else text += ch;
  }
  flush();
  return { pieces };
}

/**
 * Checks every alert.
 * @example
 * const alerts = checkAlerts(decls, scope, rep);
 */
export function checkAlerts(decls: readonly DeclRef[], scope: Scope, rep: Reporter): CheckedAlert[] {
  const out: CheckedAlert[] = [];
  for (const r of decls) {
    if (r.decl.kind !== "alert" || r.broken) continue;
    const ref = r as DeclRef<AlertDecl>;
    const d = ref.decl;
    const w = checkProperty(scope, rep, ref, "/when");
    if (!w) continue;
    w.checker.expectBoolean(w.expr, w.got, "an alert's `when`");
    const alert: CheckedAlert = { name: d.name, ...(d.label === undefined ? {} : { label: d.label }), severity: d.severity, when: w.got.r };
    if (d.message !== undefined) {
      const parts = checkMessage(ref, d.message, scope, rep);
      if (parts) alert.message = parts;
    }
    out.push(alert);
  }
  return out;
}

function checkMessage(ref: DeclRef<AlertDecl>, message: string, scope: Scope, rep: Reporter): MessagePart[] | undefined {
  const place = locator(ref, message);
  const split = splitMessage(message);
  if ("problem" in split) {
    siteFor(rep, ref, "/message", place(split.offset)).report("rule-bad-placeholder", { problem: split.problem }, { start: 0, end: 1 });
    return undefined;
  }
  const parts: MessagePart[] = [];
  for (const p of split.pieces) {
    if (p.kind !== "expr") {
      parts.push(p);
      continue;
    }
    const site = siteFor(rep, ref, "/message", place(p.offset));
    const parsed = parseExpression(p.text);
    if (!parsed.expr) {
      const why = parsed.diagnostics[0]?.message ?? "not an expression";
      site.report("rule-bad-placeholder", { problem: `\`{${p.text}}\` is not an expression: ${why}` }, { start: -1, end: p.text.length + 1 });
      return undefined;
    }
    const checker = new ExprChecker(scope, site);
    const got = checker.check(parsed.expr);
    if (checker.errors) return undefined;
    parts.push({ kind: "expr", text: p.text.trim(), expr: got.r });
  }
  return parts;
}

/**
 * How spans inside the message map to the unit: into the source string when
 * it is written without escapes, relative to the message without source.
 */
function locator(ref: DeclRef, message: string): (offset: number) => SiteOptions {
  const unit = ref.unit;
  if (!unit.text || !unit.lines) return (offset) => ({ shift: offset, text: message });
  const span = unit.spans.get(`${ref.pointer}/message`);
  if (!span || unit.text.slice(span.start + 1, span.end - 1) !== message) return () => ({ exact: false });
  return (offset) => ({ shift: span.start + 1 + offset });
}
