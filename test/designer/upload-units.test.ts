/**
 * The upload step's controller (designer/controllers/upload.ts) in Node:
 * the mapping edits the column-by-column form makes, on Salesforce's
 * proposal for test/fixtures/import/usd.kpi.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Mapping, PreviewFile } from "../../client/index.js";
import { parseTemplate } from "../../dsl/parse.js";
import {
  assignFile, canonical, levelsOf, numberFormOf, rolesOfFile, setLevel, setNumberForm, columnSamples, defaultName, fieldOfHeader, fieldsOf, filesProblem, formatOf, roleKey, roleOfFile, roleOfKey, setColumn, setFormat, setValue, toBase64, valueRows,
} from "../../designer/controllers/upload.js";

const USD = readFileSync(fileURLToPath(new URL("../fixtures/import/usd.kpi", import.meta.url)), "utf8");
const decls = parseTemplate(USD).model.declarations;
const DEALS = { kind: "source", source: "deals" } as const;
const PROPOSAL: Mapping = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/import/salesforce/mapping.json", import.meta.url)), "utf8")) as Mapping;

describe("the upload step's mapping edits", () => {
  it("knows each file's part, and moves a file to another part keeping what was set for that part", () => {
    expect(roleOfFile(PROPOSAL, "Opportunities.csv")).toEqual(DEALS);
    expect(roleOfFile(PROPOSAL, "users.csv")).toEqual({ kind: "entities" });
    expect(roleOfFile(PROPOSAL, "notes.csv")).toEqual({ kind: "none" });
    expect(roleOfKey(roleKey(DEALS))).toEqual(DEALS);
    const moved = assignFile(PROPOSAL, "Opportunities.csv", { kind: "targets" });
    expect(moved.targets?.file).toBe("Opportunities.csv");
    // The deals part no longer reads a file, but keeps its columns for when it is given one again.
    expect(moved.sources?.["deals"]?.file).toBeUndefined();
    expect(moved.sources?.["deals"]?.columns?.["amount"]).toBe("Amount");
    expect(assignFile(moved, "Opportunities.csv", DEALS).sources?.["deals"]?.file).toBe("Opportunities.csv");
    // The proposal itself is not changed.
    expect(PROPOSAL.sources?.["deals"]?.file).toBe("Opportunities.csv");
  });

  it("sees every part one file plays (a sheet with the hierarchy as columns and the deals), and moves only the part asked", () => {
    const sheet = { entities: { file: "deals.xlsx", sheet: "Deals", levels: [{ kind: "rep", column: "Owner" }, { kind: "team", column: "Team" }] }, sources: { deals: { file: "deals.xlsx", sheet: "Deals" } } } as Mapping;
    expect(rolesOfFile(sheet, "deals.xlsx")).toEqual([{ kind: "entities" }, DEALS]);
    expect(levelsOf(sheet)).toEqual([{ kind: "rep", column: "Owner" }, { kind: "team", column: "Team" }]);
    expect(levelsOf(setLevel(sheet, "team", "Region"))).toEqual([{ kind: "rep", column: "Owner" }, { kind: "team", column: "Region" }]);
    // The deals part stops reading the sheet; the hierarchy still does.
    const m = assignFile(sheet, "deals.xlsx", { kind: "none" }, DEALS);
    expect(rolesOfFile(m, "deals.xlsx")).toEqual([{ kind: "entities" }]);
    expect(m.sources?.["deals"]).toEqual({ sheet: "Deals" });
    expect(rolesOfFile(m, "other.csv")).toEqual([{ kind: "none" }]);
  });

  it("offers the source's fields (its `by` entity first), the entity columns with the declared kinds, and the target columns", () => {
    expect(fieldsOf(DEALS, decls).map((f) => f.name)).toEqual(["rep", "amount", "status", "closed_on"]);
    expect(fieldsOf(DEALS, decls).find((f) => f.name === "status")?.values).toEqual(["open", "won", "lost"]);
    const kind = fieldsOf({ kind: "entities" }, decls).find((f) => f.name === "kind");
    expect(kind?.values).toEqual(["rep", "team"]);
    expect(fieldsOf({ kind: "targets" }, decls).map((f) => f.name)).toEqual(["entity", "metric", "period", "value", "base", "challenge"]);
    expect(fieldsOf({ kind: "source", source: "nope" }, decls)).toEqual([]);
  });

  it("reads a field from one column: choosing it for another lets the first go; (not read) removes it", () => {
    expect(fieldOfHeader(PROPOSAL, DEALS, "Amount")).toBe("amount");
    const m = setColumn(PROPOSAL, DEALS, "Opportunity Name", "amount");
    expect(fieldOfHeader(m, DEALS, "Opportunity Name")).toBe("amount");
    expect(fieldOfHeader(m, DEALS, "Amount")).toBeUndefined();
    const none = setColumn(m, DEALS, "Opportunity Name", "");
    expect(none.sources?.["deals"]?.columns).toEqual({ rep: "Opportunity Owner", status: "Stage", closed_on: "Close Date" });
    // Undone, the mapping is the one checked: the form asks for no new check.
    expect(canonical(setColumn(none, DEALS, "Amount", "amount"))).toBe(canonical(PROPOSAL));
  });

  it("states or removes a date pattern, and shows a number form by its separators", () => {
    expect(formatOf(PROPOSAL, DEALS, "closed_on")).toBe("M/D/YYYY");
    const m = setFormat(PROPOSAL, DEALS, "closed_on", " D/M/YYYY ");
    expect(m.sources?.["deals"]?.formats?.["closed_on"]).toBe("D/M/YYYY");
    expect(setFormat(m, DEALS, "closed_on", "").sources?.["deals"]?.formats).toEqual({});
    const eu = { sources: { deals: { formats: { amount: { decimal: ",", group: "." } } } } } as Mapping;
    expect(formatOf(eu, DEALS, "amount")).toBe('decimal ",", group "."');
  });

  it("states a number form by how 1234.56 looks in it, and removes it to let the loader detect it", () => {
    expect(numberFormOf(PROPOSAL, DEALS, "amount")).toBe("");
    const eu = setNumberForm(PROPOSAL, DEALS, "amount", "1.234,56");
    expect(eu.sources?.["deals"]?.formats?.["amount"]).toEqual({ decimal: ",", group: "." });
    expect(numberFormOf(eu, DEALS, "amount")).toBe("1.234,56");
    expect(numberFormOf(setNumberForm(eu, DEALS, "amount", "1 234,56"), DEALS, "amount")).toBe("1 234,56");
    // The date pattern beside it is kept.
    expect(eu.sources?.["deals"]?.formats?.["closed_on"]).toBe("M/D/YYYY");
    expect(setNumberForm(eu, DEALS, "amount", "").sources?.["deals"]?.formats).toEqual({ closed_on: "M/D/YYYY" });
  });

  it("lists an enum's value map with the values seen that it does not name yet, the catch-all last", () => {
    const seen = ["Closed Won", "closed won ", "Prospecting", ""];
    expect(valueRows(PROPOSAL, DEALS, "status", seen)).toEqual([
      { from: "Closed Won", to: "won" },
      { from: "Closed Lost", to: "lost" },
      { from: "Prospecting", to: "" },
      { from: "*", to: "open" },
    ]);
    const m = setValue(PROPOSAL, DEALS, "status", "Prospecting", "open");
    expect(m.sources?.["deals"]?.values?.["status"]?.["Prospecting"]).toBe("open");
    expect(Object.keys(setValue(m, DEALS, "status", "*", "").sources?.["deals"]?.values?.["status"] ?? {})).toEqual(["Closed Won", "Closed Lost", "Prospecting"]);
  });

  it("takes the distinct non-empty cells of a column from the first rows", () => {
    const f: PreviewFile = { file: "a.csv", header: ["Stage", "Amount"], rows: [["Won", "1"], ["", "2"], ["Won", "3"]], columns: [] };
    expect(columnSamples(f, "Stage")).toEqual(["Won"]);
    expect(columnSamples(f, "Missing")).toEqual([]);
  });

  it("refuses file names the server would, and too many files, before anything is read", () => {
    expect(filesProblem(["users.csv", "Book1.XLSX", "a.ndjson"])).toBeUndefined();
    expect(filesProblem(["notes.pdf"])).toEqual({ key: "badFileName", name: "notes.pdf" });
    expect(filesProblem(Array.from({ length: 21 }, (_, i) => `f${i}.csv`))).toEqual({ key: "tooManyFiles", n: 20 });
    expect(defaultName(["Opportunities.csv"])).toBe("Opportunities");
  });

  it("sends bytes as base64, in chunks that a large file does not overflow", () => {
    expect(toBase64(new TextEncoder().encode("a,b"))).toBe("YSxi");
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(Buffer.from(toBase64(big), "base64").equals(Buffer.from(big))).toBe(true);
    // GBK bytes are sent as they are: the server detects the encoding.
    expect(toBase64(new Uint8Array([0xc8, 0xcb]))).toBe("yMs=");
  });

  it("compares mappings whatever the order of their keys", () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});
