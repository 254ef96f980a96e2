/**
 * Builds the entity tree from entity rows (CSV lines of `entities.csv`, or the
 * JSON form's `entities` array) and checks it against the template's entity
 * kinds: ids unique and non-empty, kinds declared, each parent existing and of
 * the kind the template declares (`entity rep in team`), no cycles, valid
 * start/end dates. The root `all` (kind `all`) is always entity 0; entities
 * whose kind has no parent kind hang under it. A row with id `all` may give
 * the root its name and attributes. A kind nested in itself (`entity unit in
 * unit`) may leave the parent empty at the top; otherwise a kind with a parent
 * kind must name its parent.
 * @module
 */
import { suggest } from "../../dsl/suggest.js";
import { jsonPointer, quote, type ErrorList } from "./errors.js";
import { badDate, formatIsoDate, parseIsoDate } from "./values.js";
import { NO_DATE, type DatasetEntityKindSpec, type Entity, type EntityTree } from "./types.js";

/** The longest entity id and name (dataset.schema.json EntityId, DatasetEntity.name). */
const MAX_ENTITY_ID = 200;
const MAX_ENTITY_NAME = 500;

/**
 * The id and kind of the root entity every tree has.
 * @example
 * tree.list[0]!.id === ROOT; // true
 */
export const ROOT = "all";

/**
 * One entity as written in the dataset; empty strings are absent values.
 * @example
 * const row: EntityRow = { id: "zhang", kind: "rep", name: "张伟", parent: "east", start: "", end: "", attrs: new Map(), where: { line: 3 } };
 */
export interface EntityRow {
  id: string;
  kind: string;
  name: string;
  parent: string;
  start: string;
  end: string;
  attrs: Map<string, string>;
  where: { line?: number; index?: number; path?: readonly (string | number)[] };
}

interface Ctx {
  file: string;
  errors: ErrorList;
  columnOf?: ((field: string) => string | undefined) | undefined;
}

function report(ctx: Ctx, row: EntityRow, field: string | undefined, message: string): void {
  const { line, index, path } = row.where;
  ctx.errors.add({
    file: ctx.file,
    message,
    ...(line !== undefined ? { line } : index !== undefined ? { record: index } : {}),
    ...(field !== undefined ? { field } : {}),
    ...(field !== undefined && ctx.columnOf?.(field) !== undefined ? { column: ctx.columnOf(field)! } : {}),
    ...(path !== undefined && line === undefined ? { path: jsonPointer(field === undefined ? path : [...path, field]) } : {}),
  });
}

const whereText = (row: EntityRow): string =>
  row.where.line !== undefined ? `line ${row.where.line}` : row.where.path ? jsonPointer(row.where.path) : `record ${row.where.index}`;

