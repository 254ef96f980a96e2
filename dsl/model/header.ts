/**
 * CST → model for header and settings: `template NAME "label"? (extends BASE)? { settings }`, each setting validated with a suggestion.
 * @module
 */
import { makeDiagnostic } from "../diagnostics.js";
import { isReal, nodeSpan, tokenSpan } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import { decodeString } from "../strings.js";
import { suggest } from "../suggest.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";
import { GRAINS, MONTHS, ROUNDINGS, SETTINGS } from "./vocabulary.js";

export function buildHeader(cx: BuildContext, n: C.TemplateHeaderCstNode, start: number): M.Header | undefined {
  const c = n.children;
  cx.ok = true;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const h: M.Header = cx.withLabel({ name }, cx.label(c.label));
  cx.trivia.leading(h, start);
  cx.spans.set("/header", nodeSpan(n));
  const base = c.base ? cx.word(c.base, "/extends") : undefined;
  if (base !== undefined) h.extends = base;
  if (c.LBrace) {
    const settings: M.Settings = {};
    const seen = new Set<string>();
    cx.inBlock(c.RBrace, () => {
      for (const s of c.setting ?? []) buildSetting(cx, s, settings, seen);
    });
    if (Object.keys(settings).length) h.settings = settings;
    cx.blockEnd(h, c.RBrace);
  }
  return cx.close(h, nodeSpan(n).end);
}

export function buildSetting(cx: BuildContext, n: C.SettingCstNode, settings: M.Settings, seen: Set<string>): void {
  const keyTok = n.children.key?.[0];
  const valTok = n.children.value?.[0];
  if (!isReal(keyTok) || !isReal(valTok)) return;
  const key = keyTok.image;
  if (!(SETTINGS as readonly string[]).includes(key)) {
    cx.diagnostics.push(
      makeDiagnostic("syntax-unknown-setting", { setting: key, suggestion: suggest(key, SETTINGS), allowed: SETTINGS.join(", ") }, tokenSpan(keyTok)),
    );
    return;
  }
  if (!cx.once(seen, key, keyTok)) return;
  const raw = valTok.tokenType.name === "StringLiteral" ? (decodeString(valTok.image) as { value?: string }).value ?? "" : valTok.image;
  cx.spans.set(`/header/settings/${key}`, tokenSpan(valTok));
  const bad = (allowed: readonly string[]) =>
    cx.diagnostics.push(
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
