import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDataError, loadDataset, loadDatasetJson, type Dataset, type LoadResult } from "../../../engine/dataset/index.js";
import { FIXTURES, loadFixture, SPEC } from "./helpers.js";

/** The good fixture folder, in the JSON form. */
const GOOD = {
  $schema: "../../schemas/dataset.schema.json",
  entities: [
    { id: "east", kind: "team", name: "华东", attrs: { region: "e" } },
    { id: "west", kind: "team", name: "West", parent: "all", attrs: { region: "w" } },
    { id: "zhang", kind: "rep", name: "张伟", parent: "east", start: "2025-01-01" },
    { id: "li", kind: "rep", name: "Li, Na", parent: "east", start: null, end: "2026-06-30" },
    { id: "__proto__", kind: "rep", name: "Proto", parent: "west" },
    { id: "all", kind: "all", name: "Company", attrs: { region: "hq" } },
  ],
  records: {
    deals: [
      { closed_on: "2026-03-02", rep: "zhang", amount: "1200.50", status: "won", customer: "acme", days_to_close: 12, quoted: true, discount: "5%" },
      { closed_on: "2026-03-15", rep: "li", amount: "1,000", status: "lost", customer: 'Beta "B"\nCo', days_to_close: null, quoted: false, discount: 0.1 },
      { closed_on: "2026-03-31", rep: "__proto__", amount: "0.05", status: "open", customer: "constructor", days_to_close: "3" },
      { closed_on: "2026-04-01", rep: "zhang", amount: "-20", status: "won", customer: "acme", quoted: "1", discount: "" },
    ],
    visits: [
      { rep: "zhang", visited_on: "2026-03-01" },
      { rep: "li", visited_on: "2026-03-02" },
      { rep: "zhang", visited_on: "2026-03-05" },
    ],
    leads: [{ anything: "ignored: the template declares no such source" }],
  },
  inputs: [
    { entity: "zhang", metric: "satisfaction", period: "2026-03", value: 4.5 },
    { entity: "east", metric: "satisfaction", period: "2026-Q1", value: null },
  ],
  targets: [
    { entity: "zhang", metric: "new_amount", period: "2026", base: "1,200,000", challenge: "1440000.00" },
    { entity: "all", metric: "renewal_rate", period: "2026-03", base: "85%" },
  ],
};

const load = (doc: unknown): LoadResult => loadDatasetJson(typeof doc === "string" ? doc : JSON.stringify(doc), SPEC, "data.json");
const errorsOf = (doc: unknown): string[] => {
  const r = load(doc);
  return r.ok ? [] : r.errors.map(formatDataError);
};
const withRecords = (patch: Record<string, unknown[]>): unknown => ({ ...GOOD, records: { ...GOOD.records, ...patch } });

/** A dataset without where each value came from, to compare the two forms. */
function plain(d: Dataset): unknown {
  const sources = [...d.sources].map(([name, s]) => [
    name,
    s.length,
    Array.from(s.by),
    Array.from(s.at),
    [...s.fields].map(([f, c]) => [f, c.type, "dict" in c ? c.dict : null, Array.from("codes" in c ? c.codes : c.values)]),
  ]);
  return {
    entities: d.entities.list.map((e) => ({ ...e, attrs: [...e.attrs] })),
    order: Array.from(d.entities.order),
    sources,
    inputs: d.inputs.map(({ origin: _o, ...rest }) => rest),
    targets: d.targets.map(({ origin: _o, ...rest }) => rest),
  };
}

