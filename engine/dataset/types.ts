/**
 * The shapes of dataset loading: the `DatasetSpec` that says what a template
 * declares (entity kinds, sources and their typed fields, metrics), and the
 * one in-memory `Dataset` every dataset form (a JSON file, a folder of CSV and
 * NDJSON files) is loaded into. Records are stored column by column in typed
 * arrays so that the evaluator's aggregation passes scan memory linearly and
 * 3 million records cost tens of megabytes, not gigabytes of objects.
 * Sits between the dataset files and `plan + dataset + period ─evaluate─▶ results`.
 * @module
 */

/**
 * The value types a source field can have; any other type name is an entity kind.
 * @example
 * const t: ScalarFieldType = "money";
 */
export type ScalarFieldType = "money" | "integer" | "number" | "percent" | "string" | "date" | "boolean" | "enum";

/**
 * The value types of a metric whose values or targets the dataset may give.
 * @example
 * const t: MetricValueType = "percent";
 */
export type MetricValueType = "money" | "integer" | "number" | "percent";

/**
 * A field as the template declares it: `amount: money`, `status: "won" | "lost"`
 * (`type: "enum"` with `values`), `owner: rep` (the name of an entity kind).
 * @example
 * const f: DatasetFieldSpec = { name: "status", type: "enum", values: ["open", "won", "lost"] };
 */
export interface DatasetFieldSpec {
  name: string;
  type: string;
  values?: readonly string[];
}

/**
 * A source as the template declares it. `by` is an entity kind: the column of
 * that name holds the id of the entity each record is credited to. `at` names
 * the date field that places each record in a period.
 * @example
 * const s: DatasetSourceSpec = { name: "visits", by: "rep", at: "visited_on", fields: [{ name: "visited_on", type: "date" }] };
 */
export interface DatasetSourceSpec {
  name: string;
  by: string;
  at: string;
  fields: readonly DatasetFieldSpec[];
}

/**
 * An entity kind and the kind it rolls up into (`entity rep in team`).
 * @example
 * const k: DatasetEntityKindSpec = { name: "rep", parent: "team" };
 */
export interface DatasetEntityKindSpec {
  name: string;
  parent?: string;
}

/**
 * A metric the dataset may mention in `inputs` (only when `input` is true: `= input`) or `targets`.
 * @example
 * const m: DatasetMetricSpec = { type: "money", input: false };
 */
export interface DatasetMetricSpec {
  type: MetricValueType;
  input: boolean;
}

/**
 * Everything the loader needs to know about a template, built from a checked
 * template (or by hand in tests). Kept this small so that the loader does not
 * depend on the checker.
 * @example
 * const spec: DatasetSpec = {
 *   currencyDigits: 2,
 *   entityKinds: [{ name: "team" }, { name: "rep", parent: "team" }],
 *   sources: [{ name: "visits", by: "rep", at: "visited_on", fields: [{ name: "visited_on", type: "date" }] }],
 *   metrics: new Map([["satisfaction", { type: "number", input: true }]]),
 * };
 */
export interface DatasetSpec {
  /** Minor-unit digits of the template's currency (2 for CNY, 0 for JPY). */
  currencyDigits: number;
  /** The template's currency code; mappings need it to tell foreign amounts (`$5` in a CNY template) from home ones. */
  currency?: string;
  entityKinds: readonly DatasetEntityKindSpec[];
  sources: readonly DatasetSourceSpec[];
  metrics: ReadonlyMap<string, DatasetMetricSpec>;
}

/**
 * Marks a missing date in an `Int32Array` of epoch days (no real date is this far back).
 * @example
 * if (at[i] !== NO_DATE) count++;
 */
export const NO_DATE = -2147483648;
/**
 * Marks a missing value in a `Uint8Array` boolean column (0 is false, 1 is true).
 * @example
 * const known = values[i] !== NO_BOOLEAN;
 */
export const NO_BOOLEAN = 2;
/**
 * Marks a missing string, enum or entity in an `Int32Array` of codes or entity indexes.
 * @example
 * const status = codes[i] === NO_CODE ? null : dict[codes[i]!];
 */
export const NO_CODE = -1;

