/**
 * What the source editor offers to complete, from the same names the checker
 * resolves: the language's functions (engine/check/functions.ts), the
 * template's metrics, sources, entity kinds, a source's fields after
 * `source.`, and a field's enum values inside a string after `field ==`.
 * @module
 */
import { FUNCTION_NAMES } from "../../engine/check/functions.js";
import type { Template } from "../../schemas/generated/template.js";

/** One offer. */
export interface Offer {
  label: string;
  type: "function" | "variable" | "class" | "property" | "enum" | "keyword";
  detail?: string;
}

/** What to complete at the cursor: the offers and where the word being completed starts. */
export interface Completion {
  from: number;
  offers: Offer[];
}

const WORD = /[\p{L}\p{N}_]*$/u;

/**
 * The offers at `pos` in `text`, given the merged model.
 * @example
 * complete("metric a = sum(deals.am", 23, model); // { from: 21, offers: [{ label: "amount", type: "property", detail: "money" }] }
 */
export function complete(text: string, pos: number, model: Template): Completion | undefined {
  const before = text.slice(Math.max(0, pos - 200), pos);
  const line = before.slice(before.lastIndexOf("\n") + 1);
  // An odd number of quotes before the cursor on this line: the cursor is inside a string.
  if ((line.match(/"/g)?.length ?? 0) % 2 === 1) {
    const inside = line.slice(line.lastIndexOf('"') + 1);
    const field = /([\p{L}_][\p{L}\p{N}_]*)\s*(?:==|!=)\s*"[^"]*$/u.exec(line)?.[1];
    if (!field) return undefined;
    const values = new Set<string>();
    for (const d of model.declarations) if (d.kind === "source") for (const f of d.fields) if (f.name === field) for (const v of f.values ?? []) values.add(v);
    return { from: pos - inside.length, offers: [...values].map((v) => ({ label: v, type: "enum" as const })) };
  }
  const word = WORD.exec(before)?.[0] ?? "";
  const from = pos - word.length;
  const dotted = /([\p{L}_][\p{L}\p{N}_]*)\.$/u.exec(before.slice(0, before.length - word.length))?.[1];
  if (dotted) {
    const src = model.declarations.find((d) => d.kind === "source" && d.name === dotted);
    if (src?.kind === "source") return { from, offers: src.fields.filter((f) => f.name.startsWith(word)).map((f) => ({ label: f.name, type: "property" as const, detail: f.type })) };
    const funnel = model.declarations.find((d) => d.kind === "funnel" && d.name === dotted);
    if (funnel?.kind === "funnel") return { from, offers: [...funnel.steps.map((s) => s.name), "conversion"].map((n) => ({ label: n, type: "variable" as const })) };
    return undefined;
  }
  if (word === "") return undefined;
  const offers: Offer[] = FUNCTION_NAMES.map((f) => ({ label: f, type: "function" as const }));
  for (const d of model.declarations) {
    if (d.kind === "metric") offers.push({ label: d.name, type: "variable", ...(d.type ? { detail: d.type } : {}) });
    else if (d.kind === "source") offers.push({ label: d.name, type: "class", detail: "source" });
    else if (d.kind === "entity") offers.push({ label: d.name, type: "class", detail: "entity" });
    else if (d.kind === "funnel") offers.push({ label: d.name, type: "class", detail: "funnel" });
  }
  // Fields are allowed bare inside a `where` of their source.
  for (const d of model.declarations) if (d.kind === "source") for (const f of d.fields) offers.push({ label: f.name, type: "property", detail: `${d.name}.${f.name}: ${f.type}` });
  const w = word.toLowerCase();
  return { from, offers: offers.filter((o) => o.label.toLowerCase().startsWith(w) && o.label !== word) };
}
