import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { daysFromCivil, formatDataError, loadDatasetFolder, NO_BOOLEAN, type Column, type Dataset, type DatasetSpec } from "../../../engine/dataset/index.js";
import { fixtureErrors, loadFixture, SPEC } from "./helpers.js";

const day = (iso: string): number => {
  const [y, m, d] = iso.split("-").map(Number);
  return daysFromCivil(y!, m!, d!);
};

async function good(): Promise<Dataset> {
  const r = await loadFixture("good");
  if (!r.ok) throw new Error(r.errors.map(formatDataError).join("\n"));
  return r.dataset;
}

const values = (c: Column | undefined): number[] => {
  if (!c) throw new Error("no such column");
  return Array.from("codes" in c ? c.codes : c.values);
};

describe("loadDatasetFolder: a good folder", () => {
  it("builds the entity tree under the root all (BOM and CRLF in entities.csv)", async () => {
    const { entities } = await good();
    expect(entities.list.map((e) => [e.id, e.kind, e.name, e.parent])).toEqual([
      ["all", "all", "Company", -1],
      ["east", "team", "华东", 0],
      ["west", "team", "West", 0],
      ["zhang", "rep", "张伟", 1],
      ["li", "rep", "Li, Na", 1],
      ["__proto__", "rep", "Proto", 2],
    ]);
    expect(Array.from(entities.order)).toEqual([0, 1, 3, 4, 2, 5]);
    expect(entities.list[3]!.start).toBe(day("2025-01-01"));
    expect(entities.list[4]!.end).toBe(day("2026-06-30"));
    expect([...entities.list[1]!.attrs]).toEqual([["region", "e"]]);
    expect(entities.list[3]!.attrs.size).toBe(0);
    expect([...entities.list[0]!.attrs]).toEqual([["region", "hq"]]);
    expect(entities.byId.get("__proto__")).toBe(5);
  });

  it("loads CSV columns by header name, with quoted multi-line cells and blank lines", async () => {
    const deals = (await good()).sources.get("deals")!;
    expect(deals.length).toBe(4);
    expect(Array.from(deals.by)).toEqual([3, 4, 5, 3]);
    expect(Array.from(deals.at)).toEqual(["2026-03-02", "2026-03-15", "2026-03-31", "2026-04-01"].map(day));
    expect(Array.from(deals.origin)).toEqual([2, 3, 6, 7]);
    expect(deals.fields.get("closed_on")).toMatchObject({ type: "date" });
    expect(values(deals.fields.get("closed_on"))).toEqual(Array.from(deals.at));
    expect(deals.fields.get("amount")).toMatchObject({ type: "money" });
    expect(values(deals.fields.get("amount"))).toEqual([120050, 100000, 5, -2000]);
    expect(deals.fields.get("status")).toMatchObject({ type: "enum", dict: ["open", "won", "lost"] });
    expect(values(deals.fields.get("status"))).toEqual([1, 2, 0, 1]);
    expect(deals.fields.get("customer")).toMatchObject({ type: "string", dict: ["acme", 'Beta "B"\nCo', "constructor"] });
    expect(values(deals.fields.get("customer"))).toEqual([0, 1, 2, 0]);
    expect(values(deals.fields.get("days_to_close"))).toEqual([12, NaN, 3, NaN]);
    expect(values(deals.fields.get("quoted"))).toEqual([1, 0, NO_BOOLEAN, 1]);
    expect(values(deals.fields.get("discount"))).toEqual([0.05, 0.1, NaN, NaN]);
    expect(deals.fields.get("rep")).toMatchObject({ type: "entity", kind: "rep" });
    expect(values(deals.fields.get("rep"))).toEqual([3, 4, 5, 3]);
  });

  it("loads NDJSON sources (BOM, blank lines) with their line numbers", async () => {
    const visits = (await good()).sources.get("visits")!;
    expect(visits).toMatchObject({ name: "visits", byKind: "rep", atField: "visited_on", length: 3 });
    expect(Array.from(visits.by)).toEqual([3, 4, 3]);
    expect(Array.from(visits.origin)).toEqual([1, 2, 4]);
    expect(visits.file.endsWith("visits.ndjson")).toBe(true);
  });

  it("loads inputs and targets in each metric's type", async () => {
    const d = await good();
    expect(d.inputs).toEqual([
      { entity: 3, metric: "satisfaction", period: "2026-03", value: 4.5, origin: 2 },
      { entity: 1, metric: "satisfaction", period: "2026-Q1", value: null, origin: 3 },
    ]);
    expect(d.targets).toEqual([
      { entity: 3, metric: "new_amount", period: "2026", base: 120000000, challenge: 144000000, origin: 2 },
      { entity: 0, metric: "renewal_rate", period: "2026-03", base: 0.85, challenge: null, origin: 3 },
    ]);
  });
});

