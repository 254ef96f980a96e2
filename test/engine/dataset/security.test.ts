import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDataError, loadDatasetFolder, loadDatasetJson, type DatasetSpec } from "../../../engine/dataset/index.js";

/** A template whose own names are prototype keys: `entity constructor`, `source __proto__ by constructor at toString`. */
const SPEC: DatasetSpec = {
  currencyDigits: 2,
  entityKinds: [{ name: "constructor" }],
  sources: [{ name: "__proto__", by: "constructor", at: "toString", fields: [{ name: "toString", type: "date" }, { name: "hasOwnProperty", type: "string" }, { name: "__proto__", type: "string" }] }],
  metrics: new Map([["valueOf", { type: "number", input: true }]]),
};

const polluted = (): unknown => (Object.prototype as Record<string, unknown>)["polluted"];

describe("prototype keys are plain data", () => {
  it("in the JSON form: ids, attributes, source and field names, metric names", () => {
    const doc = `{
      "entities": [{ "id": "__proto__", "kind": "constructor", "attrs": { "__proto__": "1", "polluted": "yes" } },
                   { "id": "toString", "kind": "constructor" }],
      "records": { "__proto__": [{ "constructor": "__proto__", "toString": "2026-03-01", "hasOwnProperty": "constructor", "__proto__": "p" }] },
      "inputs": [{ "entity": "toString", "metric": "valueOf", "period": "2026-03", "value": 1 }]
    }`;
    const r = loadDatasetJson(doc, SPEC, "data.json");
    if (!r.ok) throw new Error(r.errors.map(formatDataError).join("\n"));
    const src = r.dataset.sources.get("__proto__")!;
    expect(src.length).toBe(1);
    expect(r.dataset.entities.list[src.by[0]!]!.id).toBe("__proto__");
    expect(src.fields.get("hasOwnProperty")).toMatchObject({ dict: ["constructor"] });
    expect(src.fields.get("__proto__")).toMatchObject({ type: "string", dict: ["p"] });
    expect([...r.dataset.entities.list[1]!.attrs]).toEqual([["__proto__", "1"], ["polluted", "yes"]]);
    expect(r.dataset.inputs).toEqual([{ entity: 2, metric: "valueOf", period: "2026-03", value: 1, origin: 0 }]);
    expect(polluted()).toBeUndefined();
  });

  it("rejects prototype keys that the template does not declare", () => {
    // Written as text: in a JS object literal `"__proto__": …` would set the prototype instead of a key.
    const doc = '{"entities":[{"id":"a","kind":"constructor"}],"records":{"__proto__":[{"constructor":"a","toString":"2026-03-01","__proto__":{"polluted":1}}]}}';
    const r = loadDatasetJson(doc, SPEC, "data.json");
    expect(!r.ok && r.errors.map(formatDataError)).toEqual(['data.json: /records/__proto__/0/__proto__: must be a string, a number, a boolean or null']);
    const unknown = loadDatasetJson('{"entities":[{"id":"hasOwnProperty","kind":"toString"}],"records":{"__proto__":[]}}', SPEC, "d.json");
    expect(!unknown.ok && unknown.errors.map(formatDataError)).toEqual([
      'd.json: /entities/0/kind: unknown entity kind "toString" (the template declares constructor)',
    ]);
    expect(polluted()).toBeUndefined();
  });

  it("in the folder form: file, column and id names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpi-proto-"));
    writeFileSync(join(dir, "entities.csv"), "id,kind,__proto__\n__proto__,constructor,x\nvalueOf,constructor,\n");
    writeFileSync(join(dir, "__proto__.csv"), "hasOwnProperty,toString,constructor,__proto__\nconstructor,2026-03-01,valueOf,x\n,2026-03-02,__proto__,\n");
    const r = await loadDatasetFolder(dir, SPEC);
    if (!r.ok) throw new Error(r.errors.map(formatDataError).join("\n"));
    const src = r.dataset.sources.get("__proto__")!;
    expect(Array.from(src.by)).toEqual([2, 1]);
    expect([...r.dataset.entities.list[1]!.attrs]).toEqual([["__proto__", "x"]]);
    expect(src.fields.get("__proto__")).toMatchObject({ dict: ["x"] });
    writeFileSync(join(dir, "__proto__.csv"), "constructor,toString,__proto__,valueOf,\n");
    const bad = await loadDatasetFolder(dir, SPEC);
    expect(!bad.ok && bad.errors.map((e) => formatDataError({ ...e, file: "f.csv" }))).toEqual([
      'f.csv:1: field valueOf: unknown column "valueOf"; the columns of __proto__ are constructor, toString, hasOwnProperty, __proto__',
      "f.csv:1: column 5 of the header has no name",
      'f.csv:1: field hasOwnProperty: missing column "hasOwnProperty"',
    ]);
    expect(polluted()).toBeUndefined();
  });
});
