/**
 * The first check phase: duplicates within each file, then `extends` and
 * `drop`. A template that extends a base inherits every declaration of the
 * (recursively merged) base; its own declaration of the same kind and name
 * replaces the inherited one in place (targets are keyed by metric, drops by
 * what + name); `drop KIND name` removes an inherited one. Header settings
 * merge key by key, the child winning. Bases are asked for through
 * `loadBase` and parsed here; their syntax errors come back with `file` set.
 * @module
 */
import type { Diagnostic } from "../../dsl/diagnostics.js";
import { suggest } from "../../dsl/suggest.js";
import type { Declaration, Header, Settings } from "../../schemas/generated/template.js";
import type { CheckOptions } from "./api.js";
import { firstAt, reportAt, type DeclRef, type Reporter, type Unit } from "./context.js";
import { sourceUnit } from "./units.js";

export interface Merged {
  decls: DeclRef[];
  header?: Header;
  settings: Settings;
  /** Syntax diagnostics of base files. */
  baseDiagnostics: Diagnostic[];
  /** The base files that were loaded, nearest first. */
  bases: Unit[];
  /** False when a base is missing or the bases extend each other in a cycle. */
  complete: boolean;
}

/**
 * The key under which a declaration replaces an inherited one.
 * @example
 * declKey({ kind: "target", metric: "nps" }); // "target nps"
 */
export function declKey(d: Declaration): string {
  switch (d.kind) {
    case "target":
      return `target ${d.metric}`;
    case "drop":
      return `drop ${d.what} ${d.name}`;
    default:
      return `${d.kind} ${d.name}`;
  }
}

/** What a duplicate is called in a message. */
const keyWords = (d: Declaration): [string, string] =>
  d.kind === "target" ? ["target for metric", d.metric] : d.kind === "drop" ? [`drop ${d.what}`, d.name] : [d.kind, d.name];

/**
 * Merges a unit with the bases it extends.
 * @example
 * const merged = mergeTemplate(unit, { loadBase }, reporter);
 * merged.decls.map((r) => r.decl.kind);
 */
export function mergeTemplate(unit: Unit, options: CheckOptions, rep: Reporter): Merged {
  const baseDiagnostics: Diagnostic[] = [];
  const before = rep.issues.length;
  const bases: Unit[] = [];
  const merged = mergeUnit(unit, options, rep, [], { diagnostics: baseDiagnostics, bases });
  const complete = !rep.issues.slice(before).some((i) => i.raw.code === "resolve-missing-base" || i.raw.code === "resolve-extends-cycle");
  return { ...merged, baseDiagnostics, bases, complete };
}

/** What loading bases collects on the side. */
interface Loaded {
  diagnostics: Diagnostic[];
  bases: Unit[];
}

/** The templates being merged, outermost first, to detect `extends` cycles. */
type Stack = { names: string[]; unit: Unit }[];

/** Bases deeper than this are surely a cycle through differently named files. */
const MAX_DEPTH = 32;

function mergeUnit(unit: Unit, options: CheckOptions, rep: Reporter, stack: Stack, loaded: Loaded, alias?: string): Omit<Merged, "baseDiagnostics" | "bases" | "complete"> {
  const own = ownDeclarations(unit, rep);
  const header = unit.model.header;
  const baseName = header?.extends;
  if (baseName === undefined) {
    for (const r of own) {
      if (r.decl.kind === "drop") reportAt(rep, r, "", "resolve-drop-without-extends", { what: r.decl.what, name: r.decl.name });
    }
    return { decls: own.filter((r) => r.decl.kind !== "drop"), ...(header ? { header } : {}), settings: { ...header?.settings } };
  }
  const base = loadBase(unit, baseName, options, rep, [...stack, { names: [header?.name ?? "", ...(alias === undefined ? [] : [alias])], unit }], loaded);
  if (!base) {
    // Without the base, drops cannot be checked; everything else is checked as written.
    return { decls: own.filter((r) => r.decl.kind !== "drop"), header, settings: { ...header?.settings } };
  }
  // Slots keep inherited declarations in place; a replacement takes its slot, a drop empties it.
  const slots: (DeclRef | undefined)[] = [...base.decls];
  const index = new Map(base.decls.map((r, i) => [declKey(r.decl), i]));
  for (const r of own) {
    if (r.decl.kind !== "drop") continue;
    const key = `${r.decl.what} ${r.decl.name}`;
    const at = index.get(key);
    if (at === undefined) {
      const what = r.decl.what;
      const names = base.decls.filter((x) => x.decl.kind === what && index.has(declKey(x.decl))).map((x) => keyWords(x.decl)[1]);
      reportAt(rep, r, "/name", "resolve-unknown-drop", { what, name: r.decl.name, suggestion: suggest(r.decl.name, names) });
    } else {
      slots[at] = undefined;
      index.delete(key);
    }
  }
  for (const r of own) {
    if (r.decl.kind === "drop") continue;
    const key = declKey(r.decl);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, slots.length);
      slots.push(r);
    } else slots[at] = r;
  }
  const decls = slots.filter((r): r is DeclRef => r !== undefined);
  return { decls, header, settings: { ...base.settings, ...header?.settings } };
}

/** The unit's declarations, minus later duplicates (reported). */
function ownDeclarations(unit: Unit, rep: Reporter): DeclRef[] {
  const seen = new Map<string, DeclRef>();
  const out: DeclRef[] = [];
  (unit.model.declarations ?? []).forEach((decl, i) => {
    const pointer = `/declarations/${i}`;
    const ref: DeclRef = { decl, unit, pointer, broken: unit.broken.has(pointer) };
    const key = declKey(decl);
    const first = seen.get(key);
    if (first) {
      const [what, name] = keyWords(decl);
      reportAt(rep, ref, decl.kind === "target" ? "/metric" : "/name", "resolve-duplicate", { what, name, first: firstAt(first.unit, first.pointer, unit) });
      return;
    }
    seen.set(key, ref);
    out.push(ref);
  });
  return out;
}

function loadBase(unit: Unit, name: string, options: CheckOptions, rep: Reporter, stack: Stack, loaded: Loaded) {
  const found0 = stack.findIndex((s) => s.names.includes(name));
  if (found0 >= 0 || stack.length > MAX_DEPTH) {
    // Reported where the cycle starts, which is the checked file whenever it takes part.
    const start = Math.max(found0, 0);
    const cycle = [...stack.slice(start).map((s) => s.names[0]), name].join(" → ");
    rep.report("resolve-extends-cycle", { cycle }, { unit: stack[start]!.unit, pointer: "/header/extends" });
    return undefined;
  }
  const from = unit.file ?? options.file;
  const found = options.loadBase?.(name, from);
  if (!found) {
    rep.report("resolve-missing-base", { name }, { unit, pointer: "/header/extends" });
    return undefined;
  }
  const built = sourceUnit(found.text, found.file);
  loaded.diagnostics.push(...built.diagnostics);
  loaded.bases.push(built.unit);
  return mergeUnit(built.unit, options, rep, stack, loaded, name);
}
