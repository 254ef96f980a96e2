import { describe, expect, it } from "vitest";
import { inDateOrder, isDateOrdered } from "../../../engine/dataset/date-order.js";
import { daysFromCivil, formatDataError, loadDatasetJson, type Column, type SourceData } from "../../../engine/dataset/index.js";
import { bucketRuns } from "../../../engine/evaluate/pass.js";
import { SPEC } from "./helpers.js";

const day = (iso: string): number => {
  const [y, m, d] = iso.split("-").map(Number);
  return daysFromCivil(y!, m!, d!);
};

const values = (c: Column | undefined): number[] => {
  if (!c) throw new Error("no such column");
  return Array.from("codes" in c ? c.codes : c.values);
};

const ENTITIES = [
  { id: "east", kind: "team", name: "East" },
  { id: "zhang", kind: "rep", name: "Zhang", parent: "east" },
  { id: "li", kind: "rep", name: "Li", parent: "east" },
];

function load(deals: object[]): SourceData {
  const r = loadDatasetJson(JSON.stringify({ entities: ENTITIES, records: { deals, visits: [] } }), SPEC, "dataset.json");
  if (!r.ok) throw new Error(r.errors.map(formatDataError).join("\n"));
  return r.dataset.sources.get("deals")!;
}

describe("date order of loaded records", () => {
  it("sorts a source's records by date, a day's records in file order, every column moving with its record", () => {
    const deals = load([
      { rep: "zhang", closed_on: "2026-03-15", amount: "1.00", status: "won", customer: "a", quoted: true },
      { rep: "li", closed_on: "2026-03-02", amount: "2.00", status: "lost", customer: "b", quoted: false },
      { rep: "zhang", closed_on: "2026-03-15", amount: "3.00", status: "open", customer: "c" },
      { rep: "li", closed_on: "2026-01-31", amount: "4.00", status: "won", customer: "a", days_to_close: 9 },
      { rep: "li", closed_on: "2026-03-02", amount: "5.00", discount: "5%" },
    ]);
    expect(Array.from(deals.at)).toEqual(["2026-01-31", "2026-03-02", "2026-03-02", "2026-03-15", "2026-03-15"].map(day));
    // origin still names each record's place in the file (JSON: its index)
    expect(Array.from(deals.origin)).toEqual([3, 1, 4, 0, 2]);
    expect(values(deals.fields.get("amount"))).toEqual([400, 200, 500, 100, 300]);
    expect(values(deals.fields.get("status"))).toEqual([1, 2, -1, 1, 0]);
    expect(values(deals.fields.get("customer"))).toEqual([0, 1, -1, 0, 2]);
    expect(values(deals.fields.get("days_to_close"))).toEqual([9, NaN, NaN, NaN, NaN]);
    expect(values(deals.fields.get("quoted"))).toEqual([2, 0, 2, 1, 2]);
    expect(values(deals.fields.get("discount"))).toEqual([NaN, NaN, 0.05, NaN, NaN]);
    expect(Array.from(deals.by)).toEqual([3, 3, 3, 2, 2]);
    // by and at stay the very arrays of their fields' columns
    expect((deals.fields.get("rep") as { values: Int32Array }).values).toBe(deals.by);
    expect((deals.fields.get("closed_on") as { values: Int32Array }).values).toBe(deals.at);
    expect(isDateOrdered(deals)).toBe(true);
  });

  it("leaves a source already in date order as it is", () => {
    const deals = load([
      { rep: "zhang", closed_on: "2026-01-01", amount: "1.00" },
      { rep: "li", closed_on: "2026-01-01", amount: "2.00" },
    ]);
    expect(inDateOrder(deals)).toBe(deals);
    expect(Array.from(deals.origin)).toEqual([0, 1]);
  });

  it("sorts dates thousands of years apart (beyond a counting sort's span) in the same stable way", () => {
    const at = Int32Array.of(day("9999-12-31"), day("0001-01-01"), day("2026-05-01"), day("0001-01-01"));
    const src: SourceData = {
      name: "s", byKind: "rep", atField: "on", length: 4, at, by: Int32Array.of(1, 2, 3, 4), origin: Int32Array.of(10, 11, 12, 13), file: "s.csv",
      fields: new Map<string, Column>([["on", { type: "date", values: at }]]),
    };
    expect(isDateOrdered(src)).toBe(false);
    const sorted = inDateOrder(src);
    expect(Array.from(sorted.origin)).toEqual([11, 13, 12, 10]);
    expect(Array.from(sorted.by)).toEqual([2, 4, 3, 1]);
    expect(values(sorted.fields.get("on"))).toEqual(Array.from(sorted.at));
    expect(isDateOrdered(sorted)).toBe(true);
  });
});

describe("bucketRuns: each bucket's records in a date-ordered source", () => {
  const at = Int32Array.of(1, 2, 2, 5, 7, 7, 9);
  const buckets = [
    { start: 1, end: 2 },
    { start: 3, end: 4 },
    { start: 5, end: 7 },
  ];

  it("gives start, end and first cell per bucket; an empty bucket has start = end", () => {
    expect(Array.from(bucketRuns(at, buckets, Infinity, 10))).toEqual([0, 3, 0, 3, 3, 10, 3, 6, 20]);
  });

  it("stops at the as-of date, inside a bucket or before it", () => {
    expect(Array.from(bucketRuns(at, buckets, 5, 10))).toEqual([0, 3, 0, 3, 3, 10, 3, 4, 20]);
    expect(Array.from(bucketRuns(at, buckets, 1, 10))).toEqual([0, 1, 0, 3, 3, 10, 3, 3, 20]);
  });
});