/**
 * One column of a source, by field type. Missing values: `NaN` in `Float64Array`s,
 * `NO_CODE` in codes and entity indexes, `NO_DATE` in dates, `NO_BOOLEAN` in booleans.
 * Money is integer minor units (exact while below 2^53). Enum codes index the
 * declared `values`; string codes index `dict` in order of first appearance.
 * @example
 * function sumMoney(c: Column): number {
 *   if (c.type !== "money") return NaN;
 *   let s = 0; for (const v of c.values) if (v === v) s += v; return s;
 * }
 */
export type Column =
  | { type: "money" | "integer" | "number" | "percent"; values: Float64Array }
  | { type: "string"; codes: Int32Array; dict: readonly string[] }
  | { type: "enum"; codes: Int32Array; dict: readonly string[] }
  | { type: "boolean"; values: Uint8Array }
  | { type: "date"; values: Int32Array }
  | { type: "entity"; kind: string; values: Int32Array };

/**
 * The records of one source, as parallel columns of `length` entries, in
 * date order: sorted by `at`, the records of one day in file order
 * (`date-order.ts`; the passes rely on it).
 * @example
 * const firstRep = data.entities.list[source.by[0]!]!.id;
 */
export interface SourceData {
  name: string;
  /** The entity kind records are credited to. */
  byKind: string;
  /** The date field that places records in periods. */
  atField: string;
  length: number;
  /** Index into `Dataset.entities.list` of the entity each record is credited to. */
  by: Int32Array;
  /** The `at` date as days since 1970-01-01 UTC (the same array as the `at` field's column). */
  at: Int32Array;
  /** Where each record came from: its line (CSV, NDJSON) or its index in the JSON `records` array. */
  origin: Int32Array;
  /** The file the records came from, for explanations. */
  file: string;
  /** Every declared field, including the `at` field. */
  fields: ReadonlyMap<string, Column>;
}

/**
 * One entity of the tree. Dates are epoch days or null when open.
 * Attribute values keep their text so that `split by attr` can read them as exact decimals.
 * @example
 * const e: Entity = { index: 1, id: "east", kind: "team", name: "华东", parent: 0, start: null, end: null, attrs: new Map() };
 */
export interface Entity {
  index: number;
  id: string;
  kind: string;
  name: string;
  /** Index of the parent entity; -1 only for the root `all`. */
  parent: number;
  start: number | null;
  end: number | null;
  attrs: ReadonlyMap<string, string>;
}

/**
 * The validated entity tree. `list[0]` is always the root `all` of kind `all`;
 * every entity without a parent hangs under it.
 * @example
 * for (const i of data.entities.order) visit(data.entities.list[i]!); // parents before children
 */
export interface EntityTree {
  list: readonly Entity[];
  byId: ReadonlyMap<string, number>;
  /** Every entity's `start` and `end` as epoch days, NaN when open: for loops over thousands of entities. */
  starts: Float64Array;
  ends: Float64Array;
  /** Every entity's `parent` (−1 for the root), for the same loops. */
  parents: Int32Array;
  /** Entity indexes in pre-order: every parent before its children, siblings in file order. */
  order: Int32Array;
}

/**
 * A value of an `= input` metric for one entity and period. Money is in minor units; null is an explicit missing value.
 * @example
 * const v: InputValue = { entity: 3, metric: "satisfaction", period: "2026-03", value: 4.5, origin: 2 };
 */
export interface InputValue {
  entity: number;
  metric: string;
  period: string;
  value: number | null;
  /** Line (CSV) or index (JSON) of the row. */
  origin: number;
}

/**
 * A target from the dataset for one entity, metric and period; it overrides the template's.
 * @example
 * const t: TargetValue = { entity: 3, metric: "new_amount", period: "2026", base: 120000000, challenge: null, origin: 2 };
 */
export interface TargetValue {
  entity: number;
  metric: string;
  period: string;
  base: number | null;
  challenge: number | null;
  origin: number;
}

/**
 * A loaded, validated dataset.
 * @example
 * const deals = dataset.sources.get("deals")!; console.log(deals.length);
 */
export interface Dataset {
  currencyDigits: number;
  entities: EntityTree;
  sources: ReadonlyMap<string, SourceData>;
  inputs: readonly InputValue[];
  targets: readonly TargetValue[];
}
