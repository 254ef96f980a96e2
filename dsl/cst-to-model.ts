/**
 * CST → template model. Builds the JSON model (schemas/template.schema.json)
 * from the concrete syntax tree, with formulas as canonical expression text,
 * and records on the side what the checker needs to point at the source: the
 * span of every model node by JSON pointer and the parsed expression trees.
 * Words the grammar takes as plain names (settings, severities, tier modes,
 * split kinds, periods) are validated here with "did you mean" suggestions.
 * A declaration that error recovery left incomplete is kept with what it has
 * and listed in `broken`, so the checker skips it instead of piling on.
 * @module
 */
import type { IToken } from "chevrotain";
import type { Expr, Span } from "./ast.js";
import { makeDiagnostic, type RawDiagnostic } from "./diagnostics.js";
import { ExprBuilder, isReal, MAX_EXPR_DEPTH, nodeSpan, tokenSpan } from "./expr-builder.js";
import { printExpr } from "./expr-printer.js";
import type * as C from "./generated/cst.js";
import { decodeString } from "./strings.js";
import { suggest } from "./suggest.js";
import type { TriviaCursor } from "./trivia.js";
import type * as M from "../schemas/generated/template.js";

export const SETTINGS = ["industry", "stage", "grain", "currency", "rounding", "fiscal_year_starts"] as const;
export const GRAINS = ["day", "week", "month", "quarter", "year"] as const;
export const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"] as const;
export const ROUNDINGS = ["half_up", "half_even"] as const;
export const SEVERITIES = ["info", "warning", "critical"] as const;
export const TIER_MODES = ["retroactive", "marginal"] as const;
export const SPLITS = ["even", "history", "attr"] as const;
/** The most digits a number literal may have; longer ones are surely typos. */
export const MAX_NUMBER_DIGITS = 30;

export interface ModelBuild {
  model: M.Template;
  spans: Map<string, Span>;
  exprs: Map<string, Expr>;
  broken: Set<string>;
  diagnostics: RawDiagnostic[];
}

type Decl = M.Declaration;

/** One builder per parse; visits declarations in document order. */
export class ModelBuilder {
  readonly spans = new Map<string, Span>();
  readonly exprs = new Map<string, Expr>();
  readonly broken = new Set<string>();
  readonly diagnostics: RawDiagnostic[] = [];
  private readonly exprBuilder = new ExprBuilder({
    badEscape: (escape, span) => this.diagnostics.push(makeDiagnostic("syntax-bad-escape", { escape }, span)),
    tooComplex: (span) => this.diagnostics.push(makeDiagnostic("syntax-too-complex", { limit: MAX_EXPR_DEPTH }, span)),
  });
  private path = "";
  private ok = true;

  constructor(private readonly trivia: TriviaCursor) {}

  build(file: C.FileCstNode | undefined, textLength: number): M.Template {
    const model: M.Template = { declarations: [] };
    for (const d of file?.children.declaration ?? []) {
      const c = d.children;
      const start = nodeSpan(d).start;
      if (c.templateHeader) {
        const first = model.declarations.length === 0 && !model.header;
        if (!first) this.diagnostics.push(makeDiagnostic("syntax-misplaced-header", {}, nodeSpan(d)));
        this.path = "/header";
        const h = this.header(c.templateHeader[0]!, start);
        if (first && h) model.header = h;
        continue;
      }
      this.path = `/declarations/${model.declarations.length}`;
      this.ok = !d.recoveredNode;
      const decl = this.declaration(c, start);
      if (!decl) continue;
      if (!this.ok) this.broken.add(this.path);
      this.spans.set(this.path, nodeSpan(d));
      model.declarations.push(decl);
    }
    const end = this.trivia.takeBefore(textLength + 1);
    if (end.length) model.endComments = end;
    return model;
  }

  private declaration(c: C.DeclarationCstChildren, start: number): Decl | undefined {
    if (c.entityDecl) return this.entity(c.entityDecl[0]!, start);
    if (c.sourceDecl) return this.source(c.sourceDecl[0]!, start);
    if (c.metricDecl) return this.metric(c.metricDecl[0]!, start);
    if (c.targetDecl) return this.target(c.targetDecl[0]!, start);
    if (c.scorecardDecl) return this.scorecard(c.scorecardDecl[0]!, start);
    if (c.incentiveDecl) return this.incentive(c.incentiveDecl[0]!, start);
    if (c.alertDecl) return this.alert(c.alertDecl[0]!, start);
    if (c.funnelDecl) return this.funnel(c.funnelDecl[0]!, start);
    if (c.dropDecl) return this.drop(c.dropDecl[0]!, start);
    return undefined;
  }

