/**
 * Loads the JSON form of a dataset (schemas/dataset.schema.json): parse,
 * validate the shape with ajv (errors as JSON pointers such as
 * `/records/deals/17/amount`), then check and convert the data against the
 * template exactly as the folder form does. JSON's own keys (`__proto__`
 * included) are read as plain data: JSON.parse makes them own properties and
 * everything here reads own keys into Maps.
 * @module
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import datasetSchema from "../../schemas/dataset.schema.json" with { type: "json" };
import { ajvPackages } from "../../schemas/ajv-load.js";
import type { Dataset as DatasetDocument, DatasetEntity } from "../../schemas/generated/dataset.js";
import { buildEntityTree, type EntityRow } from "./entities.js";
import { ErrorList, jsonSyntaxError, type DataError, type DataWarning, type LoadResult } from "./errors.js";
import { MetricRowsBuilder } from "./metric-rows.js";
import { SourceBuilder } from "./source-builder.js";
import type { DatasetSpec, SourceData } from "./types.js";

let validator: ValidateFunction<DatasetDocument> | undefined;

/** The schema validator, compiled on first use (folder loads never need it). */
function validateDocument(doc: unknown): doc is DatasetDocument {
  if (!validator) {
    // The schemas are draft 2020-12; `verbose` gives errors their schema, for friendlier messages.
    const { Ajv2020, addFormats } = ajvPackages();
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv, ["date"]);
    validator = ajv.compile<DatasetDocument>(datasetSchema);
  }
  return validator(doc);
}

const title = (e: ErrorObject): string | undefined => (e.parentSchema as { title?: string } | undefined)?.title;

function schemaMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `missing property ${JSON.stringify(p["missingProperty"])}`;
    case "additionalProperties":
      return `unknown property ${JSON.stringify(p["additionalProperty"])}`;
    case "type": {
      const names = String(p["type"]).split(",").map((t) => (t === "null" ? "null" : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
      return `must be ${names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0]}`;
    }
    case "anyOf":
      // The only anyOf in the schema is `IsoDate | null`.
      return JSON.stringify(e.schema).includes("IsoDate") ? "must be a date written YYYY-MM-DD, or null" : "is not valid";
    default:
      if (title(e) === "IsoDate") return "must be a date written YYYY-MM-DD";
      if (title(e) === "PeriodName") return "must be a period: 2026, 2026-Q1, 2026-03, 2026-W05 or 2026-03-15";
      return e.message ?? "is not valid";
  }
}

/** One error per failing value: an `anyOf` failure stands for its branches' errors at the same path. */
function schemaErrors(file: string, errs: readonly ErrorObject[], out: ErrorList): void {
  const anyOfAt = new Set(errs.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  for (const e of errs) {
    if (anyOfAt.has(e.instancePath) && e.keyword !== "anyOf") continue;
    const m = /^\/(?:entities|inputs|targets|records\/[^/]+)\/(\d+)/.exec(e.instancePath);
    const d: DataError = { file, path: e.instancePath, message: schemaMessage(e) };
    if (m) d.record = Number(m[1]);
    out.add(d);
  }
}

const text = (v: string | number | null | undefined): string => (v === undefined || v === null ? "" : String(v));

function entityRow(e: DatasetEntity, index: number): EntityRow {
  const attrs = new Map<string, string>();
  if (e.attrs) for (const k of Object.keys(e.attrs)) attrs.set(k, text(e.attrs[k]));
  return {
    id: e.id,
    kind: e.kind,
    name: text(e.name),
    parent: text(e.parent),
    start: text(e.start),
    end: text(e.end),
    attrs,
    where: { index, path: ["entities", index] },
  };
}

/**
 * Loads a JSON dataset. `file` names it in errors.
 * @example
 * const r = loadDatasetJson(readFileSync("data.json", "utf8"), spec, "data.json");
 * if (!r.ok) console.error(r.errors.map(formatDataError).join("\n"));
 * // data.json: /records/deals/17/amount: "12.345" has 3 decimals; the currency allows 2
 */
export function loadDatasetJson(json: string, spec: DatasetSpec, file: string): LoadResult {
  const errors = new ErrorList();
  const fail = (): LoadResult => errors.failure(file);
  let doc: unknown;
  try {
    doc = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (err) {
    const { line, message } = jsonSyntaxError(json, (err as Error).message);
    const e: DataError = { file, message };
    if (line !== undefined) e.line = line;
    errors.add(e);
    return fail();
  }
  if (!validateDocument(doc)) {
    schemaErrors(file, validator?.errors ?? [], errors);
    return fail();
  }
  const entities = buildEntityTree(doc.entities.map(entityRow), spec.entityKinds, file, errors);
  if (!entities) return fail();

  const ctx = { digits: spec.currencyDigits, entities };
  const kinds = new Set(spec.entityKinds.map((k) => k.name));
  const sources = new Map<string, SourceData>();
  const warnings: DataWarning[] = [];
  const records = new Map(Object.entries(doc.records));
  for (const s of spec.sources) {
    const rows = records.get(s.name);
    if (rows === undefined) {
      errors.add({ file, path: "/records", message: `no records for source ${s.name}; give an empty array when it has none` });
      continue;
    }
    const b = new SourceBuilder(s, ctx, kinds, errors, file);
    rows.forEach((rec, index) => b.addJsonRecord(rec, { index, path: ["records", s.name, index] }));
    // JSON records are counted by index: the warning's lines are record indexes under /records/SOURCE.
    for (const w of b.missingWarnings()) warnings.push({ ...w, file: `${file} /records/${s.name}` });
    sources.set(s.name, b.finish());
  }
  const inputs = new MetricRowsBuilder("inputs", spec, entities, file, errors);
  (doc.inputs ?? []).forEach((row, index) => inputs.add(row, { index, path: ["inputs", index] }));
  const targets = new MetricRowsBuilder("targets", spec, entities, file, errors);
  (doc.targets ?? []).forEach((row, index) => targets.add(row, { index, path: ["targets", index] }));
  if (errors.count > 0) return fail();
  return { ok: true, dataset: { currencyDigits: spec.currencyDigits, entities, sources, inputs: inputs.inputs, targets: targets.targets }, warnings };
}
