import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntityColumn, makeColumnBuilder, type ColumnBuilder } from "../../../engine/dataset/columns.js";
import { IdIndex } from "../../../engine/dataset/id-index.js";
import type { DatasetFieldSpec, EntityTree } from "../../../engine/dataset/types.js";

const ids = ["all", "east", "r1", "r12", "__proto__", "张伟", "r1 "];
const entities = { byId: new Map(ids.map((id, i) => [id, i])), list: ids.map((id, i) => ({ id, kind: i === 0 ? "all" : i === 1 ? "team" : "rep" })) } as unknown as EntityTree;
const ctx = { digits: 2, entities };
const fields: DatasetFieldSpec[] = [
  { name: "amount", type: "money" },
  { name: "n", type: "integer" },
  { name: "x", type: "number" },
  { name: "p", type: "percent" },
  { name: "status", type: "enum", values: ["won", "lost", "open"] },
  { name: "note", type: "string" },
  { name: "ok", type: "boolean" },
  { name: "on", type: "date" },
];

/** A cell as read by `setText` and by `setSlice` from the middle of a line: the same value and the same error. */
function both(make: () => ColumnBuilder, cell: string): void {
  const a = make();
  const b = make();
  a.grow(1);
  b.grow(1);
  const line = `xy,${cell},z`;
  const errA = a.setText(0, cell);
  const errB = b.setSlice(0, line, 3, 3 + cell.length);
  expect(errB).toBe(errA);
  if (errA === undefined) expect(b.finish(1)).toEqual(a.finish(1));
}

describe("a quote-free cell read from its span is read as its text is", () => {
  const cell = fc.array(fc.constantFrom(..."0123456789", ".", "-", "+", ",", "_", " ", "e", "%", "T", "true", "won", "lost", "open", "2026-03-15", "2026-02-30", "r1", "r12", "张伟", "east"), { minLength: 1, maxLength: 8 }).map((a) => a.join(""));
  it.each(fields.map((f) => [f.type, f] as const))("%s", (_type, f) => {
    fc.assert(fc.property(cell, (c) => both(() => makeColumnBuilder(f, ctx, new Set(["all", "team", "rep"])), c)), { numRuns: 3000 });
  });

  it("entity ids, of the field's kind or not, known or not", () => {
    for (const c of [...ids, "r", "r2", "r123", "__proto_", "constructor", "张", "east ", " r1"]) both(() => new EntityColumn("rep", "rep", entities), c);
  });

  it("the id index finds every id and nothing else", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `r${i}`);
    const ix = new IdIndex(many);
    for (let i = 0; i < many.length; i += 7) expect(ix.find(`,${many[i]},`, 1, 1 + many[i]!.length)).toBe(i);
    for (const s of ["r5000", "r", "x1", "r01"]) expect(ix.find(s, 0, s.length)).toBe(-1);
  });
});