  // ── helpers ──────────────────────────────────────────────────────────────

  /** A token's image, or undefined (and the declaration marked broken) when recovery invented it. */
  private word(t: IToken[] | undefined, sub: string): string | undefined {
    const tok = t?.[0];
    if (!isReal(tok)) {
      this.ok = false;
      return undefined;
    }
    this.spans.set(`${this.path}${sub}`, tokenSpan(tok));
    return tok.image;
  }

  private label(t: IToken[] | undefined): string | undefined {
    const tok = t?.[0];
    if (!isReal(tok)) return undefined;
    const d = decodeString(tok.image);
    if (!d.ok) {
      this.diagnostics.push(makeDiagnostic("syntax-bad-escape", { escape: d.escape }, tokenSpan(tok)));
      return tok.image.slice(1, -1);
    }
    this.spans.set(`${this.path}/label`, tokenSpan(tok));
    return d.value;
  }

  private expr(n: C.ExpressionCstNode | undefined, sub: string): string | undefined {
    const e = this.exprBuilder.build(n);
    if (!e) {
      this.ok = false;
      return undefined;
    }
    this.exprs.set(`${this.path}${sub}`, e);
    this.spans.set(`${this.path}${sub}`, e.span);
    return printExpr(e);
  }

  private number(n: C.SignedNumberCstNode | undefined, sub: string): string | undefined {
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
  private oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string, sub: string): T | undefined {
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const span = this.spans.get(`${this.path}${sub}`) ?? { start: 0, end: 0 };
    this.diagnostics.push(
      makeDiagnostic("syntax-bad-value", { what, value, allowed: allowed.join(", "), suggestion: suggest(value, allowed) }, span),
    );
    this.ok = false;
    return undefined;
  }

  private once(seen: Set<string>, key: string, tok: IToken | undefined): boolean {
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    if (tok) this.diagnostics.push(makeDiagnostic("syntax-duplicate-setting", { setting: key }, tokenSpan(tok)));
    return false;
  }

  /** The offset of the innermost enclosing block's `}`: comments after it are not an inner line's. */
  private limit = Infinity;

  private close<T extends object>(node: T, endOffset: number): T {
    this.trivia.trailing(node, endOffset, this.limit);
    return node;
  }

