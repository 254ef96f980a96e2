/**
 * CST → template model. Builds the JSON model (schemas/template.schema.json)
 * from the concrete syntax tree, with formulas as canonical expression text,
 * and records on the side what the checker needs to point at the source: the
 * span of every model node by JSON pointer and the parsed expression trees.
 * Words the grammar takes as plain names (settings, severities, tier modes,
 * split kinds, periods) are validated with "did you mean" suggestions.
 * A declaration that error recovery left incomplete is kept with what it has
 * and listed in `broken`, so the checker skips it instead of piling on.
 *
 * One file per declaration family lives in `model/`: header, sources,
 * metrics (with funnels and drops), targets, scorecards (with alerts),
 * incentives; `model/context.ts` holds the shared state and helpers.
 * @module
 */
import type { Expr, Span } from "./ast.js";
import { makeDiagnostic, type RawDiagnostic } from "./diagnostics.js";
import { nodeSpan, nodeStart } from "./expr-builder.js";
import type * as C from "./generated/cst.js";
import { BuildContext } from "./model/context.js";
import { buildHeader } from "./model/header.js";
import { buildIncentive } from "./model/incentives.js";
import { buildDrop, buildFunnel, buildMetric } from "./model/metrics.js";
import { buildAlert, buildScorecard } from "./model/scorecards.js";
import { buildEntity, buildSource } from "./model/sources.js";
import { buildTarget } from "./model/targets.js";
import type { TriviaCursor } from "./trivia.js";
import type * as M from "../schemas/generated/template.js";

export * from "./model/vocabulary.js";

export interface ModelBuild {
  model: M.Template;
  spans: Map<string, Span>;
  exprs: Map<string, Expr>;
  broken: Set<string>;
  diagnostics: RawDiagnostic[];
}

/**
 * Builds the model of a parsed file.
 * @example
 * const built = buildModel(cst, new TriviaCursor(lexed.comments, lines), text.length);
 */
export function buildModel(file: C.FileCstNode | undefined, trivia: TriviaCursor, textLength: number): ModelBuild {
  const cx = new BuildContext(trivia);
  const model: M.Template = { declarations: [] };
  for (const d of file?.children.declaration ?? []) {
    const c = d.children;
    const start = nodeStart(d);
    if (c.templateHeader) {
      const first = model.declarations.length === 0 && !model.header;
      if (!first) cx.diagnostics.push(makeDiagnostic("syntax-misplaced-header", {}, nodeSpan(d)));
      cx.path = "/header";
      const h = buildHeader(cx, c.templateHeader[0]!, start);
      if (first && h) model.header = h;
      continue;
    }
    cx.path = `/declarations/${model.declarations.length}`;
    cx.ok = !d.recoveredNode;
    const decl = declaration(cx, c, start);
    if (!decl) continue;
    if (!cx.ok) cx.broken.add(cx.path);
    cx.spans.set(cx.path, { start, end: cx.lastEnd });
    model.declarations.push(decl);
  }
  const end = trivia.takeBefore(textLength + 1);
  if (end.length) model.endComments = end;
  return { model, spans: cx.spans, exprs: cx.exprs, broken: cx.broken, diagnostics: cx.diagnostics };
}

function declaration(cx: BuildContext, c: C.DeclarationCstChildren, start: number): M.Declaration | undefined {
  if (c.entityDecl) return buildEntity(cx, c.entityDecl[0]!, start);
  if (c.sourceDecl) return buildSource(cx, c.sourceDecl[0]!, start);
  if (c.metricDecl) return buildMetric(cx, c.metricDecl[0]!, start);
  if (c.targetDecl) return buildTarget(cx, c.targetDecl[0]!, start);
  if (c.scorecardDecl) return buildScorecard(cx, c.scorecardDecl[0]!, start);
  if (c.incentiveDecl) return buildIncentive(cx, c.incentiveDecl[0]!, start);
  if (c.alertDecl) return buildAlert(cx, c.alertDecl[0]!, start);
  if (c.funnelDecl) return buildFunnel(cx, c.funnelDecl[0]!, start);
  if (c.dropDecl) return buildDrop(cx, c.dropDecl[0]!, start);
  return undefined;
}