const a = (kind: string): string => (/^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`);

function parseDateField(ctx: Ctx, row: EntityRow, field: "start" | "end"): number | null | undefined {
  const text = row[field];
  if (text === "") return null;
  const d = parseIsoDate(text);
  if (d !== NO_DATE) return d;
  report(ctx, row, field, badDate(text));
  return undefined;
}

/**
 * Validates entity rows into a tree; undefined (with errors added) when anything is wrong.
 * @example
 * const errors = new ErrorList();
 * const tree = buildEntityTree(rows, [{ name: "team" }, { name: "rep", parent: "team" }], "entities.csv", errors);
 * tree?.list[0]!.id; // "all"
 */
export function buildEntityTree(
  rows: readonly EntityRow[],
  kinds: readonly DatasetEntityKindSpec[],
  file: string,
  errors: ErrorList,
  columnOf?: (field: string) => string | undefined,
): EntityTree | undefined {
  const ctx: Ctx = { file, errors, columnOf };
  const before = errors.count;
  const parentKind = new Map<string, string | undefined>(kinds.map((k) => [k.name, k.parent]));
  const list: Entity[] = [{ index: 0, id: ROOT, kind: ROOT, name: ROOT, parent: -1, start: null, end: null, attrs: new Map() }];
  const byId = new Map<string, number>([[ROOT, 0]]);
  const rowOf: (EntityRow | undefined)[] = [undefined];
  let rootRow: EntityRow | undefined;

  // Pass 1: each row on its own.
  for (const row of rows) {
    if (row.id === "") { report(ctx, row, "id", "missing; every entity needs an id"); continue; }
    // The schema's limits (EntityId, EntityName): an id is also a key in results, URLs and `explain`.
    if (row.id.length > MAX_ENTITY_ID) { report(ctx, row, "id", `is ${row.id.length.toLocaleString("en-US")} characters long; the limit is ${MAX_ENTITY_ID}`); continue; }
    if (row.name.length > MAX_ENTITY_NAME) { report(ctx, row, "name", `is ${row.name.length.toLocaleString("en-US")} characters long; the limit is ${MAX_ENTITY_NAME}`); continue; }
    if (row.id === ROOT || row.kind === ROOT) {
      if (row.id !== ROOT || row.kind !== ROOT) {
        report(ctx, row, row.id === ROOT ? "kind" : "id", `the id "all" and the kind all are reserved for the root entity`);
      } else if (rootRow) report(ctx, row, "id", `duplicate id "all" (first at ${whereText(rootRow)})`);
      else if (row.parent !== "") report(ctx, row, "parent", "the root entity all has no parent");
      else {
        rootRow = row;
        list[0] = { ...list[0]!, name: row.name || ROOT, attrs: row.attrs };
      }
      continue;
    }
    if (!parentKind.has(row.kind)) {
      const declared = [...parentKind.keys()];
      const hint = suggest(row.kind, declared);
      report(ctx, row, "kind", `unknown entity kind ${quote(row.kind)}${hint ? `; did you mean ${hint}?` : ""} (the template declares ${declared.join(", ")})`);
      continue;
    }
    const start = parseDateField(ctx, row, "start");
    const end = parseDateField(ctx, row, "end");
    if (start === undefined || end === undefined) continue;
    if (start !== null && end !== null && end < start) {
      report(ctx, row, "end", `the entity ends (${formatIsoDate(end)}) before it starts (${formatIsoDate(start)})`);
      continue;
    }
    const first = byId.get(row.id);
    if (first !== undefined) {
      report(ctx, row, "id", `duplicate id ${quote(row.id)} (first at ${whereText(rowOf[first]!)})`);
      continue;
    }
    byId.set(row.id, list.length);
    rowOf.push(row);
    list.push({ index: list.length, id: row.id, kind: row.kind, name: row.name || row.id, parent: 0, start, end, attrs: row.attrs });
  }

  // Pass 2: parents, now that every id is known.
  for (let i = 1; i < list.length; i++) {
    const e = list[i]!;
    const row = rowOf[i]!;
    const want = parentKind.get(e.kind);
    if (row.parent === "" || row.parent === ROOT) {
      if (want !== undefined && want !== e.kind) {
        report(ctx, row, "parent", row.parent === "" ? `missing; ${a(e.kind)} belongs to ${a(want)}` : `${a(e.kind)} belongs to ${a(want)}, not to the root all`);
      }
      continue;
    }
    const p = byId.get(row.parent);
    if (p === undefined) {
      const hint = suggest(row.parent, byId.keys());
      report(ctx, row, "parent", `no entity has the id ${quote(row.parent)}${hint ? `; did you mean ${hint}?` : ""}`);
    } else if (want === undefined) {
      report(ctx, row, "parent", `${a(e.kind)} has no parent kind in the template; leave parent empty (or write all)`);
    } else if (list[p]!.kind !== want) {
      report(ctx, row, "parent", `${quote(row.parent)} is ${a(list[p]!.kind)}; the parent of ${a(e.kind)} must be ${a(want)}`);
    } else e.parent = p;
  }
  if (errors.count === before) reportCycles(ctx, list, rowOf);
  if (errors.count !== before) return undefined;
  const starts = Float64Array.from(list, (e) => e.start ?? NaN);
  const ends = Float64Array.from(list, (e) => e.end ?? NaN);
  return { list, byId, order: preOrder(list), starts, ends, parents: Int32Array.from(list, (e) => e.parent) };
}

/** Reports each cycle of parents once, at the first of its entities in file order. */
function reportCycles(ctx: Ctx, list: readonly Entity[], rowOf: readonly (EntityRow | undefined)[]): void {
  // 0 = unvisited, 1 = on the current walk, 2 = known to reach the root.
  const state = new Uint8Array(list.length);
  state[0] = 2;
  for (let i = 1; i < list.length; i++) {
    const walk: number[] = [];
    let j = i;
    while (state[j] === 0) {
      state[j] = 1;
      walk.push(j);
      j = list[j]!.parent;
    }
    if (state[j] === 1) {
      const cycle = walk.slice(walk.indexOf(j));
      const first = Math.min(...cycle);
      const from = cycle.indexOf(first);
      const ids = [...cycle.slice(from), ...cycle.slice(0, from), first].map((k) => list[k]!.id);
      report(ctx, rowOf[first]!, "parent", `cycle of parents: ${ids.join(" → ")}`);
    }
    for (const k of walk) state[k] = 2;
  }
}

function preOrder(list: readonly Entity[]): Int32Array {
  const children: number[][] = list.map(() => []);
  for (let i = 1; i < list.length; i++) children[list[i]!.parent]!.push(i);
  const order = new Int32Array(list.length);
  let n = 0;
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    order[n++] = i;
    const c = children[i]!;
    for (let k = c.length - 1; k >= 0; k--) stack.push(c[k]!);
  }
  return order;
}