  /** Runs `visit` over a block's lines with the block's `}` as the trailing-comment limit. */
  private inBlock(rbrace: IToken[] | undefined, visit: () => void): void {
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
  private blockEnd(node: { endComments?: string[] }, rbrace: IToken[] | undefined): void {
    const tok = rbrace?.[0];
    if (!isReal(tok)) return;
    const left = this.trivia.takeBefore(tok.startOffset);
    if (left.length) node.endComments = left;
  }

  private withLabel<T extends object>(node: T, label: string | undefined): T {
    if (label !== undefined) (node as { label?: string }).label = label;
    return node;
  }

  // ── declarations ─────────────────────────────────────────────────────────

  private header(n: C.TemplateHeaderCstNode, start: number): M.Header | undefined {
    const c = n.children;
    this.ok = true;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const h: M.Header = this.withLabel({ name }, this.label(c.label));
    this.trivia.leading(h, start);
    this.spans.set("/header", nodeSpan(n));
    const base = c.base ? this.word(c.base, "/extends") : undefined;
    if (base !== undefined) h.extends = base;
    if (c.LBrace) {
      const settings: M.Settings = {};
      const seen = new Set<string>();
      this.inBlock(c.RBrace, () => {
        for (const s of c.setting ?? []) this.setting(s, settings, seen);
      });
      if (Object.keys(settings).length) h.settings = settings;
      this.blockEnd(h, c.RBrace);
    }
    return this.close(h, nodeSpan(n).end);
  }

  private setting(n: C.SettingCstNode, settings: M.Settings, seen: Set<string>): void {
    const keyTok = n.children.key?.[0];
    const valTok = n.children.value?.[0];
    if (!isReal(keyTok) || !isReal(valTok)) return;
    const key = keyTok.image;
    if (!(SETTINGS as readonly string[]).includes(key)) {
      this.diagnostics.push(
        makeDiagnostic("syntax-unknown-setting", { setting: key, suggestion: suggest(key, SETTINGS), allowed: SETTINGS.join(", ") }, tokenSpan(keyTok)),
      );
      return;
    }
    if (!this.once(seen, key, keyTok)) return;
    const raw = valTok.tokenType.name === "StringLiteral" ? (decodeString(valTok.image) as { value?: string }).value ?? "" : valTok.image;
    this.spans.set(`/header/settings/${key}`, tokenSpan(valTok));
    const bad = (allowed: readonly string[]) =>
      this.diagnostics.push(
        makeDiagnostic("syntax-bad-setting-value", { setting: key, value: raw, allowed: allowed.join(", "), suggestion: suggest(raw, allowed) }, tokenSpan(valTok)),
      );
    const name = /^[\p{L}_][\p{L}\p{N}\p{M}_]*$/u;
    switch (key) {
      case "industry":
      case "stage":
        if (name.test(raw)) settings[key] = raw;
        else bad(["a name such as saas or growth"]);
        return;
      case "grain":
        if ((GRAINS as readonly string[]).includes(raw)) settings.grain = raw as M.Grain;
        else bad(GRAINS);
        return;
      case "currency":
        if (/^[A-Z]{3}$/.test(raw)) settings.currency = raw;
        else bad(["a three-letter ISO code such as CNY, USD, EUR or JPY"]);
        return;
      case "rounding":
        if ((ROUNDINGS as readonly string[]).includes(raw)) settings.rounding = raw as M.Settings["rounding"] & string;
        else bad(ROUNDINGS);
        return;
      case "fiscal_year_starts":
        if ((MONTHS as readonly string[]).includes(raw)) settings.fiscal_year_starts = raw as M.Settings["fiscal_year_starts"] & string;
        else bad(MONTHS);
        return;
    }
  }

  private entity(n: C.EntityDeclCstNode, start: number): M.EntityDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const d: M.EntityDecl = this.withLabel({ kind: "entity", name }, this.label(c.label));
    this.trivia.leading(d, start);
    if (c.Kw_in) {
      const parent = this.word(c.parent, "/parent");
      if (parent !== undefined) d.parent = parent;
    }
    return this.close(d, nodeSpan(n).end);
  }