const CYCLE_SPEC: DatasetSpec = { currencyDigits: 2, entityKinds: [{ name: "unit", parent: "unit" }], sources: [], metrics: new Map() };

const BAD: [string, string[]][] = [
  ["bad-date", [
    'deals.csv:3: field closed_on: "2026-02-30" is not a valid date; write dates as YYYY-MM-DD',
    'deals.csv:4: field closed_on: "03/02/2026" is not a valid date; write dates as YYYY-MM-DD',
  ]],
  ["bad-enum", ['deals.csv:3: field status: "wonn" is not one of "open", "won", "lost"']],
  ["money-decimals", [
    'deals.csv:3: field amount: "12.345" has 3 decimals; the currency allows 2',
    'deals.csv:5: field amount: "1.5e3" is not an amount',
  ]],
  ["unknown-entity", ['deals.csv:3: field rep: no entity has the id "wang"']],
  ["wrong-kind", ['deals.csv:3: field rep: "east" is a team, not a rep']],
  ["missing-required", [
    "deals.csv:2: field rep: missing; every deals record needs the id of the rep it is credited to",
    "deals.csv:3: field closed_on: missing; every deals record needs its closed_on date",
  ]],
  ["bad-values", [
    'deals.csv:2: field days_to_close: "1.5" is not a whole number',
    'deals.csv:2: field quoted: "maybe" is not a boolean (true, false, 1 or 0)',
    'deals.csv:2: field discount: "abc" is not a percent (write 85% or 0.85)',
    'deals.csv:3: field days_to_close: "x" is not a number',
    'deals.csv:3: field quoted: "yes" is not a boolean (true, false, 1 or 0)',
  ]],
  ["missing-column", ['deals.csv:1: field customer: missing column "customer"']],
  ["unknown-column", [
    'deals.csv:1: field amout: unknown column "amout" (did you mean amount?); the columns of deals are rep, amount, status, customer, days_to_close, quoted, discount, closed_on',
    'deals.csv:1: field rep: column "rep" appears twice',
    'deals.csv:1: field amount: missing column "amount"',
  ]],
  ["ragged-row", ["deals.csv:3: expected 8 cells (rep,closed_on,amount,status,customer,days_to_close,quoted,discount) but found 3"]],
  ["unclosed-quote", ["deals.csv:3: unclosed quote: the quoted cell that starts on this line never ends"]],
  ["stray-quote", ['deals.csv:3: field customer: a quote inside an unquoted cell; quote the whole cell and double the quotes inside it ("a ""b"" c")']],
  ["missing-source", ["visits.csv: file not found; source visits needs visits.csv or visits.ndjson (a source without records: a CSV file with just the header)"]],
  ["both-forms", ["visits.csv: both visits.csv and visits.ndjson exist; keep one"]],
  ["bad-ndjson", [
    "visits.ndjson:2: not valid JSON: Expected double-quoted property name at column 16",
    'visits.ndjson:3: field visted: unknown field "visted"; the fields of visits are rep, visited_on',
    "visits.ndjson:4: expected a JSON object with the fields of visits",
    'visits.ndjson:5: field visited_on: 20260301 is not a date; write dates as "YYYY-MM-DD" strings',
  ]],
  ["duplicate-entity", ['entities.csv:5: field id: duplicate id "zhang" (first at line 3)']],
  ["unknown-kind", ['entities.csv:5: field kind: unknown entity kind "reps"; did you mean rep? (the template declares team, rep)']],
  ["entity-parents", [
    'entities.csv:5: field parent: no entity has the id "eest"; did you mean east?',
    'entities.csv:6: field parent: "zhang" is a rep; the parent of a rep must be a team',
    "entities.csv:7: field parent: missing; a rep belongs to a team",
    "entities.csv:8: field parent: a team has no parent kind in the template; leave parent empty (or write all)",
  ]],
  ["entity-dates", [
    'entities.csv:5: field start: "2026-01-32" is not a valid date; write dates as YYYY-MM-DD',
    "entities.csv:6: field end: the entity ends (2026-01-31) before it starts (2026-02-01)",
  ]],
  ["reserved-root", [
    'entities.csv:2: field kind: the id "all" and the kind all are reserved for the root entity',
    'entities.csv:3: field id: the id "all" and the kind all are reserved for the root entity',
  ]],
  ["bad-metric-rows", [
    "inputs.csv:3: a second value for zhang, satisfaction, 2026-03 (the first is at line 2)",
    "inputs.csv:4: field metric: new_amount is computed by its formula; only metrics declared `= input` take values from inputs",
    'inputs.csv:5: field metric: unknown metric "satisfation"; did you mean satisfaction?',
    'inputs.csv:6: field entity: no entity has the id "wang"',
    'inputs.csv:6: field period: "2026-13" is not a period (write 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15)',
    'targets.csv:2: field base: "1200.001" has 3 decimals; the currency allows 2',
    "targets.csv:3: a target row needs a base or a challenge",
    'targets.csv:4: field base: "abc" is not a percent (write 85% or 0.85)',
  ]],
  ["bad-metric-header", [
    'inputs.csv:1: field val: unknown column "val"; the columns are entity, metric, period, value',
    'inputs.csv:1: field value: missing column "value"',
    'targets.csv:1: field base: missing column "base" (or "challenge")',
  ]],
];

