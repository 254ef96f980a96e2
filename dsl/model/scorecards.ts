/**
 * CST → model for scorecards (weighted metrics with caps) and alerts (severity, condition, message).
 * @module
 */
import { isReal, nodeSpan, nodeStart, tokenSpan } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";
import { SEVERITIES } from "./vocabulary.js";

export function buildScorecard(cx: BuildContext, n: C.ScorecardDeclCstNode, start: number): M.ScorecardDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const d: M.ScorecardDecl = cx.withLabel({ kind: "scorecard", name, items: [] }, cx.label(c.label));
  cx.trivia.leading(d, start);
  const declPath = cx.path;
  cx.inBlock(c.RBrace, () => {
    for (const it of c.scorecardItem ?? []) {
      cx.path = `${declPath}/items/${d.items.length}`;
      const metric = cx.qualified(it.children.metric?.[0], "/metric");
      const weight = cx.number(it.children.weight?.[0], "/weight");
      if (metric === undefined || weight === undefined || it.recoveredNode) {
        cx.ok = false;
        continue;
      }
      const item: M.ScorecardItem = { metric, weight };
      cx.trivia.leading(item, nodeStart(it));
      if (it.children.Kw_cap) {
        const cap = cx.number(it.children.cap?.[0], "/cap");
        if (cap !== undefined) item.cap = cap;
      }
      cx.spans.set(cx.path, nodeSpan(it));
      d.items.push(cx.close(item, nodeSpan(it).end));
    }
  });
  cx.path = declPath;
  cx.blockEnd(d, c.RBrace);
  return cx.close(d, nodeSpan(n).end);
}

export function buildAlert(cx: BuildContext, n: C.AlertDeclCstNode, start: number): M.AlertDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const label = cx.label(c.label);
  const severity = cx.oneOf(cx.word(c.severity, "/severity"), SEVERITIES, "severity", "/severity");
  const when = cx.expr(c.when?.[0], "/when");
  const d: M.AlertDecl = cx.withLabel({ kind: "alert", name, severity: severity ?? "warning", when: when ?? "null" }, label);
  if (!severity || when === undefined) cx.ok = false;
  cx.trivia.leading(d, start);
  const msg = c.message?.[0];
  if (c.Kw_message && isReal(msg)) {
    const s = cx.exprBuilder.string(msg);
    if (s.node === "string") d.message = s.value;
    cx.spans.set(`${cx.path}/message`, tokenSpan(msg));
  }
  return cx.close(d, nodeSpan(n).end);
}