  private source(n: C.SourceDeclCstNode, start: number): M.SourceDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const label = this.label(c.label);
    // A source missing `by` or `at` stays in the model (marked broken) so references to it
    // raise no follow-on errors; `_` keeps the model schema-valid.
    const by = this.word(c.by, "/by") ?? "_";
    const at = this.word(c.at, "/at") ?? "_";
    const d: M.SourceDecl = this.withLabel({ kind: "source", name, by, at, fields: [] }, label);
    this.trivia.leading(d, start);
    const declPath = this.path;
    this.inBlock(c.RBrace, () => {
      for (const f of c.field ?? []) {
        this.path = `${declPath}/fields/${d.fields.length}`;
        const field = this.field(f);
        if (field) {
          this.spans.set(this.path, nodeSpan(f));
          d.fields.push(field);
        }
      }
    });
    this.path = declPath;
    this.blockEnd(d, c.RBrace);
    return this.close(d, nodeSpan(n).end);
  }

  private field(n: C.FieldCstNode): M.Field | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined || n.recoveredNode) return undefined;
    const label = this.label(c.label);
    const type = this.typeRef(c.typeRef?.[0]);
    if (!type) {
      this.ok = false;
      return undefined;
    }
    const f: M.Field = this.withLabel({ name, ...type }, label);
    this.trivia.leading(f, nodeSpan(n).start);
    return this.close(f, nodeSpan(n).end);
  }

  private typeRef(n: C.TypeRefCstNode | undefined): { type: string; values?: string[] } | undefined {
    if (!n || n.recoveredNode) return undefined;
    const c = n.children;
    if (c.typeName) {
      const t = this.word(c.typeName, "/type");
      return t === undefined ? undefined : { type: t };
    }
    const values: string[] = [];
    for (const tok of c.enumValue ?? []) {
      if (!isReal(tok)) return undefined;
      const s = this.exprBuilder.string(tok);
      if (s.node === "string") values.push(s.value);
    }
    this.spans.set(`${this.path}/type`, nodeSpan(n));
    return values.length ? { type: "enum", values } : undefined;
  }

  private metric(n: C.MetricDeclCstNode, start: number): M.MetricDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const d: M.MetricDecl = this.withLabel({ kind: "metric", name }, this.label(c.label));
    this.trivia.leading(d, start);
    if (c.typeRef) {
      const t = this.typeRef(c.typeRef[0]);
      if (t?.values) {
        // Metrics compute numbers, flags or dates; an enumeration type belongs to a field.
        this.diagnostics.push(makeDiagnostic("syntax-bad-value", { what: "metric type", value: t.values.map((v) => JSON.stringify(v)).join(" | "), allowed: "number, integer, percent, money, boolean" }, this.spans.get(`${this.path}/type`)!));
      } else if (t) d.type = t.type;
    }
    if (c.Kw_lower_better) d.lowerBetter = true;
    if (c.Kw_input) d.input = true;
    else {
      const f = this.expr(c.formula?.[0], "/formula");
      if (f !== undefined) d.formula = f;
    }
    return this.close(d, nodeSpan(n).end);
  }

  private qualified(n: C.QualifiedNameCstNode | undefined, sub: string): string | undefined {
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

  private target(n: C.TargetDeclCstNode, start: number): M.TargetDecl | undefined {
    const c = n.children;
    const metric = this.qualified(c.metric?.[0], "/metric");
    if (metric === undefined) return undefined;
    const d: M.TargetDecl = { kind: "target", metric };
    this.trivia.leading(d, start);
    const seen = new Set<string>();
    this.inBlock(c.RBrace, () => {
      for (const line of c.targetLine ?? []) this.targetLine(line, d, seen);
    });
    this.blockEnd(d, c.RBrace);
    return this.close(d, nodeSpan(n).end);
  }

  private targetLine(n: C.TargetLineCstNode, d: M.TargetDecl, seen: Set<string>): void {
    const c = n.children;
    const kwTok = c.Kw_base?.[0] ?? c.Kw_quarters?.[0] ?? c.Kw_months?.[0] ?? c.Kw_challenge?.[0] ?? c.Kw_split?.[0];
    if (!isReal(kwTok) || n.recoveredNode) {
      this.ok = false;
      return;
    }
    const key = kwTok.image as keyof NonNullable<M.TargetDecl["lineComments"]>;
    const trivia: M.Trivia = {};
    this.trivia.leading(trivia, kwTok.startOffset);
    if (!this.once(seen, key, kwTok)) return;
    this.spans.set(`${this.path}/${key}`, nodeSpan(n));
    switch (key) {
      case "base": {
        const value = this.number(c.signedNumber?.[0], "/base/value");
        if (value === undefined) return;
        const base: M.TargetBase = { value };
        const pers = c.per ?? [];
        pers.forEach((t, i) => this.spans.set(`${this.path}/base/per${i}`, tokenSpan(t)));
        if (pers.length > 2 || pers.some((t) => !isReal(t))) {
          const t = pers[2] ?? pers[0]!;
          this.diagnostics.push(makeDiagnostic("syntax-unexpected-token", { expected: "at most `per KIND per PERIOD`", found: `\`${t.image}\`` }, tokenSpan(t)));
          this.ok = false;
          return;
        }
        const last = pers[pers.length - 1]?.image;
        if (pers.length === 2) {
          base.perEntity = pers[0]!.image;
          this.spans.set(`${this.path}/base/perEntity`, tokenSpan(pers[0]!));
        }
        if (last !== undefined) {
          if ((GRAINS as readonly string[]).includes(last)) {
            base.per = last as M.Grain;
            this.spans.set(`${this.path}/base/per`, tokenSpan(pers[pers.length - 1]!));
          } else if (pers.length === 1) {
            base.perEntity = last;
            this.spans.set(`${this.path}/base/perEntity`, tokenSpan(pers[0]!));
          } else {
            this.spans.set(`${this.path}/base/per`, tokenSpan(pers[1]!));
            this.oneOf(last, GRAINS, "period", "/base/per");
            return;
          }
        }
        d.base = base;
        break;
      }
      case "quarters":
      case "months": {
        const weights = (c.weights ?? []).map((w, i) => this.number(w, `/${key}/${i}`));
        if (weights.some((w) => w === undefined)) return;
        d[key] = weights as string[];
        break;
      }
      case "challenge": {
        const v = this.number(c.signedNumber?.[0], "/challenge");
        if (v === undefined) return;
        d.challenge = v;
        break;
      }
      case "split": {
        const kind = this.oneOf(this.word(c.splitKind, "/split/by"), SPLITS, "split", "/split/by");
        if (!kind) return;
        const split: M.TargetSplit = { by: kind };
        if (kind === "attr") {
          const attr = c.attr ? this.word(c.attr, "/split/attr") : undefined;
          if (attr === undefined) {
            this.diagnostics.push(makeDiagnostic("syntax-unexpected-token", { expected: "the attribute's name after `split by attr`", found: "the end of the line" }, tokenSpan(c.splitKind![0]!)));
            this.ok = false;
            return;
          }
          split.attr = attr;
        }
        d.split = split;
        break;
      }
    }
    this.close(trivia, nodeSpan(n).end);
    if (trivia.comments || trivia.trailingComment) d.lineComments = { ...d.lineComments, [key]: trivia };
  }

  private scorecard(n: C.ScorecardDeclCstNode, start: number): M.ScorecardDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const d: M.ScorecardDecl = this.withLabel({ kind: "scorecard", name, items: [] }, this.label(c.label));
    this.trivia.leading(d, start);
    const declPath = this.path;
    this.inBlock(c.RBrace, () => {
      for (const it of c.scorecardItem ?? []) {
        this.path = `${declPath}/items/${d.items.length}`;
        const metric = this.qualified(it.children.metric?.[0], "/metric");
        const weight = this.number(it.children.weight?.[0], "/weight");
        if (metric === undefined || weight === undefined || it.recoveredNode) {
          this.ok = false;
          continue;
        }
        const item: M.ScorecardItem = { metric, weight };
        this.trivia.leading(item, nodeSpan(it).start);
        if (it.children.Kw_cap) {
          const cap = this.number(it.children.cap?.[0], "/cap");
          if (cap !== undefined) item.cap = cap;
        }
        this.spans.set(this.path, nodeSpan(it));
        d.items.push(this.close(item, nodeSpan(it).end));
      }
    });
    this.path = declPath;
    this.blockEnd(d, c.RBrace);
    return this.close(d, nodeSpan(n).end);
  }

  private incentive(n: C.IncentiveDeclCstNode, start: number): M.IncentiveDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const d: M.IncentiveDecl = this.withLabel({ kind: "incentive", name }, this.label(c.label));
    this.trivia.leading(d, start);
    if (c.Kw_for) {
      const f = this.word(c.for, "/for");
      if (f !== undefined) d.for = f;
    }
    if (c.Equals) {
      const f = this.expr(c.formula?.[0], "/formula");
      if (f !== undefined) d.formula = f;
    } else {
      const seen = new Set<string>();
      this.inBlock(c.RBrace, () => {
        for (const line of c.incentiveLine ?? []) this.incentiveLine(line, d, seen);
      });
      this.blockEnd(d, c.RBrace);
    }
    return this.close(d, nodeSpan(n).end);
  }

  private incentiveLine(n: C.IncentiveLineCstNode, d: M.IncentiveDecl, seen: Set<string>): void {
    const c = n.children;
    const kwTok = c.Kw_basis?.[0] ?? c.tiers?.[0]?.children.Kw_tiers?.[0] ?? c.Kw_gate?.[0] ?? c.Kw_cap?.[0] ?? c.Kw_floor?.[0];
    if (!isReal(kwTok) || n.recoveredNode) {
      this.ok = false;
      return;
    }
    const key = kwTok.image as keyof NonNullable<M.IncentiveDecl["lineComments"]>;
    const trivia: M.Trivia = {};
    this.trivia.leading(trivia, kwTok.startOffset);
    if (!this.once(seen, key, kwTok)) return;
    this.spans.set(`${this.path}/${key}`, nodeSpan(n));
    switch (key) {
      case "basis":
      case "gate": {
        const e = this.expr(c[key]?.[0], `/${key}`);
        if (e !== undefined) d[key] = e;
        break;
      }
      case "cap":
      case "floor": {
        const v = this.number(c[key]?.[0], `/${key}`);
        if (v !== undefined) d[key] = v;
        break;
      }
      case "tiers": {
        const t = this.tiers(c.tiers![0]!);
        if (t) d.tiers = t;
        break;
      }
    }
    this.close(trivia, nodeSpan(n).end);
    if (trivia.comments || trivia.trailingComment) d.lineComments = { ...d.lineComments, [key]: trivia };
  }

  private tiers(n: C.TiersCstNode): M.Tiers | undefined {
    const c = n.children;
    const mode = this.oneOf(this.word(c.mode, "/tiers/mode"), TIER_MODES, "tier mode", "/tiers/mode");
    const t: M.Tiers = { mode: mode ?? "retroactive", steps: [] };
    if (c.Kw_on) {
      const on = this.expr(c.on?.[0], "/tiers/on");
      if (on !== undefined) t.on = on;
    }
    const declPath = this.path;
    this.inBlock(c.RBrace, () => {
      for (const s of c.tierStep ?? []) {
        this.path = `${declPath}/tiers/steps/${t.steps.length}`;
        const step = this.tierStep(s);
        if (step) {
          this.spans.set(this.path, nodeSpan(s));
          t.steps.push(step);
        } else this.ok = false;
      }
    });
    this.path = declPath;
    this.blockEnd(t, c.RBrace);
    return mode ? t : undefined;
  }

  private tierStep(n: C.TierStepCstNode): M.TierStep | undefined {
    const c = n.children;
    if (n.recoveredNode) return undefined;
    const from = this.number(c.from?.[0], "/from");
    if (from === undefined) return undefined;
    const step: M.TierStep = { from };
    this.trivia.leading(step, nodeSpan(n).start);
    if (c.Kw_rate) {
      const r = this.number(c.rate?.[0], "/rate");
      if (r === undefined) return undefined;
      step.rate = r;
    } else {
      const p = this.number(c.pay?.[0], "/pay");
      if (p === undefined) return undefined;
      step.pay = p;
    }
    return this.close(step, nodeSpan(n).end);
  }

  private alert(n: C.AlertDeclCstNode, start: number): M.AlertDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const label = this.label(c.label);
    const severity = this.oneOf(this.word(c.severity, "/severity"), SEVERITIES, "severity", "/severity");
    const when = this.expr(c.when?.[0], "/when");
    const d: M.AlertDecl = this.withLabel({ kind: "alert", name, severity: severity ?? "warning", when: when ?? "null" }, label);
    if (!severity || when === undefined) this.ok = false;
    this.trivia.leading(d, start);
    const msg = c.message?.[0];
    if (c.Kw_message && isReal(msg)) {
      const s = this.exprBuilder.string(msg);
      if (s.node === "string") d.message = s.value;
      this.spans.set(`${this.path}/message`, tokenSpan(msg));
    }
    return this.close(d, nodeSpan(n).end);
  }

  private funnel(n: C.FunnelDeclCstNode, start: number): M.FunnelDecl | undefined {
    const c = n.children;
    const name = this.word(c.name, "/name");
    if (name === undefined) return undefined;
    const d: M.FunnelDecl = this.withLabel({ kind: "funnel", name, steps: [] }, this.label(c.label));
    this.trivia.leading(d, start);
    const declPath = this.path;
    this.inBlock(c.RBrace, () => {
      for (const s of c.funnelStep ?? []) {
        this.path = `${declPath}/steps/${d.steps.length}`;
        const stepName = this.word(s.children.name, "/name");
        const label = this.label(s.children.label);
        const formula = this.expr(s.children.formula?.[0], "/formula");
        if (stepName === undefined || formula === undefined || s.recoveredNode) {
          this.ok = false;
          continue;
        }
        const step: M.FunnelStep = this.withLabel({ name: stepName, formula }, label);
        this.trivia.leading(step, nodeSpan(s).start);
        this.spans.set(this.path, nodeSpan(s));
        d.steps.push(this.close(step, nodeSpan(s).end));
      }
    });
    this.path = declPath;
    this.blockEnd(d, c.RBrace);
    return this.close(d, nodeSpan(n).end);
  }

  private drop(n: C.DropDeclCstNode, start: number): M.DropDecl | undefined {
    const c = n.children;
    const what = this.word(c.what, "/what") as M.DropDecl["what"] | undefined;
    const name = this.qualified(c.name?.[0], "/name");
    if (what === undefined || name === undefined) return undefined;
    const d: M.DropDecl = { kind: "drop", what, name };
    this.trivia.leading(d, start);
    return this.close(d, nodeSpan(n).end);
  }
}
