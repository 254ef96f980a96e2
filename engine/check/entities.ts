/**
 * Entity kinds and sources: the names formulas aggregate over. Entity kinds
 * form a tree under the implicit root `all` (a kind without `in`, or `in
 * all`, is top level; several top-level kinds are allowed); unknown parents
 * and cycles are reported. Sources must be credited to a known kind (`by`),
 * dated by one of their date fields (`at`), and give each field a type or an
 * entity kind.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import type { EntityDecl, SourceDecl } from "../../schemas/generated/template.js";
import type { CheckedEntityKind, CheckedField, CheckedSource } from "./checked-model.js";
import { firstAt, reportAt, type DeclRef, type Reporter } from "./context.js";
import type { SourceSym } from "./scope.js";
import { describeType, FIELD_TYPES, T, type Ty } from "./types.js";

/**
 * The implicit root of every entity tree, and the parent of top-level kinds.
 * @example
 * checkEntities(decls, rep).order[0]?.parent; // "all"
 */
export const ROOT_KIND = "all";

export interface EntityTable {
  /** Every declared kind, including ones with errors (so they report no "unknown kind"). */
  kinds: Set<string>;
  /** Kinds from the top down. */
  order: CheckedEntityKind[];
  leaves: string[];
}

/**
 * Checks entity declarations and orders the kinds from the root down.
 * @example
 * checkEntities(decls, rep).order.map((k) => k.name); // ["team", "rep"]
 */
export function checkEntities(decls: readonly DeclRef[], rep: Reporter): EntityTable {
  const all = decls.filter((r): r is DeclRef<EntityDecl> => r.decl.kind === "entity");
  const refs = all.filter((r) => r.decl.name !== ROOT_KIND);
  for (const r of all) {
    if (r.decl.name === ROOT_KIND) reportAt(rep, r, "/name", "resolve-duplicate", { what: "entity", name: ROOT_KIND, first: "as the implicit root of every entity tree" });
  }
  const kinds = new Set(refs.map((r) => r.decl.name));
  const parent = new Map<string, string>();
  for (const r of refs) {
    const p = r.decl.parent;
    if (p === undefined || p === ROOT_KIND) continue;
    if (kinds.has(p)) parent.set(r.decl.name, p);
    else reportAt(rep, r, "/parent", "resolve-unknown-entity-kind", { name: p, suggestion: suggest(p, kinds) });
  }
  const inCycle = new Set<string>();
  for (const r of refs) {
    const path: string[] = [];
    let k: string | undefined = r.decl.name;
    while (k !== undefined && !path.includes(k) && !inCycle.has(k)) {
      path.push(k);
      k = parent.get(k);
    }
    if (k === undefined || inCycle.has(k)) continue;
    const cycle = path.slice(path.indexOf(k));
    cycle.forEach((c) => inCycle.add(c));
    reportAt(rep, refs.find((x) => cycle.includes(x.decl.name))!, "/parent", "resolve-entity-cycle", { cycle: [...cycle, cycle[0]].join(" → ") });
  }
  const order: CheckedEntityKind[] = [];
  const visit = (of: string) => {
    for (const r of refs) {
      const p = parent.get(r.decl.name) ?? ROOT_KIND;
      if (p !== of || inCycle.has(r.decl.name) || order.some((k) => k.name === r.decl.name)) continue;
      order.push({ name: r.decl.name, ...(r.decl.label === undefined ? {} : { label: r.decl.label }), parent: p });
      visit(r.decl.name);
    }
  };
  visit(ROOT_KIND);
  order.sort((a, b) => depth(a.name, parent) - depth(b.name, parent));
  const leaves = order.filter((k) => !order.some((c) => c.parent === k.name)).map((k) => k.name);
  return { kinds, order, leaves };
}

function depth(kind: string, parent: Map<string, string>): number {
  let d = 0;
  for (let k = parent.get(kind); k !== undefined; k = parent.get(k)) d++;
  return d;
}

/**
 * Reports a reference to an entity kind that is not declared.
 * @example
 * checkKindRef(table, rep, ref, "/for", "rep");
 */
export function checkKindRef(table: EntityTable, rep: Reporter, ref: DeclRef, sub: string, name: string): boolean {
  if (table.kinds.has(name)) return true;
  reportAt(rep, ref, sub, "resolve-unknown-entity-kind", { name, suggestion: suggest(name, table.kinds) });
  return false;
}

export interface SourceTable {
  syms: Map<string, SourceSym>;
  checked: CheckedSource[];
}

/**
 * Checks source declarations: `by`, field types and `at`.
 * @example
 * checkSources(decls, entities, rep).syms.get("deals")?.fields.get("amount"); // { k: "money" }
 */
export function checkSources(decls: readonly DeclRef[], table: EntityTable, rep: Reporter): SourceTable {
  const syms = new Map<string, SourceSym>();
  const checked: CheckedSource[] = [];
  for (const r of decls) {
    if (r.decl.kind !== "source") continue;
    const ref = r as DeclRef<SourceDecl>;
    const d = ref.decl;
    const fields = new Map<string, Ty>();
    const out: CheckedField[] = [];
    (d.fields ?? []).forEach((f, i) => {
      const sub = `/fields/${i}`;
      if (fields.has(f.name)) {
        const first = (d.fields ?? []).findIndex((g) => g.name === f.name);
        reportAt(rep, ref, `${sub}/name`, "resolve-duplicate", { what: "field", name: f.name, first: firstAt(ref.unit, `${ref.pointer}/fields/${first}`, ref.unit) });
        return;
      }
      const [ty, field] = fieldType(f.name, f.type, f.values, table, () => {
        const allowed = [...Object.keys(FIELD_TYPES), "\"a\" | \"b\"", "an entity kind"].join(", ");
        reportAt(rep, ref, `${sub}/type`, "type-unknown-type", { name: f.type, suggestion: suggest(f.type, [...Object.keys(FIELD_TYPES), ...table.kinds]), allowed });
      });
      fields.set(f.name, ty);
      if (field) out.push({ ...field, ...(f.label === undefined ? {} : { label: f.label }) });
    });
    syms.set(d.name, { name: d.name, fields });
    if (ref.broken) continue;
    if (d.by) checkKindRef(table, rep, ref, "/by", d.by);
    const at = d.at ? fields.get(d.at) : undefined;
    if (d.at && !at) reportAt(rep, ref, "/at", "resolve-unknown-field", { source: d.name, name: d.at, suggestion: suggest(d.at, fields.keys()) });
    else if (at && at.k !== "date" && at.k !== "error") reportAt(rep, ref, "/at", "type-at-not-date", { source: d.name, field: d.at, got: describeType(at) });
    checked.push({ name: d.name, ...(d.label === undefined ? {} : { label: d.label }), by: d.by, at: d.at, fields: out });
  }
  return { syms, checked };
}

/** A field's type, and its checked form; `unknown` is called for a type that is neither a type nor a kind. */
function fieldType(name: string, type: string, values: string[] | undefined, table: EntityTable, unknown: () => void): [Ty, CheckedField?] {
  if (type === "enum" && values?.length) return [{ k: "enum", values, field: name }, { name, type: "enum", values: [...values] }];
  const t = Object.hasOwn(FIELD_TYPES, type) ? FIELD_TYPES[type] : undefined;
  if (t) return [t, { name, type: t.k as CheckedField["type"] }];
  if (table.kinds.has(type)) return [{ k: "entity", kind: type }, { name, type: "entity", entityKind: type }];
  unknown();
  return [T.error];
}
