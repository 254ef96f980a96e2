/**
 * CST → model for incentives: the formula form and the block form with basis, tiers, gate, cap and floor.
 * @module
 */
import { isReal, nodeSpan, nodeStart } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";
import { TIER_MODES } from "./vocabulary.js";

export function buildIncentive(cx: BuildContext, n: C.IncentiveDeclCstNode, start: number): M.IncentiveDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const d: M.IncentiveDecl = cx.withLabel({ kind: "incentive", name }, cx.label(c.label));
  cx.trivia.leading(d, start);
  if (c.Kw_for) {
    const f = cx.word(c.for, "/for");
    if (f !== undefined) d.for = f;
  }
  if (c.Equals) {
    const f = cx.expr(c.formula?.[0], "/formula");
    if (f !== undefined) d.formula = f;
  } else {
    const seen = new Set<string>();
    cx.inBlock(c.RBrace, () => {
      for (const line of c.incentiveLine ?? []) buildIncentiveLine(cx, line, d, seen);
    });
    cx.blockEnd(d, c.RBrace);
  }
  return cx.close(d, nodeSpan(n).end);
}

export function buildIncentiveLine(cx: BuildContext, n: C.IncentiveLineCstNode, d: M.IncentiveDecl, seen: Set<string>): void {
  const c = n.children;
  const kwTok = c.Kw_basis?.[0] ?? c.tiers?.[0]?.children.Kw_tiers?.[0] ?? c.Kw_gate?.[0] ?? c.Kw_cap?.[0] ?? c.Kw_floor?.[0];
  if (!isReal(kwTok) || n.recoveredNode) {
    cx.ok = false;
    return;
  }
  const key = kwTok.image as keyof NonNullable<M.IncentiveDecl["lineComments"]>;
  const trivia: M.Trivia = {};
  cx.trivia.leading(trivia, kwTok.startOffset);
  if (!cx.once(seen, key, kwTok)) return;
  cx.spans.set(`${cx.path}/${key}`, nodeSpan(n));
  switch (key) {
    case "basis":
    case "gate": {
      const e = cx.expr(c[key]?.[0], `/${key}`);
      if (e !== undefined) d[key] = e;
      break;
    }
    case "cap":
    case "floor": {
      const v = cx.number(c[key]?.[0], `/${key}`);
      if (v !== undefined) d[key] = v;
      break;
    }
    case "tiers": {
      const t = buildTiers(cx, c.tiers![0]!);
      if (t) d.tiers = t;
      break;
    }
  }
  cx.close(trivia, nodeSpan(n).end);
  if (trivia.comments || trivia.trailingComment) d.lineComments = { ...d.lineComments, [key]: trivia };
}

export function buildTiers(cx: BuildContext, n: C.TiersCstNode): M.Tiers | undefined {
  const c = n.children;
  const mode = cx.oneOf(cx.word(c.mode, "/tiers/mode"), TIER_MODES, "tier mode", "/tiers/mode");
  const t: M.Tiers = { mode: mode ?? "retroactive", steps: [] };
  if (c.Kw_on) {
    const on = cx.expr(c.on?.[0], "/tiers/on");
    if (on !== undefined) t.on = on;
  }
  const declPath = cx.path;
  cx.inBlock(c.RBrace, () => {
    for (const s of c.tierStep ?? []) {
      cx.path = `${declPath}/tiers/steps/${t.steps.length}`;
      const step = buildTierStep(cx, s);
      if (step) {
        cx.spans.set(cx.path, nodeSpan(s));
        t.steps.push(step);
      } else cx.ok = false;
    }
  });
  cx.path = declPath;
  cx.blockEnd(t, c.RBrace);
  return mode ? t : undefined;
}

export function buildTierStep(cx: BuildContext, n: C.TierStepCstNode): M.TierStep | undefined {
  const c = n.children;
  if (n.recoveredNode) return undefined;
  const from = cx.number(c.from?.[0], "/from");
  if (from === undefined) return undefined;
  const step: M.TierStep = { from };
  cx.trivia.leading(step, nodeStart(n));
  if (c.Kw_rate) {
    const r = cx.number(c.rate?.[0], "/rate");
    if (r === undefined) return undefined;
    step.rate = r;
  } else {
    const p = cx.number(c.pay?.[0], "/pay");
    if (p === undefined) return undefined;
    step.pay = p;
  }
  return cx.close(step, nodeSpan(n).end);
}
