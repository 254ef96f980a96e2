/**
 * CST → model for target blocks: base (per entity kind, per period, flat), quarter and month weights, challenge, split.
 * @module
 */
import { makeDiagnostic } from "../diagnostics.js";
import { isReal, nodeSpan, tokenSpan } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";
import { GRAINS, SPLITS } from "./vocabulary.js";

export function buildTarget(cx: BuildContext, n: C.TargetDeclCstNode, start: number): M.TargetDecl | undefined {
  const c = n.children;
  const metric = cx.qualified(c.metric?.[0], "/metric");
  if (metric === undefined) return undefined;
  const d: M.TargetDecl = { kind: "target", metric };
  cx.trivia.leading(d, start);
  const seen = new Set<string>();
  cx.inBlock(c.RBrace, () => {
    for (const line of c.targetLine ?? []) buildTargetLine(cx, line, d, seen);
  });
  cx.blockEnd(d, c.RBrace);
  return cx.close(d, nodeSpan(n).end);
}

export function buildTargetLine(cx: BuildContext, n: C.TargetLineCstNode, d: M.TargetDecl, seen: Set<string>): void {
  const c = n.children;
  const kwTok = c.Kw_base?.[0] ?? c.Kw_quarters?.[0] ?? c.Kw_months?.[0] ?? c.Kw_challenge?.[0] ?? c.Kw_split?.[0];
  if (!isReal(kwTok) || n.recoveredNode) {
    cx.ok = false;
    return;
  }
  const key = kwTok.image as keyof NonNullable<M.TargetDecl["lineComments"]>;
  const trivia: M.Trivia = {};
  cx.trivia.leading(trivia, kwTok.startOffset);
  if (!cx.once(seen, key, kwTok)) return;
  cx.spans.set(`${cx.path}/${key}`, nodeSpan(n));
  switch (key) {
    case "base": {
      const value = cx.number(c.signedNumber?.[0], "/base/value");
      if (value === undefined) return;
      const base: M.TargetBase = { value };
      const pers = c.per ?? [];
      pers.forEach((t, i) => cx.spans.set(`${cx.path}/base/per${i}`, tokenSpan(t)));
      if (pers.some((t) => !isReal(t))) {
      // Error recovery invented the word after `per`; the parser has reported it.
      cx.ok = false;
      return;
    }
    if (pers.length > 2) {
      const t = pers[2]!;
      cx.diagnostics.push(makeDiagnostic("syntax-unexpected-token", { expected: "at most `per KIND per PERIOD`", found: `\`${t.image}\`` }, tokenSpan(t)));
      cx.ok = false;
      return;
    }
      const last = pers[pers.length - 1]?.image;
      if (pers.length === 2) {
        base.perEntity = pers[0]!.image;
        cx.spans.set(`${cx.path}/base/perEntity`, tokenSpan(pers[0]!));
      }
      if (last !== undefined) {
        if ((GRAINS as readonly string[]).includes(last)) {
          base.per = last as M.Grain;
          cx.spans.set(`${cx.path}/base/per`, tokenSpan(pers[pers.length - 1]!));
        } else if (pers.length === 1) {
          base.perEntity = last;
          cx.spans.set(`${cx.path}/base/perEntity`, tokenSpan(pers[0]!));
        } else {
          cx.spans.set(`${cx.path}/base/per`, tokenSpan(pers[1]!));
          cx.oneOf(last, GRAINS, "period", "/base/per");
          return;
        }
      }
      const flat = c.Kw_flat?.[0];
      if (flat !== undefined) {
        if (!isReal(flat)) {
          cx.ok = false;
          return;
        }
        base.flat = true;
        cx.spans.set(`${cx.path}/base/flat`, tokenSpan(flat));
      }
      d.base = base;
      break;
    }
    case "quarters":
    case "months": {
      const weights = (c.weights ?? []).map((w, i) => cx.number(w, `/${key}/${i}`));
      if (weights.some((w) => w === undefined)) return;
      d[key] = weights as string[];
      break;
    }
    case "challenge": {
      const v = cx.number(c.signedNumber?.[0], "/challenge");
      if (v === undefined) return;
      d.challenge = v;
      break;
    }
    case "split": {
      const kind = cx.oneOf(cx.word(c.splitKind, "/split/by"), SPLITS, "split", "/split/by");
      if (!kind) return;
      const split: M.TargetSplit = { by: kind };
      if (kind === "attr") {
        const attr = c.attr ? cx.word(c.attr, "/split/attr") : undefined;
        if (attr === undefined) {
          cx.diagnostics.push(makeDiagnostic("syntax-unexpected-token", { expected: "the attribute's name after `split by attr`", found: "the end of the line" }, tokenSpan(c.splitKind![0]!)));
          cx.ok = false;
          return;
        }
        split.attr = attr;
      }
      d.split = split;
      break;
    }
  }
  cx.close(trivia, nodeSpan(n).end);
  if (trivia.comments || trivia.trailingComment) d.lineComments = { ...d.lineComments, [key]: trivia };
}
