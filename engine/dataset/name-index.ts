/**
 * Finding entities by name (`"match": {"rep": "name"}`): CRM exports name a
 * record's owner by full name, not by id. Names are compared trimmed and
 * case-insensitively, among the entities of one kind; an id also matches (so a
 * file may mix both). A name two entities share is ambiguous: a located error
 * that lists their ids, never a guess. An unknown name gets a suggestion.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import { quote } from "./errors.js";
import type { EntityTree } from "./types.js";

/**
 * The entities of one kind by name.
 * @example
 * const reps = new NameIndex(tree, "rep");
 * reps.find("Zhang Wei"); // "zhang" (the id), or { error: "…" }
 */
export class NameIndex {
  private readonly ids = new Map<string, string[]>();
  private readonly names: string[] = [];

  constructor(entities: EntityTree, private readonly kind: string | undefined) {
    for (const e of entities.list) {
      if (kind !== undefined ? e.kind !== kind : e.index === 0) continue;
      const key = e.name.trim().toLowerCase();
      const list = this.ids.get(key);
      if (list) list.push(e.id);
      else {
        this.ids.set(key, [e.id]);
        this.names.push(e.name);
      }
    }
    this.byId = new Set(entities.list.filter((e) => kind === undefined || e.kind === kind).map((e) => e.id));
  }

  private readonly byId: Set<string>;

  /** The id of the entity named `text`, or an error message. */
  find(text: string): string | { error: string } {
    const list = this.ids.get(text.toLowerCase());
    if (list && list.length === 1) return list[0]!;
    if (list) return { error: `${quote(text)} is ambiguous: ${list.length} ${this.kind ?? "entitie"}s have this name (ids ${list.map((i) => JSON.stringify(i)).join(", ")}); give them distinct names in the entities file, or credit records by id` };
    if (this.byId.has(text)) return text;
    const near = suggest(text, this.names);
    return { error: `no ${this.kind ?? "entity"} is named ${quote(text)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}` };
  }
}