describe("loadDatasetFolder: bad data", () => {
  it.each(BAD)("%s", async (name, expected) => {
    expect(await fixtureErrors(name)).toEqual(expected);
  });

  it("reports a cycle of parents once, at its first entity", async () => {
    expect(await fixtureErrors("cycle", CYCLE_SPEC)).toEqual(["entities.csv:3: field parent: cycle of parents: a → b → c → a"]);
  });

  it("keeps the first 100 errors and counts the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-dataset-"));
    writeFileSync(join(dir, "entities.csv"), "id,kind,name,parent,start,end\neast,team,East,,,\nzhang,rep,Zhang,east,,\n");
    writeFileSync(join(dir, "visits.csv"), "rep,visited_on\n");
    let deals = "rep,closed_on,amount,status,customer,days_to_close,quoted,discount\n";
    for (let i = 0; i < 105; i++) deals += `zhang,2026-03-0${1 + (i % 9)},1.001,won,acme,1,true,\n`;
    writeFileSync(join(dir, "deals.csv"), deals);
    const r = await loadDatasetFolder(dir, SPEC);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(101);
    expect(formatDataError(r.errors[99]!)).toBe(`${join(dir, "deals.csv")}:101: field amount: "1.001" has 3 decimals; the currency allows 2`);
    expect(formatDataError(r.errors[100]!)).toBe(`${dir}: and 5 more errors (only the first 100 are listed)`);
  });

  it("loads a source file with only its header as zero records", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-dataset-"));
    writeFileSync(join(dir, "entities.csv"), "id,kind\neast,team\n");
    writeFileSync(join(dir, "deals.csv"), "rep,closed_on,amount,status,customer,days_to_close,quoted,discount\n");
    writeFileSync(join(dir, "visits.ndjson"), "");
    const r = await loadDatasetFolder(dir, SPEC);
    expect(r.ok && [r.dataset.sources.get("deals")!.length, r.dataset.sources.get("visits")!.length]).toEqual([0, 0]);
  });

  it("names a missing folder, a missing entities.csv and an empty CSV file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-dataset-"));
    const missing = join(dir, "nope");
    expect(await loadDatasetFolder(missing, SPEC)).toEqual({ ok: false, errors: [{ file: missing, message: "no such folder" }], total: 1 });
    const r = await loadDatasetFolder(dir, SPEC);
    expect(!r.ok && r.errors.map(formatDataError)).toEqual([
      `${join(dir, "entities.csv")}: file not found; a dataset folder needs entities.csv (id,kind,name,parent,start,end)`,
    ]);
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "empty", "entities.csv"), "\n\n");
    const e = await loadDatasetFolder(join(dir, "empty"), SPEC);
    expect(!e.ok && e.errors.map(formatDataError)).toEqual([`${join(dir, "empty", "entities.csv")}:1: the file is empty; its first line must be the header`]);
  });
});