describe("loadDatasetJson", () => {
  it("loads the same dataset as the folder form", async () => {
    const json = load(GOOD);
    const folder = await loadFixture("good");
    if (!json.ok || !folder.ok) throw new Error("both forms should load");
    expect(plain(json.dataset)).toEqual(plain(folder.dataset));
    expect(Array.from(json.dataset.sources.get("deals")!.origin)).toEqual([0, 1, 2, 3]);
  });

  it("requires money as decimal strings, naming the JSON path", () => {
    expect(errorsOf(withRecords({ deals: [{ ...GOOD.records.deals[0], amount: 1200.5 }, { ...GOOD.records.deals[0], amount: "12.345" }] }))).toEqual([
      'data.json: /records/deals/0/amount: money must be a decimal string such as "12.50", not the JSON number 1200.5: JSON numbers are read as binary floating point',
      'data.json: /records/deals/1/amount: "12.345" has 3 decimals; the currency allows 2',
    ]);
    expect(errorsOf({ ...GOOD, targets: [{ entity: "zhang", metric: "new_amount", period: "2026", base: 1200000 }] })).toEqual([
      'data.json: /targets/0/base: money must be a decimal string such as "12.50", not the JSON number 1200000: JSON numbers are read as binary floating point',
    ]);
  });

  it("checks records against the template", () => {
    expect(errorsOf(withRecords({ visits: [{ rep: "east", visited_on: "2026-03-01", visted: "x" }, { visited_on: "2026-02-30" }] }))).toEqual([
      'data.json: /records/visits/0/rep: "east" is a team, not a rep',
      'data.json: /records/visits/0/visted: unknown field "visted"; the fields of visits are rep, visited_on',
      'data.json: /records/visits/1/visited_on: "2026-02-30" is not a valid date; write dates as YYYY-MM-DD',
      "data.json: /records/visits/1/rep: missing; every visits record needs the id of the rep it is credited to",
    ]);
    expect(errorsOf(withRecords({ deals: [{ ...GOOD.records.deals[0], status: "wonn" }] }))).toEqual([
      'data.json: /records/deals/0/status: "wonn" is not one of "open", "won", "lost"',
    ]);
    expect(errorsOf(withRecords({ deals: [{ ...GOOD.records.deals[0], customer: ["a"] }] }))).toEqual([
      "data.json: /records/deals/0/customer: must be a string, a number, a boolean or null",
    ]);
    const { visits: _v, ...noVisits } = GOOD.records;
    expect(errorsOf({ ...GOOD, records: noVisits })).toEqual(["data.json: /records: no records for source visits; give an empty array when it has none"]);
  });

  it("checks the entity tree", () => {
    expect(errorsOf({ ...GOOD, entities: [...GOOD.entities, { id: "zhang", kind: "rep", parent: "east" }, { id: "wu", kind: "rep", parent: "zhang" }] })).toEqual([
      'data.json: /entities/6/id: duplicate id "zhang" (first at /entities/2)',
      'data.json: /entities/7/parent: "zhang" is a rep; the parent of a rep must be a team',
    ]);
  });

  it("reports schema errors as JSON pointers", () => {
    const doc = { ...GOOD, entities: [{ id: "east" }, { id: "li", kind: "rep", parent: "east", start: "2026-1-1" }], record: {} };
    expect(errorsOf(doc)).toEqual([
      'data.json: /: unknown property "record"',
      'data.json: /entities/0: missing property "kind"',
      "data.json: /entities/1/start: must be a date written YYYY-MM-DD, or null",
    ]);
    expect(errorsOf({ ...GOOD, inputs: [{ entity: "zhang", metric: "satisfaction", period: "2026-13", value: true }] })).toEqual([
      "data.json: /inputs/0/period: must be a period: 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15",
      "data.json: /inputs/0/value: must be a string, a number or null",
    ]);
  });

  it("reports JSON syntax errors with their line and column", () => {
    expect(errorsOf('{\n  "entities": [],\n  "records": {,}\n}')).toEqual([
      "data.json:3: not valid JSON: Expected property name or '}' at column 15",
    ]);
    expect(errorsOf("\uFEFF" + JSON.stringify(GOOD))).toEqual([]);
  });

  it("loadDataset takes a JSON file or a folder", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "kpi-json-")), "data.json");
    writeFileSync(file, JSON.stringify(GOOD));
    const [fromFile, fromDir] = await Promise.all([loadDataset(file, SPEC), loadDataset(join(FIXTURES, "good"), SPEC)]);
    if (!fromFile.ok || !fromDir.ok) throw new Error("both should load");
    expect(plain(fromFile.dataset)).toEqual(plain(fromDir.dataset));
    expect(await loadDataset(file + ".missing", SPEC)).toEqual({ ok: false, errors: [{ file: file + ".missing", message: "no such file or folder" }], total: 1 });
  });
});
