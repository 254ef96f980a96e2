/**
 * CST → model for entity kinds, sources and their typed fields.
 * @module
 */
import { isReal, nodeSpan, nodeStart } from "../expr-builder.js";
import type * as C from "../generated/cst.js";
import type * as M from "../../schemas/generated/template.js";
import type { BuildContext } from "./context.js";

export function buildEntity(cx: BuildContext, n: C.EntityDeclCstNode, start: number): M.EntityDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const d: M.EntityDecl = cx.withLabel({ kind: "entity", name }, cx.label(c.label));
  cx.trivia.leading(d, start);
  if (c.Kw_in) {
    const parent = cx.word(c.parent, "/parent");
    if (parent !== undefined) d.parent = parent;
  }
  return cx.close(d, nodeSpan(n).end);
}

export function buildSource(cx: BuildContext, n: C.SourceDeclCstNode, start: number): M.SourceDecl | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined) return undefined;
  const label = cx.label(c.label);
  // A source missing `by` or `at` stays in the model (marked broken) so references to it
  // raise no follow-on errors; `_` keeps the model schema-valid.
  const by = cx.word(c.by, "/by") ?? "_";
  const at = cx.word(c.at, "/at") ?? "_";
  const d: M.SourceDecl = cx.withLabel({ kind: "source", name, by, at, fields: [] }, label);
  cx.trivia.leading(d, start);
  const declPath = cx.path;
  cx.inBlock(c.RBrace, () => {
    for (const f of c.field ?? []) {
      cx.path = `${declPath}/fields/${d.fields.length}`;
      const field = buildField(cx, f);
      if (field) {
        cx.spans.set(cx.path, nodeSpan(f));
        d.fields.push(field);
      }
    }
  });
  cx.path = declPath;
  cx.blockEnd(d, c.RBrace);
  return cx.close(d, nodeSpan(n).end);
}

export function buildField(cx: BuildContext, n: C.FieldCstNode): M.Field | undefined {
  const c = n.children;
  const name = cx.word(c.name, "/name");
  if (name === undefined || n.recoveredNode) return undefined;
  const label = cx.label(c.label);
  const type = buildTypeRef(cx, c.typeRef?.[0]);
  if (!type) {
    cx.ok = false;
    return undefined;
  }
  const f: M.Field = cx.withLabel({ name, ...type }, label);
  cx.trivia.leading(f, nodeStart(n));
  return cx.close(f, nodeSpan(n).end);
}

export function buildTypeRef(cx: BuildContext, n: C.TypeRefCstNode | undefined): { type: string; values?: string[] } | undefined {
  if (!n || n.recoveredNode) return undefined;
  const c = n.children;
  if (c.typeName) {
    const t = cx.word(c.typeName, "/type");
    return t === undefined ? undefined : { type: t };
  }
  const values: string[] = [];
  for (const tok of c.enumValue ?? []) {
    if (!isReal(tok)) return undefined;
    const s = cx.exprBuilder.string(tok);
    if (s.node === "string") values.push(s.value);
  }
  cx.spans.set(`${cx.path}/type`, nodeSpan(n));
  return values.length ? { type: "enum", values } : undefined;
}
