/**
 * Visual edits as pure functions on the model. A declaration is known by its
 * kind and name (a target by its metric). Editing an inherited declaration
 * (one only in the merged model) adds a copy of it to this template, which
 * overrides the base's: the language's rule for a declaration of the same
 * kind and name.
 * @module
 */
import type { Declaration, Header, Template } from "../../schemas/generated/template.js";

/**
 * The key of a declaration: `metric:new_amount`, `target:new_amount`.
 * @example
 * declKey({ kind: "target", metric: "nps" }); // "target:nps"
 */
export function declKey(d: Declaration): string {
  return `${d.kind}:${d.kind === "target" ? d.metric : d.name}`;
}

/** A declaration as a tab shows it: inherited or this template's own. */
export interface ShownDecl<D extends Declaration = Declaration> {
  decl: D;
  inherited: boolean;
}

/**
 * The declarations of one kind the tabs show: the merged model's (inherited
 * included, in its order), each with this template's own version when it
 * has one (the own text is what gets edited, even before the checker has
 * caught up with it).
 * @example
 * shownDecls(own, merged, "metric").map((s) => s.decl.name);
 */
export function shownDecls<K extends Declaration["kind"]>(own: Template, merged: Template, kind: K): ShownDecl<Extract<Declaration, { kind: K }>>[] {
  type D = Extract<Declaration, { kind: K }>;
  const mine = new Map<string, D>();
  for (const d of own.declarations) if (d.kind === kind) mine.set(declKey(d), d as D);
  const out: ShownDecl<D>[] = [];
  const seen = new Set<string>();
  for (const d of merged.declarations) {
    if (d.kind !== kind) continue;
    const k = declKey(d);
    seen.add(k);
    const m = mine.get(k);
    out.push(m ? { decl: m, inherited: false } : { decl: d as D, inherited: true });
  }
  // Own declarations the merged model lacks yet (just added; the check is still running).
  for (const [k, d] of mine) if (!seen.has(k)) out.push({ decl: d, inherited: false });
  return out;
}

/**
 * Replaces this template's declaration with the same key, or adds it (an override of an inherited one).
 * @example
 * putDecl(model, { kind: "alert", name: "slow", severity: "info", when: "pace(x) < 80%" });
 */
export function putDecl(model: Template, decl: Declaration): Template {
  const k = declKey(decl);
  const i = model.declarations.findIndex((d) => declKey(d) === k);
  const declarations = [...model.declarations];
  if (i >= 0) declarations[i] = decl;
  else declarations.push(decl);
  return { ...model, declarations };
}

/**
 * Removes a declaration: this template's own is deleted (where a base has one
 * of the same key, that one shows again); an inherited one gets a `drop`,
 * the language's way to leave out what a base declares.
 * @example
 * removeDecl(model, { kind: "metric", name: "nps", formula: "…" }, true); // adds `drop metric nps`
 */
export function removeDecl(model: Template, decl: Declaration, inherited: boolean): Template {
  if (decl.kind === "drop") return model;
  if (inherited) return { ...model, declarations: [...model.declarations, { kind: "drop", what: decl.kind, name: decl.kind === "target" ? decl.metric : decl.name }] };
  const k = declKey(decl);
  return { ...model, declarations: model.declarations.filter((d) => declKey(d) !== k) };
}

/**
 * Replaces the header.
 * @example
 * putHeader(model, { ...model.header!, label: "SaaS" });
 */
export function putHeader(model: Template, header: Header): Template {
  return { ...model, header };
}

/** The words a name cannot be (schemas/template.schema.json's Name). */
const RESERVED = new Set(["template", "extends", "entity", "source", "metric", "target", "scorecard", "incentive", "alert", "funnel", "drop", "input", "where", "and", "or", "not", "in", "is", "null", "true", "false"]);

/**
 * A name as the language writes it (schemas/template.schema.json's Name): a
 * letter or `_`, then letters, digits, marks and `_`; at most 200 characters;
 * not a reserved word.
 * @example
 * isName("新签_amount"); // true
 * isName("2nd"); // false
 * isName("where"); // false
 */
export function isName(text: string): boolean {
  return text.length <= 200 && /^[\p{L}_][\p{L}\p{N}\p{M}_]*$/u.test(text) && !RESERVED.has(text);
}

/**
 * A number as the language writes it: `5%`, `1_000`, `0.5`.
 * @example
 * isNumberLiteral("12.5%"); // true
 * isNumberLiteral("1e3"); // false
 */
export function isNumberLiteral(text: string): boolean {
  return /^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?%?$/.test(text);
}

/**
 * A number literal's value (`80%` → 0.8); NaN when it is not one.
 * @example
 * literalValue("1_200_000"); // 1200000
 */
export function literalValue(text: string): number {
  if (!isNumberLiteral(text)) return Number.NaN;
  const pct = text.endsWith("%");
  const n = Number(text.replace(/[_%]/g, ""));
  return pct ? n / 100 : n;
}

/**
 * A copy of `obj` with `key` set to `value`, or without `key` when `value` is empty
 * (the model never holds `undefined` or empty optional strings).
 * @example
 * withOptional({ name: "a", label: "A" }, "label", ""); // { name: "a" }
 */
export function withOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | "" | undefined): T {
  const copy = { ...obj };
  if (value === "" || value === undefined) delete copy[key];
  else copy[key] = value as T[K];
  return copy;
}
