/**
 * CST → model for metrics (`= formula` or `= input`), funnels and drops.
 * @module
 */
import { makeDiagnostic } from "../diagnostics.js";
import { nodeSpan, nodeStart } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";
import { buildTypeRef } from "./sources.js";

export function buildMetric(cx: BuildContext, n: C.MetricDeclCstNode, start: number): M.MetricDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const d: M.MetricDecl = cx.withLabel({ kind: "metric", name }, cx.label(c.label));
  cx.trivia.leading(d, start);
  if (c.typeRef) {
    const t = buildTypeRef(cx, c.typeRef[0]);
    if (t?.values) {
      // Metrics compute numbers, flags or dates; an enumeration type belongs to a field.
      cx.diagnostics.push(makeDiagnostic("syntax-bad-value", { what: "metric type", value: t.values.map((v) => JSON.stringify(v)).join(" | "), allowed: "number, integer, percent, money, boolean" }, cx.spans.get(`${cx.path}/type`)!));
    } else if (t) d.type = t.type;
  }
  if (c.Kw_lower_better) d.lowerBetter = true;
  let end: number | undefined;
  if (c.Kw_input) {
    d.input = true;
    end = c.Kw_input[0]!.startOffset + c.Kw_input[0]!.image.length;
  } else {
    const f = cx.expr(c.formula?.[0], "/formula");
    if (f !== undefined) {
      d.formula = f;
      end = cx.exprs.get(`${cx.path}/formula`)?.span.end;
    }
  }
  // The formula's span ends the declaration; walking the CST for it would cost more than the parse.
  return cx.close(d, end ?? nodeSpan(n).end);
}

export function buildFunnel(cx: BuildContext, n: C.FunnelDeclCstNode, start: number): M.FunnelDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const d: M.FunnelDecl = cx.withLabel({ kind: "funnel", name, steps: [] }, cx.label(c.label));
  cx.trivia.leading(d, start);
  const declPath = cx.path;
  cx.inBlock(c.RBrace, () => {
    for (const s of c.funnelStep ?? []) {
      cx.path = `${declPath}/steps/${d.steps.length}`;
      const stepName = cx.word(s.children.name, "/name");
      const label = cx.label(s.children.label);
      const formula = cx.expr(s.children.formula?.[0], "/formula");
      if (stepName === undefined || formula === undefined || s.recoveredNode) {
        cx.ok = false;
        continue;
      }
      const step: M.FunnelStep = cx.withLabel({ name: stepName, formula }, label);
      cx.trivia.leading(step, nodeStart(s));
      cx.spans.set(cx.path, nodeSpan(s));
      d.steps.push(cx.close(step, nodeSpan(s).end));
    }
  });
  cx.path = declPath;
  cx.blockEnd(d, c.RBrace);
  return cx.close(d, nodeSpan(n).end);
}

export function buildDrop(cx: BuildContext, n: C.DropDeclCstNode, start: number): M.DropDecl | undefined {
  const c = n.children;
  const what = cx.word(c.what, "/what") as M.DropDecl["what"] | undefined;
  const name = cx.qualified(c.name?.[0], "/name");
  if (what === undefined || name === undefined) return undefined;
  const d: M.DropDecl = { kind: "drop", what, name };
  cx.trivia.leading(d, start);
  return cx.close(d, nodeSpan(n).end);
}
